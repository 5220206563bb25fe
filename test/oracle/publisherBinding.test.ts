/**
 * The publisher binding without a chain: what a weights file records (weightsBindingOf, bindPublisher), what the
 * model store keeps of it (putModel with a publisher, readBinding), and the rule the node applies (bindingRefusal):
 * weights are served only on a version whose model owner, and training data when the file records it, are the ones
 * they were handed over for. The same rule against a real registry, with a front-run copy: copiedWeights.e2e.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEYS, testModel } from "@symbiote/devnet";
import { type Hex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelStore } from "../../circuits/src/models/modelStore.ts";
import { bindPublisher, PublisherMismatchError, weightsBindingOf } from "../../circuits/src/models/weightsBinding.ts";
import { bindingRefusal, type PublishedVersion } from "../../oracle/src/models/publisherBinding.ts";

const owner = privateKeyToAccount(KEYS[3]).address;
const stranger = privateKeyToAccount(KEYS[4]).address;
const OWNER_ROOT = `0x${"ab".repeat(32)}` as Hex;
const STRANGER_ROOT = `0x${"cd".repeat(32)}` as Hex;
const COMMITMENT = 0x1234n;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-binding-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const version = (over: Partial<PublishedVersion> = {}): PublishedVersion => ({
  modelId: 7n,
  version: 1,
  owner,
  trainingDataRoot: zeroHash,
  totalDataWeight: 0n,
  ...over,
});

describe("bindingRefusal", () => {
  it("serves the owner's own version, and its republication under another model of the owner's with the same data", () => {
    const binding = { publisher: owner, trainingData: { root: OWNER_ROOT, totalWeight: 5n } };
    const own = version({ trainingDataRoot: OWNER_ROOT, totalDataWeight: 5n });
    expect(bindingRefusal(binding, own, COMMITMENT)).toBeUndefined();
    expect(bindingRefusal(binding, { ...own, modelId: 9n, version: 3 }, COMMITMENT)).toBeUndefined();
    // addresses compare whatever their case; a file without training data is checked on its owner alone
    const lower = { publisher: owner.toLowerCase() as Hex, trainingData: undefined };
    expect(bindingRefusal(lower, version({ owner: owner.toLowerCase() as Hex }), COMMITMENT)).toBeUndefined();
  });

  it("refuses a copy another owner registered first, naming both addresses", () => {
    const refusal = bindingRefusal(
      { publisher: owner, trainingData: undefined },
      version({ owner: stranger }),
      COMMITMENT,
    );
    expect(refusal?.kind).toBe("copy");
    expect(refusal?.reason).toBe(
      `weights were handed over for publisher ${owner} but model 7 is owned by ${stranger}: a copy; not served (if ${owner} transferred the model to ${stranger}, ask ${stranger} for the file bound to it)`,
    );
  });

  it("refuses a copy handed to the owner afterwards: its data share still goes to the copier's training-data root", () => {
    const binding = { publisher: owner, trainingData: { root: OWNER_ROOT, totalWeight: 5n } };
    const gifted = version({ trainingDataRoot: STRANGER_ROOT, totalDataWeight: 5n });
    const refusal = bindingRefusal(binding, gifted, COMMITMENT);
    expect(refusal?.kind).toBe("copy");
    expect(refusal?.reason).toContain(`trained on data root ${OWNER_ROOT} (total weight 5)`);
    expect(refusal?.reason).toContain(
      `model 7 version 1 records ${STRANGER_ROOT} (5): a copy under someone else's contributors`,
    );
    // the same root with another total weight splits the pool otherwise: refused too
    const reweighed = version({ trainingDataRoot: OWNER_ROOT, totalDataWeight: 6n });
    expect(bindingRefusal(binding, reweighed, COMMITMENT)?.kind).toBe("copy");
  });

  it("refuses weights that name no publisher, saying how to bind them", () => {
    const refusal = bindingRefusal({ publisher: undefined, trainingData: undefined }, version(), COMMITMENT);
    expect(refusal?.kind).toBe("unbound");
    expect(refusal?.reason).toContain(
      `the weights under 0x${COMMITMENT.toString(16).padStart(64, "0")} name no publisher`,
    );
    expect(refusal?.reason).toContain("models sync --from <folder> --publisher <that address>");
  });
});

describe("what a weights file records", () => {
  it("reads the publisher and a trainer artifact's training data, refusing a publisher that is not an address", () => {
    // a root in capitals, as a hand-written file may have it: lower-cased, as the chain's value compares
    const mixedRoot = `0x${"AB".repeat(32)}`;
    const file = { publisher: owner.toLowerCase(), trainingData: { merkleRoot: mixedRoot, totalWeight: "5" } };
    expect(weightsBindingOf(file, "f")).toEqual({
      publisher: owner,
      trainingData: { root: OWNER_ROOT, totalWeight: 5n },
    });
    expect(weightsBindingOf({}, "f")).toEqual({ publisher: undefined, trainingData: undefined });
    expect(() => weightsBindingOf({ publisher: "the owner" }, "f")).toThrow(/"publisher" is not an address/);
    expect(() => weightsBindingOf({ trainingData: { merkleRoot: "0x12", totalWeight: "5" } }, "f")).toThrow(
      /trainingData/,
    );
  });

  it("binds a file that names no publisher, keeps one that names the same, never rebinds another's", () => {
    expect(bindPublisher({ a: 1 }, owner, "f")).toEqual({ a: 1, publisher: owner });
    const bound = { a: 1, publisher: owner };
    expect(bindPublisher(bound, owner.toLowerCase() as Hex, "f")).toBe(bound);
    expect(() => bindPublisher(bound, stranger, "f")).toThrow(PublisherMismatchError);
    expect(() => bindPublisher(bound, stranger, "f")).toThrow(
      `f was handed over for publisher ${owner}, not ${stranger}`,
    );
  });
});

describe("ModelStore and the binding", () => {
  it("records the publisher an operator binds on import, and reads it back with the re-checked weights", () => {
    const store = new ModelStore(join(dir, "store"));
    const model = testModel("binding/classifier", "classifier");
    store.putModel(model.commitment, model.artifact, "artifact.json");
    expect(store.readBinding(model.commitment).publisher).toBeUndefined();
    store.putModel(model.commitment, model.artifact, "artifact.json", { publisher: owner });
    expect(store.readBinding(model.commitment).publisher).toBe(owner);
    const path = join(store.dir, "models", `${model.commitment.toString(16).padStart(64, "0")}.json`);
    expect(JSON.parse(readFileSync(path, "utf8")).publisher).toBe(owner);
    // the weights are what they were
    expect(store.readModel(model.commitment).weightsSalt).toBe(model.weightsSalt);
  });

  it("refuses to store a file bound to another publisher than the one given, leaving the stored copy as it was", () => {
    const store = new ModelStore(join(dir, "other"));
    const model = testModel("binding/other", "classifier");
    const handed = { ...model.artifact, publisher: owner };
    store.putModel(model.commitment, handed, "artifact.json");
    expect(() => store.putModel(model.commitment, handed, "artifact.json", { publisher: stranger })).toThrow(
      PublisherMismatchError,
    );
    expect(store.readBinding(model.commitment).publisher).toBe(owner);
    expect(() => store.putModel(model.commitment, { ...model.artifact, publisher: "nobody" }, "bad.json")).toThrow(
      /"publisher" is not an address/,
    );
    expect(store.readBinding(model.commitment).publisher).toBe(owner);
  });
});
