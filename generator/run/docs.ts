/** The docs folder as a run reads it first: its manifest, and what else it holds. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { diagnostic } from "../model/diagnostics.js";
import { DOCS_JOURNAL, MANIFEST_FILE, readManifest, type Manifest } from "../model/manifest.js";
import type { Diagnostic } from "../model/types.js";
import { catalogFiles } from "./catalog.js";
import { InputError, listFiles, readInput, symlinkChecker, symlinkOut } from "./files.js";

/** The manifest of the whole upstream docs is about 1 MiB. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** A docs folder, read as far as its manifest and listing. */
export interface Docs {
  readonly dir: string;
  /** The manifest as text (part of what a run's output depends on) and as read. */
  readonly manifestText: string;
  readonly manifest: Manifest;
  /** The stored catalog files (see catalog.ts). */
  readonly catalogPaths: readonly string[];
  /** Pages of the folder the manifest does not list (reported, not read). */
  readonly unlisted: readonly string[];
  /** Where a path of the folder is reached through a symlink that leads out of it, if it is. */
  readonly leadsOut: (path: string) => string | undefined;
  /** The manifest's diagnostics, and the unlisted pages'. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The docs folder, opened: its manifest read (never through a symlink out,
 * nor past the limit) and its files listed. What stops a run before any page
 * is read (a change of docs/ that fetch-docs began and was killed in, a
 * manifest that cannot be read) is a diagnostic, in `stop`.
 */
export function openDocs(dir: string): Docs | { readonly stop: Diagnostic } {
  // A change of docs/ fetch-docs began and was killed in: the manifest and the pages may not agree until it is completed.
  if (existsSync(join(dir, DOCS_JOURNAL))) {
    return {
      stop: diagnostic("D2E011", { file: DOCS_JOURNAL, line: 1, column: 1 }, "a change of docs/ by fetch-docs was interrupted: run `npm run fetch-docs -- --recover` to complete it, then generate again"),
    };
  }
  if (symlinkOut(dir, MANIFEST_FILE) !== undefined) {
    return { stop: diagnostic("D2E008", { file: MANIFEST_FILE, line: 1, column: 1 }, "a symlink leading out of docs/; it is not read") };
  }
  let manifestText: string;
  try {
    manifestText = new TextDecoder().decode(readInput(join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof InputError ? `it ${error.message}` : code === "ENOENT" ? "it does not exist" : `it cannot be opened (${code ?? "unknown error"})`;
    return { stop: diagnostic("D2E001", { file: MANIFEST_FILE, line: 1, column: 1 }, `cannot read ${MANIFEST_FILE}: ${reason}`) };
  }
  const manifest = readManifest(manifestText);
  const files = listFiles(dir);
  const listed = new Set(manifest.pages.map((spec) => spec.path));
  const unlisted = files.filter((path) => path.endsWith(".md") && !listed.has(path));
  return {
    dir,
    manifestText,
    manifest,
    catalogPaths: catalogFiles(files),
    unlisted,
    leadsOut: symlinkChecker(dir, files),
    diagnostics: [
      ...manifest.diagnostics,
      ...unlisted.map((path) => diagnostic("D2E003", { file: path, line: 1, column: 1 }, `not listed in ${MANIFEST_FILE}, so it is not read`)),
    ],
  };
}
