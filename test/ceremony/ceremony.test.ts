import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileVerifier, deploy, KEYS, startAnvil } from "@symbiote/devnet";
import { createPublicClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatGroth16Calldata } from "../../circuits/src/calldata.ts";
import { CeremonyVerificationError } from "../../circuits/src/ceremony/errors.ts";
import { finalizeCeremony } from "../../circuits/src/ceremony/finalize.ts";
import { blake2bFile } from "../../circuits/src/ceremony/hash.ts";
import { initCeremony } from "../../circuits/src/ceremony/init.ts";
import { verifyPublished } from "../../circuits/src/ceremony/published.ts";
import { readTranscript, type Transcript, writeTranscript } from "../../circuits/src/ceremony/transcript.ts";
import { verifyCeremony } from "../../circuits/src/ceremony/verify.ts";
import { loadManifest, type Manifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { CircuitProver, terminateProvers } from "../../circuits/src/prover.ts";
import { sampleCall } from "../../circuits/src/sampleCalls.ts";
import { CIRCUIT, copyCeremony, PARTICIPANTS, runTestCeremony } from "./helpers.ts";

let work: string;
let ptau: string;
let ceremony: string;
const logs: string[] = [];
const log = (msg: string) => logs.push(msg);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "symbiote-ceremony-"));
  ({ ptau, dir: ceremony } = await runTestCeremony(work, log));
}, 600_000);

