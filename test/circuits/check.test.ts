import { describe, expect, it } from "vitest";
import { checkCircuits } from "../../circuits/src/build/checkCircuits.ts";
import { loadManifest, type Manifest } from "../../circuits/src/manifest.ts";

/** A deep copy of the committed manifest to tamper with (the files on disk are left alone). */
function manifestCopy(): Manifest {
  return structuredClone(loadManifest());
}

describe("checkCircuits() (npm run circuits:check)", () => {
  it("finds the committed circuits, artifacts and manifest consistent", () => {
    expect(checkCircuits()).toEqual([]);
  });

  it("reports a circuit whose sources changed after its artifacts were built", () => {
    const manifest = manifestCopy();
    (manifest.circuits[2] as Manifest["circuits"][number]).sourceHash = "0".repeat(64);
    expect(checkCircuits(manifest)).toEqual([
      `${manifest.circuits[2]?.id}: sources changed since its artifacts were built`,
    ]);
  });

  it("reports an artifact that is not the one the manifest recorded", () => {
    const manifest = manifestCopy();
    const backend = manifest.circuits[0]?.backends[0];
    if (!backend?.r1cs) throw new Error("the first circuit has a Groth16 r1cs");
    backend.r1cs.sha256 = "f".repeat(64);
    expect(checkCircuits(manifest)).toEqual([
      expect.stringContaining(`${backend.r1cs.path} does not match the manifest`),
    ]);
  });

  it("reports a public-signal layout that differs from the oracle's", () => {
    const manifest = manifestCopy();
    manifest.circuits[4]?.publicSignals.reverse();
    expect(checkCircuits(manifest)).toEqual([
      `${manifest.circuits[4]?.id}: the manifest's public-signal layout differs from sdk/src/codecs/layout.ts`,
    ]);
  });

  it("reports a circuit missing from the manifest", () => {
    const manifest = manifestCopy();
    const [dropped] = manifest.circuits.splice(1, 1);
    expect(checkCircuits(manifest)).toEqual([`${dropped?.id} has no manifest entry`]);
  });
});
