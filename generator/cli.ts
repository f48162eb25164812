import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { InputError, readInput, symlinkOut, writeAtomically } from "./run/files.js";
import { generate, hasErrors, type GenerateResult } from "./run/generate.js";
import { changesMarkdown, changesSummary } from "./model/changes.js";
import { formatDiagnostic } from "./model/diagnostics.js";
import { jsonText, terminalText } from "./model/escape.js";
import { DamagedSnapshotError, SNAPSHOT_FILE } from "./model/snapshot.js";
import { acceptedBaseline, BASELINE_FILE, readBaseline, review, reviewSummary, warningsMarkdown, type Baseline } from "./model/baseline.js";
import { buildReport, coverage, coverageMarkdown, parseFiles } from "./run/report.js";
import {
  compareWithDisk,
  foreignFiles,
  hasDrift,
  lock,
  LockError,
  recover,
  TRANSACTION_DIR,
  WriteError,
  writeFiles,
  type Drift,
  type Lock,
} from "./run/write.js";

const USAGE = `Usage: npm run generate -- [options]

Reads the pages listed in docs/sources.json and writes generated/.

Options:
  --docs <dir>   docs folder (default: docs)
  --out <dir>    output folder (default: generated)
  --check        write nothing; exit 1 and list stale, missing and extra files
                 when the output folder differs from what the docs produce
  --report json  write nothing; print, per page, the tables found and the codes
                 extracted, as JSON on standard output
  --report summary
                 write nothing; print, per service and API version, its codes,
                 actions with documented errors, locales and pages (markdown)
  --pages <path> with --report: read these files or folders (every .md below)
                 instead of the pages listed in the manifest; may be repeated
  --changes <md|json>
                 write the change report (codes added, deprecated, removed and
                 messages changed since the previous output) to --changes-file,
                 or to standard output
  --changes-file <path>
  --bump <major|minor|patch>
                 release at least this kind of version, for changes that do
                 not come from the docs (the runtime's, say); the docs'
                 changes set the version otherwise (see README, "Versions")
  --revision <YYYY-MM-DD>
                 the docs revision date (default: "revision" of docs/sources.json)
  --no-cache     do not use or write the cache (.cache/doc2errors, or
                 DOC2ERRORS_CACHE_DIR) of parsed pages and printed files
  --threads <n>  threads to work on, the main thread included (default: the
                 number of cores, at most 4): 1 runs everything on the main
                 thread; 2: the main thread parses, a worker prints and
                 formats; more: every thread parses, the workers print
  --accept-warnings
                 write every warning of this run into the reviewed baseline
                 (docs/reviewed-warnings.json), keeping the reasons given
  --strict       treat warnings that are not reviewed as errors
  --quiet        print errors only
  -h, --help     show this help

Exit status: 0 success, 1 errors (or drift with --check), 2 bad usage.`;

/** The snapshot of docs/ with the API catalog is about 14 MiB. */
const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** What the launcher (bin.mjs) hands over. */
export interface Launch {
  /** The script worker threads run, from the same bundle as the command line (see run/bundle.mjs). */
  readonly workerScript?: URL | undefined;
}

