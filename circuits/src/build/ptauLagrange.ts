import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { curves } from "snarkjs";

/*
 * Phase-2 preparation of a Powers of Tau whose secrets are known: the dev ptau's only contribution is a PUBLIC beacon
 * (DEV_BEACON), so its tau, alpha and beta can be derived by anyone, exactly as snarkjs derives them.
 *
 * snarkjs's preparePhase2 turns each section of powers [x^i]G into its Lagrange form with an inverse FFT over the
 * group: (n/2)·log2(n) scalar multiplications per domain. Knowing tau, the same points are L_j(tau)·G, one scalar
 * multiplication each, with L_j(tau) = (tau^n − 1) / (n·(tau·ω^−j − 1)) computed in the scalar field. At 2^15 that is
 * minutes instead of tens of minutes, and it makes the 2^16–2^20 dev ptaus that large circuits and audits need
 * practical on a 2-core machine. The output is byte for byte the file snarkjs writes (test/ceremony/devPtau.test.ts),
 * so every committed dev key still verifies against it.
 */

// snarkjs ships no types; the parts of its internals used here.
type Fr = Uint8Array;
type Field = {
  one: Fr;
  w: Fr[];
  e(v: number | bigint): Fr;
  add(a: Fr, b: Fr): Fr;
  sub(a: Fr, b: Fr): Fr;
  mul(a: Fr, b: Fr): Fr;
  inv(a: Fr): Fr;
  exp(a: Fr, e: number | bigint): Fr;
  batchInverse(buff: Uint8Array): Promise<Uint8Array>;
  n8: number;
};
type Group = {
  g: Uint8Array;
  F: { n8: number };
  toAffine(p: Uint8Array): Uint8Array;
  timesFr(p: Uint8Array, s: Fr): Uint8Array;
  eq(a: Uint8Array, b: Uint8Array): boolean;
};
type ThreadTask = Record<string, unknown>[];
type Curve = {
  Fr: Field;
  G1: Group;
  G2: Group;
  tm: { concurrency: number; queueAction(task: ThreadTask): Promise<Uint8Array[]> };
};
type Key = { tau: { prvKey: Fr }; alpha: { prvKey: Fr }; beta: { prvKey: Fr } };
type BinFile = {
  pos: number;
  write(buff: Uint8Array): Promise<void>;
  close(): Promise<void>;
};
type Sections = unknown;
type SnarkjsInternals = {
  ptauUtils: {
    readPTauHeader(fd: BinFile, sections: Sections): Promise<{ curve: Curve; power: number; ceremonyPower: number }>;
    writePTauHeader(fd: BinFile, curve: Curve, power: number): Promise<void>;
    calculateFirstChallengeHash(curve: Curve, power: number): Uint8Array | Promise<Uint8Array>;
    keyFromBeacon(curve: Curve, challenge: Uint8Array, beaconHash: Uint8Array, iterationsExp: number): Promise<Key>;
    readContributions(fd: BinFile, curve: Curve, sections: Sections): Promise<unknown[]>;
  };
  binFileUtils: {
    readBinFile(file: string, type: string, maxVersion: number): Promise<{ fd: BinFile; sections: Sections }>;
    createBinFile(file: string, type: string, version: number, nSections: number): Promise<BinFile>;
    copySection(from: BinFile, sections: Sections, to: BinFile, id: number): Promise<void>;
    startWriteSection(fd: BinFile, id: number): Promise<void>;
    readSection(fd: BinFile, sections: Sections, id: number, offset: number, length: number): Promise<Uint8Array>;
    endWriteSection(fd: BinFile): Promise<void>;
  };
};

/** Points per worker task: large enough to amortise the message, small enough to keep both cores busy. */
const POINTS_PER_TASK = 4096;

let internals: Promise<SnarkjsInternals> | undefined;

/** snarkjs's own beacon-key derivation and ptau file helpers, loaded from the pinned snarkjs package's sources. */
function snarkjsInternals(): Promise<SnarkjsInternals> {
  internals ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = dirname(dirname(require.resolve("snarkjs"))); // .../snarkjs/build/main.cjs → .../snarkjs
    const load = (file: string) => import(pathToFileURL(join(root, "src", file)).href);
    const ptauUtils = await load("powersoftau_utils.js");
    // binfileutils resolved from snarkjs's own package, the version its ptau code was written against
    const fromSnarkjs = createRequire(join(root, "package.json"));
    const binFileUtils = await import(pathToFileURL(fromSnarkjs.resolve("@iden3/binfileutils")).href);
    return { ptauUtils, binFileUtils } as SnarkjsInternals;
  })();
  return internals;
}

