import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { computeInputCommitment } from "@symbiote/circuits";
import type { ModelFamily } from "@symbiote/sdk";
import { FatalError } from "@symbiote/sdk";

/** Private inputs are missing, or do not open the commitment a request names. */
export class PrivateInputError extends FatalError {
  override name = "PrivateInputError";
}

/**
 * The data owner's local store of private inputs, one file per input commitment:
 * `<dir>/<commitment as 64 hex digits>.json` holding `{ "inputs": ["<raw fixed point>", …], "salt": "<decimal>" }`.
 * Only the owner's node has it, which is why only that node can serve committed-input requests.
 */
export class DataStore {
  constructor(readonly dir: string) {}

  pathOf(commitment: bigint): string {
    return join(this.dir, `${commitment.toString(16).padStart(64, "0")}.json`);
  }

  has(commitment: bigint): boolean {
    return existsSync(this.pathOf(commitment));
  }

  /**
   * The inputs and salt behind `commitment`, checked to open it.
   *
   * @throws {PrivateInputError} no such file, or the file does not open the commitment.
   */
  open(commitment: bigint, family: ModelFamily): { inputs: bigint[]; salt: bigint } {
    const path = this.pathOf(commitment);
    if (!existsSync(path)) {
      throw new PrivateInputError(
        `no private inputs for commitment 0x${commitment.toString(16)} in ${this.dir}; add ${path} (inputs and salt) or the request will time out.`,
      );
    }
    const raw = JSON.parse(readFileSync(path, "utf8")) as { inputs: string[]; salt: string };
    const inputs = raw.inputs.map(BigInt);
    const salt = BigInt(raw.salt);
    if (computeInputCommitment(family, inputs, salt) !== commitment) {
      throw new PrivateInputError(
        `${path} does not open commitment 0x${commitment.toString(16)}; restore the original file.`,
      );
    }
    return { inputs, salt };
  }
}
