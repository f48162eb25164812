/**
 * Brings docs/ to a commit of the upstream documentation repository: each
 * page of `docs/sources.json` that has an `upstream` is read again and,
 * with `discover`, the upstream's listing is read for pages the manifest
 * lacks, pages that moved and pages that were deleted (see plan.ts for the
 * rule). The docs revision (`revision`, which dates deprecations) becomes
 * the date of that commit, never the clock's, and every page read records
 * the commit.
 *
 * Nothing good is ever lost: a page is replaced only by a complete,
 * non-empty, valid UTF-8 body; a network failure or a 5xx is never taken for
 * a deletion; and every change of docs/ is one transaction (transaction.ts)
 * that leaves the manifest true to what is on disk, whenever the run is
 * killed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256, symlinkOut } from "../run/files.js";
import { mapLimited } from "../run/pool.js";
import { MANIFEST_FILE, readManifest } from "../model/manifest.js";
import type { Diagnostic, PageSpec } from "../model/types.js";
import { candidatePaths, discoverPages } from "./discover.js";
import { lostContent, refuse } from "./download.js";
import { HttpError, type RetryInfo } from "./http.js";
import { planSync, type Candidate, type Fetched, type PlanEntry, type PlanReport } from "./plan.js";
import { commitDocs, DocsChangeError, recoverDocs } from "./transaction.js";
import { COMMIT, DEFAULT_API_URL, httpUpstream, isRefName, isUpstreamPath, underRoots, type HttpUpstreamOptions, type Upstream } from "./upstream.js";


/** The repository the manifest's `upstream` entries refer to. */
export const DEFAULT_REPO = "tencentyun/intlcloud-documents";
export const DEFAULT_BASE_URL = `https://raw.githubusercontent.com/${DEFAULT_REPO}`;
export const DEFAULT_REF = "master";
export const DEFAULTS = { timeoutMs: 30_000, retries: 3, backoffMs: 500, concurrency: 4 } as const;

export interface FetchDocsOptions {
  /** The docs folder, holding `sources.json`. */
  readonly docsDir: string;
  /** Where pages come from; default: over HTTP, from `baseUrl` (see below). */
  readonly upstream?: Upstream | undefined;
  /**
   * Over HTTP: pages are read from `${baseUrl}/${commit or ref}/${upstream.path}`.
   * Default: {@link DEFAULT_BASE_URL}, with the GitHub API at {@link DEFAULT_API_URL}.
   */
  readonly baseUrl?: string | undefined;
  /** Over HTTP: the GitHub API, which resolves the ref to a commit and its date, and lists the repository. Default: GitHub's for the default `baseUrl`, none otherwise. */
  readonly apiUrl?: string | undefined;
  /** Over HTTP: the listing for `discover` (`{ref}` is replaced by the commit). Default: the Git tree from the API. */
  readonly listingUrl?: string | undefined;
  /** Over HTTP: sent to the API (and only there) as a bearer token. */
  readonly token?: string | undefined;
  /** Branch, tag or commit. Default: `master`. */
  readonly ref?: string | undefined;
  /** The upstream commit read (over HTTP, instead of `ref`; for a folder, the commit it holds). */
  readonly commit?: string | undefined;
  /** The date (`YYYY-MM-DD`) of that commit, when the upstream cannot tell it: it becomes the docs revision. */
  readonly date?: string | undefined;
  /** Read the upstream's listing: add the pages the manifest lacks, follow moves, delete pages gone upstream. */
  readonly discover?: boolean | undefined;
  /** Only these pages (paths relative to the docs folder); not with `discover`. */
  readonly only?: readonly string[] | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retries?: number | undefined;
  readonly backoffMs?: number | undefined;
  readonly concurrency?: number | undefined;
  /** Replace or delete a page even when it was edited locally (its bytes differ from the manifest's sha256). */
  readonly force?: boolean | undefined;
  /** Stops starting pages and aborts requests under way; the pages read so far are saved (no move or deletion is made). */
  readonly signal?: AbortSignal | undefined;
  /** Called once, before the first page is read, with the number of pages to read. */
  readonly onStart?: ((total: number) => void) | undefined;
  /** Called as each page is finished. */
  readonly onPage?: ((event: PageEvent) => void) | undefined;
  /** Called before each retry of a page's request. */
  readonly onRetry?: ((path: string, info: RetryInfo) => void) | undefined;
  /** For tests: a replacement for the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
}

export type PageOutcome = "updated" | "unchanged" | "failed" | "gone" | "read";

export interface PageEvent {
  readonly path: string;
  readonly outcome: PageOutcome;
  /** For `failed`, the reason; otherwise a few words (`304 not modified`, `1234 bytes`). */
  readonly detail: string;
  /** Pages finished so far, this one included. */
  readonly done: number;
  readonly total: number;
}

