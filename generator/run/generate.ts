/**
 * One generation, from docs/ to the files of generated/ (in memory): the
 * entry of generator/run/, where a reader starts. `generate` below reads the
 * manifest and the pages, takes what the cache holds, has the pages parsed
 * on the pool (parse/), takes over from the last run the service versions
 * whose inputs did not change (carry.ts), builds the model of the others
 * (model/), plans their files (emit/) and has them printed (print/); the
 * pure stages know nothing of threads, caches or files on disk. The command
 * line (../cli.ts) writes the result through output.ts, the output folder's
 * owner.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { emit, type FileGroup, type FileMap } from "../emit/emit.js";
import { buildModel } from "../model/build.js";
import type { ChangeReport } from "../model/changes.js";
import { compareStrings, sortDiagnostics } from "../model/diagnostics.js";
import { docsDate } from "../model/manifest.js";
import { planRelease, type Bump } from "../model/release.js";
import { applyDeprecations, catalogName, parseSnapshot, setKey, SNAPSHOT_FILE } from "../model/snapshot.js";
import { hasDeprecations, snapshotHasDeprecations } from "../model/summary.js";
import type { Diagnostic, Model, PageSpec } from "../model/types.js";
import type { ParsedPage } from "../parse/page.js";
import { printGroup, Printer } from "../print/printer.js";
import { Cache } from "./cache.js";
import { readCatalog } from "./catalog.js";
import { openDocs } from "./docs.js";
import { collectGarbage } from "./memory.js";
import type { OutputFolder } from "./output.js";
import { readPages } from "./pages.js";
import { mapLimited, Pool, type PoolOptions } from "./pool.js";
import { findCarried, inputsBySet, rememberSets, setInputsKey, setsToCarry, sharedInputsKey, type Carried } from "./carry.js";
import { readHashes, remember, runInputs, servedWhole, Texts } from "./record.js";
import { readTemplates } from "./templates.js";

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
   * The output folder (the one `previousSnapshot` was read from; see
   * output.ts): a run served whole from the cache checks the files there
   * against the sha256 it recorded of each, and reads back from the cache
   * only those that differ (see `servedWhole`). Nothing is written there.
   */
  readonly output?: Pick<OutputFolder, "fileWithHash"> | undefined;
}

