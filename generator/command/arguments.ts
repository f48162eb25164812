/**
 * The command line's arguments: read, checked and resolved into the options
 * of a run, or a usage error (exit status 2) said with the usage.
 */
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import type { Bump } from "../model/release.js";

export const USAGE = `Usage: npm run generate -- [options]

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

/** A run as the command line asks for it. */
export interface Options {
  /** The working folder the paths are relative to. */
  readonly root: string;
  /** The folders as given (for messages) and resolved. */
  readonly docs: string;
  readonly out: string;
  readonly docsDir: string;
  readonly outDir: string;
  readonly check: boolean;
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly report: "json" | "summary" | undefined;
  /** With `--report json`: files or folders read instead of the manifest's pages. */
  readonly pages: readonly string[] | undefined;
  readonly changes: "md" | "json" | undefined;
  readonly changesFile: string | undefined;
  readonly bump: Bump | undefined;
  readonly revision: string | undefined;
  /** Undefined: no cache (`--no-cache`). */
  readonly cacheDir: string | undefined;
  readonly threads: number;
  readonly acceptWarnings: boolean;
}

/** The exit status of a run that stops before it starts (`--help`: 0; bad usage: 2). */
export interface Stop {
  readonly status: number;
}

/** `argv` as the options of a run, or what stops it (the usage printed, or a usage error said). */
export function parseArguments(argv: readonly string[], root: string): Options | Stop {
  const usage = (message: string): Stop => {
    process.stderr.write(`${message}\n\n${USAGE}\n`);
    return { status: 2 };
  };
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
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return { status: 0 };
  }
  const { report, pages, changes, bump, revision } = values;
  if (report !== undefined && report !== "json" && report !== "summary") return usage(`--report takes "json" or "summary"`);
  if (pages !== undefined && report !== "json") return usage("--pages goes with --report json");
  if (pages !== undefined) {
    const missing = pages.filter((path) => !existsSync(resolve(root, path)));
    if (missing.length > 0) return usage(`--pages: no file or folder ${missing.map((path) => JSON.stringify(path)).join(", ")}`);
  }
  if (changes !== undefined && changes !== "md" && changes !== "json") return usage(`--changes takes "md" or "json"`);
  if (bump !== undefined && bump !== "major" && bump !== "minor" && bump !== "patch") return usage(`--bump takes "major", "minor" or "patch"`);
  if (revision !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(revision)) return usage("--revision takes a date such as 2026-11-23");
  const docsDir = resolve(root, values.docs);
  const outDir = resolve(root, values.out);
  for (const [option, dir] of [["--docs", docsDir], ["--out", outDir]] as const) {
    if (existsSync(dir) && !statSync(dir).isDirectory()) return usage(`${option}: ${JSON.stringify(option === "--docs" ? values.docs : values.out)} is not a folder`);
  }
  // The output folder is brought to exactly the generated files: never the docs, nor a folder around or inside them.
  if (docsDir === outDir || isWithin(outDir, docsDir) || isWithin(docsDir, outDir)) {
    return usage(`--out: ${JSON.stringify(values.out)} and --docs ${JSON.stringify(values.docs)} overlap; the output needs a folder of its own`);
  }
  const changesFile = values["changes-file"];
  if (changesFile !== undefined && !existsSync(dirname(resolve(root, changesFile)))) return usage(`--changes-file: no folder for ${JSON.stringify(changesFile)}`);
  const threads = values.threads === undefined ? Math.min(4, availableParallelism()) : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) return usage("--threads takes a whole number from 1");
  return {
    root,
    docs: values.docs,
    out: values.out,
    docsDir,
    outDir,
    check: values.check,
    strict: values.strict,
    quiet: values.quiet,
    report,
    pages,
    changes,
    changesFile,
    bump,
    revision,
    cacheDir: values["no-cache"] ? undefined : resolve(root, process.env["DOC2ERRORS_CACHE_DIR"] ?? ".cache/doc2errors"),
    threads,
    acceptWarnings: values["accept-warnings"],
  };
}

/** Whether `path` is inside `dir` (both absolute). */
function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
}
