import { concatHex, type Hex, numberToHex, size } from "viem";
import { EncodingError } from "../errors/base.ts";
import type { ChainRequest } from "./request.ts";

/**
 * The packed batch encoding `fulfillBatchPacked` takes (contracts/libraries/PackedBatchCodec.sol; docs/oracle.md,
 * "The packed batch"): the request fields a consumer's requests to one version share go once per batch in a
 * template, an item carries only what differs per request, and no field is padded to a word. The coordinator decodes
 * it into exactly the ABI call data of `fulfillBatch`, so both settle the same; the packed one costs a fraction of the
 * calldata (464 bytes per classifier inference in a batch of 16 instead of 1,156).
 */

/** The encoding's version byte. */
export const PACKED_BATCH_FORMAT = 1;

/** One item of a batch: the request as emitted in `InferenceRequested`, the circuit's outputs and the proof. */
export type BatchFulfillment = { request: ChainRequest; outputs: readonly bigint[]; proof: Hex };

const MAX_TEMPLATES = 0xff;
const MAX_ITEMS = 0xffff;
const MAX_COUNT = 0xffff;
const MAX_REQUEST_ID = 2n ** 64n - 1n;

const word = (value: bigint) => numberToHex(value, { size: 32 });

/** The 167 bytes of a template: the item's request fields its version's requests share, and its shapes. */
function templateOf({ request: r, outputs, proof }: BatchFulfillment): Hex {
  return concatHex([
    r.requester,
    word(r.modelId),
    numberToHex(r.version, { size: 4 }),
    numberToHex(r.circuitId, { size: 4 }),
    numberToHex(r.inputMode, { size: 1 }),
    r.dataOwner,
    r.servingNode,
    numberToHex(r.callbackGasLimit, { size: 4 }),
    numberToHex(r.fee, { size: 12 }),
    numberToHex(r.callbackFee, { size: 12 }),
    word(r.weightsCommitment),
    numberToHex(r.inputWords.length, { size: 2 }),
    numberToHex(outputs.length, { size: 2 }),
    numberToHex(size(proof), { size: 2 }),
  ]).toLowerCase() as Hex;
}

function checkItem({ request: r, outputs, proof }: BatchFulfillment): void {
  if (r.requestId > MAX_REQUEST_ID) {
    throw new EncodingError(`request ${r.requestId} does not fit the packed batch encoding`, {
      details: "its id needs more than 64 bits; send it with fulfill or fulfillBatch",
    });
  }
  const counts: [string, number][] = [
    ["input words", r.inputWords.length],
    ["outputs", outputs.length],
    ["proof bytes", size(proof)],
  ];
  for (const [what, count] of counts) {
    if (count > MAX_COUNT) {
      throw new EncodingError(`request ${r.requestId} has ${count} ${what}: the packed encoding holds ${MAX_COUNT}`, {
        details: "send it with fulfill or fulfillBatch",
      });
    }
  }
}

/**
 * The packed encoding of `fulfillments`, for `fulfillBatchPacked`: one template per distinct set of shared request
 * fields (in order of first use), then the items in their order. Throws EncodingError for a batch the encoding cannot
 * hold (more than 255 templates or 65,535 items, a request id past 64 bits, a count past 65,535): such a batch goes
 * through `fulfillBatch` instead.
 */
export function encodePackedFulfillmentBatch(fulfillments: readonly BatchFulfillment[]): Hex {
  if (fulfillments.length > MAX_ITEMS) {
    throw new EncodingError(`a packed batch holds at most ${MAX_ITEMS} items, not ${fulfillments.length}`, {
      details: "split the batch",
    });
  }
  const templates: Hex[] = [];
  const index = new Map<Hex, number>();
  const items: Hex[] = [];
  for (const f of fulfillments) {
    checkItem(f);
    const template = templateOf(f);
    let t = index.get(template);
    if (t === undefined) {
      if (templates.length === MAX_TEMPLATES) {
        throw new EncodingError(`a packed batch holds at most ${MAX_TEMPLATES} distinct request templates`, {
          details: "split the batch by model version and requester",
        });
      }
      t = templates.length;
      templates.push(template);
      index.set(template, t);
    }
    const r = f.request;
    items.push(
      numberToHex(t, { size: 1 }),
      numberToHex(r.requestId, { size: 8 }),
      numberToHex(r.requestedAt, { size: 8 }),
      numberToHex(r.deadline, { size: 8 }),
      numberToHex(r.round, { size: 8 }),
      ...r.inputWords.map(word),
      ...f.outputs.map(word),
      f.proof,
    );
  }
  return concatHex([
    numberToHex(PACKED_BATCH_FORMAT, { size: 1 }),
    numberToHex(templates.length, { size: 1 }),
    ...templates,
    numberToHex(fulfillments.length, { size: 2 }),
    ...items,
  ]);
}
