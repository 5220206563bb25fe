/**
 * Which declared versions the node withdraws at start (unservableDeclarations.ts), from provability verdicts: the
 * declared ones it will not prove, and with a gateway only those the publisher binding refuses (circuit artifacts are
 * fetched when a request needs them). Against a real chain: withdrawUnservable.e2e.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { VersionProvability } from "../../oracle/src/models/provableVersions.ts";
import { declareAgainAdvice, unservableDeclarations } from "../../oracle/src/node/unservableDeclarations.ts";

const provable: VersionProvability = { modelId: 1n, version: 1, weightsCommitment: 11n, provable: true };
const noArtifacts: VersionProvability = {
  modelId: 2n,
  version: 1,
  weightsCommitment: 22n,
  provable: false,
  missing: "circuit 3 (classifier16-public, plonk): its zkey not in the store",
};
const unbound: VersionProvability = {
  modelId: 3n,
  version: 2,
  weightsCommitment: 33n,
  provable: false,
  missing: "the weights under 0x21 name no publisher",
  notServed: { kind: "unbound", reason: "the weights under 0x21 name no publisher" },
};
const copy: VersionProvability = {
  modelId: 4n,
  version: 1,
  weightsCommitment: 44n,
  provable: false,
  missing: "a copy; not served",
  notServed: { kind: "copy", reason: "a copy; not served" },
};
const all = [provable, noArtifacts, unbound, copy];

describe("unservableDeclarations", () => {
  it("lists the declared versions the store cannot prove, with why, and never a provable or undeclared one", () => {
    const found = unservableDeclarations(all, [true, true, true, false], { artifactsOnDemand: false });
    expect(found).toEqual([
      { modelId: 2n, version: 1, reason: noArtifacts.missing },
      { modelId: 3n, version: 2, reason: unbound.notServed?.reason, notServed: unbound.notServed },
    ]);
  });

  it("with a gateway, counts only the versions the publisher binding refuses", () => {
    const found = unservableDeclarations(all, [true, true, true, true], { artifactsOnDemand: true });
    expect(found.map((v) => v.modelId)).toEqual([3n, 4n]);
  });

  it("says how to declare each kind again", () => {
    const found = unservableDeclarations(all, [true, true, true, true], { artifactsOnDemand: false });
    const advice = declareAgainAdvice(found);
    expect(advice).toContain("models sync --from <folder> --publisher <owner address>");
    expect(advice).toContain("ask the model's owner for a file bound to it");
    expect(advice).toContain("for missing or altered artifacts");
    expect(declareAgainAdvice(found.slice(0, 1))).not.toContain("--publisher");
  });
});
