/**
 * npm run circuits:verifiers — re-exports every verifier in contracts/verifiers from the committed verification
 * keys (circuits/build/<id>/<backend>/vkey.json, the same data snarkjs renders from the zkey), without any setup,
 * and records the new source hashes in circuits/manifest.json. Run it after a change to the verifier templates
 * (circuits/src/build/setup.ts, circuits/src/build/groth16*.ts, circuits/src/build/batchVerifier.ts) or to the keys.
 * A ceremony's verifier keeps its header naming the ceremony (the published transcript must be in place). The
 * fairness-audit verifiers (listed in auditCircuits.ts, outside the manifest) are re-rendered the same way from their
 * committed keys.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { manifestVerifier } from "../ceremony/ceremonyKeys.ts";
import { MANIFEST_PATH, type Manifest, sha256Hex } from "../manifest.ts";
import { AUDIT_CIRCUITS } from "./auditCircuits.ts";
import { renderVerifier, type VerificationKey } from "./setup.ts";
import { REPO_ROOT } from "./sourceHash.ts";

const manifestFile = resolve(REPO_ROOT, MANIFEST_PATH);
const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
for (const circuit of manifest.circuits) {
  for (const b of circuit.backends) {
    const vkey = JSON.parse(readFileSync(resolve(REPO_ROOT, b.vkey.path), "utf8")) as VerificationKey;
    if (sha256Hex(readFileSync(resolve(REPO_ROOT, b.vkey.path))) !== b.vkey.sha256)
      throw new Error(`${b.vkey.path} does not match the manifest: rebuild with npm run circuits:build`);
    const source = manifestVerifier(manifest, circuit, b, vkey, REPO_ROOT);
    writeFileSync(resolve(REPO_ROOT, b.verifier.path), source);
    const sha256 = sha256Hex(Buffer.from(source));
    console.log(`[circuits:verifiers] ${b.verifier.path}${sha256 === b.verifier.sha256 ? " (unchanged)" : ""}`);
    b.verifier.sha256 = sha256;
  }
}
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
for (const spec of AUDIT_CIRCUITS) {
  const vkey = JSON.parse(
    readFileSync(resolve(REPO_ROOT, "circuits/build", spec.artifacts.id, "groth16/vkey.json"), "utf8"),
  ) as VerificationKey;
  const path = `contracts/verifiers/${spec.contract}.sol`;
  // an audit's signals are not an inference's: no weights-base entry points
  const source = renderVerifier("groth16", vkey, spec.contract, spec.artifacts.id, { inference: false });
  const unchanged = readFileSync(resolve(REPO_ROOT, path), "utf8") === source;
  writeFileSync(resolve(REPO_ROOT, path), source);
  console.log(`[circuits:verifiers] ${path}${unchanged ? " (unchanged)" : ""}`);
}
