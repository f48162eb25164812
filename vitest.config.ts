import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two test files at a time: on the 2-core machine measured, the whole
    // suite took 350 s with vitest's default (one file fewer than the cores)
    // and 190-210 s with two; many tests wait on processes they start.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
