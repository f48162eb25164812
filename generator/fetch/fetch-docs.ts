/**
 * Updates the pages of `docs/` that have an `upstream` in `docs/sources.json`
 * from the upstream documentation repository.
 *
 * Nothing good is ever lost: a page is replaced only by a complete, non-empty,
 * valid UTF-8 body, through a temp file renamed into place; the manifest is
 * written (the same way) only after the pages it describes are on disk, so an
 * interrupted run leaves every page either old or new, never half-written,
 * and never a manifest hash for bytes that are not on disk.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { chmod, mkdir, open, readFile, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { killPoint, symlinkOut } from "../run/files.js";
import { mapLimited } from "../run/pool.js";
import { parsePage } from "../parse/page.js";
import { MAX_PAGE_BYTES } from "../parse/source.js";
import { MANIFEST_FILE, readManifest } from "../model/manifest.js";
import type { Diagnostic, PageSpec } from "../model/types.js";
import { HttpError, httpGet, type HttpResult, type RetryInfo } from "./http.js";
import { encodePath, isRefName, isUpstreamPath, type Upstream } from "./upstream.js";

export { encodePath };

/** The repository the manifest's `upstream` entries refer to. */
export const DEFAULT_REPO = "tencentyun/intlcloud-documents";
export const DEFAULT_BASE_URL = `https://raw.githubusercontent.com/${DEFAULT_REPO}`;
export const DEFAULT_REF = "master";
export const DEFAULTS = { timeoutMs: 30_000, retries: 3, backoffMs: 500, concurrency: 4 } as const;

export interface FetchDocsOptions {
  /** The docs folder, holding `sources.json`. */
  readonly docsDir: string;
  /**
   * Base URL; a page is fetched from `${baseUrl}/${ref}/${upstream.path}`.
   * Default: `https://raw.githubusercontent.com/<upstream.repo>`, which is
   * {@link DEFAULT_BASE_URL} for every page of the manifest.
   */
  readonly baseUrl?: string | undefined;
  /** Branch, tag or commit. Default: `master`. */
  readonly ref?: string | undefined;
  /** Only these pages (paths relative to the docs folder). */
  readonly only?: readonly string[] | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retries?: number | undefined;
  readonly backoffMs?: number | undefined;
  readonly concurrency?: number | undefined;
  /** Replace a page even when it was edited locally (its bytes differ from the manifest's sha256). */
  readonly force?: boolean | undefined;
  /**
   * The docs revision date (`YYYY-MM-DD`) recorded as the manifest's
   * `revision` when a page changes: it dates deprecations. Default: today (UTC).
   */
  readonly revision?: string | undefined;
  /** Stops starting pages and aborts requests under way; finished pages stay saved. */
  readonly signal?: AbortSignal | undefined;
  /** Called once, before the first request, with the number of pages to fetch. */
  readonly onStart?: ((total: number) => void) | undefined;
  /** Called as each page is finished. */
  readonly onPage?: ((event: PageEvent) => void) | undefined;
  /** Called before each retry of a page's request. */
  readonly onRetry?: ((path: string, info: RetryInfo) => void) | undefined;
  /** For tests: a replacement for the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** Where pages come from instead of `baseUrl` (a local checkout: see upstream.ts). */
  readonly upstream?: Upstream | undefined;
}

export type PageOutcome = "updated" | "unchanged" | "failed";

export interface PageEvent {
  readonly path: string;
  readonly outcome: PageOutcome;
  /** For `failed`, the reason; otherwise a few words (`304 not modified`, `1234 bytes`). */
  readonly detail: string;
  /** Pages finished so far, this one included. */
  readonly done: number;
  readonly total: number;
}

export interface FetchDocsResult {
  /** Replaced with new bytes. In manifest order, as are the other lists. */
  readonly updated: string[];
  /** 304, or the same bytes as on disk. */
  readonly unchanged: string[];
  /** Left as they were. */
  readonly failed: { path: string; reason: string }[];
}

/** The manifest cannot be read: nothing was fetched or written. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

interface Job {
  readonly spec: PageSpec & { readonly upstream: NonNullable<PageSpec["upstream"]> };
  /** The page's object in the parsed manifest: updated in place, so key order is kept. */
  readonly entry: Record<string, unknown>;
}

