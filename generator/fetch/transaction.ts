/**
 * One change of docs/ (pages written, renumbered or removed, and the
 * manifest that lists them) made as a transaction that survives a kill at any
 * instant: docs/ is wholly as it was or wholly as planned, and the manifest
 * always lists exactly the pages on disk with their sha256.
 *
 * 1. Every new file is staged next to its place (`.<name>.fetch-docs-<random>.tmp`)
 *    and flushed; nothing the docs folder holds has changed yet.
 * 2. The journal (`docs/.fetch-docs-journal`: the new manifest, the staged
 *    files, the files to remove) is written whole (a temp file, renamed):
 *    from here on, the change is made.
 * 3. The staged files are renamed into place, the manifest is replaced, the
 *    files to remove are removed, and the journal goes.
 *
 * A run killed before 2 leaves staged files only, which the next run removes
 * (`recoverDocs`); killed after 2, the next run completes 3 from the journal.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { flushFolder, listFiles, removeQuietly, sha256, symlinkOut, tempName, writeAtomically, writeFlushed } from "../run/files.js";
import { DOCS_JOURNAL, MANIFEST_FILE } from "../model/manifest.js";
import { isUpstreamPath } from "../model/placement.js";
import { isCatalogFile } from "../model/catalog.js";
import type { FileSource } from "./plan.js";

/** The journal of a change under way. */
export const JOURNAL_FILE = DOCS_JOURNAL;

/** Files this module stages: removed when no journal names them. */
/** Whose temporary files are fetch-docs's (`.<name>.fetch-docs-<random>.tmp`): a recovery removes those it finds. */
const TEMP_TAG = "fetch-docs";
const TEMP_NAME = /^\..+\.fetch-docs-[0-9a-f]{12}\.tmp$/;

interface Journal {
  readonly version: 2;
  /** The manifest's new text. */
  readonly manifest: string;
  /** Staged files (names in their folder) and their places, relative to docs/. */
  readonly put: readonly { readonly path: string; readonly temp: string; readonly sha256: string }[];
  /** Files to remove, with the sha256 they must have (a file changed since is left alone). */
  readonly remove: readonly { readonly path: string; readonly sha256: string | null }[];
}

/** docs/ cannot be changed as planned: nothing was changed. */
export class DocsChangeError extends Error {
  override readonly name = "DocsChangeError";
}


export interface DocsChange {
  /** The manifest's text when the run read it: if it changed since, nothing is written. */
  readonly manifestBefore: string;
  readonly manifestAfter: string;
  readonly files: ReadonlyMap<string, FileSource>;
  readonly removals: readonly { readonly path: string; readonly hash: string | undefined }[];
}

/** Makes `change` in `docsDir`, as a transaction (see above). */
export function commitDocs(docsDir: string, change: DocsChange): void {
  const staged: { path: string; temp: string; sha256: string }[] = [];
  try {
    for (const [path, source] of change.files) {
      const link = symlinkOut(docsDir, path);
      if (link !== undefined) throw new DocsChangeError(`${link} is a symlink leading out of the docs folder: nothing is written through it`);
      const bytes = "bytes" in source ? source.bytes : readFileSync(join(docsDir, source.from));
      if (sha256(bytes) !== source.hash) throw new DocsChangeError(`${"from" in source ? source.from : path} changed during the run`);
      const file = join(docsDir, path);
      mkdirSync(dirname(file), { recursive: true });
      const temp = tempName(file, TEMP_TAG);
      writeFlushed(join(dirname(file), temp), bytes);
      staged.push({ path, temp, sha256: source.hash });
    }
    for (const { path } of change.removals) {
      const link = symlinkOut(docsDir, path);
      if (link !== undefined) throw new DocsChangeError(`${link} is a symlink leading out of the docs folder: nothing is removed through it`);
    }
    let current: string | undefined;
    try {
      current = readFileSync(join(docsDir, MANIFEST_FILE), "utf8");
    } catch {
      current = undefined;
    }
    if (current !== change.manifestBefore) throw new DocsChangeError(`${MANIFEST_FILE} was changed by something else during the run, so nothing was written`);
    const journal: Journal = {
      version: 2,
      manifest: change.manifestAfter,
      put: staged,
      remove: change.removals.map(({ path, hash }) => ({ path, sha256: hash ?? null })),
    };
    writeFileAtomicSync(join(docsDir, JOURNAL_FILE), `${JSON.stringify(journal)}\n`);
  } catch (error) {
    for (const { path, temp } of staged) removeQuietly(join(dirname(join(docsDir, path)), temp));
    throw error;
  }
  rollForward(docsDir, readJournal(docsDir)!);
}