export interface FetchDocsResult extends PlanReport {
  /** The upstream commit read and its date, as far as they are known. */
  readonly commit: string | undefined;
  readonly date: string | undefined;
  /** Whether docs/ changed (pages written, added, moved, renumbered or deleted). */
  readonly changed: boolean;
  /** Upstream pages with an error table that discovery left out (D2E007). */
  readonly leftOut: readonly Diagnostic[];
  /** Upstream pages discovery could not read. */
  readonly unread: readonly { path: string; reason: string }[];
  /** Whether an interrupted change of docs/ was completed first. */
  readonly recovered: boolean;
}

/**
 * The upstream repository over HTTP, with this project's defaults: GitHub's
 * raw files of `tencentyun/intlcloud-documents`, and GitHub's API when the
 * base URL is GitHub's (another base URL has no API unless one is given).
 */
export function upstreamRepository(
  options: Pick<FetchDocsOptions, "baseUrl" | "apiUrl" | "listingUrl" | "date" | "token"> & {
    readonly ref: string;
    readonly http: HttpUpstreamOptions["http"];
    /** Another repository than the documentation's (the API catalog's), with the folders it is read below. */
    readonly repo?: string | undefined;
    readonly roots?: readonly string[] | undefined;
  },
): Upstream {
  const repo = options.repo ?? DEFAULT_REPO;
  return httpUpstream({
    baseUrl: options.baseUrl ?? `https://raw.githubusercontent.com/${repo}`,
    ref: options.ref,
    repo,
    roots: options.roots,
    apiUrl: options.apiUrl ?? (options.baseUrl === undefined ? DEFAULT_API_URL : undefined),
    listingUrl: options.listingUrl,
    date: options.date,
    token: options.token,
    http: options.http,
  });
}

/** The manifest cannot be read, or the run cannot be made as asked: nothing was fetched or written. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** docs/ would change, but the date of the upstream commit is not known: nothing was written. */
export class UnknownDateError extends Error {
  override readonly name = "UnknownDateError";
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export async function fetchDocs(options: FetchDocsOptions): Promise<FetchDocsResult> {
  const docsDir = options.docsDir;
  const manifestPath = join(docsDir, MANIFEST_FILE);
  if (options.only !== undefined && options.discover) throw new ManifestError("--only and --discover do not go together: discovery looks at every page");
  if (options.commit !== undefined && !COMMIT.test(options.commit)) throw new ManifestError(`${JSON.stringify(options.commit)} is not a full commit hash`);
  if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new ManifestError(`${JSON.stringify(options.date)} is not a date such as 2024-12-24`);
  const ref = options.commit ?? options.ref ?? DEFAULT_REF;
  if (!isRefName(ref)) throw new ManifestError(`${JSON.stringify(ref)} is not a branch, tag or commit name; nothing was fetched`);
  if (symlinkOut(docsDir, MANIFEST_FILE) !== undefined) throw new ManifestError(`${MANIFEST_FILE} is a symlink leading out of the docs folder; nothing was fetched`);

  // A change a killed run left half made is completed (or undone) before anything is read.
  let recovered: boolean;
  try {
    recovered = recoverDocs(docsDir);
  } catch (error) {
    if (error instanceof DocsChangeError) throw new ManifestError(error.message);
    throw error;
  }
  let text: string;
  try {
    text = readFileSync(manifestPath, "utf8");
  } catch (error) {
    throw new ManifestError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  const manifest = readManifest(text);
  const errors = manifest.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new ManifestError(`${MANIFEST_FILE} is not valid; nothing was fetched`, errors);
  const data = JSON.parse(text) as Record<string, unknown> & { pages: unknown[] };
  const specs = new Map(manifest.pages.map((spec) => [spec.path, spec]));

  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const retries = options.retries ?? DEFAULTS.retries;
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULTS.concurrency));
  const upstream =
    options.upstream ??
    upstreamRepository({ ...options, ref, http: { timeoutMs, retries, backoffMs, signal: options.signal, fetch: options.fetch } });
  const revision = await upstream.revision();
  if (options.commit !== undefined && revision.commit !== undefined && revision.commit !== options.commit) {
    throw new ManifestError(`the upstream is at commit ${revision.commit}, not ${options.commit}`);
  }
  if (options.commit !== undefined && revision.commit === undefined) throw new ManifestError(revision.unknown ?? `the upstream is not at commit ${options.commit}`);
  const commit = revision.commit;
  const date = options.date ?? revision.date;