/**
 * The tau, alpha and beta a snarkjs beacon contribution applies to a fresh accumulator of `power`, from the beacon's
 * public parameters: what `powersOfTau.beacon` computes before it applies them.
 */
export async function beaconKeyOfFreshAccumulator(
  power: number,
  beaconHex: string,
  iterationsExp: number,
): Promise<Key> {
  const { ptauUtils } = await snarkjsInternals();
  const curve = (await curves.getCurveFromName("bn128")) as unknown as Curve;
  const challenge = await ptauUtils.calculateFirstChallengeHash(curve, power);
  return ptauUtils.keyFromBeacon(curve, challenge, Uint8Array.from(Buffer.from(beaconHex, "hex")), iterationsExp);
}

/**
 * Writes `outFile`: the ptau `inFile` (one contribution, whose key is `key`) with its phase-2 sections 12–15, the
 * Lagrange forms snarkjs's preparePhase2 computes, for every domain 2^0…2^power (and 2^(power+1) for tau in G1, whose
 * last power the file does not hold: snarkjs takes it as zero, and so does this).
 */
export async function preparePhase2WithKey(
  inFile: string,
  outFile: string,
  key: Key,
  log: (msg: string) => void = () => {},
): Promise<void> {
  const { ptauUtils, binFileUtils } = await snarkjsInternals();
  const { fd: fdIn, sections } = await binFileUtils.readBinFile(inFile, "ptau", 1);
  const { curve, power } = await ptauUtils.readPTauHeader(fdIn, sections);
  const contributions = await ptauUtils.readContributions(fdIn, curve, sections);
  if (contributions.length !== 1) {
    await fdIn.close();
    throw new Error(`${inFile} has ${contributions.length} contributions; the known-key preparation needs exactly one`);
  }
  // The key must be the one the contribution applied, or every Lagrange point would be silently wrong: its first
  // points are tau·G1 (section 2, point 1), alpha·G1 (section 4, point 0) and beta·G1 (section 5, point 0).
  const sG1 = curve.G1.F.n8 * 2;
  const expected: [number, number, Fr, string][] = [
    [2, sG1, key.tau.prvKey, "tau"],
    [4, 0, key.alpha.prvKey, "alpha"],
    [5, 0, key.beta.prvKey, "beta"],
  ];
  for (const [id, offset, secret, name] of expected) {
    const stored = await binFileUtils.readSection(fdIn, sections, id, offset, sG1);
    if (!curve.G1.eq(stored, curve.G1.toAffine(curve.G1.timesFr(curve.G1.g, secret)))) {
      await fdIn.close();
      throw new Error(`${inFile}: the given key's ${name} is not the one its contribution applied`);
    }
  }
  const fdOut = await binFileUtils.createBinFile(outFile, "ptau", 1, 11);
  await ptauUtils.writePTauHeader(fdOut, curve, power);
  for (const id of [2, 3, 4, 5, 6, 7]) await binFileUtils.copySection(fdIn, sections, fdOut, id);
  await fdIn.close();

  const { Fr } = curve;
  const sections12to15: { id: number; group: "G1" | "G2"; factor: Fr; name: string }[] = [
    { id: 12, group: "G1", factor: Fr.one, name: "tauG1" },
    { id: 13, group: "G2", factor: Fr.one, name: "tauG2" },
    { id: 14, group: "G1", factor: key.alpha.prvKey, name: "alphaTauG1" },
    { id: 15, group: "G1", factor: key.beta.prvKey, name: "betaTauG1" },
  ];
  for (const section of sections12to15) {
    log(`phase 2: ${section.name} Lagrange forms, domains 2^0…2^${section.id === 12 ? power + 1 : power}`);
    await binFileUtils.startWriteSection(fdOut, section.id);
    for (let p = 0; p <= power; p++) {
      const scalars = await lagrangeScalars(curve, key.tau.prvKey, p, section.factor, false);
      await fdOut.write(await timesGenerator(curve, section.group, scalars));
    }
    if (section.id === 12) {
      const scalars = await lagrangeScalars(curve, key.tau.prvKey, power + 1, section.factor, true);
      await fdOut.write(await timesGenerator(curve, section.group, scalars));
    }
    await binFileUtils.endWriteSection(fdOut);
  }
  await fdOut.close();
}

