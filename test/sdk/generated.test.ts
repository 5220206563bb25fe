/**
 * The SDK's generated sources are what `npm run sdk:abis` writes from forge's out/ today: a contract change that
 * alters an ABI or an enum fails here until the files are regenerated and committed.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { format, GENERATED } from "../../sdk/scripts/generateAbis.ts";

const OUT = resolve(REPO_ROOT, "out");

describe("sdk generated sources", () => {
  it.each(Object.entries(GENERATED))("%s equals a fresh generation from out/", (file, generate) => {
    // forge test (the README's first step) builds out/; without it there is nothing to compare against
    expect(existsSync(resolve(OUT, "InferenceCoordinator.sol")), "run `forge build` first").toBe(true);
    const committed = readFileSync(resolve(REPO_ROOT, file), "utf8");
    expect(committed === format(generate(OUT), file), `${file} is stale: run \`npm run sdk:abis\``).toBe(true);
  });

  it("names what is missing when out/ lacks an artifact", () => {
    expect(() => GENERATED["sdk/src/abis.ts"](resolve(REPO_ROOT, "no-such-out"))).toThrow(/run `forge build` first/);
  });
});
