import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type Backend, findBackend, findCircuit, loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";

const folder = resolve(REPO_ROOT, "test/fixtures/coordinator");
const fixtures = readdirSync(folder).filter((file) => file.endsWith(".json"));

describe("coordinator proof fixtures", () => {
  const manifest = loadManifest();

  it("exist for every circuit the coordinator tests use", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
  });

  it.each(fixtures)("%s was proven with the current verification key", (file) => {
    const fixture = JSON.parse(readFileSync(resolve(folder, file), "utf8")) as {
      circuit: string;
      backend: Backend;
      vkeySha256: string;
    };
    const current = findBackend(findCircuit(manifest, fixture.circuit), fixture.backend).vkey.sha256;
    expect(
      fixture.vkeySha256,
      `${file} is stale: the ${fixture.circuit} ${fixture.backend} keys changed. Run npm run fixtures:coordinator and commit test/fixtures/coordinator.`,
    ).toBe(current);
  });
});
