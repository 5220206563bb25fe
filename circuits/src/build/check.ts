/**
 * npm run circuits:check — fast, pure, no setup: fails when a circuit's sources (or the toolchain) changed but
 * its artifacts and manifest were not rebuilt, when a committed artifact does not match its recorded hash, or
 * when the manifest's public-signal layout differs from the one the oracle code computes. Runs in CI.
 */
import { checkCircuits } from "./checkCircuits.ts";

const REBUILD =
  "run `npm run circuits:build` and commit circuits/build, circuits/manifest.json, contracts/verifiers and test/fixtures/zk";

const problems = checkCircuits();
if (problems.length > 0) {
  console.error(`circuits:check failed:\n  - ${problems.join("\n  - ")}\nTo fix: ${REBUILD}.`);
  process.exit(1);
}
console.log("circuits:check: every circuit matches its sources, artifacts and manifest");
