/**
 * PLONK keys from the ceremony's Powers of Tau: `finalize` derives them (`plonk setup`, no contribution), records
 * them in the transcript's final record, and `verify` (and `verify --published`) derives them again and refuses any
 * other key, vkey or verifier. The ceremony runs on a small real PLONK build in a scratch repository root
 * (helpers.ts, plonkTestRoot) so that the 2^11 test ptau suffices.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEYS } from "@symbiote/devnet";
import { plonk, type VerificationKey, wtns } from "snarkjs";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestVerifier } from "../../circuits/src/ceremony/ceremonyKeys.ts";
import { ceremonySelection } from "../../circuits/src/ceremony/circuitsOf.ts";
import { contribute } from "../../circuits/src/ceremony/contribute.ts";
import { CeremonyError, CeremonyVerificationError } from "../../circuits/src/ceremony/errors.ts";
import { finalizeCeremony } from "../../circuits/src/ceremony/finalize.ts";
import { sha256File } from "../../circuits/src/ceremony/hash.ts";
import { initCeremony } from "../../circuits/src/ceremony/init.ts";
import { verifyPublished } from "../../circuits/src/ceremony/published.ts";
import { readTranscript, type Transcript, writeTranscript } from "../../circuits/src/ceremony/transcript.ts";
import { verifyCeremony } from "../../circuits/src/ceremony/verify.ts";
import { loadManifest, type Manifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { CIRCUIT, makeTestPtau, PLONK_CIRCUIT, PLONK_VERIFIER, plonkTestRoot } from "./helpers.ts";

let work: string;
let ptau: string;
let root: string;
let wasm: string;
let ceremony: string;
const out = () => join(work, "out");
const log = () => {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "symbiote-ceremony-plonk-"));
  ptau = await makeTestPtau(join(work, "ptau"));
  let manifest: Manifest;
  ({ root, manifest, wasm } = await plonkTestRoot(work));
  ceremony = join(work, "ceremony");
  await initCeremony({ dir: ceremony, ptau, allowUnknownPtau: true, circuits: [], manifest, root, log });
  await finalizeCeremony({ dir: ceremony, ptau, root, out: out(), log });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Copies the finalized ceremony, lets `edit` damage the copy's transcript, and returns what verify throws. */
async function verifyTampered(label: string, edit: (t: Transcript) => void): Promise<CeremonyVerificationError> {
  const dir = join(work, `tampered-${label}`);
  cpSync(ceremony, dir, { recursive: true });
  const t = readTranscript(dir);
  edit(t);
  writeTranscript(dir, t);
  const error = await verifyCeremony({ dir, ptau, root, log }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CeremonyVerificationError);
  return error as CeremonyVerificationError;
}

/** Copies the published output, lets `edit` damage one of its files, and returns what verify --published throws. */
async function verifyPublishedTampered(label: string, path: string, edit: (bytes: Buffer) => Buffer) {
  const published = join(work, `published-${label}`);
  cpSync(out(), published, { recursive: true });
  writeFileSync(join(published, path), edit(readFileSync(join(published, path))));
  const error = await verifyPublished({ published, ptau, root, log }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CeremonyVerificationError);
  return error as CeremonyVerificationError;
}

const flipByte = (bytes: Buffer) => {
  bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
  return bytes;
};

describe("the ceremony's selection", () => {
  it("takes <id> as every build of the circuit, <id>/groth16 and <id>/plonk as one, and refuses a missing build", () => {
    const manifest = loadManifest();
    const ids = (s: { groth16: { id: string }[]; plonk: { id: string }[] }) => ({
      groth16: s.groth16.map((c) => c.id),
      plonk: s.plonk.map((c) => c.id),
    });
    expect(ids(ceremonySelection(manifest, [CIRCUIT], REPO_ROOT))).toEqual({ groth16: [CIRCUIT], plonk: [CIRCUIT] });
    expect(ids(ceremonySelection(manifest, [`${CIRCUIT}/plonk`], REPO_ROOT))).toEqual({
      groth16: [],
      plonk: [CIRCUIT],
    });
    expect(ids(ceremonySelection(manifest, [`${CIRCUIT}/groth16`], REPO_ROOT))).toEqual({
      groth16: [CIRCUIT],
      plonk: [],
    });
    const all = ids(ceremonySelection(manifest, [], REPO_ROOT));
    expect(all.groth16).toHaveLength(manifest.circuits.length);
    expect(all.plonk).toEqual(["classifier16-public", "classifier16-committed"]);
    expect(() => ceremonySelection(manifest, ["mlp16x32x4-public/plonk"], REPO_ROOT)).toThrow(
      /mlp16x32x4-public has no plonk build; it has groth16/,
    );
    expect(() => ceremonySelection(manifest, [`${CIRCUIT}/fflonk`], REPO_ROOT)).toThrow(CeremonyError);
  });

  it("init refuses a PLONK build whose gates the ptau cannot hold, and says how to leave it out", async () => {
    await expect(
      initCeremony({
        dir: join(work, "too-small"),
        ptau,
        allowUnknownPtau: true,
        circuits: [CIRCUIT],
        manifest: loadManifest(),
        root: REPO_ROOT,
        log,
      }),
    ).rejects.toThrow(
      /classifier16-public\/plonk has 8873 PLONK gates and needs 2\^14 powers; the ptau has 2\^11.*\/groth16/s,
    );
  });
});