export interface GenerateResult {
  /** Undefined when an error diagnostic stopped the run before emitting. */
  readonly files: FileMap | undefined;
  /**
   * Undefined when the run was served whole from the cache (nothing was
   * built), or the manifest could not be read. The service versions carried
   * over from the last run (`carried`) are not in it.
   */
  readonly model: Model | undefined;
  /** The service versions (by `setKey`) taken over from the last run on this output, as it left them (see carry.ts). */
  readonly carried: readonly string[];
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
 * format, started with the first module to print. This thread prints
 * nothing when there are workers: it holds the model and the files
 * (printing here too gains nothing and costs memory).
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

/** The printing stage (print/printer.ts) on the run's threads and cache. */
function printerOn(pool: Pool, cache: Cache): Printer {
  return new Printer(
    {
      parallelism: pool.parallelism,
      print: (structures) => pool.run({ kind: "print", structures }),
      format: (text) => pool.run({ kind: "format", text }),
    },
    cache,
  );
}

/**
 * The planned files, printed: as many groups at a time as the pool has room
 * for (printing is CPU-bound, and starting every group at once would hold
 * every file's syntax trees together).
 */
async function printFiles(groups: readonly FileGroup[], printer: Printer): Promise<Map<string, string>> {
  return new Map((await mapLimited(groups, printer.parallelism, (group) => printGroup(group, printer))).flat());
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === "error");

/**
 * docs/ → files of generated/, in memory. Nothing is written here: a run
 * with errors yields no files, so what is on disk is never half-replaced.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const diagnostics: Diagnostic[] = [];
  let cache: Cache | undefined;
  let carried = new Map<string, Carried>();
  const finish = (rest: Omit<GenerateResult, "diagnostics" | "changes" | "cacheDamaged" | "onDisk" | "carried">, changes?: ChangeReport): GenerateResult => ({
    ...rest,
    onDisk: new Set([...carried.values()].flatMap(({ texts }) => texts.flatMap(([path, text]) => (typeof text === "string" ? [] : [path])))),
    carried: [...carried.keys()].sort(compareStrings),
    diagnostics: sortDiagnostics(diagnostics),
    changes,
    cacheDamaged: cache?.damaged ?? 0,
  });

  const docs = openDocs(options.docsDir);
  if ("stop" in docs) {
    diagnostics.push(docs.stop);
    return finish({ files: undefined, model: undefined, pages: [], specs: [] });
  }
  const { manifest, catalogPaths, leadsOut } = docs;
  diagnostics.push(...docs.diagnostics);
  cache = await Cache.open(options.cacheDir);

  // The record of the last run on this output, served whole when nothing it depends on changed.
  /** The hash of each page as read to look up the record of the last run, if it was looked up. */
  let readBefore: ReadonlyMap<string, string> = new Map();
  if (cache.enabled && !options.parseOnly && options.previousSnapshot !== undefined) {
    readBefore = readHashes(options.docsDir, [...manifest.pages.map((spec) => spec.path), ...catalogPaths], leadsOut);
    const served = servedWhole(cache, [...runInputs(docs, options, readBefore), options.previousSnapshot], options.previousSnapshot, options.output);
    if (served) {
      // Nothing else was asked for: the cache keeps it all.
      await cache.save({ prune: false });
      return { ...served, model: undefined, carried: [], pages: [], specs: manifest.pages, cacheDamaged: cache.damaged };
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
  // A run that stops early (errors in the docs, `parseOnly`) did not ask for
  // every entry: the cache keeps those it did not use.
  let complete = false;
  try {
    const { inputs, pages, hashes, diagnostics: pageDiagnostics } = await readPages(docs, cache, pool, readBefore);
    diagnostics.push(...pageDiagnostics);
    const catalog = await readCatalog(options.docsDir, catalogPaths, leadsOut, cache, readBefore);
    diagnostics.push(...catalog.diagnostics);
    for (const [path, hash] of catalog.hashes) hashes.set(path, hash);
    const revision = options.revision ?? docsDate(manifest);
    // The service versions whose inputs are those of the last run on this output are taken over as it left them (see carry.ts).
    const setInputs = cache.enabled && !options.parseOnly ? inputsBySet(manifest.pages, catalog.inputs, hashes) : new Map<string, string[]>();
    /** A version's key, the common codes having something deprecated or not (the previous snapshot's, for the versions of the last run; this run's, for the next). */
    const inputsKey = (commonDated: boolean) => {
      const shared = sharedInputsKey(cache!, docs, hashes, commonDated, revision);
      return (key: string, dated: boolean) => {
        const inputs = setInputs.get(key);
        return inputs === undefined ? undefined : setInputsKey(cache!, shared, inputs, dated, revision);
      };
    };
    if (cache.enabled && !options.parseOnly && options.previousSnapshot !== undefined && previous?.version !== undefined) {
      const keyOf = inputsKey(snapshotHasDeprecations(previous.sets["common"]));
      carried = findCarried(cache, options.previousSnapshot, (key, dated) => (previous.sets[key]?.kind === "service" ? keyOf(key, dated) : undefined), options.output);
    }
    const isCarried = (set: { service: string; apiVersion: string }) => carried.has(setKey({ kind: "service", id: set.service, apiVersion: set.apiVersion }));
    const built = buildModel(inputs, manifest.titles, catalog.inputs.filter((input) => !isCarried(input)));
    diagnostics.push(...built.diagnostics);
    if (hasErrors(diagnostics)) return finish({ files: undefined, model: built.model, pages, specs: manifest.pages });

    if (options.parseOnly) {
      return finish({ files: undefined, model: built.model, pages, specs: manifest.pages });
    }
    // Past this point only the model is needed: the parsed pages (every cell
    // and its position) are let go, which bounds the memory of large runs.
    for (const list of [pages, inputs]) list.length = 0;
    collectGarbage();
    // The model had every page (any error-code page can bring common codes), so a carried version with pages was built in part: it is the last run's whole.
    const fresh = { ...built.model, services: built.model.services.filter((set) => !isCarried({ service: set.id, apiVersion: set.apiVersion })) };
    const model = applyDeprecations(fresh, previous, revision, { keepDays: manifest.keepDays, titles: manifest.titles }, new Set(carried.keys()));
    const { snapshot, changes, release, unchanged } = planRelease(model, previous, {
      revision,
      // A revision given by hand is no upstream commit's date: the commit is not named then.
      commit: options.revision === undefined ? manifest.commit : undefined,
      catalog: catalogName(manifest.catalog),
      bump: options.bump,
      // What a rerun on this output reports (see `remember`).
      unchanged: cache.enabled,
      carried: Object.fromEntries([...carried.keys()].map((key) => [key, previous!.sets[key]!])),
    });
    const emitted = emit(model, release, readTemplates(), [...carried.values()].map(({ set }) => set.summary));
    diagnostics.push(...emitted.diagnostics, ...[...carried.values()].flatMap(({ set }) => set.diagnostics));
    const printer = printerOn(pool, cache);
    const printed = await printFiles(emitted.groups, printer);
    // Nothing more runs on the workers: they stop while this thread finishes (awaited below).
    pool.close().catch(() => undefined);
    complete = true;
    collectGarbage();
    const files = new Texts([...printed, ...[...carried.values()].flatMap(({ texts }) => texts), [SNAPSHOT_FILE, snapshot] as const]);
    if (unchanged) {
      const keys = new Map(printer.keys);
      const digests = new Map<string, string>();
      for (const { set } of carried.values()) {
        for (const [path, key, digest] of set.files) {
          keys.set(path, key);
          digests.set(path, digest);
        }
      }
      const kept = remember(cache, [...runInputs(docs, options, hashes), snapshot], { files, keys, digests, diagnostics: sortDiagnostics(diagnostics), changes: unchanged });
      rememberSets(cache, snapshot, setsToCarry(model, carried, kept, { keyOf: inputsKey(hasDeprecations(model.common)), skeletons: printer.skeletons, diagnostics: emitted.setDiagnostics }));
    }
    return finish({ files, model, pages: [], specs: manifest.pages }, changes);
  } finally {
    await pool.close();
    await cache.save({ prune: complete });
  }
}
