/**
 * One generation, from docs/ to the files of generated/ (in memory): the
 * entry of generator/run/, where a reader starts. `generate` below reads the
 * manifest and the pages, takes what the cache holds, has the pages parsed
 * on the pool (parse/), builds the model (model/), plans the files (emit/)
 * and has them printed (print/); the pure stages know nothing of
 * threads, caches or files on disk. The command line (../cli.ts) writes the
 * result with write.ts.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Cache } from "./cache.js";
import { catalogFiles, readCatalog } from "./catalog.js";
import { emit, type FileMap } from "../emit/emit.js";
import { InputError, listFiles, readInput, readPageBytes, symlinkChecker, symlinkOut } from "./files.js";
import { MAX_PAGE_BYTES } from "../parse/source.js";
import { printGroup, Printer } from "../print/printer.js";
import { readTemplates } from "./templates.js";
import { mapLimited, Pool, type PoolOptions } from "./pool.js";
import { buildModel, type PageInput } from "../model/build.js";
import { compareStrings, diagnostic, sortDiagnostics } from "../model/diagnostics.js";
import { diffSnapshots, unchangedReport, type ChangeReport } from "../model/changes.js";
import { docsDate, DOCS_JOURNAL, MANIFEST_FILE, readManifest } from "../model/manifest.js";
import { firstReleaseNotes, nextRelease, type Bump } from "../model/release.js";
import { applyDeprecations, catalogName, parseSnapshot, SNAPSHOT_FILE, snapshotText, toSnapshot } from "../model/snapshot.js";
import type { Diagnostic, Model, PageSpec } from "../model/types.js";
import type { ParsedPage } from "../parse/page.js";

export interface GenerateOptions {
  /** The folder holding `sources.json` and the pages. */
  readonly docsDir: string;
  /**
   * The previous `snapshot.json` of the output folder, if any: deprecations
   * and the change report start from it. A damaged one throws
   * `DamagedSnapshotError`, before any page is parsed.
   */
  readonly previousSnapshot?: string | undefined;
  /** Overrides the manifest's docs revision date. */
  readonly revision?: string | undefined;
  /** Where to keep the cache of parsed pages and printed files; undefined: no cache. */
  readonly cacheDir?: string | undefined;
  /** Ask for at least this kind of release, for changes that do not come from the docs (see model/release.ts). */
  readonly bump?: Bump | undefined;
  /** Stop after the model (for `--report`): nothing is printed. */
  readonly parseOnly?: boolean | undefined;
  /** Threads to work on, this one included (1: everything on this thread; see `poolOptions`). */
  readonly threads?: number | undefined;
  /** The script worker threads run; undefined: the bundle's (see bundle.mjs), built if need be. */
  readonly workerScript?: URL | undefined;
  /**
   * The output folder (the one `previousSnapshot` was read from): a run
   * served whole from the cache checks the files there against the sha256 it
   * recorded of each, and reads back from the cache only those that differ
   * (see `servedWhole`). Nothing is written there.
   */
  readonly outDir?: string | undefined;
}

export interface GenerateResult {
  /** Undefined when an error diagnostic stopped the run before emitting. */
  readonly files: FileMap | undefined;
  /** Undefined when the run was served whole from the cache (nothing was built), or the manifest could not be read. */
  readonly model: Model | undefined;
  /** The parsed pages: only for `parseOnly` runs; a full run lets them go once the model is built. */
  readonly pages: readonly ParsedPage[];
  readonly specs: readonly PageSpec[];
  /** Sorted by place. */
  readonly diagnostics: readonly Diagnostic[];
  /** Against the previous snapshot; undefined when the run stopped early. */
  readonly changes: ChangeReport | undefined;
  /** Cache entries found damaged and computed again (see cache.ts). */
  readonly cacheDamaged: number;
  /**
   * Files of `files` found in `outDir` byte for byte as they are here (a run
   * served whole checked them by hash): the writer need not read them again.
   */
  readonly onDisk: ReadonlySet<string>;
}

/**
 * Where the work of a run goes, `threads` being every thread, this one
 * included. Up to two threads, pages are parsed on this thread alone: one
 * parsing thread already keeps a second core busy collecting its garbage,
 * and handing pages over costs (INTERNALS.md, "Performance"). With
 * more threads, pages are parsed on every thread. The workers print and
 * format: started with the first page to parse, they load the printer and
 * formatter (ts-morph brings the TypeScript compiler) while this thread
 * parses. This thread prints nothing when there are workers: it holds the
 * model and the files (printing here too gains nothing and costs memory).
 */
