/**
 * The explorer's browser tests drive Debian's `chromium` with playwright-core. This finds it, or installs it with
 * `apt-get install -y chromium` (through sudo when not root) when it is missing. Run it on its own with
 * `npx tsx test/explorer/ensureChromium.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

/** The flags the e2e launches chromium with: no sandbox (containers, root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
];

function findChromium(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path));
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const asRoot = process.getuid?.() === 0;
  const [bin, argv] = asRoot ? [command, args] : ["sudo", ["-n", command, ...args]];
  const result = spawnSync(bin, argv, {
    encoding: "utf8",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 20 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ?? ""}` };
}

/**
 * The path of Debian's chromium, installing the package first when it is missing (apt-get update is run once if the
 * first install attempt fails, e.g. on a fresh container without package lists).
 *
 * @throws {Error} when chromium is missing and apt-get cannot install it, with apt's output.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  let attempt = run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"]);
  if (!attempt.ok) {
    run("apt-get", ["update"]);
    attempt = run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"]);
  }
  const installed = findChromium();
  if (!installed) {
    throw new Error(
      `chromium is not installed and \`apt-get install -y chromium\` failed; install it by hand (Debian package "chromium") and rerun.\n${attempt.output.slice(-2000)}`,
    );
  }
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