export async function main(
  argv: readonly string[],
  root = process.cwd(),
  launch: Launch = {},
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        docs: { type: "string", default: "docs" },
        out: { type: "string", default: "generated" },
        check: { type: "boolean", default: false },
        strict: { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        threads: { type: "string" },
        report: { type: "string" },
        changes: { type: "string" },
        "changes-file": { type: "string" },
        revision: { type: "string" },
        bump: { type: "string" },
        pages: { type: "string", multiple: true },
        quiet: { type: "boolean", default: false },
        "accept-warnings": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  if (values.report !== undefined && values.report !== "json" && values.report !== "summary") {
    process.stderr.write(`--report takes "json" or "summary"\n\n${USAGE}\n`);
    return 2;
  }
  if (values.pages !== undefined && values.report !== "json") {
    process.stderr.write(`--pages goes with --report json\n\n${USAGE}\n`);
    return 2;
  }
  if (values.pages !== undefined) {
    const missing = values.pages.filter((path) => !existsSync(resolve(root, path)));
    if (missing.length > 0) {
      process.stderr.write(`--pages: no file or folder ${missing.map((path) => JSON.stringify(path)).join(", ")}\n\n${USAGE}\n`);
      return 2;
    }
    const report = buildReport(await parseFiles(root, values.pages), "");
    process.stdout.write(jsonText(report));
    return report.summary.errors > 0 || (values.strict && report.summary.warnings > 0) ? 1 : 0;
  }

  if (values.changes !== undefined && values.changes !== "md" && values.changes !== "json") {
    process.stderr.write(`--changes takes "md" or "json"\n\n${USAGE}\n`);
    return 2;
  }
  if (values.bump !== undefined && values.bump !== "major" && values.bump !== "minor" && values.bump !== "patch") {
    process.stderr.write(`--bump takes "major", "minor" or "patch"\n\n${USAGE}\n`);
    return 2;
  }
  if (values.revision !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.revision)) {
    process.stderr.write(`--revision takes a date such as 2026-11-23\n\n${USAGE}\n`);
    return 2;
  }
  const docsDir = resolve(root, values.docs);
  const outDir = resolve(root, values.out);
  for (const [option, dir] of [["--docs", docsDir], ["--out", outDir]] as const) {
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      process.stderr.write(`${option}: ${JSON.stringify(option === "--docs" ? values.docs : values.out)} is not a folder\n\n${USAGE}\n`);
      return 2;
    }
  }
  // The output folder is brought to exactly the generated files: never the docs, nor a folder around or inside them.
  if (docsDir === outDir || isWithin(outDir, docsDir) || isWithin(docsDir, outDir)) {
    process.stderr.write(`--out: ${JSON.stringify(values.out)} and --docs ${JSON.stringify(values.docs)} overlap; the output needs a folder of its own\n\n${USAGE}\n`);
    return 2;
  }
  if (values["changes-file"] !== undefined && !existsSync(dirname(resolve(root, values["changes-file"])))) {
    process.stderr.write(`--changes-file: no folder for ${JSON.stringify(values["changes-file"])}\n\n${USAGE}\n`);
    return 2;
  }
  const cacheDir = values["no-cache"]
    ? undefined
    : resolve(root, process.env["DOC2ERRORS_CACHE_DIR"] ?? ".cache/doc2errors");
  const threads =
    values.threads === undefined ? Math.min(4, availableParallelism()) : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) {
    process.stderr.write(`--threads takes a whole number from 1\n\n${USAGE}\n`);
    return 2;
  }
  // A run that writes holds the output folder's lock, and first completes or
  // undoes a write that was interrupted: only then is the previous snapshot read.
  const writing = values.report === undefined && !values.check;
  let held: Lock | undefined;
  if (writing) {
    try {
      held = lock(outDir);
    } catch (error) {
      if (!(error instanceof LockError)) throw error;
      process.stderr.write(`generate: ${terminalText(error.message)}\n`);
      return 1;
    }
  }
  try {
    if (writing) {
      // Recovery first: a write killed while it replaced snapshot.json leaves a folder that looks like no output until it is completed.
      const recovered = recover(outDir);
      if (recovered !== undefined && !values.quiet)
        process.stderr.write(`generate: an interrupted write of ${values.out}/ was ${recovered}\n`);
      const foreign = foreignFiles(outDir);
      if (foreign.length > 0) {
        process.stderr.write(
          `--out: ${JSON.stringify(values.out)} holds files no output of doc2errors wrote (${foreign.slice(0, 3).map((path) => terminalText(path)).join(", ")}${foreign.length > 3 ? `, and ${foreign.length - 3} more` : ""}); a run would replace or remove them: write into an empty folder, or the folder of a previous output\n\n${USAGE}\n`,
        );
        return 2;
      }
    } else if (values.check && existsSync(join(outDir, TRANSACTION_DIR))) {
      process.stderr.write(
        `generate: a write of ${values.out}/ was interrupted; run \`npm run generate\` to complete it\n`,
      );
      return 1;
    }
    // The previous snapshot holds the versions, changelog and deprecations of
    // earlier runs: a damaged one stops the run rather than being read as none.
    const snapshotPath = `${values.out.replace(/\/+$/, "")}/${SNAPSHOT_FILE}`;
    let previousSnapshot: string | undefined;
    // The reviewed warnings: a run shows the others (see model/baseline.ts).
    const docsPrefix = values.docs.replace(/\/+$/, "");
    let baseline: Baseline = readBaseline(undefined);
    if (values.report === undefined) {
      const snapshot = readOptional(outDir, SNAPSHOT_FILE, "the output folder");
      if ("problem" in snapshot) {
        process.stderr.write(`${terminalText(snapshotPath)}:1:1: error: cannot read the previous snapshot: ${snapshot.problem}\n`);
        return 1;
      }
      previousSnapshot = snapshot.text;
      const reviewed = readOptional(docsDir, BASELINE_FILE, "docs/");
      if ("problem" in reviewed) {
        process.stderr.write(`${terminalText(docsPrefix)}/${BASELINE_FILE}:1:1: error D2E009: cannot read the reviewed warnings: ${reviewed.problem}\n`);
        return 1;
      }
      baseline = readBaseline(reviewed.text);
    }
    let result: GenerateResult;
    try {
      result = await generate({
        docsDir,
        previousSnapshot,
        revision: values.revision,
        bump: values.bump as "major" | "minor" | "patch" | undefined,
        cacheDir,
        threads,
        workerScript: launch.workerScript,
        parseOnly: values.report !== undefined,
        outDir,
      });
    } catch (error) {
      if (!(error instanceof DamagedSnapshotError)) throw error;
      const { line, column, message } = error.problem;
      process.stderr.write(
        `${terminalText(snapshotPath)}:${line}:${column}: error: ${terminalText(message)}\n` +
          `generate: the previous snapshot is damaged; it holds the versions, changelog and deprecations of earlier runs: restore it (git checkout -- ${terminalText(snapshotPath)}), or delete it to start over. ${values.out}/ was not changed.\n`,
      );
      return 1;
    }

    if (result.cacheDamaged > 0) {
      process.stderr.write(`generate: warning: ${result.cacheDamaged} damaged cache entr${result.cacheDamaged === 1 ? "y was" : "ies were"} not used and computed again\n`);
    }
    if (values.report === "summary") {
      for (const d of result.diagnostics)
        if (d.severity === "error")
          process.stderr.write(`${formatDiagnostic(d, values.docs.replace(/\/+$/, ""))}\n`);
      if (result.model) process.stdout.write(coverageMarkdown(coverage(result.model)));
      return hasErrors(result.diagnostics) ? 1 : 0;
    }

    if (values.report === "json") {
      const report = buildReport(result.pages, values.docs.replace(/\/+$/, ""));
      process.stdout.write(jsonText(report));
      for (const d of result.diagnostics)
        if (!result.pages.some((p) => p.file === d.position.file)) {
          process.stderr.write(`${formatDiagnostic(d, values.docs.replace(/\/+$/, ""))}\n`);
        }
      return hasErrors(result.diagnostics) || (values.strict && result.diagnostics.length > 0)
        ? 1
        : 0;
    }

    const reviewed = review(result.diagnostics, baseline);
    for (const d of reviewed.shown) {
      if (values.quiet && d.severity !== "error") continue;
      process.stderr.write(`${formatDiagnostic(d, docsPrefix)}\n`);
    }
    if (!values.quiet && (reviewed.reviewed > 0 || reviewed.fresh.length > 0 || reviewed.stale.length > 0)) {
      process.stderr.write(`generate: ${reviewSummary(reviewed, `${docsPrefix}/${BASELINE_FILE}`)}\n`);
    }
    const failed = hasErrors(reviewed.shown) || (values.strict && reviewed.shown.length > 0);
    if (failed || result.files === undefined) {
      const count = reviewed.shown.filter((d) => d.severity === "error" || values.strict).length;
      process.stderr.write(
        `generate: ${count} problem(s) stopped the run; ${values.out}/ was not changed.\n`,
      );
      return 1;
    }

    if (result.changes && values.changes !== undefined) {
      const warnings = warningsMarkdown(reviewed, docsPrefix);
      const text =
        values.changes === "md"
          ? `${changesMarkdown(result.changes)}${warnings ? `\n${warnings}` : ""}`
          : jsonText({ ...result.changes, warnings: { new: reviewed.fresh, stale: reviewed.stale.map(({ position: _at, ...entry }) => entry) } });
      if (values["changes-file"] !== undefined) {
        try {
          await writeFile(resolve(root, values["changes-file"]), text);
        } catch (error) {
          process.stderr.write(`generate: cannot write the change report to ${values["changes-file"]}: ${terminalText((error as Error).message)}\n`);
          return 1;
        }
      } else process.stdout.write(text);
    }
    const info = (text: string) => {
      // With the report on standard output, everything else goes to standard error.
      if (!values.quiet)
        (values.changes !== undefined && values["changes-file"] === undefined
          ? process.stderr
          : process.stdout
        ).write(text);
    };
    if (result.changes) info(`${changesSummary(result.changes)}\n`);

    if (values["accept-warnings"] && !values.check) {
      try {
        writeAtomically(join(docsDir, BASELINE_FILE), acceptedBaseline(result.diagnostics, baseline));
      } catch (error) {
        process.stderr.write(`generate: cannot write ${docsPrefix}/${BASELINE_FILE}: ${terminalText((error as Error).message)}\n`);
        return 1;
      }
      info(`wrote ${docsPrefix}/${BASELINE_FILE}: every warning of this run is reviewed; say why in each new entry's "why".\n`);
    }

    if (values.check) {
      const drift = compareWithDisk(outDir, result.files, result.onDisk);
      if (hasDrift(drift)) {
        process.stderr.write(
          `${describeDrift(values.out, drift)}\n${values.out}/ is out of date: run \`npm run generate\`.\n`,
        );
        return 1;
      }
      info(`${values.out}/ is up to date (${result.files.size} files).\n`);
      return 0;
    }

    let drift: Drift;
    try {
      drift = await writeFiles(outDir, result.files, { onDisk: result.onDisk });
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      process.stderr.write(`generate: ${terminalText(error.message)}\n`);
      return 1;
    }
    {
      const changed = drift.stale.length + drift.missing.length + drift.extra.length;
      info(
        changed === 0
          ? `${values.out}/ is up to date (${result.files.size} files).\n`
          : `${describeDrift(values.out, drift, ["updated", "added", "removed"])}\nwrote ${values.out}/ (${result.files.size} files).\n`,
      );
    }
    return 0;
  } finally {
    held?.release();
  }
}