/**
 * factor·L_j(tau) for j < 2^p, concatenated in the field's internal form: the inverse FFT of factor·(tau^0 … tau^(n−1))
 * on the domain of 2^p roots of unity. With `lastPowerMissing` the input's last power is zero, which removes
 * factor·tau^(n−1)·ω^j / n from each value.
 */
async function lagrangeScalars(curve: Curve, tau: Fr, p: number, factor: Fr, lastPowerMissing: boolean) {
  const { Fr } = curve;
  const n = 2 ** p;
  const nInv = Fr.inv(Fr.e(n));
  const omega = Fr.w[p];
  if (!omega) throw new RangeError(`the scalar field has no domain of 2^${p}`);
  const omegaInv = Fr.inv(omega);
  const denominators = new Uint8Array(n * Fr.n8);
  let tauOmegaInvJ = tau; // tau·ω^−j
  for (let j = 0; j < n; j++) {
    denominators.set(Fr.sub(tauOmegaInvJ, Fr.one), j * Fr.n8);
    tauOmegaInvJ = Fr.mul(tauOmegaInvJ, omegaInv);
  }
  const inverses = await Fr.batchInverse(denominators);
  const scale = Fr.mul(factor, Fr.mul(Fr.sub(Fr.exp(tau, n), Fr.one), nInv)); // factor·(tau^n − 1)/n
  const missing = lastPowerMissing ? Fr.mul(factor, Fr.mul(Fr.exp(tau, n - 1), nInv)) : undefined;
  const out = new Uint8Array(n * Fr.n8);
  let omegaJ = Fr.one;
  for (let j = 0; j < n; j++) {
    let value = Fr.mul(scale, inverses.subarray(j * Fr.n8, (j + 1) * Fr.n8));
    if (missing) {
      value = Fr.sub(value, Fr.mul(missing, omegaJ));
      omegaJ = Fr.mul(omegaJ, omega);
    }
    out.set(value, j * Fr.n8);
  }
  return out;
}

/**
 * s_j·G for every scalar (internal form) in `scalars`, as affine points in the ptau's little-endian Montgomery form,
 * computed in ffjavascript's worker threads (one wasm scalar multiplication per point, then a batch affine
 * conversion).
 */
async function timesGenerator(curve: Curve, groupName: "G1" | "G2", scalars: Uint8Array): Promise<Uint8Array> {
  const group = curve[groupName];
  const prefix = groupName === "G1" ? "g1m" : "g2m";
  const n8 = curve.Fr.n8;
  const affine = group.F.n8 * 2;
  const jacobian = group.F.n8 * 3;
  const generator = group.toAffine(group.g);
  const count = scalars.length / n8;
  const tasks: Promise<Uint8Array[]>[] = [];
  for (let start = 0; start < count; start += POINTS_PER_TASK) {
    const m = Math.min(POINTS_PER_TASK, count - start);
    const task: ThreadTask = [
      { cmd: "ALLOCSET", var: 0, buff: generator },
      { cmd: "ALLOCSET", var: 1, buff: scalars.slice(start * n8, (start + m) * n8) },
      { cmd: "ALLOC", var: 2, len: m * jacobian },
      { cmd: "ALLOC", var: 3, len: m * affine },
    ];
    for (let i = 0; i < m; i++) {
      task.push({
        cmd: "CALL",
        fnName: `${prefix}_timesFrAffine`,
        params: [{ var: 0 }, { var: 1, offset: i * n8 }, { var: 2, offset: i * jacobian }],
      });
    }
    task.push({ cmd: "CALL", fnName: `${prefix}_batchToAffine`, params: [{ var: 2 }, { val: m }, { var: 3 }] });
    task.push({ cmd: "GET", out: 0, var: 3, len: m * affine });
    tasks.push(curve.tm.queueAction(task));
  }
  const parts = await Promise.all(tasks);
  const out = new Uint8Array(count * affine);
  let offset = 0;
  for (const [part] of parts) {
    if (!part) throw new Error("a worker task returned no points");
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
