/**
 * `npm run circuits:ptau -- <power>…`: makes the dev Powers of Tau of each power into circuits/.work/ptau (or
 * `--dir`), the files larger compiled models, audits and benchmarks look for. DEV ONLY: see DEV_BEACON.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DEV_PTAU_MAX_POWER, devPtauPath, ensurePtau, WORK_DIR } from "./ptau.ts";

const USAGE = `usage: npm run circuits:ptau -- <power 1…${DEV_PTAU_MAX_POWER}>… [--dir <folder>]`;

async function main(args: string[]): Promise<number> {
  let dir = resolve(WORK_DIR, "ptau");
  const powers: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (arg === "--dir" && next) {
      dir = resolve(next);
      i++;
    } else if (/^\d+$/.test(arg) && Number(arg) >= 1 && Number(arg) <= DEV_PTAU_MAX_POWER) {
      powers.push(Number(arg));
    } else {
      console.error(`${arg}: not a power in 1…${DEV_PTAU_MAX_POWER}\n${USAGE}`);
      return 2;
    }
  }
  if (powers.length === 0) {
    console.error(USAGE);
    return 2;
  }
  for (const power of powers) {
    if (existsSync(devPtauPath(power, dir))) {
      console.log(`${devPtauPath(power, dir)} (already there)`);
      continue;
    }
    const started = Date.now();
    const path = await ensurePtau((msg) => console.log(msg), power, dir);
    console.log(`${path} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
