import { readFileSync } from "node:fs";
import type { LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CeremonyError } from "./errors.ts";

/**
 * The participant's signing key, from `env:<VARIABLE>` or a file holding the 0x-prefixed hex key. The key stays in
 * memory: nothing here (or in contribute) writes or prints it.
 */
export function loadParticipantKey(spec: string, env: NodeJS.ProcessEnv = process.env): LocalAccount {
  let raw: string;
  if (spec.startsWith("env:")) {
    const name = spec.slice(4);
    const value = env[name];
    if (!value) throw new CeremonyError(`--key ${spec}: the environment variable ${name} is not set.`);
    raw = value;
  } else {
    try {
      raw = readFileSync(spec, "utf8");
    } catch (error) {
      throw new CeremonyError(`--key ${spec}: cannot read the key file; give a file or env:<VARIABLE>.`, {
        cause: error,
      });
    }
  }
  const key = raw.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new CeremonyError(`--key ${spec}: not a 32-byte hex private key (0x followed by 64 hex digits).`);
  }
  return privateKeyToAccount(key as `0x${string}`);
}
