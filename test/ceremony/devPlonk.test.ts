/**
 * The dev PLONK keys are reproducible: `plonk setup` on each committed PLONK r1cs and the dev Powers of Tau gives,
 * byte for byte, the zkey the manifest records (the file is not committed), the committed vkey.json and the
 * committed verifier; `verify-dev` runs the same check. It needs the dev ptau of 2^15
 * (circuits/.work/ptau/pot15_dev.ptau, which circuits:build, bench:ceremony and verify-dev make once: 9 minutes on a
 * quiet 2-core machine, far more under load), so it runs where that file exists and is skipped elsewhere.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devPtauPath } from "../../circuits/src/build/ptau.ts";
import { CeremonyVerificationError } from "../../circuits/src/ceremony/errors.ts";
import { blake2bFile } from "../../circuits/src/ceremony/hash.ts";
import { DEV_PTAU_BLAKE2B, verifyDevPlonk } from "../../circuits/src/ceremony/verifyDev.ts";
import { loadManifest, type Manifest, REPO_ROOT } from "../../circuits/src/manifest.ts";

const ptau = devPtauPath();
const work = mkdtempSync(join(tmpdir(), "symbiote-dev-plonk-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const log = () => {};

describe.skipIf(!existsSync(ptau))("the dev PLONK keys (with the dev ptau cached)", () => {
  it("derive again, byte for byte, from the committed r1cs and the dev Powers of Tau", async () => {
    expect(blake2bFile(ptau)).toBe(DEV_PTAU_BLAKE2B);
    const verified = await verifyDevPlonk({ manifest: loadManifest(), root: REPO_ROOT, ptau, work, log });
    expect(verified).toEqual(["classifier16-public/plonk", "classifier16-committed/plonk"]);
  }, 300_000);

  it("refuse a manifest whose PLONK zkey hash is not the derived key's", async () => {
    const base = loadManifest();
    const manifest: Manifest = {
      ...base,
      circuits: base.circuits
        .filter((c) => c.id === "classifier16-public")
        .map((c) => ({
          ...c,
          backends: c.backends.map((b) =>
            b.backend === "plonk" ? { ...b, zkey: { ...b.zkey, sha256: "ab".repeat(32) } } : b,
          ),
        })),
    };
    const error = await verifyDevPlonk({ manifest, root: REPO_ROOT, ptau, work, log }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CeremonyVerificationError);
    expect((error as CeremonyVerificationError).message).toContain(`the manifest records ${"ab".repeat(32)}`);
  }, 300_000);
});
