/** The command line's view of its folders: the output folder opened as the run needs it, and the reviewed warnings of docs/. */
import { BASELINE_FILE, readBaseline, type Baseline } from "../model/baseline.js";
import { terminalText } from "../model/escape.js";
import { readOptional } from "../run/files.js";
import { OutputError, OutputFolder } from "../run/output.js";
import { USAGE, type Options, type Stop } from "./arguments.js";

/** The reviewed warnings file is a few hundred KiB at most. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * The output folder, opened for what the run does: locked and recovered
 * for a run that writes (what the recovery did is said), refused to
 * `--check` while a write is interrupted; its problems said, as a stop.
 */
export function openOutput(options: Options): OutputFolder | Stop {
  try {
    if (options.report !== undefined || options.check) return OutputFolder.forReading(options.outDir, options.out, { check: options.check });
    const output = OutputFolder.forWriting(options.outDir, options.out);
    if (output.recovered !== undefined && !options.quiet) process.stderr.write(`generate: an interrupted write of ${options.out}/ was ${output.recovered}\n`);
    return output;
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    process.stderr.write(error.status === 2 ? `${terminalText(error.message)}\n\n${USAGE}\n` : `generate: ${terminalText(error.message)}\n`);
    return { status: error.status };
  }
}

/** The previous snapshot of the output folder (none for a report), or the stop its damage is. */
export function previousSnapshot(options: Options, output: OutputFolder): { text: string | undefined } | Stop {
  if (options.report !== undefined) return { text: undefined };
  try {
    return { text: output.previousSnapshot() };
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    process.stderr.write(`${terminalText(error.message)}\n`);
    return { status: error.status };
  }
}

/** The reviewed warnings of docs/ (see model/baseline.ts): none for a report; one that cannot be read stops the run. */
export function reviewedWarnings(options: Options): Baseline | Stop {
  if (options.report !== undefined) return readBaseline(undefined);
  const read = readOptional(options.docsDir, BASELINE_FILE, "docs/", MAX_BASELINE_BYTES);
  if ("problem" in read) {
    process.stderr.write(`${terminalText(docsPrefix(options))}/${BASELINE_FILE}:1:1: error D2E009: cannot read the reviewed warnings: ${read.problem}\n`);
    return { status: 1 };
  }
  return readBaseline(read.text);
}

/** The docs folder as the user named it, for the paths of diagnostics. */
export const docsPrefix = (options: Options) => options.docs.replace(/\/+$/, "");
