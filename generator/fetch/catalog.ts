/**
 * Brings the API error catalog of docs/ (`catalog/<repository>/…`, see
 * model/catalog.ts) to a commit of one of its repositories: every service
 * version's `errors.go` and `client.go` read (over HTTP or from a local
 * checkout: any `Upstream`), each pair turned into its stored form, and
 * docs/ changed as one transaction (transaction.ts) with the manifest's
 * `catalog` entry for the repository.
 *
 * The rules of the pages hold: a file is only replaced by a complete read
 * that the reader takes without error; anything else keeps the stored file
 * and is reported. A service version is removed only when the listing of a
 * pinned commit no longer has it and every file of that listing was read.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareStrings, diagnostic, formatDiagnostic } from "../model/diagnostics.js";
import { jsonText } from "../model/escape.js";
import {
  CATALOG_FOLDER,
  CATALOG_REPOSITORIES,
  CATALOG_SERVICE,
  CATALOG_VERSION,
  catalogPath,
  upstreamFiles,
  STORED_ETAG,
  type CatalogRelease,
  type StoredCatalog,
  type StoredUpstreamFile,
} from "../model/catalog.js";
import { MANIFEST_FILE } from "../model/manifest.js";
import type { Diagnostic } from "../model/types.js";
import { readStoredForm } from "../parse/catalog.js";
import { readGoClient, readGoErrors } from "../parse/go-catalog.js";
import { listFiles, sha256 } from "../run/files.js";
import { decodePage } from "../parse/source.js";
import { mapLimited } from "../run/pool.js";
import { commitDocs } from "./transaction.js";
import type { FileSource } from "./plan.js";
import type { Upstream } from "./upstream.js";

/** The folder of the catalog in its repositories. */
export const CATALOG_ROOTS = ["tencentcloud/"] as const;

/** The upstream files of one service version, as read. */
export interface CatalogSource {
  readonly repository: string;
  readonly commit: string;
  readonly service: string;
  readonly version: string;
  readonly errors: Uint8Array;
  readonly client: Uint8Array;
  /** The ETag each file was served with, if any (one that is no valid ETag is not kept). */
  readonly etags?: { readonly errors?: string | undefined; readonly client?: string | undefined };
}

/**
 * The stored form of one service version (see `StoredCatalog`), or the
 * diagnostics that keep it from being taken (positions in the upstream
 * files, named by their upstream paths).
 */
