/**
 * The stored API catalog of docs/ (`catalog/<repository>/<service>/<version>.json`,
 * see model/catalog.ts): which files a run reads, and reading them.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { isCatalogFile } from "../model/catalog.js";
import { compareStrings, diagnostic } from "../model/diagnostics.js";
import type { CatalogInput, Diagnostic } from "../model/types.js";
import { readPageBytes } from "./files.js";

/** The stored catalog files among the files of docs/: every `.json` below `catalog/`. */
export const catalogFiles = (docsFiles: readonly string[]) => docsFiles.filter(isCatalogFile).sort(compareStrings);

/** Reads the stored catalog files (none through a symlink out of docs/), with the sha256 of each file read. */
export async function readCatalog(
  docsDir: string,
  paths: readonly string[],
  leadsOut: (path: string) => string | undefined,
): Promise<{ inputs: CatalogInput[]; hashes: Map<string, string>; diagnostics: Diagnostic[] }> {
  // The parser loads when first used (a run served whole by the cache loads none of it).
  const { readCatalogFile } = await import("../parse/page.js");
  const inputs: CatalogInput[] = [];
  const hashes = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    if (leadsOut(path) !== undefined) {
      diagnostics.push(diagnostic("D2E008", { file: path, line: 1, column: 1 }, "a symlink leading out of docs/; it is not read"));
      continue;
    }
    const bytes = readPageBytes(join(docsDir, path), path, "found in the catalog folder");
    if (!(bytes instanceof Uint8Array)) {
      diagnostics.push(bytes);
      continue;
    }
    hashes.set(path, createHash("sha256").update(bytes).digest("hex"));
    const read = readCatalogFile(path, bytes);
    diagnostics.push(...read.diagnostics);
    if (read.input) inputs.push(read.input);
  }
  return { inputs, hashes, diagnostics };
}