interface Outcome {
  readonly outcome: PageOutcome;
  readonly detail: string;
}

export async function fetchDocs(options: FetchDocsOptions): Promise<FetchDocsResult> {
  const docsDir = options.docsDir;
  const manifestPath = join(docsDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    throw new ManifestError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  const manifest = readManifest(text);
  const errors = manifest.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new ManifestError(`${MANIFEST_FILE} is not valid; nothing was fetched`, errors);
  const data = JSON.parse(text) as { pages: unknown[] };
  const revision = options.revision ?? new Date().toISOString().slice(0, 10);

  // Jobs in manifest order (readManifest sorts its pages; the file's order is what the user sees).
  const specs = new Map(manifest.pages.map((spec) => [spec.path, spec]));
  const only = options.only === undefined ? undefined : new Set(options.only);
  const jobs: Job[] = [];
  const rejected: { path: string; reason: string }[] = [];
  for (const entry of data.pages) {
    if (!isRecord(entry) || typeof entry["path"] !== "string") continue;
    const spec = specs.get(entry["path"]);
    if (spec?.upstream === undefined || (only !== undefined && !only.has(spec.path))) continue;
    if (!isUpstreamPath(spec.upstream.path)) {
      rejected.push({ path: spec.path, reason: `its upstream path ${JSON.stringify(spec.upstream.path)} is not a path inside the repository` });
      continue;
    }
    jobs.push({ spec: { ...spec, upstream: spec.upstream }, entry });
  }
  for (const path of only ?? []) {
    if (!specs.has(path)) rejected.push({ path, reason: `not listed in ${MANIFEST_FILE}` });
    else if (specs.get(path)?.upstream === undefined) rejected.push({ path, reason: `has no "upstream" in ${MANIFEST_FILE}` });
  }

  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const retries = options.retries ?? DEFAULTS.retries;
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULTS.concurrency));
  const ref = options.ref ?? DEFAULT_REF;
  if (!isRefName(ref)) throw new ManifestError(`${JSON.stringify(ref)} is not a branch, tag or commit name; nothing was fetched`);
  const baseUrl = options.baseUrl?.replace(/\/+$/, "");

  // Temp files a killed run may have left behind (only names this module makes).
  await removeStaleTempFiles([docsDir, ...new Set(jobs.map((job) => dirname(join(docsDir, job.spec.path))))]);
  // Pages a killed run put in place before recording them: recorded now.
  if (reconcile(docsDir, data)) {
    const next = `${JSON.stringify(data, null, 2)}\n`;
    await writeFileAtomic(manifestPath, next);
    text = next;
  }

  // The manifest is saved after each page that changes it, one save at a time;
  // each save writes the entries as they are then, i.e. only for pages already on disk.
  let savedText = text;
  let saving: Promise<void> = Promise.resolve();
  const saveManifest = (): Promise<void> => {
    const save = saving.then(async () => {
      const next = `${JSON.stringify(data, null, 2)}\n`;
      if (next === savedText) return;
      const current = await readFile(manifestPath, "utf8");
      if (current !== savedText) throw new Error(`${MANIFEST_FILE} was changed by something else during the run, so it was not overwritten`);
      await writeFileAtomic(manifestPath, next);
      savedText = next;
    });
    saving = save.catch(() => undefined);
    return save;
  };

  const fetchPage = async ({ spec, entry }: Job): Promise<Outcome> => {
    const file = join(docsDir, spec.path);
    const link = symlinkOut(docsDir, spec.path);
    if (link !== undefined) return failed(`${link} is a symlink leading out of the docs folder: nothing is read or written through it`);
    let local: Uint8Array | undefined;
    try {
      local = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return failed(`cannot read the local copy: ${(error as Error).message}`);
    }
    const localHash = local === undefined ? undefined : sha256(local);
    const recordedHash = typeof entry["sha256"] === "string" ? entry["sha256"] : undefined;
    const recordedEtag = typeof entry["etag"] === "string" ? entry["etag"] : undefined;
    // Ask for a 304 only when the bytes on disk are the ones the ETag was recorded with.
    const consistent = localHash !== undefined && (recordedHash === undefined || recordedHash === localHash);

    const url = `${baseUrl ?? `https://raw.githubusercontent.com/${spec.upstream.repo}`}/${ref}/${encodePath(spec.upstream.path)}`;
    let response: HttpResult;
    try {
      response = options.upstream ? await options.upstream.get(spec.upstream.path, consistent ? recordedEtag : undefined) : await httpGet(url, {
        etag: consistent ? recordedEtag : undefined,
        timeoutMs,
        retries,
        backoffMs,
        signal: options.signal,
        onRetry: options.onRetry && ((info) => options.onRetry?.(spec.path, info)),
        fetch: options.fetch,
      });
    } catch (error) {
      return failed(error instanceof HttpError ? error.message : String(error));
    }
    if (response.status === 304) return { outcome: "unchanged", detail: "304 not modified" };

    const bytes = response.bytes;
    const refusal = refuse(bytes, local, options.force === true);
    if (refusal !== undefined) return failed(refusal);
    const hash = sha256(bytes);

    const record = async (outcome: Outcome): Promise<Outcome> => {
      if (entry["sha256"] === hash && entry["etag"] === response.etag) return outcome;
      entry["sha256"] = hash;
      if (outcome.outcome === "updated") (data as Record<string, unknown>)["revision"] = revision;
      if (response.etag !== undefined) entry["etag"] = response.etag;
      else delete entry["etag"];
      try {
        await saveManifest();
      } catch (error) {
        const written = outcome.outcome === "updated" ? "the page was saved, but " : "";
        return failed(`${written}${MANIFEST_FILE} could not be saved: ${(error as Error).message}`);
      }
      return outcome;
    };

    if (localHash === hash) return record({ outcome: "unchanged", detail: "same bytes" });
    if (localHash !== undefined && recordedHash !== undefined && localHash !== recordedHash && options.force !== true) {
      return failed(`the local copy was edited (its sha256 is not the one ${MANIFEST_FILE} records), so it was not replaced; use --force to replace it`);
    }
    try {
      await mkdir(dirname(file), { recursive: true });
      // The journal names the new bytes before they are in place: a run
      // killed before the manifest records them leaves the manifest true all
      // the same (see `reconcile`).
      await writeFileAtomic(file, bytes, () => appendJournal(docsDir, { path: spec.path, sha256: hash, etag: response.etag ?? null }));
    } catch (error) {
      return failed(`cannot write the page: ${(error as Error).message}`);
    }
    return record({ outcome: "updated", detail: `${bytes.byteLength} bytes` });
  };

  options.onStart?.(jobs.length);
  let done = 0;
  const outcomes = await mapLimited(jobs, concurrency, async (job) => {
    const outcome = options.signal?.aborted ? failed("interrupted") : await fetchPage(job).catch((error: unknown) => failed(String(error)));
    done++;
    options.onPage?.({ path: job.spec.path, ...outcome, done, total: jobs.length });
    return outcome;
  });
  await saving;
  // Every page the journal names is recorded by now (or was refused): it has served its purpose.
  if (savedText === (await readFile(manifestPath, "utf8").catch(() => undefined))) rmSync(join(docsDir, JOURNAL_FILE), { force: true });

  const result: FetchDocsResult = { updated: [], unchanged: [], failed: [] };
  jobs.forEach((job, index) => {
    const { outcome, detail } = outcomes[index]!;
    if (outcome === "failed") result.failed.push({ path: job.spec.path, reason: detail });
    else result[outcome].push(job.spec.path);
  });
  result.failed.push(...rejected);
  return result;
}

