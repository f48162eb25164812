import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import type { FileMap } from "../../generator/emit/emit.js";
import { generate, type GenerateResult } from "../../generator/run/generate.js";

export const ROOT = new URL("../../", import.meta.url).pathname;
/**
 * A small docs folder made of real pages of docs/ (36 pages, copied byte for
 * byte, their upstream paths in its sources.json) and its committed output:
 * what tests of the command line, the cache and the update loop run on.
 * The whole docs/ is generated once, by test/docs.test.ts.
 */
export const SAMPLE = join(ROOT, "test/integration/sample");

/** A page of docs/sources.json, as the tests that read docs/ see it. */
export interface ManifestEntry {
  readonly path: string;
  readonly kind: string;
  readonly service: string;
  readonly apiVersion: string;
  readonly action?: string;
  readonly locale: string;
  readonly placement?: string;
  readonly upstream?: { readonly path: string; readonly commit?: string };
}

/** docs/sources.json of this checkout. */
export const docsManifest = () =>
  JSON.parse(readFileSync(join(ROOT, "docs/sources.json"), "utf8")) as { revision: string; commit?: string; services: Record<string, unknown>; pages: ManifestEntry[] };

export const generateFrom = (docsDir: string, previousSnapshot?: string): Promise<GenerateResult> =>
  generate({ docsDir, previousSnapshot });

/** Every file below `dir` as `/`-separated relative path → content; build output and installed packages (`dist/`, `node_modules/`) left out. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const relativePath = relative(dir, path).split(sep).join("/");
    if (/^(dist|node_modules)\//.test(relativePath)) continue;
    files.set(relativePath, readFileSync(path, "utf8"));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Files every output holds as they are, whatever the docs: the runtime and
 * the package command's code (not its sets). The golden trees of
 * test/integration/ leave them out; `generated/` holds the one copy, and the
 * integration test holds each case's to it.
 */
export const isSharedFile = (path: string) => path.startsWith("runtime/") || path === "cli/bin.ts" || path === "cli/explain.ts";

/** The committed output of an integration case, whole: its golden tree, and the shared files from `generated/`. */
export function goldenTree(caseDir: string): Map<string, string> {
  const runtime = [...readTree(join(ROOT, "generated/runtime"))].map(([path, text]) => [`runtime/${path}`, text] as const);
  const cli = ["cli/bin.ts", "cli/explain.ts"].map((path) => [path, readFileSync(join(ROOT, "generated", path), "utf8")] as const);
  const shared = [...runtime, ...cli].filter(([path]) => isSharedFile(path));
  return new Map([...readTree(join(caseDir, "generated")), ...shared].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Writes the committed output of an integration case, whole (see `goldenTree`), into `dir`. */
export function copyGolden(caseDir: string, dir: string): void {
  writeTree(dir, goldenTree(caseDir));
}

export function writeTree(dir: string, files: FileMap): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Runs the real command line in `cwd`, as `npm run generate -- …` does (`node generator/bin.mjs …`). */
export function runCli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runCliEnv(cwd, {}, ...args);
}

/** `runCli` with more environment variables. */
export function runCliEnv(cwd: string, env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // A JSON report of many pages is larger than spawnSync's default buffer (1 MiB).
  const result = spawnSync(process.execPath, [join(ROOT, "generator/bin.mjs"), ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export { tempDir } from "./temp.js";

/** The compiler options generated code promises to satisfy. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  skipLibCheck: true,
  lib: ["lib.es2022.d.ts"],
  types: [],
};

/** Type-checks a tree of generated files (plus extra files) and returns the diagnostics as text. */
export function typecheck(dir: string, extra: Record<string, string> = {}): string[] {
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const roots = [...readTree(dir).keys()].filter((p) => p.endsWith(".ts")).map((p) => join(dir, p));
  const program = ts.createProgram(roots, STRICT_OPTIONS);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const file = d.file ? relative(dir, d.file.fileName) : "";
    return `${file}:${where ? where.line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

/**
 * The environment of a run that kills itself (SIGKILL) just before its
 * `n`-th rename: the hook test/helpers/kill-at-rename.mjs, loaded with
 * `--import` (the generator has no hook of its own).
 */
export function killAtRename(n: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const hook = pathToFileURL(join(ROOT, "test/helpers/kill-at-rename.mjs")).href;
  return { ...env, DOC2ERRORS_KILL_AT_RENAME: String(n), NODE_OPTIONS: `${env["NODE_OPTIONS"] ?? ""} --import ${hook}`.trim() };
}
