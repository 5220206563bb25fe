import { zKey } from "snarkjs";
import { collectingLogger, parseContributions, type ZkeyContribution } from "./snarkjsLog.ts";

/** What `zkey verify` (from the initial zkey) says about a zkey. */
export type ZkeyCheck = { ok: boolean; contributions: ZkeyContribution[]; errors: string[] };

/**
 * Checks `zkey` against the initial zkey and the ptau (snarkjs `zkey verify` from init: every contribution's proof
 * of knowledge, the chain of deltas, the beacon's key, and that the key sections follow from the init's), and
 * returns the contributions it holds, in order.
 */
export async function checkZkey(initZkey: string, ptau: string, zkey: string): Promise<ZkeyCheck> {
  const logger = collectingLogger();
  let ok: boolean;
  try {
    ok = await zKey.verifyFromInit(initZkey, ptau, zkey, logger);
  } catch (error) {
    return { ok: false, contributions: [], errors: [error instanceof Error ? error.message : String(error)] };
  }
  return { ok, contributions: parseContributions(logger.lines), errors: logger.errors };
}
