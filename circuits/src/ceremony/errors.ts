import { BaseError } from "@symbiote/sdk";

/** Why contribute and beacon refuse a ceremony of PLONK builds only. */
export const PLONK_ONLY =
  "this ceremony covers PLONK keys only, which derive from the ptau alone and take no contribution or beacon: " +
  "run npm run ceremony -- finalize (or init a ceremony that includes Groth16 builds).";

/** A ceremony command cannot go on: bad arguments, a missing file, a refused input. The message says what to do. */
export class CeremonyError extends BaseError {
  override name = "CeremonyError";
}

/**
 * `verify` found a broken link in the chain: a zkey, an attestation, the order or the beacon is not what the
 * transcript claims. `link` names the link ("contribution #2 (bob), classifier16-public") for the report.
 */
export class CeremonyVerificationError extends BaseError {
  override name = "CeremonyVerificationError";
  readonly link: string;

  constructor(link: string, problem: string, details?: string) {
    super(`${link}: ${problem}`, details ? { details } : {});
    this.link = link;
  }
}
