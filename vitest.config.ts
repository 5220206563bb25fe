import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/**/*.test.ts",
      "test/**/*.test.tsx",
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
