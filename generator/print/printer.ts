import { withHeader } from "../emit/banner.js";
import type { FileGroup, Module } from "../emit/emit.js";

/** A module to write: its path in the output, and the banner that goes on top once it is formatted. */
type OutputModule = Module & { readonly path: string; readonly banner: string };

/** The files of one group, printed (a module), formatted (TypeScript) or as they are (text), under their banners. */
export async function printGroup(group: FileGroup, printer: Printer): Promise<(readonly [string, string])[]> {
  const files = group();
  const modules = files.filter((file): file is OutputModule => "structure" in file);
  const texts = await printer.print(modules);
  const byPath = new Map(modules.map(({ path }, i) => [path, texts[i]!]));
  return Promise.all(
    files.map(async (file) => {
      if ("structure" in file) return [file.path, byPath.get(file.path)!] as const;
      if ("typescript" in file) return [file.path, await printer.format(file.path, file.banner, file.typescript)] as const;
      return [file.path, file.text] as const;
    }),
  );
}

/**
 * Where printing and formatting run: the run's pool of threads (see
 * run/pool.ts, run/tasks.ts), each call a task `printSkeletons` or
 * `formatTypeScript` runs.
 */
export interface PrintThreads {
  /** How many calls may usefully be under way at once. */
  readonly parallelism: number;
  /** Module structures as formatted skeletons (see print.ts). */
  print(structures: readonly Module["structure"][]): Promise<string[]>;
  format(text: string): Promise<string>;
}

/** The part of the run's cache (run/cache.ts) the printer uses: texts under keys. */
export interface TextCache {
  readonly enabled: boolean;
  key(...parts: string[]): string;
  lookup<T>(kind: "text", key: string, usable?: (value: T) => boolean): T | undefined;
  store(kind: "text", key: string, value: string): void;
  /** Keeps the entry under `key`, if there is one, for later runs, without reading it. */
  retain(key: string): void;
}

/**
 * Prints modules into whole files (banner on top) with a cache: a file
 * printed before from the same structure, rows and banner (or text) is not
 * printed again, and a module whose rows alone changed (a code added to a
 * table) takes its formatted skeleton from the cache and has only its rows
 * written (see emit/rows.ts), which needs neither ts-morph nor prettier's
 * formatter: a run where that is all that changed starts no printing worker
 * (see generate.ts). Printing and formatting run on the pool, the modules
 * of one call in one task; rows are filled in on this thread. The banner is
 * line comments that formatting leaves as they are: it goes on after, which
 * spares prettier placing a dozen comments per file.
 */
export class Printer {
  readonly #threads: PrintThreads;
  readonly #cache: TextCache;
  /** Path → cache key of every file given out, with the cache on: where a later run can take it back from (see generate.ts). */
  readonly keys = new Map<string, string>();
  /** Path → cache key of the formatted skeleton of every module given out, with the cache on (see run/carry.ts). */
  readonly skeletons = new Map<string, string>();

  constructor(threads: PrintThreads, cache: TextCache) {
    this.#threads = threads;
    this.#cache = cache;
  }

  /** How many calls may usefully be under way at once. */
  get parallelism(): number {
    return this.#threads.parallelism;
  }

  async print(modules: readonly OutputModule[]): Promise<string[]> {
    const cache = this.#cache;
    // The skeleton's key hashes the structure (as JSON); the file's, that key with the rest.
    const skeletonKeys = modules.map(({ structure }) => (cache.enabled ? cache.key("skeleton", JSON.stringify(structure)) : undefined));
    const keys = modules.map(({ path, banner, rows }, i) => (cache.enabled ? cache.key("print", path, banner, skeletonKeys[i]!, JSON.stringify(rows ?? [])) : undefined));
    const texts = keys.map((key) => (key === undefined ? undefined : cache.lookup<string>("text", key)));
    // A file taken whole keeps its skeleton in the cache: the next change of its rows alone needs it.
    texts.forEach((text, i) => text !== undefined && cache.retain(skeletonKeys[i]!));
    const missing = modules.flatMap((module, i) => (texts[i] === undefined ? [i] : []));
    if (missing.length > 0) {
      const { fillRows, layout } = await rowWriter();
      const file = (i: number, skeleton: string) => withHeader(modules[i]!.banner, fillRows(skeleton, modules[i]!.rows ?? [], layout));
      for (const i of missing) {
        const key = skeletonKeys[i];
        // A skeleton from the cache is used only if its rows go in: one without its placeholders is damaged, a miss.
        if (key !== undefined) cache.lookup<string>("text", key, (skeleton) => (texts[i] = attempt(() => file(i, skeleton))) !== undefined);
      }
      const unprinted = missing.filter((i) => texts[i] === undefined);
      if (unprinted.length > 0) {
        const printed = await this.#threads.print(unprinted.map((i) => modules[i]!.structure));
        unprinted.forEach((i, n) => {
          const key = skeletonKeys[i];
          if (key !== undefined) cache.store("text", key, printed[n]!);
          texts[i] = file(i, printed[n]!);
        });
      }
    }
    skeletonKeys.forEach((key, i) => key !== undefined && this.skeletons.set(modules[i]!.path, key));
    const computed = new Set(missing);
    return modules.map(({ path }, i) => this.#give(path, keys[i], texts[i]!, computed.has(i)));
  }

  /** `text`, formatted, under `banner`. */
  async format(path: string, banner: string, text: string): Promise<string> {
    const key = this.#cache.enabled ? this.#cache.key("format", path, banner, text) : undefined;
    const found = key === undefined ? undefined : this.#cache.lookup<string>("text", key);
    if (found !== undefined) return this.#give(path, key, found, false);
    return this.#give(path, key, withHeader(banner, await this.#threads.format(text)), true);
  }

  #give(path: string, key: string | undefined, text: string, computed: boolean): string {
    if (key !== undefined) {
      if (computed) this.#cache.store("text", key, text);
      this.keys.set(path, key);
    }
    return text;
  }
}

let loaded: Promise<{ fillRows: typeof import("./fill-rows.js").fillRows; layout: import("./fill-rows.js").RowLayout }> | undefined;
/**
 * The rows' writer (with prettier's string functions), and the layout of the
 * project's prettier config, loaded when rows are first written: a run
 * served whole writes none.
 */
const rowWriter = () =>
  (loaded ??= Promise.all([import("./fill-rows.js"), import("./print.js")]).then(async ([{ fillRows, rowLayout }, { prettierOptions }]) => ({
    fillRows,
    layout: rowLayout(await prettierOptions()),
  })));

/** What `compute` returns, or undefined if it throws. */
function attempt<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