  // Entries in manifest order (readManifest sorts its pages; the file's order is what the user sees).
  const only = options.only === undefined ? undefined : new Set(options.only);
  const entries: { spec: PageSpec; entry: Record<string, unknown>; asked: boolean }[] = [];
  const rejected: { path: string; reason: string }[] = [];
  for (const entry of data.pages) {
    if (!isRecord(entry) || typeof entry["path"] !== "string") continue;
    const spec = specs.get(entry["path"]);
    if (spec === undefined) continue;
    let asked = spec.upstream !== undefined && (only === undefined || only.has(spec.path));
    if (asked && !isUpstreamPath(spec.upstream!.path)) {
      rejected.push({ path: spec.path, reason: `its upstream path ${JSON.stringify(spec.upstream!.path)} is not a path inside the repository` });
      asked = false;
    }
    entries.push({ spec, entry, asked });
  }
  for (const path of only ?? []) {
    if (!specs.has(path)) rejected.push({ path, reason: `not listed in ${MANIFEST_FILE}` });
    else if (specs.get(path)?.upstream === undefined) rejected.push({ path, reason: `has no "upstream" in ${MANIFEST_FILE}` });
  }

  // The listing of the commit read: what discovery adds, and what is gone.
  let listed: Set<string> | undefined;
  if (options.discover) {
    try {
      listed = new Set(await upstream.list());
    } catch (error) {
      throw new ManifestError(`cannot list the upstream: ${error instanceof HttpError ? error.message : String(error)}; nothing was fetched`);
    }
  }
  const known = new Set(manifest.pages.flatMap((spec) => spec.upstream?.path ?? []));
  const candidates = listed === undefined ? [] : candidatePaths([...listed], known);
  const jobs = entries.filter((e) => e.asked);
  const total = jobs.length + candidates.length;
  options.onStart?.(total);
  let done = 0;
  const event = (path: string, outcome: PageOutcome, detail: string) => options.onPage?.({ path, outcome, detail, done: ++done, total });

  // Each page on disk, read once: what a download is compared with, and what the plan renumbers or removes.
  const locals = new Map<string, { bytes?: Uint8Array; hash?: string; problem?: string }>();
  for (const { spec } of entries) {
    const link = symlinkOut(docsDir, spec.path);
    if (link !== undefined) {
      locals.set(spec.path, { problem: `${link} is a symlink leading out of the docs folder: nothing is read or written through it` });
      continue;
    }
    try {
      const bytes = readFileSync(join(docsDir, spec.path));
      locals.set(spec.path, { bytes, hash: sha256(bytes) });
    } catch (error) {
      locals.set(spec.path, (error as NodeJS.ErrnoException).code === "ENOENT" ? {} : { problem: `cannot read the local copy: ${(error as Error).message}` });
    }
  }

  const fetched = new Map<string, Fetched>();
  await mapLimited(jobs, concurrency, async ({ spec, entry }) => {
    const result = await fetchEntry(spec, entry);
    fetched.set(spec.path, result);
    const outcome: PageOutcome = result.kind === "failed" ? "failed" : result.kind === "gone" || result.kind === "emptied" ? "gone" : result.kind === "not-modified" ? "unchanged" : "read";
    const detail =
      result.kind === "failed"
        ? result.reason
        : result.kind === "gone"
          ? "not in the upstream listing"
          : result.kind === "emptied"
            ? "no error-code table left"
            : result.kind === "not-modified"
              ? "304 not modified"
              : `${result.bytes.byteLength} bytes`;
    event(spec.path, outcome, detail);
  });

  async function fetchEntry(spec: PageSpec, entry: Record<string, unknown>): Promise<Fetched> {
    const path = spec.upstream!.path;
    if (options.signal?.aborted) return { kind: "failed", reason: "interrupted" };
    // Gone: the listing is of the commit read, and covers the page's folder.
    if (listed !== undefined && revision.pinned && underRoots(path) && !listed.has(path)) return { kind: "gone" };
    const { bytes: local, hash: localHash, problem } = locals.get(spec.path)!;
    if (problem !== undefined) return { kind: "failed", reason: problem };
    const recordedEtag = typeof entry["etag"] === "string" ? entry["etag"] : undefined;
    // Ask for a 304 only when the bytes on disk are the ones the ETag was recorded with.
    const consistent = localHash !== undefined && (spec.sha256 === undefined || spec.sha256 === localHash);
    let response;
    try {
      response = await upstream.get(path, consistent ? recordedEtag : undefined, options.onRetry && ((info) => options.onRetry?.(spec.path, info)));
    } catch (error) {
      const reason = error instanceof HttpError ? error.message : String(error);
      // A 404 alone is no deletion: only the listing of the commit says a page is gone.
      const hint = error instanceof HttpError && error.status === 404 ? `; if the page was moved or deleted upstream, --discover follows it` : "";
      return { kind: "failed", reason: `${reason}${listed === undefined ? hint : ""}` };
    }
    if (response.status === 304) return { kind: "not-modified", etag: response.etag };
    const refusal = refuse(response.bytes);
    if (refusal !== undefined) return { kind: "failed", reason: refusal };
    const hash = sha256(response.bytes);
    const lost = hash === localHash ? undefined : lostContent(response.bytes, local);
    if (lost !== undefined && "tables" in lost) {
      if (options.force !== true) {
        return {
          kind: "failed",
          reason: `the download has no error-code table where the page has ${lost.tables}: held back (a page cut short looks so). If upstream emptied the page, --force removes it from docs/`,
        };
      }
      return { kind: "emptied", bytes: response.bytes, hash };
    }
    // Against the page as recorded: a page edited locally is held back for that (see plan.ts).
    if (lost !== undefined && options.force !== true && consistent) {
      return { kind: "failed", reason: `${lost.shrunk}: held back (a page cut short looks so). If upstream shortened the page, --force takes it` };
    }
    return { kind: "bytes", bytes: response.bytes, hash, etag: response.etag };
  }

