import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { listFiles } from "./files.js";

const PROJECT = fileURLToPath(new URL("../", import.meta.url));

/**
 * A content-addressed cache of the two costly steps: parsing a page and
 * printing + formatting a file. Keys hash everything the result depends on:
 * the input itself and the generator's version (its own sources, templates,
 * formatting config and the versions of the libraries that shape output), so
 * a stale entry can never be used, only missed. One JSON file, loaded once,
 * written once (atomically), holding only the entries the last run used.
 */
export class Cache {
  readonly #file: string | undefined;
  readonly #entries: Map<string, unknown>;
  readonly #used = new Map<string, unknown>();
  readonly version: string;
  hits = 0;
  misses = 0;

  private constructor(file: string | undefined, entries: Map<string, unknown>, version: string) {
    this.#file = file;
    this.#entries = entries;
    this.version = version;
  }

  /** `dir` undefined: a cache that remembers nothing (`--no-cache`). */
  static async open(dir: string | undefined): Promise<Cache> {
    const version = await generatorVersion();
    if (dir === undefined) return new Cache(undefined, new Map(), version);
    const file = join(dir, "cache.json");
    let entries = new Map<string, unknown>();
    try {
      const data = JSON.parse(await readFile(file, "utf8")) as { version?: string; entries?: Record<string, unknown> };
      if (data.version === version && data.entries) entries = new Map(Object.entries(data.entries));
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
    return new Cache(file, entries, version);
  }

  key(...parts: (string | Uint8Array)[]): string {
    const hash = createHash("sha256").update(this.version);
    for (const part of parts) hash.update("\0").update(part);
    return hash.digest("hex");
  }

  async get<T>(key: string, compute: () => T | Promise<T>): Promise<T> {
    if (this.#entries.has(key)) {
      this.hits++;
      const value = this.#entries.get(key) as T;
      this.#used.set(key, value);
      return value;
    }
    this.misses++;
    const value = await compute();
    this.#used.set(key, value);
    return value;
  }

  /** Writes the entries this run used (and only those). */
  async save(): Promise<void> {
    if (this.#file === undefined) return;
    await mkdir(dirname(this.#file), { recursive: true });
    const temp = `${this.#file}.tmp-${randomBytes(4).toString("hex")}`;
    await writeFile(temp, JSON.stringify({ version: this.version, entries: Object.fromEntries(this.#used) }));
    await rename(temp, this.#file).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      throw error;
    });
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
