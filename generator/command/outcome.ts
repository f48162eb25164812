/** What a finished generation leaves: its diagnostics shown, the change report, the reviewed warnings, and the output folder checked or written. */
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { acceptedBaseline, BASELINE_FILE, review, reviewSummary, warningsMarkdown, type Baseline } from "../model/baseline.js";
import { changesMarkdown, changesSummary } from "../model/changes.js";
import { formatDiagnostic } from "../model/diagnostics.js";
import { jsonText, terminalText } from "../model/escape.js";
import { writeAtomically } from "../run/files.js";
import { hasErrors, type GenerateResult } from "../run/generate.js";
import { hasDrift, WriteError, type Drift, type OutputFolder } from "../run/output.js";
import type { Options } from "./arguments.js";
import { docsPrefix } from "./folders.js";

type Reviewed = ReturnType<typeof review>;
type Files = NonNullable<GenerateResult["files"]>;

/**
 * The run's diagnostics against the reviewed warnings: those not reviewed
 * shown (errors only with `--quiet`), and a summary. Undefined when they
 * stop the run (errors, or warnings with `--strict`): nothing is written.
 */
export function showDiagnostics(options: Options, result: GenerateResult, baseline: Baseline): { reviewed: Reviewed; files: Files } | undefined {
  const prefix = docsPrefix(options);
  const reviewed = review(result.diagnostics, baseline);
  for (const d of reviewed.shown) {
    if (options.quiet && d.severity !== "error") continue;
    process.stderr.write(`${formatDiagnostic(d, prefix)}\n`);
  }
  if (!options.quiet && (reviewed.reviewed > 0 || reviewed.fresh.length > 0 || reviewed.stale.length > 0)) {
    process.stderr.write(`generate: ${reviewSummary(reviewed, `${prefix}/${BASELINE_FILE}`)}\n`);
  }
  if (hasErrors(reviewed.shown) || (options.strict && reviewed.shown.length > 0) || result.files === undefined) {
    const count = reviewed.shown.filter((d) => d.severity === "error" || options.strict).length;
    process.stderr.write(`generate: ${count} problem(s) stopped the run; ${options.out}/ was not changed.\n`);
    return undefined;
  }
  return { reviewed, files: result.files };
}

/** Where the run's messages go: standard output, or standard error when the change report is written there; nothing with `--quiet`. */
export const informer = (options: Options) => (text: string) => {
  if (options.quiet) return;
  (options.changes !== undefined && options.changesFile === undefined ? process.stderr : process.stdout).write(text);
};

/** `--changes md|json`: the change report, with the warnings not reviewed, to `--changes-file` or standard output; then its one-line summary. False when it cannot be written. */
export async function writeChangeReport(options: Options, result: GenerateResult, reviewed: Reviewed): Promise<boolean> {
  if (result.changes && options.changes !== undefined) {
    const prefix = docsPrefix(options);
    const warnings = warningsMarkdown(reviewed, prefix);
    const text =
      options.changes === "md"
        ? `${changesMarkdown(result.changes)}${warnings ? `\n${warnings}` : ""}`
        : jsonText({ ...result.changes, warnings: { new: reviewed.fresh, stale: reviewed.stale.map(({ position: _at, ...entry }) => entry) } });
    if (options.changesFile !== undefined) {
      try {
        await writeFile(resolve(options.root, options.changesFile), text);
      } catch (error) {
        process.stderr.write(`generate: cannot write the change report to ${options.changesFile}: ${terminalText((error as Error).message)}\n`);
        return false;
      }
    } else process.stdout.write(text);
  }
  if (result.changes) informer(options)(`${changesSummary(result.changes)}\n`);
  return true;
}

/** `--accept-warnings` (not with `--check`): every warning of the run written into the reviewed baseline. False when it cannot be written. */
export function acceptWarnings(options: Options, result: GenerateResult, baseline: Baseline): boolean {
  if (!options.acceptWarnings || options.check) return true;
  const prefix = docsPrefix(options);
  try {
    writeAtomically(join(options.docsDir, BASELINE_FILE), acceptedBaseline(result.diagnostics, baseline));
  } catch (error) {
    process.stderr.write(`generate: cannot write ${prefix}/${BASELINE_FILE}: ${terminalText((error as Error).message)}\n`);
    return false;
  }
  informer(options)(`wrote ${prefix}/${BASELINE_FILE}: every warning of this run is reviewed; say why in each new entry's "why".\n`);
  return true;
}

/** `--check`: the output folder against the run's files; 1 and what differs when it is out of date. */
export function checkOutput(options: Options, output: OutputFolder, files: Files, onDisk: ReadonlySet<string>): number {
  const drift = output.compare(files, onDisk);
  if (hasDrift(drift)) {
    process.stderr.write(`${describeDrift(options.out, drift)}\n${options.out}/ is out of date: run \`npm run generate\`.\n`);
    return 1;
  }
  informer(options)(`${options.out}/ is up to date (${files.size} files).\n`);
  return 0;
}

/** The output folder brought to the run's files, in one transaction; what changed said. */
export async function writeOutput(options: Options, output: OutputFolder, files: Files, onDisk: ReadonlySet<string>): Promise<number> {
  let drift: Drift;
  try {
    drift = await output.write(files, onDisk);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    process.stderr.write(`generate: ${terminalText(error.message)}\n`);
    return 1;
  }
  const changed = drift.stale.length + drift.missing.length + drift.extra.length;
  informer(options)(
    changed === 0
      ? `${options.out}/ is up to date (${files.size} files).\n`
      : `${describeDrift(options.out, drift, ["updated", "added", "removed"])}\nwrote ${options.out}/ (${files.size} files).\n`,
  );
  return 0;
}

function describeDrift(out: string, drift: Drift, labels = ["stale", "missing", "extra"]): string {
  const lines: string[] = [];
  [drift.stale, drift.missing, drift.extra].forEach((paths, i) => {
    for (const path of paths) lines.push(`${labels[i]}: ${terminalText(`${out}/${path}`)}`);
  });
  return lines.join("\n");
}
