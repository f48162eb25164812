import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { layoutPath } from "../model/manifest.js";
import type { PageSpec } from "../model/types.js";
import { DEFAULT_BASE_URL, DEFAULT_REF, DEFAULT_REPO, DEFAULTS, encodePath, invalidUtf8, sha256, writeFileAtomic } from "./fetch-docs.js";
import { httpGet } from "./http.js";

/** The default listing: the upstream repository's file tree. */
export const DEFAULT_LISTING_URL = `https://api.github.com/repos/${DEFAULT_REPO}/git/trees/{ref}?recursive=1`;

/** `错误码.md` is Chinese; `_intl`/`_intl_en` English; `_intl_jp` Japanese; `_intl_ko` Korean. */
const LOCALE_SUFFIXES: readonly [RegExp, string][] = [
  [/_intl_jp\.md$/, "ja"],
  [/_intl_ko\.md$/, "ko"],
  [/_intl(_en)?\.md$/, "en"],
  [/(错误码|error_codes)\.md$/, "zh-CN"],
];

/**
 * What an upstream path says a page is, by one rule: an API 3.0 error-code
 * page (`错误码*.md` or `error_codes*.md` under `API/API 3.0/`) in a folder
 * named `<service>-<YYYY-MM-DD>` (anything may follow the date), the locale
 * from the file name's suffix. Anything else is not guessed: undefined.
 */
export function pageFromUpstreamPath(path: string): (Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale"> & { title: string }) | undefined {
  if (!path.startsWith("API/API 3.0/") || !/\/(错误码|error_codes)[^/]*\.md$/.test(path)) return undefined;
  const segments = path.split("/");
  for (let i = segments.length - 2; i > 0; i--) {
    const match = /^([a-z][a-z0-9]*)-(\d{4}-\d{2}-\d{2})(?:[-_].*)?$/.exec(segments[i]!);
    if (!match) continue;
    const locale = LOCALE_SUFFIXES.find(([pattern]) => pattern.test(path))?.[1];
    if (!locale) return undefined;
    return { kind: "service", service: match[1]!, apiVersion: match[2]!, locale, title: segments[i - 1]! };
  }
  return undefined;
}

/** Paths of a listing: a Git tree (`{"tree": [{"path", "type": "blob"}]}`), a JSON array of paths, or one path a line. */
export function listingPaths(text: string): string[] {
  try {
    const data = JSON.parse(text) as unknown;
    if (Array.isArray(data)) return data.filter((p): p is string => typeof p === "string");
    const tree = (data as { tree?: { path?: unknown; type?: unknown }[] }).tree;
    if (Array.isArray(tree)) return tree.filter((e) => e.type === "blob" && typeof e.path === "string").map((e) => e.path as string);
  } catch {
    // Not JSON: one path a line.
  }
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

export interface DiscoverOptions {
  readonly docsDir: string;
  /** `{ref}` is replaced by the ref. */
  readonly listingUrl?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly ref?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retries?: number | undefined;
  readonly backoffMs?: number | undefined;
  readonly revision?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
}

export interface DiscoverResult {
  readonly added: string[];
  readonly failed: { path: string; reason: string }[];
}

/**
 * Finds error-code pages in the listing that the manifest lacks, downloads
 * each (complete, non-empty, valid UTF-8 only), writes it, and only then adds
 * its entry to the manifest: docs/ never lists a page it does not hold.
 * A page whose service and locale the manifest already has (under another
 * upstream path) is not added twice.
 */
export async function discoverDocs(options: DiscoverOptions): Promise<DiscoverResult> {
  const ref = options.ref ?? DEFAULT_REF;
  const http = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: options.retries ?? DEFAULTS.retries,
    backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
    fetch: options.fetch,
  };
  const manifestFile = join(options.docsDir, "sources.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { revision?: string; pages: Record<string, unknown>[] };
  const known = new Set(manifest.pages.map((page) => (page["upstream"] as { path?: string } | undefined)?.path));
  const taken = new Set(manifest.pages.map((page) => page["path"] as string));

  const listing = await httpGet((options.listingUrl ?? DEFAULT_LISTING_URL).replace("{ref}", encodeURIComponent(ref)), http);
  const candidates = listingPaths(new TextDecoder().decode(listing.bytes)).sort();
  const result: DiscoverResult = { added: [], failed: [] };
  for (const upstream of candidates) {
    const spec = pageFromUpstreamPath(upstream);
    if (!spec || known.has(upstream)) continue;
    const path = layoutPath(spec);
    if (taken.has(path)) continue;
    try {
      const response = await httpGet(`${options.baseUrl ?? DEFAULT_BASE_URL}/${ref}/${encodePath(upstream)}`, http);
      if (response.status !== 200 || response.bytes.byteLength === 0) throw new Error("empty body");
      const invalid = invalidUtf8(response.bytes);
      if (invalid !== undefined) throw new Error(`body is not valid UTF-8 (${invalid})`);
      await mkdir(dirname(join(options.docsDir, path)), { recursive: true });
      await writeFileAtomic(join(options.docsDir, path), response.bytes);
      manifest.pages.push({
        path,
        ...spec,
        upstream: { repo: DEFAULT_REPO, path: upstream },
        sha256: sha256(response.bytes),
        ...(response.etag !== undefined && { etag: response.etag }),
      });
      taken.add(path);
      result.added.push(path);
    } catch (error) {
      result.failed.push({ path: upstream, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (result.added.length > 0) {
    manifest.pages.sort((a, b) => ((a["path"] as string) < (b["path"] as string) ? -1 : 1));
    manifest.revision = options.revision ?? new Date().toISOString().slice(0, 10);
    await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return result;
}
