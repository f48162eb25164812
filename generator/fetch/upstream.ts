/**
 * Where upstream pages come from: the upstream repository over HTTP (raw
 * files under `<base URL>/<ref>/<path>`, a listing of its files), or a local
 * checkout of it (`--upstream-dir`).
 */
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { compareStrings } from "../model/diagnostics.js";
import { isUpstreamPath } from "../model/placement.js";

export { isUpstreamPath };
import { HttpError, httpGet, type HttpGetOptions, type HttpResult } from "./http.js";

export interface Upstream {
  /** Every file path of the upstream, `/`-separated. */
  list(): Promise<string[]>;
  /** One file; `etag` asks for a 304 when it is unchanged. Rejects with a message that says why. */
  get(path: string, etag?: string): Promise<HttpResult>;
}

/**
 * A branch, tag or commit name as Git allows it (`git check-ref-format`, a
 * little stricter): no `..`, no control characters or spaces, none of
 * `~^:?*[\\`, no leading `-`, `/` or `.`, no trailing `/`, `.` or `.lock`.
 * Refs go into URLs as they are, so nothing else is let through.
 */
export function isRefName(ref: string): boolean {
  return ref.length > 0 && ref.length <= 255 && /^[A-Za-z0-9._/-]+$/.test(ref) && !/\.\.|\/\/|@\{|^[-/.]|[/.]$|\.lock$|\/\./.test(ref);
}

/** Paths of a listing: a Git tree (`{"tree": [{"path", "type": "blob"}]}`), a JSON array of paths, a TSV with a `path` column, or one path a line. */
export function listingPaths(text: string): string[] {
  try {
    const data = JSON.parse(text) as unknown;
    if (Array.isArray(data)) return data.filter((p): p is string => typeof p === "string");
    const tree = (data as { tree?: { path?: unknown; type?: unknown }[] } | null)?.tree;
    if (Array.isArray(tree)) return tree.filter((e) => e.type === "blob" && typeof e.path === "string").map((e) => e.path as string);
    return [];
  } catch {
    // Not JSON.
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = lines[0]?.split("\t");
  const column = header && header.length > 1 ? header.indexOf("path") : -1;
  if (column >= 0) return lines.slice(1).flatMap((line) => line.split("\t")[column] ?? []);
  return lines.map((line) => line.trim());
}

export interface HttpUpstreamOptions {
  /** `{ref}` is replaced by the ref. */
  readonly listingUrl: string;
  /** Files are at `<baseUrl>/<ref>/<path>`. */
  readonly baseUrl: string;
  readonly ref: string;
  readonly http: Omit<HttpGetOptions, "etag">;
}

/** `encodeURI`, plus `?` and `#`, which `encodeURI` keeps but which would end a URL's path. */
export function encodePath(path: string): string {
  return encodeURI(path.replace(/^\/+/, "")).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

export function httpUpstream(options: HttpUpstreamOptions): Upstream {
  if (!isRefName(options.ref)) throw new TypeError(`${JSON.stringify(options.ref)} is not a branch, tag or commit name`);
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async list() {
      // A listing of a whole repository is far larger than a page.
      const listing = await httpGet(options.listingUrl.replace("{ref}", options.ref), { ...options.http, maxBytes: 256 * 1024 * 1024 });
      // Only paths inside the upstream: a listing is not trusted to name them.
      return listingPaths(new TextDecoder().decode(listing.bytes)).filter(isUpstreamPath);
    },
    get(path, etag) {
      if (!isUpstreamPath(path)) return Promise.reject(new HttpError(`"${path}" is not a path inside the upstream`, "status", false));
      return httpGet(`${base}/${options.ref}/${encodePath(path)}`, { ...options.http, etag });
    },
  };
}

/**
 * A local checkout. Only regular files inside `dir` are read: a symlink is
 * not followed out of it, and `..` never leaves it.
 */
export function directoryUpstream(dir: string): Upstream {
  const root = realpath(dir);
  return {
    async list() {
      const top = await root;
      const entries = await readdir(top, { recursive: true, withFileTypes: true });
      // Symlinks too: `get` reads one only when it leads to a file inside the checkout.
      return entries
        .filter((entry) => entry.isFile() || entry.isSymbolicLink())
        .map((entry) => relative(top, join(entry.parentPath, entry.name)).split(sep).join("/"))
        .sort(compareStrings);
    },
    async get(path) {
      if (!isUpstreamPath(path)) throw new HttpError(`"${path}" is not a path inside the upstream`, "status", false);
      const top = await root;
      const file = join(top, ...path.split("/"));
      let real: string;
      try {
        real = await realpath(file);
      } catch {
        throw new HttpError(`${path}: no such file in ${dir}`, "status", false, 404);
      }
      const inside = relative(top, real);
      if (inside.startsWith("..") || inside === "" || (await lstat(real)).isFile() === false) {
        throw new HttpError(`${path}: not a file inside ${dir} (a symlink out of it, or a folder)`, "status", false);
      }
      return { status: 200, etag: undefined, bytes: await readFile(real) };
    },
  };
}
