import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
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
 * One file per entry (`<dir>/<key[0..2]>/<key>.json`), read when asked for and
 * written (atomically: temporary file, then rename) as soon as computed, so a
 * run holds no more of the cache in memory than it is using. `save` removes
 * the entries the run did not use. An unreadable entry is a miss.
 */
export class Cache {
  readonly #dir: string | undefined;
  readonly #used = new Set<string>();
  readonly #madeDirs = new Set<string>();
  readonly version: string;

  private constructor(dir: string | undefined, version: string) {
    this.#dir = dir;
    this.version = version;
  }

  /** `dir` undefined: a cache that remembers nothing (`--no-cache`). */
  static async open(dir: string | undefined): Promise<Cache> {
    return new Cache(dir === undefined ? undefined : join(dir, "entries"), await generatorVersion());
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
    const file = this.#file(key);
    try {
      return JSON.parse(readFileSync(file, "utf8")) as T;
    } catch {
      // Not cached yet, or unreadable: compute it.
    }
    const value = await compute();
    const dir = dirname(file);
    if (!this.#madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.#madeDirs.add(dir);
    }
    const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
    return value;
  }

  /** Removes the entries this run did not use (older versions, changed inputs) and any leftover temporary file. */
  async save(): Promise<void> {
    if (this.#dir === undefined) return;
    for (const path of await listFiles(this.#dir)) {
      const name = path.slice(path.lastIndexOf("/") + 1);
      if (!(name.endsWith(".json") && this.#used.has(name.slice(0, -".json".length)))) rmSync(join(this.#dir, path), { force: true });
    }
  }

  #file(key: string): string {
    return join(this.#dir!, key.slice(0, 2), `${key}.json`);
  }
}

let version: Promise<string> | undefined;
/** Hash of the generator's sources, templates and formatting config, and the libraries' versions. */
function generatorVersion(): Promise<string> {
  return (version ??= (async () => {
    const hash = createHash("sha256");
    const files: string[] = [];
    for (const dir of ["generator", "templates"]) {
      for (const file of await listFiles(join(PROJECT, dir))) files.push(join(PROJECT, dir, file));
    }
    files.push(join(PROJECT, ".prettierrc.json"));
    for (const file of files.sort()) hash.update(relative(PROJECT, file)).update("\0").update(await readFile(file));
    for (const name of ["prettier", "ts-morph", "unified", "remark-parse", "remark-gfm", "hast-util-from-html", "hast-util-to-text"]) {
      const pkg = JSON.parse(await readFile(join(PROJECT, "node_modules", name, "package.json"), "utf8")) as { version: string };
      hash.update(`${name}@${pkg.version}`);
    }
    return hash.digest("hex");
  })());
}