export function storedCatalog(source: CatalogSource): { readonly text?: string; readonly stored?: StoredCatalog; readonly diagnostics: readonly Diagnostic[] } {
  const { repository, service, version } = source;
  const known = CATALOG_REPOSITORIES[repository];
  if (known === undefined) throw new TypeError(`${repository} is not a repository of the catalog`);
  const paths = upstreamFiles(service, version);
  const diagnostics: Diagnostic[] = [];
  // Strict UTF-8 within the size limit, as for pages: where it is not, the diagnostic says where.
  const decode = (path: string, bytes: Uint8Array): string | undefined => {
    const decoded = decodePage(path, bytes);
    diagnostics.push(...decoded.diagnostics.filter((d) => d.severity === "error"));
    return decoded.ok ? decoded.text : undefined;
  };
  const errorsText = decode(paths.errors, source.errors);
  const clientText = decode(paths.client, source.client);
  if (errorsText === undefined || clientText === undefined) return { diagnostics };
  const errors = readGoErrors(paths.errors, errorsText);
  diagnostics.push(...errors.diagnostics);
  if (errors.packageName !== undefined && errors.packageName !== version) {
    diagnostics.push(diagnostic("D2E601", { file: paths.errors, line: 1, column: 1 }, `the package is ${errors.packageName}, in folder ${version}`));
  }
  const client = readGoClient(paths.client, clientText, new Map(errors.codes.map((code) => [code.constant, code.code])));
  diagnostics.push(...client.diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const stored: StoredCatalog = {
    repository: known.repo,
    commit: source.commit,
    files: {
      "errors.go": upstreamFile(paths.errors, source.errors, source.etags?.errors),
      "client.go": upstreamFile(paths.client, source.client, source.etags?.client),
    },
    locale: known.locale,
    service,
    version,
    codes: Object.fromEntries([...errors.codes].sort((a, b) => compareStrings(a.code, b.code)).map((code) => [code.code, code.description])),
    actions: Object.fromEntries(
      [...client.actions].sort((a, b) => compareStrings(a.name, b.name)).map((action) => [action.name, action.codes.map((code) => code.code).sort(compareStrings)]),
    ),
  };
  return { text: jsonText(stored), stored, diagnostics };
}

const upstreamFile = (path: string, bytes: Uint8Array, etag: string | undefined): StoredUpstreamFile => ({
  path,
  sha256: sha256(bytes),
  ...(etag !== undefined && STORED_ETAG.test(etag) && { etag }),
});

/** One service version of a listing: `tencentcloud/<service>/<version>/`. */
function serviceVersions(paths: readonly string[]): { versions: { service: string; version: string }[]; odd: string[] } {
  const found = new Map<string, Set<string>>();
  const odd: string[] = [];
  for (const path of paths) {
    const parts = path.split("/");
    if (parts.length !== 4 || parts[0] !== "tencentcloud" || (parts[3] !== "errors.go" && parts[3] !== "client.go")) continue;
    const [, service, version] = parts as [string, string, string, string];
    // The SDKs' own packages (`common`) have no version folder; anything else oddly named is reported.
    if (!CATALOG_SERVICE.test(service) || !CATALOG_VERSION.test(version)) {
      odd.push(path);
      continue;
    }
    const key = `${service}/${version}`;
    found.set(key, (found.get(key) ?? new Set()).add(parts[3]!));
  }
  const versions: { service: string; version: string }[] = [];
  for (const [key, files] of [...found].sort(([a], [b]) => compareStrings(a, b))) {
    const [service, version] = key.split("/") as [string, string];
    if (files.size === 2) versions.push({ service, version });
    else odd.push(`tencentcloud/${key}/ (${[...files].join(", ")} alone)`);
  }
  return { versions, odd };
}

export interface CatalogFetchResult {
  readonly repository: string;
  readonly commit: string;
  readonly date: string;
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
  /** Service versions not taken (read failed, or the reader refused them): their stored files are kept. */
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  /** Listing entries that are not a service version's pair of files. */
  readonly odd: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The catalog cannot be brought up to date as asked: nothing was written. */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
}

/**
 * Brings `docs/catalog/<repository>/` to the commit `upstream` reads, in one
 * transaction with the manifest's `catalog` entry.
 */
export async function fetchCatalog(options: {
  readonly docsDir: string;
  readonly repository: string;
  readonly upstream: Upstream;
  readonly release?: string | undefined;
  readonly concurrency?: number | undefined;
}): Promise<CatalogFetchResult> {
  const { docsDir, repository, upstream } = options;
  const known = CATALOG_REPOSITORIES[repository];
  if (known === undefined) throw new CatalogError(`${repository} is not a repository of the catalog (${Object.keys(CATALOG_REPOSITORIES).join(", ")})`);
  const revision = await upstream.revision();
  if (revision.commit === undefined || revision.date === undefined || !revision.pinned) {
    throw new CatalogError(`the commit of ${known.repo} to read is not known: ${revision.unknown ?? "no commit"}`);
  }
  const { commit, date } = revision;
  const manifestBefore = readFileSync(join(docsDir, MANIFEST_FILE), "utf8");
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestBefore) as Record<string, unknown>;
  } catch {
    throw new CatalogError(`${MANIFEST_FILE} is not valid JSON: run generate to see where`);
  }

  const listing = await upstream.list();
  const { versions, odd } = serviceVersions(listing);
  const folder = `${CATALOG_FOLDER}/${repository}/`;
  const stored = new Set(existsSync(join(docsDir, folder)) ? listFiles(join(docsDir, folder)).map((path) => `${folder}${path}`) : []);
  const diagnostics: Diagnostic[] = [];
  const failed: { path: string; reason: string }[] = [];
  const files = new Map<string, FileSource>();
  const added: string[] = [];
  const updated: string[] = [];
  let unchanged = 0;
  await mapLimited(versions, options.concurrency ?? 4, async ({ service, version }) => {
    const path = catalogPath(repository, service, version);
    const paths = upstreamFiles(service, version);
    let before: string | undefined;
    try {
      before = stored.has(path) ? readFileSync(join(docsDir, path), "utf8") : undefined;
    } catch {
      before = undefined;
    }
    const recorded = before === undefined ? undefined : recordedFiles(path, before);
    let errors: Uint8Array;
    let client: Uint8Array;
    const etags: { errors?: string | undefined; client?: string | undefined } = {};
    try {
      // Each file asks for a 304 with the ETag its stored file records; both unchanged, the stored file stays as it is.
      const get = async (file: "errors" | "client", etag: string | undefined) => {
        const response = await upstream.get(paths[file], etag);
        if (response.status === 304 && etag === undefined) throw new Error(`${paths[file]}: HTTP 304 to a request that sent no ETag: refused`);
        if (response.status !== 304) etags[file] = response.etag;
        return response;
      };
      const [errorsResponse, clientResponse] = await Promise.all([get("errors", recorded?.errors.etag), get("client", recorded?.client.etag)]);
      if (errorsResponse.status === 304 && clientResponse.status === 304) {
        unchanged++;
        return;
      }
      // One changed: the stored form is made of both, so the other is read whole.
      [errors, client] = await Promise.all([
        errorsResponse.status === 304 ? get("errors", undefined).then((r) => r.bytes) : errorsResponse.bytes,
        clientResponse.status === 304 ? get("client", undefined).then((r) => r.bytes) : clientResponse.bytes,
      ]);
    } catch (error) {
      failed.push({ path, reason: (error as Error).message });
      return;
    }
    const result = storedCatalog({ repository, commit, service, version, errors, client, etags });
    diagnostics.push(...result.diagnostics);
    if (result.text === undefined) {
      failed.push({ path, reason: `the reader refused it: ${formatDiagnostic(result.diagnostics.find((d) => d.severity === "error")!, "")}` });
      return;
    }
    // Upstream files unchanged since the commit the stored file names: it stays as it is (a release changes only the files it changes).
    if (before !== undefined && recorded !== undefined && sameButCommit(before, result.stored!, recorded)) {
      unchanged++;
      return;
    }
    const bytes = new TextEncoder().encode(result.text);
    (before === undefined ? added : updated).push(path);
    files.set(path, { bytes, hash: sha256(bytes) });
  });
  const listed = new Set(versions.map(({ service, version }) => catalogPath(repository, service, version)));
  // Deletions only from a complete read of a pinned listing.
  const removed = failed.length > 0 ? [] : [...stored].filter((path) => !listed.has(path)).sort(compareStrings);
  const release: CatalogRelease = { repo: known.repo, locale: known.locale, ...(options.release !== undefined && { release: options.release }), commit, date };
  const catalog = { ...(isRecord(manifest["catalog"]) ? manifest["catalog"] : {}), [repository]: release };
  const sorted = Object.fromEntries(Object.entries(catalog).sort(([a], [b]) => compareStrings(a, b)));
  const manifestAfter = jsonText(withMember(manifest, "catalog", sorted));
  if (files.size > 0 || removed.length > 0 || manifestAfter !== manifestBefore) {
    commitDocs(docsDir, {
      manifestBefore,
      manifestAfter,
      files,
      removals: removed.map((path) => ({ path, hash: sha256(readFileSync(join(docsDir, path))) })),
    });
  }
  const sort = (list: string[]) => list.sort(compareStrings);
  return { repository, commit, date, added: sort(added), updated: sort(updated), removed, unchanged, failed: failed.sort((a, b) => compareStrings(a.path, b.path)), odd, diagnostics };
}

