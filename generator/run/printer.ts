import { withHeader, type Module } from "../emit/print.js";
import { compareStrings } from "../model/diagnostics.js";
import type { FileGroup } from "../emit/emit.js";
import type { Cache } from "./cache.js";
import { mapLimited, type Pool } from "./pool.js";

/** A module to write: its path in the output, and the banner that goes on top once it is formatted. */
type OutputModule = Module & { readonly path: string; readonly banner: string };

/**
 * The files the emitters planned, printed: as many groups at a time as the
 * pool has room for (printing is CPU-bound, and starting every group at once
 * would hold every file's syntax trees together), in path order.
 */
export async function printFiles(groups: readonly FileGroup[], printer: Printer): Promise<Map<string, string>> {
  const printed = await mapLimited(groups, printer.parallelism, async (group) => {
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
  });
  return new Map(printed.flat().sort(([a], [b]) => compareStrings(a, b)));
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
  readonly #pool: Pool;
  readonly #cache: Cache;
  /** Path → cache key of every file given out, with the cache on: where a later run can take it back from (see generate.ts). */
  readonly keys = new Map<string, string>();

  constructor(pool: Pool, cache: Cache) {
    this.#pool = pool;
    this.#cache = cache;
  }

  /** How many calls may usefully be under way at once. */
  get parallelism(): number {
    return this.#pool.parallelism;
  }

  async print(modules: readonly OutputModule[]): Promise<string[]> {
    const cache = this.#cache;
    // Each structure as JSON, once: part of the key of its file and of its skeleton.
    const structures = cache.enabled ? modules.map(({ structure }) => JSON.stringify(structure)) : [];
    const keys = modules.map(({ path, banner, rows }, i) =>
      cache.enabled ? cache.key("print", path, banner, structures[i]!, JSON.stringify(rows ?? [])) : undefined,
    );
    const texts = keys.map((key) => (key === undefined ? undefined : cache.lookup<string>("text", key)));
    const missing = modules.flatMap((module, i) => (texts[i] === undefined ? [i] : []));
    if (missing.length > 0) {
      const { fillRows } = await rowWriter();
      const file = (i: number, skeleton: string) => withHeader(modules[i]!.banner, fillRows(skeleton, modules[i]!.rows ?? []));
      const skeletonKeys = new Map(missing.map((i) => [i, cache.enabled ? cache.key("skeleton", structures[i]!) : undefined]));
      for (const i of missing) {
        const key = skeletonKeys.get(i);
        // A skeleton from the cache is used only if its rows go in: one without its placeholders is damaged, a miss.
        if (key !== undefined) cache.lookup<string>("text", key, (skeleton) => (texts[i] = attempt(() => file(i, skeleton))) !== undefined);
      }
      const unprinted = missing.filter((i) => texts[i] === undefined);
      if (unprinted.length > 0) {
        const printed = await this.#pool.run({ kind: "print", structures: unprinted.map((i) => modules[i]!.structure) });
        unprinted.forEach((i, n) => {
          const key = skeletonKeys.get(i);
          if (key !== undefined) cache.store("text", key, printed[n]!);
          texts[i] = file(i, printed[n]!);
        });
      }
    }
    const computed = new Set(missing);
    return modules.map(({ path }, i) => this.#give(path, keys[i], texts[i]!, computed.has(i)));
  }

  /** `text`, formatted, under `banner`. */
  async format(path: string, banner: string, text: string): Promise<string> {
    const key = this.#cache.enabled ? this.#cache.key("format", path, banner, text) : undefined;
    const found = key === undefined ? undefined : this.#cache.lookup<string>("text", key);
    if (found !== undefined) return this.#give(path, key, found, false);
    return this.#give(path, key, withHeader(banner, await this.#pool.run({ kind: "format", text })), true);
  }

  #give(path: string, key: string | undefined, text: string, computed: boolean): string {
    if (key !== undefined) {
      if (computed) this.#cache.store("text", key, text);
      this.keys.set(path, key);
    }
    return text;
  }
}

let loaded: Promise<typeof import("../emit/fill-rows.js")> | undefined;
/** The rows' writer (and prettier's string functions it uses), loaded when rows are first written: a run served whole writes none. */
const rowWriter = () => (loaded ??= import("../emit/fill-rows.js"));

/** What `compute` returns, or undefined if it throws. */
function attempt<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
