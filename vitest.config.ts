import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // the workspace's SDK from its sources, as tsconfig.json's paths and tsx resolve it
  resolve: { alias: { "@symbiote/sdk": fileURLToPath(new URL("./sdk/src/index.ts", import.meta.url)) } },
  test: {
    include: [
      "test/**/*.test.ts",
      "test/**/*.test.tsx",
      "sdk/**/*.test.ts",
      "oracle/**/*.test.ts",
      "circuits/**/*.test.ts",
      "compiler/**/*.test.ts",
    ],
    // Proofs and anvil-backed tests are slow on a 2-core machine; each file gets its own generous budget.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
