/**
 * `npm run generate`: the command line. `main` is the list of a run's steps,
 * each a function of generator/command/ (the arguments, the folders, the
 * generation, its outcome); the run itself is run/generate.ts, the output
 * folder run/output.ts.
 */
import { terminalText } from "./model/escape.js";
import { parseArguments } from "./command/arguments.js";
import { openOutput, previousSnapshot, reviewedWarnings } from "./command/folders.js";
import { printReport, reportPages, runGeneration, type Launch } from "./command/generation.js";
import { acceptWarnings, checkOutput, showDiagnostics, writeChangeReport, writeOutput } from "./command/outcome.js";

export type { Launch };

/** A run of the command line; its exit status (0 success, 1 errors or drift with `--check`, 2 bad usage). */
export async function main(argv: readonly string[], root = process.cwd(), launch: Launch = {}): Promise<number> {
  const options = parseArguments(argv, root);
  if ("status" in options) return options.status;
  if (options.pages !== undefined) return reportPages({ ...options, pages: options.pages });
  // Locked and recovered first (a run that writes): only then is the previous snapshot read.
  const output = openOutput(options);
  if ("status" in output) return output.status;
  try {
    const previous = previousSnapshot(options, output);
    if ("status" in previous) return previous.status;
    const baseline = reviewedWarnings(options);
    if ("status" in baseline) return baseline.status;
    const result = await runGeneration(options, output, previous.text, launch);
    if ("status" in result) return result.status;
    if (options.report !== undefined) return printReport(options, result);
    const shown = showDiagnostics(options, result, baseline);
    if (shown === undefined) return 1;
    if (!(await writeChangeReport(options, result, shown.reviewed))) return 1;
    if (!acceptWarnings(options, result, baseline)) return 1;
    return options.check ? checkOutput(options, output, shown.files, result.onDisk) : await writeOutput(options, output, shown.files, result.onDisk);
  } finally {
    output.release();
  }
}

/** `main` as a process runs it: its result becomes the exit status, and an error it throws is reported as internal. */
export async function run(argv: readonly string[], launch: Launch = {}): Promise<void> {
  try {
    process.exitCode = await main(argv, process.cwd(), launch);
  } catch (error) {
    process.stderr.write(
      `generate: internal error: ${(error instanceof Error ? (error.stack ?? error.message) : String(error)).split("\n").map(terminalText).join("\n")}\n`,
    );
    process.exitCode = 1;
  }
}
