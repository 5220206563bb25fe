/**
 * The README's promises hold: its quick start is the two commands the package defines, every `npm run <script>` in it
 * and in docs/ exists, and the Solidity consumer compiles with the project's compiler and remappings. The TypeScript
 * example runs for real in test/sdk/journey.e2e.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

const readme = readFileSync(resolve(REPO_ROOT, "README.md"), "utf8");
const docs = readdirSync(resolve(REPO_ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => ({ file: `docs/${f}`, text: readFileSync(resolve(REPO_ROOT, "docs", f), "utf8") }));
const scripts = (
  JSON.parse(readFileSync(resolve(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** The fenced code blocks of a markdown text in a language, in order. */
function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string);
}

/** The text of a `## heading` section, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

const [solidity] = codeBlocks(readme, "solidity");

describe("README and docs commands", () => {
  it("quick start is exactly `npm install && npm run demo` and `npm test`, both defined by the package", () => {
    const [commands] = codeBlocks(section(readme, "Quick start"), "sh");
    expect(commands?.trim().split("\n")).toEqual(["npm install && npm run demo", "npm test"]);
    expect(scripts.demo).toBeDefined();
    expect(scripts.test).toBeDefined();
  });

  it("every `npm run <script>` in the README and docs/ is a script of package.json", () => {
    const missing: string[] = [];
    let seen = 0;
    for (const { file, text } of [{ file: "README.md", text: readme }, ...docs]) {
      for (const [, name] of text.matchAll(/npm run ([A-Za-z0-9:_-]+)/g)) {
        seen++;
        if (!(name && name in scripts)) missing.push(`${file}: npm run ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(20);
  });
});

describe("README's Solidity consumer", () => {
  it("compiles with the project's solc and remappings (@symbiote/contracts/ mapped to contracts/)", () => {
    expect(solidity).toBeDefined();
    const toml = readFileSync(resolve(REPO_ROOT, "foundry.toml"), "utf8");
    const remappings = [...(toml.match(/remappings = \[([\s\S]*?)\]/)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(remappings.length).toBeGreaterThan(0);
    const solc = createRequire(import.meta.url)("solc") as { compile: (input: string, callbacks: object) => string };
    const input = {
      language: "Solidity",
      sources: { "README.sol": { content: solidity } },
      settings: {
        remappings: [...remappings, "@symbiote/contracts/=contracts/"],
        evmVersion: "cancun",
        outputSelection: { "README.sol": { LoanDesk: ["abi", "evm.bytecode.object"] } },
      },
    };
    // the source unit names after remapping are paths from the repository root
    const findImports = (path: string) => {
      try {
        return { contents: readFileSync(resolve(REPO_ROOT, path), "utf8") };
      } catch {
        return { error: `not found: ${path}` };
      }
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
      errors?: { severity: string; formattedMessage: string }[];
      contracts?: Record<string, Record<string, { abi: { name?: string }[]; evm: { bytecode: { object: string } } }>>;
    };
    const errors = (output.errors ?? []).filter((e) => e.severity === "error").map((e) => e.formattedMessage);
    expect(errors).toEqual([]);
    const desk = output.contracts?.["README.sol"]?.LoanDesk;
    expect(desk?.evm.bytecode.object.length).toBeGreaterThan(1000);
    expect(desk?.abi.map((item) => item.name)).toEqual(
      expect.arrayContaining(["assess", "onInferenceResult", "approved", "applicantOf"]),
    );
  }, 120_000);
});