/**
 * Completes a change a killed run left (its journal in place), then removes
 * files staged by a run killed before its journal. Returns whether a change
 * was completed. A damaged journal throws: it is not guessed at.
 */
export function recoverDocs(docsDir: string): boolean {
  const journal = readJournal(docsDir);
  if (journal !== undefined) rollForward(docsDir, journal);
  for (const path of listFiles(docsDir)) {
    if (TEMP_NAME.test(path.slice(path.lastIndexOf("/") + 1)) && symlinkOut(docsDir, path) === undefined) removeQuietly(join(docsDir, path));
  }
  return journal !== undefined;
}

function readJournal(docsDir: string): Journal | undefined {
  let text: string;
  try {
    text = readFileSync(join(docsDir, JOURNAL_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const damaged = (why: string) =>
    new DocsChangeError(
      `docs/${JOURNAL_FILE} is damaged (${why}): it is not followed. It records a change of docs/ a killed run did not finish; remove it, then run fetch-docs again (what is on disk stays as it is; generate reports any page whose sha256 differs from the manifest's)`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw damaged("not JSON");
  }
  const journal = data as Partial<Journal> | null;
  // A page or stored catalog file of docs/: a relative path inside it (no `..`, no absolute path, no backslash or control character).
  const isPath = (path: unknown): path is string =>
    typeof path === "string" && (path.endsWith(".md") || isCatalogFile(path)) && isUpstreamPath(path);
  if (
    journal?.version !== 2 ||
    typeof journal.manifest !== "string" ||
    !Array.isArray(journal.put) ||
    !Array.isArray(journal.remove) ||
    !journal.put.every((p) => isPath(p?.path) && typeof p.temp === "string" && TEMP_NAME.test(p.temp) && typeof p.sha256 === "string") ||
    !journal.remove.every((r) => isPath(r?.path) && (r.sha256 === null || typeof r.sha256 === "string"))
  ) {
    throw damaged("not a journal of this version of fetch-docs");
  }
  return journal as Journal;
}

function rollForward(docsDir: string, journal: Journal): void {
  for (const { path, temp } of journal.put) {
    const file = join(docsDir, path);
    const staged = join(dirname(file), temp);
    if (symlinkOut(docsDir, path) !== undefined || !existsSync(staged)) continue; // Put in place already.
    renameSync(staged, file);
  }
  const manifest = join(docsDir, MANIFEST_FILE);
  let current: string | undefined;
  try {
    current = readFileSync(manifest, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== journal.manifest) writeFileAtomicSync(manifest, journal.manifest);
  const folders = new Set<string>();
  for (const { path, sha256: expected } of journal.remove) {
    if (symlinkOut(docsDir, path) !== undefined) continue;
    const file = join(docsDir, path);
    try {
      if (expected === null || sha256(readFileSync(file)) === expected) {
        unlinkSync(file);
        folders.add(dirname(file));
      }
    } catch {
      // Gone already.
    }
  }
  // Folders left empty by a removed page (an action's last page) go too.
  for (let dir of folders) {
    while (dir.startsWith(`${docsDir}/`) && readdirSync(dir).length === 0) {
      rmdirSync(dir);
      dir = dirname(dir);
    }
  }
  flushFolder(docsDir);
  removeQuietly(join(docsDir, JOURNAL_FILE));
}

/** `file` replaced whole (see run/files.ts `writeAtomically`), its temporary file named as fetch-docs names its own. */
export const writeFileAtomicSync = (file: string, data: Uint8Array | string) => writeAtomically(file, data, TEMP_TAG);

