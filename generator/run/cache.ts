import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sourcesHash } from "./bundle.mjs";
import { listFiles, sha256, writeAtomically } from "./files.js";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

/** Where an entry lies: pack file name, byte offset, byte length, and the sha256 of those bytes. */
type Place = readonly [pack: string, offset: number, length: number, sha256: string];

/** Bumped when the layout changes: an index of another format is ignored. */
const FORMAT = 2;

/** Names this cache gives its packs: nothing else in an index is opened. */
const PACK_NAME = /^\d{1,10}-[0-9a-f]{12}\.pack$/;

/**
 * What an entry holds: a text (a file's, or a module's formatted skeleton),
 * a parsed page or catalog file, a finished run, or the service versions of
 * a run (see carry.ts). An entry is stored with its kind, and
 * read back only as that kind.
 */
export type EntryKind = "text" | "page" | "catalog" | "run" | "sets";


/**
 * A content-addressed cache of the two costly steps: parsing a page and
 * printing + formatting a file. Keys hash everything the result depends on:
 * the input itself and the generator's version (its own sources, templates,
 * formatting config, the libraries' versions and the lockfile), so a stale
 * entry can never be used, only missed.
 *
 * Layout: `<dir>/packs/*.pack` hold entries (JSON) back to back, and
 * `<dir>/index.json` says where each entry lies. A run appends what it
 * computes to a pack of its own (one open file, one write per entry: no file
 * per entry to create, name and rename) and reads entries when asked for, so
 * it holds no more of the cache in memory than it is using. `save` writes
 * the new index atomically (temporary file, then rename), keeping only what
 * the run used, copies the live entries out of packs that are mostly dead,
 * and deletes packs the index no longer names. Until then the previous index
 * stands: a run that dies leaves the cache as it was, plus a pack that the
 * next save deletes.
 *
 * Nothing read from the cache is trusted: the index records each entry's
 * sha256, checked on every read, and each entry names its key and kind; an
 * entry whose bytes do not match, that is not the one asked for (another
 * key, another kind), or whose content has not the shape of its kind is
 * a miss (computed again) and counted in `damaged`, which the command line
 * reports. Pack names are checked before a pack is opened, and a cache
 * folder in any state (a file where `packs/` should be, say) only makes
 * misses.
 *
 * Why not cacache: a run touches every entry, and a file per entry costs
 * on every run (INTERNALS.md, "Libraries measured against the hand-written
 * parts").
 */
export class Cache {
  /** The cache's folder; undefined for `--no-cache`. */
  readonly #dir: string | undefined;
  readonly #version: string;
  /** Where the entries were when the cache was opened. */
  readonly #index: ReadonlyMap<string, Place>;
  /** Entries this run used or computed, and where they lie. */
  readonly #used = new Map<string, Place | undefined>();
  /** Entries this run found damaged (bytes, kind or shape): computed again, never kept. */
  readonly #damagedKeys = new Set<string>();
  readonly #readers = new Map<string, number>();
  #pack: { readonly name: string; readonly fd: number; size: number } | undefined;

  private constructor(dir: string | undefined, version: string, index: ReadonlyMap<string, Place>) {
    this.#dir = dir;
    this.#version = version;
    this.#index = index;
  }

  /** `dir` undefined: a cache that remembers nothing (`--no-cache`). */
  static async open(dir: string | undefined): Promise<Cache> {
    return new Cache(dir, await generatorVersion(), dir === undefined ? new Map() : readIndex(dir));
  }

