#!/usr/bin/env node
// Fronts the pinned `solc` npm package (solc-js) with the command-line surface forge expects from a native
// compiler: `--version` and `--standard-json` on stdin. forge runs offline here, so it can never download a
// compiler; it calls this script instead (see `solc` in foundry.toml).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

// forge parses the version line and wants a native-looking build string.
const NATIVE_PLATFORM = "Linux.g++";

function nativeVersion() {
  // solc-js reports e.g. "0.8.30+commit.73712a01.Emscripten.clang".
  const [semver, build] = solc.version().split("+");
  const commit = build.split(".").slice(0, 2).join(".");
  return `${semver}+${commit}.${NATIVE_PLATFORM}`;
}

function readOption(args, name) {
  const values = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name && i + 1 < args.length) values.push(args[++i]);
    else if (args[i].startsWith(`${name}=`)) values.push(args[i].slice(name.length + 1));
  }
  return values;
}

/** Resolves an import the way native solc does: against the base path first, then each include path. */
function makeImportResolver(roots) {
  return (importPath) => {
    const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((root) => path.resolve(root, importPath));
    for (const candidate of candidates) {
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(", ")})` };
  };
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--version") || args.includes("-v")) {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${nativeVersion()}\n`);
    return;
  }
  if (!args.includes("--standard-json")) {
    process.stderr.write("This wrapper only supports --version and --standard-json (input on stdin).\n");
    process.exit(2);
  }
  const roots = [...readOption(args, "--base-path"), ...readOption(args, "--include-path"), process.cwd()];
  const input = fs.readFileSync(0, "utf8");
  const output = solc.compile(input, { import: makeImportResolver(roots) });
  process.stdout.write(output);
}

main();