/**
 * A file of ours that may be missing (the previous snapshot, the reviewed
 * warnings): its text, undefined when there is none, or why it cannot be
 * read (never read through a symlink out of its folder, nor past the limit).
 */
function readOptional(dir: string, name: string, folder: string): { text: string | undefined } | { problem: string } {
  try {
    if (symlinkOut(dir, name) !== undefined) throw new InputError(`is a symlink leading out of ${folder}`, "kind");
    return { text: new TextDecoder().decode(readInput(join(dir, name), MAX_SNAPSHOT_BYTES)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: undefined };
    return { problem: error instanceof InputError ? `it ${error.message}` : `it cannot be opened (${(error as NodeJS.ErrnoException).code ?? "unknown error"})` };
  }
}

function describeDrift(out: string, drift: Drift, labels = ["stale", "missing", "extra"]): string {
  const lines: string[] = [];
  const groups = [drift.stale, drift.missing, drift.extra];
  groups.forEach((paths, i) => {
    for (const path of paths) lines.push(`${labels[i]}: ${out}/${path}`);
  });
  return lines.join("\n");
}

/** Whether `path` is inside `dir` (both absolute). */
function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
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

// Run as a script (`tsx generator/cli.ts`); `npm run generate` starts from bin.mjs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await run(process.argv.slice(2));