afterAll(async () => {
  await terminateProvers();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Copies the ceremony, lets `edit` damage the copy, and returns what verify throws. */
async function verifyTampered(
  label: string,
  edit: (dir: string, t: Transcript) => void,
): Promise<CeremonyVerificationError> {
  const dir = copyCeremony(ceremony, join(work, `tampered-${label}`));
  const t = readTranscript(dir);
  edit(dir, t);
  const error = await verifyCeremony({ dir, ptau, root: REPO_ROOT, log }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CeremonyVerificationError);
  return error as CeremonyVerificationError;
}

describe("a three-participant ceremony with a beacon", () => {
  it("records the unknown ptau's warning loudly and in the transcript", () => {
    const t = readTranscript(ceremony);
    expect(t.ptau.known).toBeNull();
    expect(t.ptau.warning).toMatch(/^UNKNOWN POWERS OF TAU/);
    expect(logs.some((l) => l.includes("!!!!") && l.includes("UNKNOWN POWERS OF TAU"))).toBe(true);
  });

  it("verifies: three signed contributions then the beacon, each from the previous zkey", async () => {
    const report = await verifyCeremony({ dir: ceremony, ptau, root: REPO_ROOT, log });
    expect(report.circuits).toEqual([CIRCUIT]);
    expect(report.participants).toEqual(PARTICIPANTS.map((p) => `${p.name} (${privateKeyToAccount(p.key).address})`));
    expect(report.beacon).toBe(true);
    const t = readTranscript(ceremony);
    expect(t.beacon?.recompute).toContain("api.drand.sh/public/4242424");
  });

  it("keeps no secret: neither the key nor the typed entropy is in any file of the ceremony", () => {
    const text = readFileSync(join(ceremony, "transcript.json"), "utf8");
    for (const p of PARTICIPANTS) {
      expect(text).not.toContain(p.key.slice(2));
      expect(text).not.toContain(`${p.name} typed this`);
    }
  });

  it("fails on a changed byte of a contributed zkey", async () => {
    const e = await verifyTampered("zkey", (dir, t) => {
      const file = join(dir, t.contributions[1]?.steps[0]?.zkey.file ?? "");
      const bytes = readFileSync(file);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
      writeFileSync(file, bytes);
    });
    expect(e.link).toBe(`contribution #2 (bob), ${CIRCUIT}`);
    expect(e.message).toContain("is not the attested zkey");
  });

  it("fails on a changed byte of the final zkey", async () => {
    const e = await verifyTampered("final", (dir, t) => {
      const file = join(dir, t.beacon?.steps[0]?.zkey.file ?? "");
      const bytes = readFileSync(file);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
      writeFileSync(file, bytes);
    });
    expect(e.link).toBe(`beacon, ${CIRCUIT}`);
    expect(e.message).toContain("is not the attested zkey");
  });

  it("fails on an attestation whose contribution hash was changed", async () => {
    const e = await verifyTampered("hash", (dir, t) => {
      const step = t.contributions[0]?.steps[0];
      if (step) step.contributionHash = `${"0".repeat(8)}${step.contributionHash.slice(8)}`;
      writeTranscript(dir, t);
    });
    expect(e.link).toBe(`contribution #1 (alice), ${CIRCUIT}`);
    expect(e.message).toContain("the attestation says contribution hash");
  });

  it("fails on an attestation whose address was changed", async () => {
    const e = await verifyTampered("address", (dir, t) => {
      const c = t.contributions[2];
      if (c) c.address = privateKeyToAccount(KEYS[6]).address;
      writeTranscript(dir, t);
    });
    expect(e.link).toBe("contribution #3 (carol)");
    expect(e.message).toContain(`signature is not ${privateKeyToAccount(KEYS[6]).address}'s`);
  });

  it("fails on an attestation whose signature was changed", async () => {
    const e = await verifyTampered("signature", (dir, t) => {
      const c = t.contributions[1];
      const other = t.contributions[0];
      if (c && other) c.signature = other.signature;
      writeTranscript(dir, t);
    });
    expect(e.link).toBe("contribution #2 (bob)");
    expect(e.message).toContain("signature is not");
  });

  it("fails when two contributions swap places", async () => {
    const e = await verifyTampered("order", (dir, t) => {
      const [a, b] = t.contributions;
      if (!a || !b) return;
      t.contributions[0] = { ...b, index: 1 };
      t.contributions[1] = { ...a, index: 2 };
      writeTranscript(dir, t);
    });
    expect(e.link).toBe(`contribution #1 (bob), ${CIRCUIT}`);
    expect(e.message).toContain("out of order");
  });

  it("fails when the beacon's value was changed", async () => {
    const e = await verifyTampered("beacon-value", (dir, t) => {
      if (t.beacon) t.beacon.value = "cd".repeat(32);
      writeTranscript(dir, t);
    });
    expect(e.link).toBe(`beacon, ${CIRCUIT}`);
    expect(e.message).toContain("the transcript says value cdcdcd");
  });

  it("fails when the beacon's iterations were changed", async () => {
    const e = await verifyTampered("beacon-iterations", (dir, t) => {
      if (t.beacon) t.beacon.iterationsExp = 12;
      writeTranscript(dir, t);
    });
    expect(e.link).toBe(`beacon, ${CIRCUIT}`);
    expect(e.message).toContain("2^12 iterations");
  });

  it("finalizes: keys, vkey, verifier and a manifest naming the ceremony", async () => {
    const out = join(work, "out");
    const result = await finalizeCeremony({
      dir: copyCeremony(ceremony, join(work, "final")),
      ptau,
      root: REPO_ROOT,
      out,
      log,
    });
    const manifest = JSON.parse(readFileSync(join(out, "circuits/manifest.json"), "utf8"));
    // the PLONK backends and the other circuits keep their dev keys
    expect(manifest.setup.kind).toBe("mixed");
    expect(manifest.setup.ceremony.transcript.sha256).toBe(result.transcriptSha256);
    expect(manifest.setup.ceremony.participants).toHaveLength(3);
    const entry = manifest.circuits.find((c: { id: string }) => c.id === CIRCUIT);
    const groth16 = entry.backends.find((b: { backend: string }) => b.backend === "groth16");
    expect(groth16.setup).toEqual({ kind: "ceremony", transcriptSha256: result.transcriptSha256 });
    expect(entry.backends.find((b: { backend: string }) => b.backend === "plonk").setup.kind).toBe("dev");
    const verifier = readFileSync(join(out, groth16.verifier.path), "utf8");
    expect(verifier).toContain("from the trusted-setup ceremony");
    expect(verifier).not.toContain("DEV trusted setup");
    expect(blake2bFile(join(out, groth16.zkey.path))).toBe(
      readTranscript(join(work, "final")).final?.circuits[0]?.zkey.blake2b,
    );
  });

  it("verify --published accepts finalize's output: the chain replays from the published final zkey alone", async () => {
    const report = await verifyPublished({ published: join(work, "out"), ptau, root: REPO_ROOT, log });
    expect(report).toMatchObject({ circuits: [CIRCUIT], finalized: true });
    expect(report.participants).toHaveLength(3);
  });

  it("verify --published fails on a published vkey that is not the final record's", async () => {
    const published = copyCeremony(join(work, "out"), join(work, "published-vkey"));
    const path = `circuits/build/${CIRCUIT}/groth16/vkey.json`;
    writeFileSync(
      join(published, path),
      readFileSync(join(published, path), "utf8").replace('"nPublic"', '"nPublic" '),
    );
    const error = await verifyPublished({ published, ptau, root: REPO_ROOT, log }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CeremonyVerificationError);
    expect((error as CeremonyVerificationError).link).toBe(`published, ${CIRCUIT}/groth16`);
    expect((error as CeremonyVerificationError).message).toContain(`${path} is not the vkey`);
  });

  it("its verifier, deployed on anvil, accepts a real proof made with the ceremony's zkey and refuses a tampered one", async () => {
    const out = join(work, "out");
    const manifest = JSON.parse(readFileSync(join(out, "circuits/manifest.json"), "utf8")) as Manifest;
    const entry = manifest.circuits.find((c) => c.id === CIRCUIT);
    const groth16 = entry?.backends.find((b) => b.backend === "groth16");
    if (!entry || !groth16) throw new Error("finalize dropped the circuit");
    // the wasm is the committed one; the zkey and vkey are the ceremony's
    copyCeremony(join(REPO_ROOT, groth16.wasm.path), join(out, groth16.wasm.path));
    const prover = await CircuitProver.load(CIRCUIT, "groth16", { manifest, root: out });
    const result = await prover.prove(sampleCall(entry.shape, entry.inputMode, "ceremony e2e"));
    if (result.backend !== "groth16") throw new Error("expected a Groth16 proof");
    const call = formatGroth16Calldata(result.proof, result.publicSignals);
    const compiled = compileVerifier(readFileSync(join(out, groth16.verifier.path), "utf8"), groth16.verifier.contract);
    const anvil = await startAnvil();
    try {
      const address = await deploy(anvil.url, KEYS[0] as Hex, compiled);
      const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
      const verify = (signals: bigint[]) =>
        client.readContract({
          address,
          abi: compiled.abi,
          functionName: "verifyProof",
          args: [call.a, call.b, call.c, signals],
        });
      expect(await verify(call.publicSignals)).toBe(true);
      const tampered = [...call.publicSignals];
      tampered[0] = (tampered[0] ?? 0n) + 1n;
      expect(await verify(tampered)).toBe(false);
    } finally {
      await anvil.stop();
    }
  });
});

describe("init", () => {
  it("refuses a ptau that is not in the known list without --allow-unknown-ptau", async () => {
    const dir = join(work, "refused");
    await expect(
      initCeremony({
        dir,
        ptau,
        allowUnknownPtau: false,
        circuits: [`${CIRCUIT}/groth16`],
        manifest: loadManifest(),
        root: REPO_ROOT,
        log,
      }),
    ).rejects.toThrow(/is not a published Powers of Tau file.*--allow-unknown-ptau/s);
  });

  it("accepts a ptau whose hash is in the known list, and records which published file it is", async () => {
    const list = join(work, "known.json");
    writeFileSync(
      list,
      JSON.stringify({
        note: "test list",
        files: [
          { power: 11, name: "test_pot11.ptau", url: "file://test", blake2b: blake2bFile(ptau), source: "this test" },
        ],
      }),
    );
    const t = await initCeremony({
      dir: join(work, "known"),
      ptau,
      allowUnknownPtau: false,
      circuits: [`${CIRCUIT}/groth16`],
      manifest: loadManifest(),
      root: REPO_ROOT,
      knownPtauList: list,
      log,
    });
    expect(t.ptau.known).toEqual({ name: "test_pot11.ptau", url: "file://test", source: "this test" });
    expect(t.ptau.warning).toBeUndefined();
  });
});
