import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { listFiles } from "./files.js";

const PROJECT = fileURLToPath(new URL("../", import.meta.url));

/**
 * A content-addressed cache of the two costly steps: parsing a page and
 * printing + formatting a file. Keys hash everything the result depends on:
 * the input itself and the generator's version (its own sources, templates,
 * formatting config and the versions of the libraries that shape output), so
 * a stale entry can never be used, only missed.
 *
 * One file per entry (`<dir>/entries/<key[0..2]>/<key>.json`), read when
 * asked for and written as soon as computed (off the main thread, atomically:
 * temporary file, then rename), so a run holds no more of the cache in memory
 * than it is using. Entries are listed once when the cache opens, so a miss
 * costs no look on disk. `save` waits for the writes, then removes the
 * entries the run did not use. An unreadable entry is a miss.
 */
export class Cache {
  /** The cache's folder; undefined for `--no-cache`. */
  readonly dir: string | undefined;
  readonly #dir: string | undefined;
  readonly #used = new Set<string>();
  /** The entries on disk when the cache was opened: any other key is a miss without a look. */
  readonly #stored: ReadonlySet<string>;
  readonly #madeDirs = new Map<string, Promise<unknown>>();
  readonly #writes: Promise<void>[] = [];
  readonly version: string;

  private constructor(dir: string | undefined, version: string, stored: ReadonlySet<string>) {
    this.dir = dir;
    this.#dir = dir === undefined ? undefined : entriesDir(dir);
    this.version = version;
    this.#stored = stored;
  }

  /** `dir` undefined: a cache that remembers nothing (`--no-cache`). */
  static async open(dir: string | undefined): Promise<Cache> {
    const stored = new Set<string>();
    if (dir !== undefined) {
      for (const path of await listFiles(entriesDir(dir))) if (path.endsWith(".json")) stored.add(path.slice(path.lastIndexOf("/") + 1, -".json".length));
    }
    return new Cache(dir, await generatorVersion(), stored);
  }

  key(...parts: (string | Uint8Array)[]): string {
    const hash = createHash("sha256").update(this.version);
    for (const part of parts) hash.update("\0").update(part);
    return hash.digest("hex");
  }

  /** `key` is only called when the cache is on: a key can cost as much as hashing a whole structure. */
  async get<T>(keyOf: () => string, compute: () => T | Promise<T>): Promise<T> {
    if (this.#dir === undefined) return compute();
    const key = keyOf();
    this.#used.add(key);
    if (this.#stored.has(key)) {
      try {
        return JSON.parse(readFileSync(this.#file(key), "utf8")) as T;
      } catch {
        // Unreadable: compute it again.
      }
    }
    const value = await compute();
    this.#writes.push(this.#write(key, JSON.stringify(value)));
    return value;
  }

  /**
   * Writes an entry off this thread (the run goes on meanwhile): temporary
   * file, then rename. A failed write only costs a miss next time.
   */
  async #write(key: string, text: string): Promise<void> {
    const file = this.#file(key);
    const dir = dirname(file);
    try {
      await (this.#madeDirs.get(dir) ?? this.#madeDirs.set(dir, mkdir(dir, { recursive: true })).get(dir));
      const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      await writeFile(temp, text);
      await rename(temp, file);
    } catch {
      // Not cached: the next run computes it again.
    }
  }

  /** Removes the entries this run did not use (older versions, changed inputs) and any leftover temporary file. */
  async save(): Promise<void> {
    if (this.#dir === undefined) return;
    await Promise.all(this.#writes.splice(0));
    for (const path of await listFiles(this.#dir)) {
      const name = path.slice(path.lastIndexOf("/") + 1);
      if (!(name.endsWith(".json") && this.#used.has(name.slice(0, -".json".length)))) rmSync(join(this.#dir, path), { force: true });
    }
  }

  #file(key: string): string {
    return join(this.#dir!, key.slice(0, 2), `${key}.json`);
  }
}

const entriesDir = (dir: string) => join(dir, "entries");

let version: Promise<string> | undefined;
/**
 * Hash of the generator's sources, templates and formatting config, the
 * libraries' versions and the lockfile (which pins the libraries' own
 * dependencies: the parser's tokenizer, for one).
 */
function generatorVersion(): Promise<string> {
  return (version ??= (async () => {
    const hash = createHash("sha256");
    const files: string[] = [];
    for (const dir of ["generator", "templates"]) {
      for (const file of await listFiles(join(PROJECT, dir))) files.push(join(PROJECT, dir, file));
    }
    files.push(join(PROJECT, ".prettierrc.json"));
    if (existsSync(join(PROJECT, "package-lock.json"))) files.push(join(PROJECT, "package-lock.json"));
    for (const file of files.sort()) hash.update(relative(PROJECT, file)).update("\0").update(await readFile(file));
    for (const name of ["prettier", "ts-morph", "unified", "remark-parse", "remark-gfm", "hast-util-from-html", "hast-util-to-text"]) {
      const pkg = JSON.parse(await readFile(join(PROJECT, "node_modules", name, "package.json"), "utf8")) as { version: string };
      hash.update(`${name}@${pkg.version}`);
    }
    return hash.digest("hex");
  })());
}