  let discovered: { candidates: readonly Candidate[]; leftOut: readonly Diagnostic[]; failed: readonly { path: string; reason: string }[] } = { candidates: [], leftOut: [], failed: [] };
  if (candidates.length > 0 && !options.signal?.aborted) {
    const actions = manifest.pages.flatMap((spec) => (spec.kind === "action" && spec.upstream !== undefined ? { upstream: spec.upstream.path, service: spec.service, apiVersion: spec.apiVersion } : []));
    discovered = await discoverPages(upstream, candidates, {
      concurrency: Math.max(concurrency, 8),
      signal: options.signal,
      onPage: (path) => event(path, "read", "discovery"),
      actions,
    });
  }

  // Interrupted: the pages read so far are saved, and nothing is moved or deleted on an incomplete reading.
  const interrupted = options.signal?.aborted === true;
  const planEntries: PlanEntry[] = entries.map(({ spec, entry, asked }) => {
    let result = asked ? fetched.get(spec.path) : undefined;
    if (interrupted && result?.kind === "gone") result = { kind: "failed", reason: "interrupted" };
    return { spec, entry, localHash: locals.get(spec.path)!.hash, fetched: result };
  });
  const keepReason = interrupted
    ? "the run was interrupted"
    : !revision.pinned
      ? `the listing may not be of the commit the pages were read at (${revision.unknown ?? "the ref was not resolved to a commit"})`
      : discovered.failed.length > 0
        ? `${discovered.failed.length} upstream page(s) could not be read, and one may be where it moved`
        : undefined;
  const plan = planSync({
    entries: planEntries,
    candidates: interrupted ? [] : discovered.candidates,
    mayDelete: keepReason === undefined,
    keepReason,
    force: options.force === true,
    repo: DEFAULT_REPO,
  });

  // What the run read is recorded when docs/ changes: the docs are then those of this commit, dated by it.
  if (plan.changed && date === undefined) {
    throw new UnknownDateError(
      `docs/ would change, and the docs revision must be the date of the upstream commit read${commit === undefined ? "" : ` (${commit})`}, which is not known here (${revision.unknown ?? "no date"}): pass --date YYYY-MM-DD. Nothing was written.`,
    );
  }
  const next: Record<string, unknown> = { ...data, pages: plan.pages };
  for (const object of plan.pages) {
    if (!plan.changed || !plan.confirmed.has(object)) continue;
    const source = object["upstream"] as Record<string, unknown>;
    if (commit !== undefined) object["upstream"] = { ...source, commit };
    else if (plan.rewritten.has(object)) {
      const { commit: _stale, ...rest } = source;
      object["upstream"] = rest;
    }
  }
  if (plan.changed) {
    next["revision"] = date;
    // The whole of docs/ was read at this commit: the manifest names it.
    if (commit !== undefined && only === undefined && plan.report.failed.length + rejected.length === 0 && !interrupted) next["commit"] = commit;
    else delete next["commit"];
  }
  const after = `${JSON.stringify(orderKeys(next), null, 2)}\n`;
  if (after !== text) {
    try {
      commitDocs(docsDir, { manifestBefore: text, manifestAfter: after, files: plan.files, removals: plan.removals });
    } catch (error) {
      if (error instanceof DocsChangeError) throw new ManifestError(error.message);
      throw error;
    }
  }
  return {
    ...plan.report,
    failed: [...plan.report.failed, ...rejected],
    commit,
    date,
    changed: plan.changed,
    leftOut: discovered.leftOut,
    unread: discovered.failed,
    recovered,
  };
}

/** The manifest's keys in the order it is written: the settings first, the pages last. */
function orderKeys(data: Record<string, unknown>): Record<string, unknown> {
  const order = ["$schema", "revision", "commit", "deprecation", "services", "pages"];
  const result: Record<string, unknown> = {};
  for (const key of order) if (key in data && data[key] !== undefined) result[key] = data[key];
  for (const [key, value] of Object.entries(data)) if (!(key in result) && value !== undefined) result[key] = value;
  return result;
}