describe("a ceremony of PLONK keys only", () => {
  it("takes no contribution: the key derives from the ptau alone", async () => {
    const dir = join(work, "no-contribution");
    cpSync(ceremony, dir, { recursive: true });
    const account = privateKeyToAccount(KEYS[2]);
    await expect(contribute({ dir, name: "alice", account, log })).rejects.toThrow(/PLONK keys only.*finalize/s);
  });

  it("finalize records the derived key in the transcript and the manifest, which then says ceremony", () => {
    const t = readTranscript(ceremony);
    const [record] = t.final?.plonk ?? [];
    const manifest = JSON.parse(readFileSync(join(out(), "circuits/manifest.json"), "utf8")) as Manifest;
    expect(manifest.setup.kind).toBe("ceremony");
    expect(manifest.setup.ceremony?.plonk).toEqual([PLONK_CIRCUIT]);
    expect(manifest.setup.ceremony?.beacon).toBeNull();
    const backend = manifest.circuits[0]?.backends[0];
    expect(backend?.zkey).toMatchObject({
      path: `circuits/build/${PLONK_CIRCUIT}/plonk/circuit.zkey`,
      sha256: record?.zkey.sha256,
      committed: false,
    });
    expect(sha256File(join(out(), backend?.zkey.path ?? ""))).toBe(record?.zkey.sha256);
    expect(sha256File(join(out(), backend?.vkey.path ?? ""))).toBe(record?.vkey.sha256);
    const verifier = readFileSync(join(out(), backend?.verifier.path ?? ""), "utf8");
    expect(sha256File(join(out(), backend?.verifier.path ?? ""))).toBe(record?.verifier.sha256);
    expect(verifier).toContain(`contract ${PLONK_VERIFIER}`);
    expect(verifier).toContain("from the Powers of Tau of the trusted-setup ceremony");
    expect(verifier).not.toContain("DEV trusted setup");
  });

  it("circuits:verifiers renders its verifier again with the ceremony's header, as published", () => {
    const manifest = JSON.parse(readFileSync(join(out(), "circuits/manifest.json"), "utf8")) as Manifest;
    const circuit = manifest.circuits[0];
    const backend = circuit?.backends[0];
    if (!circuit || !backend) throw new Error("finalize dropped the build");
    const vkey = JSON.parse(readFileSync(join(out(), backend.vkey.path), "utf8")) as VerificationKey;
    expect(manifestVerifier(manifest, circuit, backend, vkey, out())).toBe(
      readFileSync(join(out(), backend.verifier.path), "utf8"),
    );
  });

  it("its key proves, and the published vkey accepts the proof and refuses a changed signal", async () => {
    const manifest = JSON.parse(readFileSync(join(out(), "circuits/manifest.json"), "utf8")) as Manifest;
    const backend = manifest.circuits[0]?.backends[0];
    const values = ["5", "9", "2", "7"];
    const witness = join(work, "argmax.wtns");
    await wtns.calculate({ values }, wasm, witness);
    const { proof, publicSignals } = await plonk.prove(join(out(), backend?.zkey.path ?? ""), witness);
    const vkey = JSON.parse(readFileSync(join(out(), backend?.vkey.path ?? ""), "utf8")) as VerificationKey;
    expect(publicSignals[0]).toBe("1");
    expect(await plonk.verify(vkey, publicSignals, proof)).toBe(true);
    expect(await plonk.verify(vkey, ["2", ...publicSignals.slice(1)], proof)).toBe(false);
  });

  it("verify derives the key again and accepts the ceremony", async () => {
    const report = await verifyCeremony({ dir: ceremony, ptau, root, log });
    expect(report).toMatchObject({ circuits: [], plonk: [PLONK_CIRCUIT], participants: [], finalized: true });
  });

  it("verify fails when the final record names another zkey", async () => {
    const e = await verifyTampered("zkey-hash", (t) => {
      const record = t.final?.plonk?.[0];
      if (record) record.zkey.sha256 = `${"0".repeat(8)}${record.zkey.sha256.slice(8)}`;
    });
    expect(e.link).toBe(`final, ${PLONK_CIRCUIT}/plonk`);
    expect(e.message).toContain("the final record says 00000000");
  });

  it("verify fails when the final record names another verifier", async () => {
    const e = await verifyTampered("verifier-hash", (t) => {
      const record = t.final?.plonk?.[0];
      if (record) record.verifier.sha256 = "ab".repeat(32);
    });
    expect(e.link).toBe(`final, ${PLONK_CIRCUIT}/plonk`);
    expect(e.message).toContain("is not the one exported from the key");
  });

  it("verify fails when the final record omits the PLONK key", async () => {
    const e = await verifyTampered("omitted", (t) => {
      if (t.final) t.final.plonk = [];
    });
    expect(e.message).toContain("the final record omits this PLONK key");
  });

  it("verify --published accepts finalize's output", async () => {
    const report = await verifyPublished({ published: out(), ptau, root, log });
    expect(report.plonk).toEqual([PLONK_CIRCUIT]);
  });

  it("verify --published fails on a changed byte of the published PLONK zkey", async () => {
    const e = await verifyPublishedTampered("zkey", `circuits/build/${PLONK_CIRCUIT}/plonk/circuit.zkey`, flipByte);
    expect(e.link).toBe(`published, ${PLONK_CIRCUIT}/plonk`);
    expect(e.message).toContain("is not the zkey the transcript's final record holds");
  });

  it("verify --published fails on an edited verifier", async () => {
    const path = `contracts/verifiers/${PLONK_VERIFIER}.sol`;
    const e = await verifyPublishedTampered("verifier", path, (b) => Buffer.concat([b, Buffer.from("// edited\n")]));
    expect(e.link).toBe(`published, ${PLONK_CIRCUIT}/plonk`);
    expect(e.message).toContain(`${path} is not the verifier`);
  });
});
