import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The test files that run whole generations, builds, installs or
 * workflows in processes of their own: `npm test` runs them with the others,
 * `npm run test:fast` (the inner loop) leaves them out. Longest first: the
 * order they start in (see `LongestFirst`).
 */
const SLOW = [
  "test/regenerate-workflow.test.ts",
  "test/golden.test.ts",
  "test/docs.test.ts",
  "test/consumers.test.ts",
  "test/faults.test.ts",
  "test/cli.test.ts",
  "test/known-warnings.test.ts",
  "test/bad-input.test.ts",
  "test/fetch.test.ts",
  "test/changes.test.ts",
  "test/replay.test.ts",
  "test/integration.test.ts",
  "test/fuzz.test.ts",
  "test/hostile.test.ts",
  "test/launcher.test.ts",
];

/**
 * The slow files in the order of `SLOW`, then the others as vitest orders
 * them. Vitest orders by the durations of the last run, which a fresh clone
 * does not have (it then goes by file size) and which a run of a few tests
 * (`-t`) makes short: with two workers, the longest file starting last kept
 * one worker busy alone for a minute.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOW.indexOf(relative(this.ctx.config.root, file.moduleId).replaceAll("\\", "/"));
      return index === -1 ? SLOW.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: "fast", include: ["test/**/*.test.ts"], exclude: SLOW } },
      { extends: true, test: { name: "slow", include: SLOW } },
    ],
  },
});
