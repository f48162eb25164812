/**
 * The record of a finished run, kept in the cache for the run that will
 * follow it on its own output (same generator, docs and options, its
 * snapshot as the previous one): that run is served whole from it, without
 * parsing, building or printing anything.
 */
import { join } from "node:path";
import type { FileMap } from "../emit/emit.js";
import type { ChangeReport } from "../model/changes.js";
import { compareStrings } from "../model/diagnostics.js";
import { SNAPSHOT_FILE } from "../model/snapshot.js";
import type { Diagnostic } from "../model/types.js";
import { MAX_PAGE_BYTES } from "../parse/source.js";
import type { Cache } from "./cache.js";
import type { Docs } from "./docs.js";
import { readInput, sha256 } from "./files.js";
import type { OutputFolder } from "./output.js";

/** A run, as the cache keeps it: its files (by the cache key of their text, and the sha256 of that text), diagnostics and change report. */
interface RunRecord {
  readonly files: readonly (readonly [path: string, key: string, sha256: string])[];
  readonly diagnostics: readonly Diagnostic[];
  readonly changes: ChangeReport;
}


/**
 * What a run's output depends on, with the generator version (in every
 * cache key) and the previous snapshot: the manifest, the options that
 * change the output, and the hash of every page and catalog file read.
 */
export function runInputs(docs: Docs, options: { readonly revision?: string | undefined; readonly bump?: string | undefined }, hashes: ReadonlyMap<string, string>): string[] {
  return [
    docs.manifestText,
    options.revision ?? "",
    options.bump ?? "",
    docs.unlisted.join("\n"),
    docs.manifest.pages.map((spec) => `${spec.path}\0${hashes.get(spec.path) ?? ""}`).join("\n"),
    docs.catalogPaths.map((path) => `${path}\0${hashes.get(path) ?? ""}`).join("\n"),
  ];
}

/** The sha256 of every listed page and catalog file that can be read, by path. */
export function readHashes(docsDir: string, paths: readonly string[], leadsOut: (path: string) => string | undefined): Map<string, string> {
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
 * so it is not kept again. Returns the key and sha256 of each file.
 */
export function remember(
  cache: Cache,
  inputs: readonly string[],
  run: {
    files: FileMap;
    keys: ReadonlyMap<string, string>;
    /** The sha256 of files whose text is known to have it (read from the output folder by it). */
    digests?: ReadonlyMap<string, string>;
    diagnostics: readonly Diagnostic[];
    changes: ChangeReport;
  },
): Map<string, readonly [key: string, sha256: string]> {
  const kept = new Map<string, readonly [string, string]>();
  for (const path of run.files.keys()) {
    if (path === SNAPSHOT_FILE) continue;
    let key = run.keys.get(path);
    let digest = run.digests?.get(path);
    if (key === undefined || digest === undefined) {
      const text = run.files.get(path)!;
      if (key === undefined) cache.store("text", (key = cache.key("file", text)), text);
      digest ??= sha256(text);
    }
    kept.set(path, [key, digest]);
  }
  const files = [...kept].map(([path, [key, digest]]) => [path, key, digest] as const);
  cache.store("run", cache.key("run", ...inputs), { files, diagnostics: run.diagnostics, changes: run.changes } satisfies RunRecord);
  return kept;
}

/**
 * The run `remember` kept for these inputs, if every one of its files is in
 * `outDir` as recorded or still in the cache. A file of `outDir` whose sha256
 * is the one recorded is that text, byte for byte: it is not read back from
 * the cache, and it is decoded only if asked for (INTERNALS.md, "Reruns":
 * hashing the disk's files is faster than reading every text back and
 * comparing it).
 */
export function servedWhole(
  cache: Cache,
  inputs: readonly string[],
  snapshot: string,
  output: Pick<OutputFolder, "fileWithHash"> | undefined,
): { files: FileMap; onDisk: ReadonlySet<string>; diagnostics: readonly Diagnostic[]; changes: ChangeReport } | undefined {
  const record = cache.lookup<RunRecord>("run", cache.key("run", ...inputs));
  if (record === undefined) return undefined;
  const onDisk = new Set<string>();
  /** The bytes of `path` in the output folder, if their sha256 is `digest`. */
  const found = (path: string, digest: string): Buffer | undefined => {
    const bytes = output?.fileWithHash(path, digest);
    if (bytes !== undefined) onDisk.add(path);
    return bytes;
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
export class Texts implements FileMap {
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