export function poolOptions(threads: number): PoolOptions {
  if (threads <= 1) return { workers: 0 };
  if (threads === 2) return { workers: 1, onMainThread: ["parse"] };
  return { workers: threads - 1, alsoOnMainThread: ["parse"] };
}

/** What worker threads run: the worker entry of the generator's bundle. */
export async function workerScript(): Promise<URL> {
  const { bundle } = await import("./bundle.mjs");
  return pathToFileURL(join(await bundle(), "worker.mjs"));
}

/** A run, as the cache keeps it: its files (by the cache key of their text, and the sha256 of that text), diagnostics and change report. */
interface RunRecord {
  readonly files: readonly (readonly [path: string, key: string, sha256: string])[];
  readonly diagnostics: readonly Diagnostic[];
  readonly changes: ChangeReport;
}

/** Pages to parse up to which the printing workers are not started ahead (see `generate`). */
const FEW_PAGES = 16;

/** The manifest of the whole upstream docs is about 1 MiB. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** The sha256 of every listed page that can be read, by path. */
function readHashes(docsDir: string, paths: readonly string[], leadsOut: (path: string) => string | undefined): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const path of paths) {
    try {
      // Never read through a symlink out of docs/ (the full run reports it).
      if (leadsOut(path) === undefined) hashes.set(path, sha256(readInput(join(docsDir, path), MAX_PAGE_BYTES)));
    } catch {
      // Unreadable: the full run reports it.
    }
  }
  return hashes;
}

/**
 * Keeps a finished run for the run that will follow it on its own output:
 * same generator, docs and options, its snapshot as the previous one. That
 * run would give the same files and diagnostics (deprecated codes are carried
 * over from the snapshot unchanged: the output is a fixed point, and a test
 * holds it to a full run) and an empty change report, so it can be served
 * whole, without parsing, building or printing anything. The record names
 * each file by the cache key of its text (the printer's, or one of its own)
 * and the sha256 of that text; the snapshot is the previous one of that run,
 * so it is not kept again.
 */
function remember(
  cache: Cache,
  inputs: readonly string[],
  run: { files: FileMap; keys: ReadonlyMap<string, string>; diagnostics: readonly Diagnostic[]; changes: ChangeReport },
): void {
  const files = [...run.files].filter(([path]) => path !== SNAPSHOT_FILE).map(([path, text]) => {
    let key = run.keys.get(path);
    if (key === undefined) cache.store("text", (key = cache.key("file", text)), text);
    return [path, key, sha256(text)] as const;
  });
  cache.store("run", cache.key("run", ...inputs), { files, diagnostics: run.diagnostics, changes: run.changes } satisfies RunRecord);
}

/** No generated file is larger (the largest of docs/ is about 1 MiB). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The run `remember` kept for these inputs, if every one of its files is in
 * `outDir` as recorded or still in the cache. A file of `outDir` whose sha256
 * is the one recorded is that text, byte for byte: it is not read back from
 * the cache, and it is decoded only if asked for (an unchanged rerun at
 * 5,000 pages holds 37,000 files: reading them back and comparing them with
 * the disk as text took twice as long as hashing the disk's).
 */
function servedWhole(
  cache: Cache,
  inputs: readonly string[],
  snapshot: string,
  outDir: string | undefined,
): { files: FileMap; onDisk: ReadonlySet<string>; diagnostics: readonly Diagnostic[]; changes: ChangeReport } | undefined {
  const record = cache.lookup<RunRecord>("run", cache.key("run", ...inputs));
  if (record === undefined) return undefined;
  // Regular files reached through no symlink (the listing follows none): only those are read.
  const present = new Set<string>();
  try {
    if (outDir !== undefined) for (const path of listFiles(outDir)) present.add(path);
  } catch {
    // Not a folder that can be listed: every text from the cache, and the writer says what it finds.
  }
  const onDisk = new Set<string>();
  /** The bytes of `path` in `outDir`, if their sha256 is `digest`. */
  const found = (path: string, digest: string): Buffer | undefined => {
    if (!present.has(path)) return undefined;
    try {
      const bytes = readInput(join(outDir!, path), MAX_OUTPUT_BYTES);
      if (sha256(bytes) !== digest) return undefined;
      onDisk.add(path);
      return bytes;
    } catch {
      return undefined; // Unreadable: the writer says what it finds.
    }
  };
  found(SNAPSHOT_FILE, sha256(snapshot));
  const files = new Texts([[SNAPSHOT_FILE, snapshot]]);
  for (const [path, key, digest] of record.files) {
    const text = found(path, digest) ?? cache.lookup<string>("text", key);
    if (text === undefined) return undefined;
    files.set(path, text);
  }
  return { files, onDisk, diagnostics: record.diagnostics, changes: record.changes };
}