  key(...parts: (string | Uint8Array)[]): string {
    const hash = createHash("sha256").update(this.#version);
    for (const part of parts) hash.update("\0").update(part);
    return hash.digest("hex");
  }

  /** How many entries this run found damaged and computed again. */
  get damaged(): number {
    return this.#damagedKeys.size;
  }

  /** Whether entries are kept: keys are worth computing only then (a key can cost as much as hashing a whole structure). */
  get enabled(): boolean {
    return this.#dir !== undefined;
  }

  /** `key` is only called when the cache is on. */
  async get<T>(kind: EntryKind, keyOf: () => string, compute: () => T | Promise<T>): Promise<T> {
    if (!this.enabled) return compute();
    const key = keyOf();
    const found = this.lookup<T>(kind, key);
    if (found !== undefined) return found;
    const value = await compute();
    this.store(kind, key, value);
    return value;
  }

  /**
   * The entry of `kind` under `key`; undefined when there is none, or it is
   * damaged (then it is computed again, and counted in `damaged`): its bytes,
   * its kind, its shape, or what the caller requires of it (`usable`).
   */
  lookup<T>(kind: EntryKind, key: string, usable?: (value: T) => boolean): T | undefined {
    const place = this.#used.get(key) ?? this.#index.get(key);
    if (place === undefined) return undefined;
    try {
      const bytes = this.#read(place);
      if (sha256(bytes) !== place[3]) throw new Error("damaged");
      const entry = JSON.parse(bytes.toString("utf8")) as { key?: unknown; kind?: unknown; value?: unknown };
      // The entry names its own key: an index that points a key at another entry is caught here.
      if (entry.key !== key || entry.kind !== kind || !SHAPES[kind](entry.value)) throw new Error("not the entry asked for");
      if (usable !== undefined && !usable(entry.value as T)) throw new Error("not usable");
      this.#used.set(key, place);
      return entry.value as T;
    } catch {
      this.#used.delete(key);
      this.#damagedKeys.add(key);
      return undefined;
    }
  }

  /**
   * Keeps the entry under `key` in the index `save` writes, as if this run
   * had used it, without reading it (it is checked when it is looked up).
   */
  retain(key: string): void {
    const place = this.#index.get(key);
    if (place !== undefined && !this.#used.has(key) && !this.#damagedKeys.has(key)) this.#used.set(key, place);
  }

  store(kind: EntryKind, key: string, value: unknown): void {
    if (this.enabled) this.#used.set(key, this.#append(Buffer.from(JSON.stringify({ key, kind, value }))));
  }

  /**
   * Writes the index of what this run used (`prune`: true) or of that and
   * everything there was before (`prune`: false, for a run that stopped
   * early and so did not ask for everything), and deletes unneeded packs.
   */
  async save({ prune = true }: { readonly prune?: boolean } = {}): Promise<void> {
    if (this.#dir === undefined) return;
    // Nothing stored, and everything there was kept: the index stays as it is
    // (a rerun served whole writes nothing; compaction waits for a run that stores).
    if (!prune && this.#pack === undefined) return this.#close();
    const entries = new Map<string, Place>(prune ? [] : this.#index);
    for (const [key, place] of this.#used) if (place !== undefined) entries.set(key, place);
    // Packs mostly made of entries nobody uses any more: their live entries move to this run's pack.
    const live = new Map<string, number>();
    for (const [pack, , length] of entries.values()) live.set(pack, (live.get(pack) ?? 0) + length);
    const mostlyDead = new Set([...live].filter(([pack, bytes]) => pack !== this.#pack?.name && bytes * 2 < this.#packSize(pack)).map(([pack]) => pack));
    for (const [key, place] of entries) {
      if (!mostlyDead.has(place[0])) continue;
      let moved: Place | undefined;
      try {
        const bytes = this.#read(place);
        moved = sha256(bytes) === place[3] ? this.#append(bytes) : undefined;
      } catch {
        moved = undefined;
      }
      if (moved) entries.set(key, moved);
      else entries.delete(key);
    }
    this.#close();
    try {
      writeAtomically(join(this.#dir, "index.json"), JSON.stringify({ format: FORMAT, entries: Object.fromEntries(entries) }));
      const kept = new Set([...entries.values()].map(([pack]) => pack));
      for (const name of listFiles(join(this.#dir, "packs"))) if (PACK_NAME.test(name) && !kept.has(name)) rmSync(join(this.#dir, "packs", name), { force: true });
    } catch {
      // A cache folder that cannot be written to: the next run computes again.
    }
  }

  /** Closes the packs this run read and the one it wrote. */
  #close(): void {
    for (const fd of this.#readers.values()) closeSync(fd);
    this.#readers.clear();
    if (this.#pack) closeSync(this.#pack.fd);
    this.#pack = undefined;
  }

  #read([pack, offset, length]: Place): Buffer {
    let fd = this.#readers.get(pack);
    if (fd === undefined) this.#readers.set(pack, (fd = openSync(join(this.#dir!, "packs", pack), "r")));
    const buffer = Buffer.allocUnsafe(length);
    if (readSync(fd, buffer, 0, length, offset) !== length) throw new Error("short entry");
    return buffer;
  }

  #append(bytes: Buffer): Place | undefined {
    try {
      if (this.#pack === undefined) {
        mkdirSync(join(this.#dir!, "packs"), { recursive: true });
        const name = `${process.pid}-${randomBytes(6).toString("hex")}.pack`;
        this.#pack = { name, fd: openSync(join(this.#dir!, "packs", name), "w"), size: 0 };
      }
      const pack = this.#pack;
      writeSync(pack.fd, bytes);
      const place: Place = [pack.name, pack.size, bytes.length, sha256(bytes)];
      pack.size += bytes.length;
      return place;
    } catch {
      return undefined; // Not cached: the next run computes it again.
    }
  }

  #packSize(pack: string): number {
    try {
      return statSync(join(this.#dir!, "packs", pack)).size;
    } catch {
      return 0;
    }
  }
}

/** No entry is larger (a whole generated module is far less): a bigger length in an index is damage. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const isHash = (value: unknown) => typeof value === "string" && /^[0-9a-f]{64}$/.test(value);

/** A path a run may write: relative, `/`-separated, nothing that climbs out or hides (`..`, `.`, empty parts, `\\`). */
const isOutputPath = (value: unknown) =>
  typeof value === "string" && value !== "" && !value.includes("\\") && value.split("/").every((part) => part !== "" && part !== "." && part !== "..");

/** What each kind of entry must look like to be used. */
const SHAPES: Readonly<Record<EntryKind, (value: unknown) => boolean>> = {
  text: (value) => typeof value === "string",
  page: (value) =>
    isRecord(value) &&
    typeof value["file"] === "string" &&
    typeof value["readable"] === "boolean" &&
    typeof value["tableCount"] === "number" &&
    Array.isArray(value["errorTables"]) &&
    Array.isArray(value["statements"]) &&
    Array.isArray(value["actionLinks"]) &&
    Array.isArray(value["diagnostics"]),
  catalog: (value) =>
    isRecord(value) &&
    Array.isArray(value["diagnostics"]) &&
    (value["input"] === undefined ||
      (isRecord(value["input"]) &&
        ["file", "locale", "service", "apiVersion"].every((key) => typeof (value["input"] as Record<string, unknown>)[key] === "string") &&
        Array.isArray(value["input"]["codes"]) &&
        Array.isArray(value["input"]["actions"]))),
  run: (value) =>
    isRecord(value) &&
    Array.isArray(value["files"]) &&
    value["files"].every(
      (file) => Array.isArray(file) && file.length === 3 && isOutputPath(file[0]) && typeof file[1] === "string" && isHash(file[1]) && isHash(file[2]),
    ) &&
    Array.isArray(value["diagnostics"]) &&
    isRecord(value["changes"]),
  // Each set is checked where it is taken (carry.ts): one that is not what it should be is not carried.
  sets: (value) => isRecord(value) && isRecord(value["sets"]),
};

/** The entries of the index in `dir`; none when it is missing, damaged or of another format. */
function readIndex(dir: string): Map<string, Place> {
  try {
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { format?: unknown; entries?: unknown };
    if (index.format !== FORMAT || typeof index.entries !== "object" || index.entries === null) return new Map();
    return new Map(
      Object.entries(index.entries as Record<string, unknown>).filter(
        (entry): entry is [string, Place] =>
          /^[0-9a-f]{64}$/.test(entry[0]) &&
          Array.isArray(entry[1]) &&
          entry[1].length === 4 &&
          typeof entry[1][0] === "string" &&
          PACK_NAME.test(entry[1][0]) &&
          Number.isSafeInteger(entry[1][1]) &&
          entry[1][1] >= 0 &&
          Number.isSafeInteger(entry[1][2]) &&
          entry[1][2] >= 0 &&
          entry[1][2] <= MAX_ENTRY_BYTES &&
          typeof entry[1][3] === "string" &&
          /^[0-9a-f]{64}$/.test(entry[1][3]),
      ),
    );
  } catch {
    return new Map();
  }
}


let version: Promise<string> | undefined;
/**
 * Hash of the generator's sources and the lockfile (which pins the
 * libraries' own dependencies: the parser's tokenizer, for one; the same hash
 * names the bundle, see bundle.mjs), the templates and formatting config, and
 * the libraries' versions as installed.
 */
function generatorVersion(): Promise<string> {
  return (version ??= (async () => {
    const hash = createHash("sha256").update(sourcesHash());
    const files = listFiles(join(PROJECT, "templates")).map((file) => join(PROJECT, "templates", file));
    files.push(join(PROJECT, ".prettierrc.json"));
    for (const file of files.sort()) hash.update(relative(PROJECT, file)).update("\0").update(await readFile(file));
    for (const name of ["prettier", "ts-morph", "unified", "remark-parse", "remark-gfm", "hast-util-from-html", "hast-util-to-text"]) {
      const pkg = JSON.parse(await readFile(join(PROJECT, "node_modules", name, "package.json"), "utf8")) as { version: string };
      hash.update(`${name}@${pkg.version}`);
    }
    return hash.digest("hex");
  })());
}
