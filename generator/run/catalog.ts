/**
 * The stored API catalog of docs/ (`catalog/<repository>/<service>/<version>.json`,
 * see model/catalog.ts): which files a run reads, and reading them.
 */
import { join } from "node:path";
import { isCatalogFile } from "../model/catalog.js";
import { compareStrings, diagnostic } from "../model/diagnostics.js";
import type { CatalogInput, Diagnostic } from "../model/types.js";
import type { Cache } from "./cache.js";
import { readPageBytes, sha256 } from "./files.js";

/** The stored catalog files among the files of docs/: every `.json` below `catalog/`. */
export const catalogFiles = (docsFiles: readonly string[]) => docsFiles.filter(isCatalogFile).sort(compareStrings);

/** What reading one stored catalog file gives: what a cache entry of kind `catalog` holds. */
export interface ReadCatalogFile {
  readonly input?: CatalogInput | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads the stored catalog files (none through a symlink out of docs/), with
 * the sha256 of each file read. A file whose bytes were hashed before
 * (`before`, to look up the record of the last run) and whose reading the
 * cache holds under that hash is taken from the cache, not read again.
 */
export async function readCatalog(
  docsDir: string,
  paths: readonly string[],
  leadsOut: (path: string) => string | undefined,
  cache?: Cache,
  before: ReadonlyMap<string, string> = new Map(),
): Promise<{ inputs: CatalogInput[]; hashes: Map<string, string>; diagnostics: Diagnostic[] }> {
  const inputs: CatalogInput[] = [];
  const hashes = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const keep = (path: string, hash: string, read: ReadCatalogFile) => {
    hashes.set(path, hash);
    diagnostics.push(...read.diagnostics);
    if (read.input) inputs.push(read.input);
  };
  for (const path of paths) {
    if (leadsOut(path) !== undefined) {
      diagnostics.push(diagnostic("D2E008", { file: path, line: 1, column: 1 }, "a symlink leading out of docs/; it is not read"));
      continue;
    }
    const hashed = before.get(path);
    const cached = hashed === undefined || cache?.enabled !== true ? undefined : cache.lookup<ReadCatalogFile>("catalog", cache.key("catalog", path, hashed));
    if (cached !== undefined) {
      keep(path, hashed!, cached);
      continue;
    }
    const bytes = readPageBytes(join(docsDir, path), path, "found in the catalog folder");
    if (!(bytes instanceof Uint8Array)) {
      diagnostics.push(bytes);
      continue;
    }
    const hash = sha256(bytes);
    // The parser loads when first used (a run served whole by the cache loads none of it).
    const { readCatalogFile } = await import("../parse/page.js");
    const read: ReadCatalogFile = readCatalogFile(path, bytes);
    if (cache?.enabled === true) cache.store("catalog", cache.key("catalog", path, hash), { ...(read.input !== undefined && { input: read.input }), diagnostics: read.diagnostics });
    keep(path, hash, read);
  }
  return { inputs, hashes, diagnostics };
}