/**
 * The commit and upstream files a stored file records, when it is in the
 * stored form (see parse/catalog.ts); undefined otherwise: then nothing of
 * it is trusted, no ETag of it is sent, and it is written again.
 */
function recordedFiles(path: string, text: string): { readonly commit: string; readonly errors: StoredUpstreamFile; readonly client: StoredUpstreamFile } | undefined {
  const { stored } = readStoredForm(path, new TextEncoder().encode(text));
  return stored && { commit: stored.commit, errors: stored.files["errors.go"], client: stored.files["client.go"] };
}

/**
 * Whether `before` is exactly what `stored` would be if read at the commit
 * `before` names, with the ETags it records: the same upstream bytes, so the
 * file need not change (a hand-edited or damaged one does). An ETag it has
 * no record of is a change (written once, so that the next fetch can ask for
 * a 304); one that differs is not (a server may give the same bytes another).
 */
function sameButCommit(before: string, stored: StoredCatalog, recorded: NonNullable<ReturnType<typeof recordedFiles>>): boolean {
  const keep = (file: StoredUpstreamFile, was: StoredUpstreamFile): StoredUpstreamFile => ({ ...file, ...(was.etag !== undefined && { etag: was.etag }) });
  const files = { "errors.go": keep(stored.files["errors.go"], recorded.errors), "client.go": keep(stored.files["client.go"], recorded.client) };
  return before === jsonText({ ...stored, commit: recorded.commit, files });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The manifest with `key` set, placed before `pages` (which is long) when it is new. */
function withMember(manifest: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (key in manifest) return { ...manifest, [key]: value };
  const result: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(manifest)) {
    if (name === "pages") result[key] = value;
    result[name] = member;
  }
  if (!(key in result)) result[key] = value;
  return result;
}