function failed(reason: string): Outcome {
  return { outcome: "failed", detail: reason };
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Where `bytes` stops being valid UTF-8, in words; undefined when it is valid. */
export function invalidUtf8(bytes: Uint8Array): string | undefined {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // The longest prefix that is valid, allowing it to end inside a character: validity is monotone.
    let low = 0;
    let high = bytes.byteLength;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        low = mid;
      } catch {
        high = mid - 1;
      }
    }
    return low >= bytes.byteLength ? "the last character is incomplete" : `invalid byte at offset ${low}`;
  }
}

const TEMP_SUFFIX = /^\..+\.fetch-docs-[0-9a-f]{12}\.tmp$/;

/** Pages put in place, by the run that put them there: `docs/.fetch-docs-journal`, one JSON object a line. */
export const JOURNAL_FILE = ".fetch-docs-journal";

interface JournalLine {
  readonly path: string;
  readonly sha256: string;
  readonly etag: string | null;
}

/** Appends a line, flushed: appends of one short line are never interleaved. */
function appendJournal(docsDir: string, line: JournalLine): void {
  const fd = openSync(join(docsDir, JOURNAL_FILE), "a");
  try {
    writeSync(fd, `${JSON.stringify(line)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Records in the manifest (`data`, changed in place) the pages a killed run
 * put in place but did not record: a journal line whose page holds exactly
 * the bytes it names. A page whose bytes are another (still old, or edited
 * since) is left as the manifest says. Returns whether anything changed.
 */
function reconcile(docsDir: string, data: { pages: unknown[] }): boolean {
  let text: string;
  try {
    text = readFileSync(join(docsDir, JOURNAL_FILE), "utf8");
  } catch {
    return false;
  }
  const latest = new Map<string, JournalLine>();
  for (const line of text.split("\n")) {
    try {
      const entry = JSON.parse(line) as JournalLine;
      if (typeof entry.path === "string" && typeof entry.sha256 === "string") latest.set(entry.path, entry);
    } catch {
      // The last line of a killed run may be cut: it names nothing.
    }
  }
  let changed = false;
  for (const entry of data.pages) {
    if (!isRecord(entry) || typeof entry["path"] !== "string") continue;
    const line = latest.get(entry["path"]);
    if (line === undefined || entry["sha256"] === line.sha256 || symlinkOut(docsDir, entry["path"]) !== undefined) continue;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(docsDir, entry["path"]));
    } catch {
      continue;
    }
    if (sha256(bytes) !== line.sha256) continue;
    entry["sha256"] = line.sha256;
    if (line.etag !== null) entry["etag"] = line.etag;
    else delete entry["etag"];
    changed = true;
  }
  if (!changed) rmSync(join(docsDir, JOURNAL_FILE), { force: true });
  return changed;
}

/** An HTML document, where a markdown page is expected: an error or login page served with 200. */
const HTML_DOCUMENT = /^\uFEFF?\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

/**
 * Why a download must not replace a page, or undefined when it may: it must
 * be whole, non-empty, valid UTF-8 within the page limit, markdown rather
 * than an HTML document, and still have an error-code table when the page it
 * replaces had one (unless `force`).
 */
function refuse(bytes: Uint8Array, local: Uint8Array | undefined, force: boolean): string | undefined {
  if (bytes.byteLength === 0) return "empty body";
  if (bytes.byteLength > MAX_PAGE_BYTES) return `the body is ${bytes.byteLength} bytes, over the page limit of ${MAX_PAGE_BYTES}`;
  const invalid = invalidUtf8(bytes);
  if (invalid !== undefined) return `body is not valid UTF-8 (${invalid})`;
  const text = new TextDecoder().decode(bytes);
  if (HTML_DOCUMENT.test(text)) return "the body is an HTML document, not a markdown page (an error page?)";
  if (!force && local !== undefined) {
    const before = parsePage("local", local).errorTables.length;
    if (before > 0 && parsePage("download", bytes).errorTables.length === 0) {
      return `the download has no error-code table where the page it would replace has ${before}: refused (use --force if the page really changed so)`;
    }
  }
  return undefined;
}

/**
 * Writes `path` so that it always holds either its old or its new content:
 * a temp file in the same folder, flushed, then renamed over it.
 * `beforeRename` runs once the new content is on disk, before it takes the
 * old one's place.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, beforeRename?: () => void): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.fetch-docs-${randomBytes(6).toString("hex")}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch {
    // A new file: default permissions.
  }
  const handle = await open(temp, "wx");
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(temp, mode);
    beforeRename?.();
    killPoint();
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not possible on every platform.
  try {
    const folder = await open(dir, "r");
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Best effort.
  }
}

async function removeStaleTempFiles(dirs: readonly string[]): Promise<void> {
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) if (TEMP_SUFFIX.test(name)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
