import { defineConfig } from "vitest/config";

/**
 * The test files that run whole generations, builds, installs or
 * workflows in processes of their own: `npm test` runs them with the others,
 * `npm run test:fast` (the inner loop) leaves them out.
 */
const SLOW = [
  "test/regenerate-workflow.test.ts",
  "test/golden.test.ts",
  "test/consumers.test.ts",
  "test/faults.test.ts",
  "test/changes.test.ts",
  "test/cli.test.ts",
  "test/known-warnings.test.ts",
  "test/fetch.test.ts",
  "test/replay.test.ts",
  "test/bad-input.test.ts",
  "test/fuzz.test.ts",
  "test/integration.test.ts",
  "test/hostile.test.ts",
  "test/launcher.test.ts",
  "test/docs.test.ts",
];

export default defineConfig({
  test: {
    setupFiles: ["test/helpers/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two test files at a time: on the 2-core machine measured, the whole
    // suite took 350 s with vitest's default (one file fewer than the cores)
    // and 190-210 s with two; many tests wait on processes they start.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      { extends: true, test: { name: "fast", include: ["test/**/*.test.ts"], exclude: SLOW } },
      { extends: true, test: { name: "slow", include: SLOW } },
    ],
  },
});
