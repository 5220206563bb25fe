/**
 * npm run bench:ceremony [-- --ptau <file>] [-- --circuit <id>[/groth16 | /plonk]...] [-- --plonk-only] — how long
 * each ceremony step takes on this machine for the manifest's builds: init, three contributions, the beacon, verify
 * and finalize, with a row per PLONK key finalize derives (into a scratch directory, so the repository's keys stay as
 * they are). With --plonk-only, a ceremony of the PLONK builds alone: init, finalize (one row per PLONK key) and the
 * verify that derives them again. The dev ptau of 2^15 stands in for the published file by default (init then
 * records the unknown-ptau warning, as it must). Prints a markdown table and writes .bench/ceremony.json
 * (.bench/ceremony-plonk.json with --plonk-only).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  applyBeacon,
  contribute,
  ensurePtau,
  finalizeCeremony,
  initCeremony,
  loadManifest,
  REPO_ROOT,
  verifyCeremony,
} from "@symbiote/circuits";
import { privateKeyToAccount } from "viem/accounts";

// anvil's public dev keys: the bench's participants sign with them
const KEYS = [
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
] as const;

async function timed<T>(rows: { step: string; seconds: number }[], step: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  rows.push({ step, seconds: (performance.now() - t0) / 1000 });
  console.log(`[bench:ceremony] ${step}: ${rows.at(-1)?.seconds.toFixed(1)} s`);
  return out;
}

function option(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === name ? [process.argv[i + 1] ?? ""] : []));
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

async function main(): Promise<void> {
  const plonkOnly = process.argv.includes("--plonk-only");
  const [ptauArg] = option("--ptau");
  const ptau = ptauArg ? resolve(ptauArg) : await ensurePtau((m) => console.log(m));
  const manifest = loadManifest();
  const selection = option("--circuit");
  // --plonk-only: the PLONK build of each selected circuit (default: every circuit that has one)
  const circuits = plonkOnly
    ? (selection.length > 0 ? selection.map((s) => s.split("/")[0] ?? s) : manifest.circuits.map((c) => c.id))
        .filter((id) => manifest.circuits.find((c) => c.id === id)?.backends.some((b) => b.backend === "plonk"))
        .map((id) => `${id}/plonk`)
    : selection;
  const work = mkdtempSync(join(tmpdir(), "symbiote-bench-ceremony-"));
  const dir = join(work, "ceremony");
  const rows: { step: string; seconds: number }[] = [];
  const quiet = () => {};
  const startedAt = new Date().toISOString();
  const loadAtStart = load();
  try {
    // a PLONK build has no initial zkey: init is the ptau's check alone
    const initStep = plonkOnly ? "init (powersoftau verify)" : "init (powersoftau verify + initial zkeys)";
    const t = await timed(rows, initStep, () =>
      initCeremony({ dir, ptau, allowUnknownPtau: true, circuits, manifest, root: REPO_ROOT, log: quiet }),
    );
    if (!plonkOnly) {
      for (const [i, key] of KEYS.entries()) {
        await timed(rows, `contribute (participant ${i + 1})`, () =>
          contribute({ dir, name: `participant-${i + 1}`, account: privateKeyToAccount(key), log: quiet }),
        );
      }
      await timed(rows, "beacon (2^10 iterations)", () =>
        applyBeacon({
          dir,
          source: "drand:1",
          value: "11".repeat(32),
          iterationsExp: 10,
          announcement: "bench",
          log: quiet,
        }),
      );
      await timed(rows, "verify", () => verifyCeremony({ dir, ptau, root: REPO_ROOT, log: quiet }));
    }
    const finalized = await timed(rows, "finalize (includes a verify and the PLONK keys)", () =>
      finalizeCeremony({ dir, ptau, root: REPO_ROOT, out: join(work, "out"), log: quiet }),
    );
    for (const p of finalized.plonk) {
      const gates = t.plonk?.find((x) => x.id === p.id)?.gates;
      rows.push({ step: `finalize: PLONK keys (${p.id}${gates ? `, ${gates} gates` : ""})`, seconds: p.seconds });
      console.log(`[bench:ceremony] ${rows.at(-1)?.step}: ${p.seconds.toFixed(1)} s`);
    }
    if (plonkOnly) {
      await timed(rows, "verify (derives the PLONK keys again)", () =>
        verifyCeremony({ dir, ptau, root: REPO_ROOT, log: quiet }),
      );
    }
    const groth16 = t.circuits.map((c) => `${c.id} (${c.constraints} constraints)`);
    const plonk = (t.plonk ?? []).map((p) => `${p.id}/plonk${p.gates ? ` (${p.gates} gates)` : ""}`);
    const summary = [...groth16, ...plonk].join(", ");
    const loadAtEnd = load();
    console.log(
      `\n${startedAt}, ptau 2^${t.ptau.power}; builds: ${summary}; load average at the start ${loadAtStart}, ` +
        `at the end ${loadAtEnd}\n`,
    );
    console.log("| step | seconds |\n| --- | --- |");
    for (const r of rows) console.log(`| ${r.step} | ${r.seconds.toFixed(0)} |`);
    mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
    writeFileSync(
      resolve(REPO_ROOT, plonkOnly ? ".bench/ceremony-plonk.json" : ".bench/ceremony.json"),
      `${JSON.stringify({ startedAt, ptauPower: t.ptau.power, builds: summary, loadAtStart, loadAtEnd, rows }, null, 2)}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
