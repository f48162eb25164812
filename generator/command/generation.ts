/** The run itself, as the command line starts it, and the reports that stop after the model (`--report`). */
import { formatDiagnostic } from "../model/diagnostics.js";
import { jsonText, terminalText } from "../model/escape.js";
import { DamagedSnapshotError } from "../model/snapshot.js";
import { generate, hasErrors, type GenerateResult } from "../run/generate.js";
import type { OutputFolder } from "../run/output.js";
import { buildReport, coverage, coverageMarkdown, parseFiles } from "../run/report.js";
import type { Options, Stop } from "./arguments.js";
import { docsPrefix } from "./folders.js";

/** What the launcher (bin.mjs) hands over. */
export interface Launch {
  /** The script worker threads run, from the same bundle as the command line (see run/bundle.mjs). */
  readonly workerScript?: URL | undefined;
}

/** One generation (see run/generate.ts); a damaged previous snapshot stops it, said with what mends it. */
export async function runGeneration(options: Options, output: OutputFolder, previousSnapshot: string | undefined, launch: Launch): Promise<GenerateResult | Stop> {
  try {
    const result = await generate({
      docsDir: options.docsDir,
      previousSnapshot,
      revision: options.revision,
      bump: options.bump,
      cacheDir: options.cacheDir,
      threads: options.threads,
      workerScript: launch.workerScript,
      parseOnly: options.report !== undefined,
      output,
    });
    if (result.cacheDamaged > 0) {
      process.stderr.write(`generate: warning: ${result.cacheDamaged} damaged cache entr${result.cacheDamaged === 1 ? "y was" : "ies were"} not used and computed again\n`);
    }
    return result;
  } catch (error) {
    if (!(error instanceof DamagedSnapshotError)) throw error;
    const { line, column, message } = error.problem;
    const path = terminalText(output.snapshotPath);
    process.stderr.write(
      `${path}:${line}:${column}: error: ${terminalText(message)}\n` +
        `generate: the previous snapshot is damaged; it holds the versions, changelog and deprecations of earlier runs: restore it (git checkout -- ${path}), or delete it to start over. ${options.out}/ was not changed.\n`,
    );
    return { status: 1 };
  }
}

/** `--report json --pages …`: the tables and codes of any files or folders of pages, outside the manifest. */
export async function reportPages(options: Options & { readonly pages: readonly string[] }): Promise<number> {
  const report = buildReport(await parseFiles(options.root, options.pages), "");
  process.stdout.write(jsonText(report));
  return report.summary.errors > 0 || (options.strict && report.summary.warnings > 0) ? 1 : 0;
}

/** `--report summary` (the coverage, as markdown) or `--report json` (each page's tables and codes); the exit status. */
export function printReport(options: Options, result: GenerateResult): number {
  const prefix = docsPrefix(options);
  if (options.report === "summary") {
    for (const d of result.diagnostics) if (d.severity === "error") process.stderr.write(`${formatDiagnostic(d, prefix)}\n`);
    if (result.model) process.stdout.write(coverageMarkdown(coverage(result.model)));
    return hasErrors(result.diagnostics) ? 1 : 0;
  }
  const report = buildReport(result.pages, prefix);
  process.stdout.write(jsonText(report));
  for (const d of result.diagnostics) {
    if (!result.pages.some((p) => p.file === d.position.file)) process.stderr.write(`${formatDiagnostic(d, prefix)}\n`);
  }
  return hasErrors(result.diagnostics) || (options.strict && result.diagnostics.length > 0) ? 1 : 0;
}