/**
 * Files by path, in code-unit order of their paths, each held as its text or
 * as its UTF-8 bytes, decoded the first time it is asked for (see
 * `servedWhole`).
 */
class Texts implements FileMap {
  readonly #held = new Map<string, string | Buffer>();

  constructor(entries: Iterable<readonly [string, string | Buffer]>) {
    for (const [path, text] of entries) this.set(path, text);
  }

  set(path: string, text: string | Buffer): void {
    this.#held.set(path, text);
  }

  get size(): number {
    return this.#held.size;
  }

  has(path: string): boolean {
    return this.#held.has(path);
  }

  get(path: string): string | undefined {
    const held = this.#held.get(path);
    if (held === undefined || typeof held === "string") return held;
    const text = held.toString("utf8");
    this.#held.set(path, text);
    return text;
  }

  *keys(): MapIterator<string> {
    yield* [...this.#held.keys()].sort(compareStrings);
  }

  *values(): MapIterator<string> {
    for (const path of this.keys()) yield this.get(path)!;
  }

  *entries(): MapIterator<[string, string]> {
    for (const path of this.keys()) yield [path, this.get(path)!];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (text: string, path: string, map: FileMap) => void, thisArg?: unknown): void {
    for (const [path, text] of this.entries()) callback.call(thisArg, text, path, this);
  }
}

/** Heap in use, in bytes, below which a collection is not worth its time (INTERNALS.md, "Memory"). */
const GARBAGE_WORTH_COLLECTING = 64 * 1024 * 1024;

/**
 * A full garbage collection, now, if the heap is large: called before a
 * parse (reading the previous snapshot leaves garbage), once the parse is
 * done (its garbage at its largest, what lives at its smallest) and once the
 * printing is (its garbage gone before the files are written). Left to
 * itself V8 keeps the heap each phase grew, and its pages of memory, through
 * the next one. `gc` is exposed for this call only.
 */
function collectGarbage(): void {
  if (getHeapStatistics().used_heap_size < GARBAGE_WORTH_COLLECTING) return;
  setFlagsFromString("--expose-gc");
  try {
    (runInNewContext("gc") as () => void)();
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === "error");

/**
 * docs/ → files of generated/, in memory. Nothing is written here: a run
 * with errors yields no files, so what is on disk is never half-replaced.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const diagnostics: Diagnostic[] = [];
  let cache: Cache | undefined;
  const finish = (rest: Omit<GenerateResult, "diagnostics" | "changes" | "cacheDamaged" | "onDisk">, changes?: ChangeReport): GenerateResult => ({
    ...rest,
    onDisk: new Set(),
    diagnostics: sortDiagnostics(diagnostics),
    changes,
    cacheDamaged: cache?.damaged ?? 0,
  });

  let manifestText: string;
  // A change of docs/ fetch-docs began and was killed in: the manifest and the pages may not agree until it is completed.
  if (existsSync(join(options.docsDir, DOCS_JOURNAL))) {
    diagnostics.push(
      diagnostic("D2E011", { file: DOCS_JOURNAL, line: 1, column: 1 }, "a change of docs/ by fetch-docs was interrupted: run `npm run fetch-docs -- --recover` to complete it, then generate again"),
    );
    return finish({ files: undefined, model: undefined, pages: [], specs: [] });
  }
  if (symlinkOut(options.docsDir, MANIFEST_FILE) !== undefined) {
    diagnostics.push(diagnostic("D2E008", { file: MANIFEST_FILE, line: 1, column: 1 }, "a symlink leading out of docs/; it is not read"));
    return finish({ files: undefined, model: undefined, pages: [], specs: [] });
  }
  try {
    manifestText = new TextDecoder().decode(readInput(join(options.docsDir, MANIFEST_FILE), MAX_MANIFEST_BYTES));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof InputError ? `it ${error.message}` : code === "ENOENT" ? "it does not exist" : `it cannot be opened (${code ?? "unknown error"})`;
    diagnostics.push(diagnostic("D2E001", { file: MANIFEST_FILE, line: 1, column: 1 }, `cannot read ${MANIFEST_FILE}: ${reason}`));
    return finish({ files: undefined, model: undefined, pages: [], specs: [] });
  }
  const manifest = readManifest(manifestText);
  diagnostics.push(...manifest.diagnostics);

  cache = await Cache.open(options.cacheDir);
  const docsFiles = listFiles(options.docsDir);
  const pagesInDocs = docsFiles.filter((path) => path.endsWith(".md"));
  const catalogPaths = catalogFiles(docsFiles);
  const listed = new Set(manifest.pages.map((spec) => spec.path));
  for (const path of pagesInDocs) {
    if (!listed.has(path)) {
      diagnostics.push(diagnostic("D2E003", { file: path, line: 1, column: 1 }, `not listed in ${MANIFEST_FILE}, so it is not read`));
    }
  }

  const unlisted = pagesInDocs.filter((path) => !listed.has(path));
  // What a run's output depends on, with the generator version (in every
  // key) and the previous snapshot: see `servedWhole`.
  const runInputs = (hashes: ReadonlyMap<string, string>) => [
    manifestText,
    options.revision ?? "",
    options.bump ?? "",
    unlisted.join("\n"),
    manifest.pages.map((spec) => `${spec.path}\0${hashes.get(spec.path) ?? ""}`).join("\n"),
    catalogPaths.map((path) => `${path}\0${hashes.get(path) ?? ""}`).join("\n"),
  ];
  /** The hash of each page as read to look up the record of the last run, if it was looked up. */
  let readBefore: ReadonlyMap<string, string> = new Map();
  const leadsOut = symlinkChecker(options.docsDir, docsFiles);
  if (cache.enabled && !options.parseOnly && options.previousSnapshot !== undefined) {
    readBefore = readHashes(options.docsDir, [...manifest.pages.map((spec) => spec.path), ...catalogPaths], leadsOut);
    const served = servedWhole(cache, [...runInputs(readBefore), options.previousSnapshot], options.previousSnapshot, options.outDir);
    if (served) {
      // Nothing else was asked for: the cache keeps it all.
      await cache.save({ prune: false });
      return { ...served, model: undefined, pages: [], specs: manifest.pages, cacheDamaged: cache.damaged };
    }
  }

  // The previous snapshot is read (and checked) once, before anything relies
  // on it; a run served whole took it as text alone (it is, byte for byte,
  // the output of the run recorded).
  let previous: ReturnType<typeof parseSnapshot>;
  try {
    previous = parseSnapshot(options.previousSnapshot);
  } catch (error) {
    await cache.save({ prune: false });
    throw error;
  }
  collectGarbage();
  const pool = new Pool(poolOptions(options.threads ?? 1), async () => options.workerScript ?? workerScript());
  // The printing workers start now, to load the printer while this thread
  // parses, unless the cache holds every page but a few: a change of a few
  // pages most often changes rows alone (codes added to a table), which
  // need no worker (see print/printer.ts; the trade-off: INTERNALS.md, "Printing
  // on a worker started early"). When the pages were not hashed above, how
  // many are to parse is not known: the workers start with the first page parsed.
  // The cache key of each page as hashed above, worked out once for this count and the parse below.
  const keysBefore = new Map([...readBefore].map(([path, hash]) => [path, cache.key("page", path, hash)]));
  const inCache = (path: string) => {
    const key = keysBefore.get(path);
    return key !== undefined && cache.has(key);
  };
  const toParse = readBefore.size === 0 ? undefined : manifest.pages.filter(({ path }) => !inCache(path)).length;
  const preload = !options.parseOnly && (toParse === undefined || toParse === manifest.pages.length || toParse > FEW_PAGES);
  if (preload && toParse !== undefined && toParse > 0) pool.start();
  // A run that stops early (errors in the docs, `parseOnly`) did not ask for
  // every entry: the cache keeps those it did not use.
  let complete = false;
  const hashes = new Map<string, string>();
  try {
    const parsed = await mapLimited(manifest.pages, pool.parallelism, async (spec) => {
      if (leadsOut(spec.path) !== undefined) {
        diagnostics.push(diagnostic("D2E008", { file: spec.path, line: 1, column: 1 }, "a symlink leading out of docs/; it is not read"));
        return undefined;
      }
      const hashed = (actual: string) => {
        hashes.set(spec.path, actual);
        if (spec.sha256 !== undefined && actual !== spec.sha256) {
          diagnostics.push(
            diagnostic("D2E005", { file: spec.path, line: 1, column: 1 }, `sha256 is ${actual}; ${MANIFEST_FILE} records ${spec.sha256}`),
          );
        }
      };
      // Read moments ago to look up the record of the last run: a page the
      // cache holds under that hash is taken from it without reading it again.
      const before = readBefore.get(spec.path);
      const keyBefore = keysBefore.get(spec.path);
      const cached = keyBefore === undefined ? undefined : cache.lookup<ParsedPage>("page", keyBefore);
      if (cached !== undefined) {
        hashed(before!);
        return { spec, page: cached };
      }
      // Read synchronously: an asynchronous read costs several round trips
      // through the I/O threads per page, and a single-threaded run would
      // sit idle through them (pages are small; workers, if any, are kept
      // fed by the tasks already sent ahead).
      const bytes = readPageBytes(join(options.docsDir, spec.path), spec.path, `listed in ${MANIFEST_FILE}`);
      if (!(bytes instanceof Uint8Array)) {
        diagnostics.push(bytes);
        return undefined;
      }
      const actual = sha256(bytes);
      hashed(actual);
      const parse = () => {
        if (preload) pool.start();
        return pool.run({ kind: "parse", path: spec.path, bytes, overview: spec.kind === "overview" });
      };
      const key = actual === before ? keyBefore! : cache.key("page", spec.path, actual);
      if (actual !== before) return { spec, page: await cache.get("page", () => key, parse) };
      // Looked up just above, and missed (or damaged): parsed, and kept under the hash of the bytes parsed.
      const page = await parse();
      cache.store("page", key, page);
      return { spec, page };
    });
    const pages: ParsedPage[] = [];
    const inputs: PageInput[] = [];
    for (const { spec, page } of parsed.flatMap((entry) => entry ?? [])) {
      pages.push(page);
      diagnostics.push(...page.diagnostics);
      if (page.readable) inputs.push({ spec, tables: page.errorTables, links: page.actionLinks, statements: page.statements });
    }

    const catalog = await readCatalog(options.docsDir, catalogPaths, leadsOut, cache, readBefore);
    diagnostics.push(...catalog.diagnostics);
    for (const [path, hash] of catalog.hashes) hashes.set(path, hash);
    const built = buildModel(inputs, manifest.titles, catalog.inputs);
    diagnostics.push(...built.diagnostics);
    if (hasErrors(diagnostics)) return finish({ files: undefined, model: built.model, pages, specs: manifest.pages });

    if (options.parseOnly) {
      return finish({ files: undefined, model: built.model, pages, specs: manifest.pages });
    }
    // Past this point only the model is needed: the parsed pages (every cell
    // and its position) are let go, which bounds the memory of large runs.
    for (const list of [parsed, pages, inputs]) list.length = 0;
    collectGarbage();
    const revision = options.revision ?? docsDate(manifest);
    const model = applyDeprecations(built.model, previous, revision, { keepDays: manifest.keepDays, titles: manifest.titles });
    // The snapshot is wanted as text and as change reports; none needs it kept as objects while printing.
    const [snapshot, changes, noChanges, release] = (() => {
      // A revision given by hand is no upstream commit's date: the commit is not named then.
      const sets = toSnapshot(model, revision, options.revision === undefined ? manifest.commit : undefined, catalogName(manifest.catalog));
      const report = diffSnapshots(previous, sets);
      // The package's version and changelog follow from what changed (see model/release.ts).
      const release = nextRelease(previous, report, options.bump, firstReleaseNotes(model));
      const objects = { ...sets, version: release.version, changelog: release.changelog };
      // What a rerun on this output reports (see `remember`).
      const none = cache.enabled ? unchangedReport(objects) : undefined;
      const changes = release.bump === undefined ? report : { ...report, release: { version: release.version, bump: release.bump } };
      return [snapshotText(objects), changes, none, release] as const;
    })();
    const threads = {
      parallelism: pool.parallelism,
      print: (structures: Parameters<Printer["print"]>[0][number]["structure"][]) => pool.run({ kind: "print", structures }),
      format: (text: string) => pool.run({ kind: "format", text }),
    };
    const printer = new Printer(threads, cache);
    const emitted = emit(model, release, readTemplates());
    diagnostics.push(...emitted.diagnostics);
    // As many groups at a time as the pool has room for: printing is CPU-bound, and starting every
    // group at once would hold every file's syntax trees together.
    const printed = new Map((await mapLimited(emitted.groups, printer.parallelism, (group) => printGroup(group, printer))).flat());
    // Nothing more runs on the workers: they stop while this thread finishes (awaited below).
    pool.close().catch(() => undefined);
    complete = true;
    collectGarbage();
    const files = new Map<string, string>([...printed, [SNAPSHOT_FILE, snapshot] as const].sort(([a], [b]) => compareStrings(a, b)));
    if (noChanges) {
      remember(cache, [...runInputs(hashes), snapshot], { files, keys: printer.keys, diagnostics: sortDiagnostics(diagnostics), changes: noChanges });
    }
    return finish({ files, model, pages: [], specs: manifest.pages }, changes);
  } finally {
    await pool.close();
    await cache.save({ prune: complete });
  }
}
