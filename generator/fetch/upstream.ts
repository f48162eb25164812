/**
 * Where upstream pages come from: the upstream repository over HTTP (raw
 * files under `<base URL>/<commit or ref>/<path>`, its Git tree and commits
 * from the GitHub API), or a local copy of it (`--upstream-dir`): a plain
 * folder, or a Git checkout, whose `git log` dates it.
 *
 * Each upstream says which commit it reads and when that commit was made
 * (`revision`), as far as it can tell: the docs revision is that date, never
 * the clock's.
 */
import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { compareStrings } from "../model/diagnostics.js";
import { isUpstreamPath, UPSTREAM_ROOTS } from "../model/placement.js";
import { HttpError, httpGet, type HttpGetOptions, type HttpResult, type RetryInfo } from "./http.js";

export { isUpstreamPath };

/** The commit an upstream reads, and its date (`YYYY-MM-DD`, UTC), as far as it can tell. */
export interface UpstreamRevision {
  readonly commit?: string | undefined;
  readonly date?: string | undefined;
  /**
   * Whether its listing and its pages are of one fixed state of the
   * repository (a commit, or a folder that does not change while it is
   * read): only then does a page missing from the listing mean that the
   * page was deleted.
   */
  readonly pinned: boolean;
  /** Why the commit or its date is not known, when one is not. */
  readonly unknown?: string | undefined;
}

export interface Upstream {
  /** The commit read and its date. Never rejects: what cannot be told is `undefined`, with the reason in `unknown`. */
  revision(): Promise<UpstreamRevision>;
  /** Every file path below the upstream roots (`UPSTREAM_ROOTS`), `/`-separated. */
  list(): Promise<string[]>;
  /** One file; `etag` asks for a 304 when it is unchanged; `onRetry` hears of each retry. Rejects with a message that says why. */
  get(path: string, etag?: string, onRetry?: (info: RetryInfo) => void): Promise<HttpResult>;
}

/** The GitHub API: it resolves refs to commits and gives the repository's tree (the default listing). */
export const DEFAULT_API_URL = "https://api.github.com";

/** A full commit hash. */
export const COMMIT = /^[0-9a-f]{40}$/;

/** Whether `path` lies below one of the folders discovery reads (only there can a listing say that a page is gone). */
export const underRoots = (path: string) => below(UPSTREAM_ROOTS, path);
const below = (roots: readonly string[], path: string) => roots.some((root) => path.startsWith(root));

/**
 * A branch, tag or commit name as Git allows it (`git check-ref-format`, a
 * little stricter): no `..`, no control characters or spaces, none of
 * `~^:?*[\\`, no leading `-`, `/` or `.`, no trailing `/`, `.` or `.lock`.
 * Refs go into URLs as they are, so nothing else is let through.
 */
export function isRefName(ref: string): boolean {
  return ref.length > 0 && ref.length <= 255 && /^[A-Za-z0-9._/-]+$/.test(ref) && !/\.\.|\/\/|@\{|^[-/.]|[/.]$|\.lock$|\/\./.test(ref);
}

/** A Git tree as the GitHub API gives it (`GET /repos/{owner}/{repo}/git/trees/{sha}`). */
interface GitTree {
  readonly tree: readonly { readonly path?: unknown; readonly type?: unknown; readonly sha?: unknown }[];
  readonly truncated?: unknown;
}

const isGitTree = (data: unknown): data is GitTree => typeof data === "object" && data !== null && Array.isArray((data as { tree?: unknown }).tree);

/** Paths of a listing: a Git tree (`{"tree": [{"path", "type": "blob"}]}`), a JSON array of paths, a TSV with a `path` column, or one path a line. */
export function listingPaths(text: string): string[] {
  try {
    const data = JSON.parse(text) as unknown;
    if (Array.isArray(data)) return data.filter((p): p is string => typeof p === "string");
    if (isGitTree(data)) return data.tree.filter((e) => e.type === "blob" && typeof e.path === "string").map((e) => e.path as string);
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

/** `encodeURI`, plus `?` and `#`, which `encodeURI` keeps but which would end a URL's path. */
export function encodePath(path: string): string {
  return encodeURI(path.replace(/^\/+/, "")).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

/**
 * The tag of the latest release of `repo`, as the GitHub API names it
 * (`GET /repos/{repo}/releases/latest`); the token, if any, goes to the API
 * alone. A problem, said in a sentence, when it cannot be told.
 */
export async function latestRelease(options: {
  readonly apiUrl: string;
  readonly repo: string;
  readonly token?: string | undefined;
  readonly http: Omit<HttpGetOptions, "etag">;
}): Promise<{ tag: string } | { problem: string }> {
  const url = `${options.apiUrl.replace(/\/+$/, "")}/repos/${options.repo}/releases/latest`;
  try {
    const { bytes } = await httpGet(url, { ...options.http, ...(options.token && { headers: { authorization: `Bearer ${options.token}` } }) });
    const tag = (JSON.parse(new TextDecoder().decode(bytes)) as { tag_name?: unknown } | null)?.tag_name;
    if (typeof tag !== "string" || !isRefName(tag)) return { problem: `${url} names no release tag` };
    return { tag };
  } catch (error) {
    return { problem: `cannot tell the latest release of ${options.repo}: ${(error as Error).message}` };
  }
}

/** `YYYY-MM-DD` (UTC) of an ISO 8601 date and time, or undefined. */
export function utcDate(iso: unknown): string | undefined {
  if (typeof iso !== "string") return undefined;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : undefined;
}

export interface HttpUpstreamOptions {
  /** Files are at `<baseUrl>/<commit or ref>/<path>`. */
  readonly baseUrl: string;
  /** The branch, tag or commit asked for. */
  readonly ref: string;
  /** `owner/name`: where the API finds the repository. */
  readonly repo: string;
  /** The GitHub API (`https://api.github.com`); undefined: none (no commit is resolved, no default listing). */
  readonly apiUrl?: string | undefined;
  /** The listing for discovery; `{ref}` is replaced by the commit (or ref). Default: the Git tree from the API. */
  readonly listingUrl?: string | undefined;
  /** The date of `ref` when it is a commit whose date is known already (`--date`): the API is not asked. */
  readonly date?: string | undefined;
  /** Sent as a bearer token to the API's origin, and nowhere else. */
  readonly token?: string | undefined;
  readonly http: Omit<HttpGetOptions, "etag">;
  /** The folders listed (default: the documentation's, `UPSTREAM_ROOTS`). */
  readonly roots?: readonly string[] | undefined;
}

/** How many trees a listing may take, folder by folder, before it is refused: far more than the upstream needs (a handful). */
const MAX_TREE_REQUESTS = 2_000;

export function httpUpstream(options: HttpUpstreamOptions): Upstream {
  const roots = options.roots ?? UPSTREAM_ROOTS;
  if (!isRefName(options.ref)) throw new TypeError(`${JSON.stringify(options.ref)} is not a branch, tag or commit name`);
  const base = options.baseUrl.replace(/\/+$/, "");
  const api = options.apiUrl?.replace(/\/+$/, "");
  const apiOrigin = api === undefined ? undefined : new URL(api).origin;
  /** The token goes to the API's origin only. */
  const httpFor = (url: string, maxBytes?: number): Omit<HttpGetOptions, "etag"> => ({
    ...options.http,
    ...(maxBytes !== undefined && { maxBytes }),
    ...(options.token && apiOrigin !== undefined && new URL(url).origin === apiOrigin && { headers: { authorization: `Bearer ${options.token}` } }),
  });
  const json = async (url: string): Promise<unknown> => {
    const { bytes } = await httpGet(url, httpFor(url));
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    } catch {
      throw new HttpError(`${url}: the answer is not JSON`, "refused", false);
    }
  };

  let resolved: Promise<UpstreamRevision> | undefined;
  const revision = (): Promise<UpstreamRevision> =>
    (resolved ??= (async (): Promise<UpstreamRevision> => {
      const isCommit = COMMIT.test(options.ref);
      if (isCommit && options.date !== undefined) return { commit: options.ref, date: options.date, pinned: true };
      if (api === undefined) {
        const unknown = "no GitHub API is configured to resolve it (--api-url)";
        return isCommit ? { commit: options.ref, pinned: true, unknown } : { pinned: false, unknown };
      }
      const url = `${api}/repos/${options.repo}/commits/${encodeURIComponent(options.ref)}`;
      try {
        const data = (await json(url)) as { sha?: unknown; commit?: { committer?: { date?: unknown } } } | null;
        const sha = data?.sha;
        const date = utcDate(data?.commit?.committer?.date);
        if (typeof sha !== "string" || !COMMIT.test(sha) || date === undefined) throw new Error(`${url}: not a commit (no "sha" and "commit.committer.date")`);
        if (isCommit && sha !== options.ref) throw new Error(`${url} names commit ${sha}, not ${options.ref}`);
        return { commit: sha, date, pinned: true };
      } catch (error) {
        const unknown = `the API could not resolve ${options.ref}: ${(error as Error).message}`;
        return isCommit ? { commit: options.ref, pinned: true, unknown } : { pinned: false, unknown };
      }
    })());
  /** What pages and listings are read at: the commit once resolved, else the ref. */
  const at = async () => (await revision()).commit ?? options.ref;

  const listingUrl = options.listingUrl ?? (api === undefined ? undefined : `${api}/repos/${options.repo}/git/trees/{ref}?recursive=1`);
  /** A listing's URL for a ref or tree, recursive or not. */
  const listingFor = (ref: string, recursive: boolean): string => {
    const url = new URL(listingUrl!.replace("{ref}", encodeURIComponent(ref)));
    if (!recursive) url.searchParams.delete("recursive");
    return url.href;
  };

  return {
    revision,
    async list() {
      if (listingUrl === undefined) throw new HttpError("no listing of the upstream is configured (--listing-url, or --api-url for the Git tree)", "refused", false);
      const ref = await at();
      let requests = 0;
      /** The blobs of one tree below `prefix`, listed whole when GitHub gives it whole, else folder by folder. */
      const listTree = async (tree: string, prefix: string, recursive: boolean): Promise<string[]> => {
        if (++requests > MAX_TREE_REQUESTS) throw new HttpError(`the listing took over ${MAX_TREE_REQUESTS} trees: refused`, "refused", false);
        // A listing of a whole repository is far larger than a page.
        const url = listingFor(tree, recursive);
        const { bytes } = await httpGet(url, httpFor(url, 256 * 1024 * 1024));
        const text = new TextDecoder().decode(bytes);
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          data = undefined;
        }
        if (!isGitTree(data)) {
          if (prefix !== "") throw new HttpError(`the listing of folder ${prefix} is not a Git tree`, "refused", false);
          return listingPaths(text);
        }
        if (recursive && data.truncated === true) return listTree(tree, prefix, false);
        const paths: string[] = [];
        for (const entry of data.tree) {
          if (typeof entry.path !== "string") continue;
          // Not trusted: a folder's entries are single names; a recursive tree's, paths below it.
          if (!recursive && entry.path.includes("/")) throw new HttpError(`the listing of folder ${prefix || "/"} names ${JSON.stringify(entry.path)}, not an entry of it`, "refused", false);
          const path = `${prefix}${entry.path}`;
          if (entry.type === "blob") paths.push(path);
          else if (!recursive && entry.type === "tree" && leadsToRoots(roots, path)) {
            if (typeof entry.sha !== "string" || !COMMIT.test(entry.sha)) throw new HttpError(`the listing names folder ${JSON.stringify(path)} with no tree hash`, "refused", false);
            paths.push(...(await listTree(entry.sha, `${path}/`, true)));
          }
        }
        return paths;
      };
      // Only paths inside the upstream, below its roots: a listing is not trusted to name them.
      return [...new Set(await listTree(ref, "", true))].filter((path) => isUpstreamPath(path) && below(roots, path)).sort(compareStrings);
    },
    async get(path, etag, onRetry) {
      if (!isUpstreamPath(path)) throw new HttpError(`"${path}" is not a path inside the upstream`, "status", false);
      return httpGet(`${base}/${encodePath(await at())}/${encodePath(path)}`, { ...httpFor(base), etag, onRetry });
    },
  };
}

/** Whether a folder is one of the upstream roots, below one, or on the way to one. */
const leadsToRoots = (roots: readonly string[], folder: string) => roots.some((root) => root.startsWith(`${folder}/`) || `${folder}/`.startsWith(root));

export interface DirectoryUpstreamOptions {
  /** The commit the folder holds (`--commit`): for a Git checkout, checked against its HEAD. */
  readonly commit?: string | undefined;
  /** The date of that commit (`--date`): for a Git checkout, its HEAD's committer date is used when none is given. */
  readonly date?: string | undefined;
  /** The folders listed (default: the documentation's, `UPSTREAM_ROOTS`). */
  readonly roots?: readonly string[] | undefined;
}

/**
 * A local copy of the upstream. Only regular files inside `dir` are read: a
 * symlink is not followed out of it, and `..` never leaves it.
 *
 * When `dir` is the top of a Git checkout, its HEAD is the commit and HEAD's
 * committer date the revision date; the checkout must hold HEAD as it is
 * below the upstream roots (nothing modified or added there), or what is
 * read would not be that commit.
 */
export function directoryUpstream(dir: string, options: DirectoryUpstreamOptions = {}): Upstream {
  const root = realpath(dir);
  const roots = options.roots ?? UPSTREAM_ROOTS;
  let resolved: Promise<UpstreamRevision> | undefined;
  return {
    revision: () =>
      (resolved ??= (async (): Promise<UpstreamRevision> => {
        const checkout = gitHead(await root, roots);
        if (checkout === undefined) {
          const unknown = options.date === undefined ? `${dir} is no Git checkout, and no --date says when its commit was made` : undefined;
          return { commit: options.commit, date: options.date, pinned: true, unknown };
        }
        if ("problem" in checkout) return { pinned: true, unknown: checkout.problem };
        if (options.commit !== undefined && options.commit !== checkout.commit) {
          return { pinned: true, unknown: `${dir} is a Git checkout at ${checkout.commit}, not at ${options.commit}: check that commit out first` };
        }
        return { commit: checkout.commit, date: options.date ?? checkout.date, pinned: true };
      })()),
    async list() {
      const top = await root;
      const entries = await readdir(top, { recursive: true, withFileTypes: true });
      // Symlinks too: `get` reads one only when it leads to a file inside the checkout.
      return entries
        .filter((entry) => entry.isFile() || entry.isSymbolicLink())
        .map((entry) => relative(top, join(entry.parentPath, entry.name)).split(sep).join("/"))
        .filter((path) => below(roots, path) && isUpstreamPath(path))
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

/**
 * HEAD of the Git checkout whose top is `dir`, with its committer date; a
 * problem when the checkout's upstream roots differ from HEAD; undefined
 * when `dir` is not the top of a checkout (or Git is not installed).
 */
function gitHead(dir: string, roots: readonly string[]): { commit: string; date: string } | { problem: string } | undefined {
  const git = (...args: string[]) => spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } });
  const top = git("rev-parse", "--show-toplevel");
  if (top.status !== 0 || top.error !== undefined) return undefined;
  let same: boolean;
  try {
    same = realpathSync(top.stdout.trim()) === dir;
  } catch {
    same = false;
  }
  // A folder inside some other repository (this one's test fixtures, say) is no checkout of the upstream.
  if (!same) return undefined;
  const head = git("log", "-1", "--format=%H %cI", "HEAD");
  const [commit, iso] = head.stdout.trim().split(" ");
  const date = utcDate(iso);
  if (head.status !== 0 || commit === undefined || !COMMIT.test(commit) || date === undefined) return { problem: `${dir}: git log cannot say which commit HEAD is` };
  const status = git("status", "--porcelain", "--untracked-files=all", "--", ...roots);
  if (status.status !== 0) return { problem: `${dir}: git status failed` };
  if (status.stdout.trim() !== "") return { problem: `${dir} has changes below ${roots.join(" and ")} that are not in its HEAD (${commit}): what is read would not be that commit` };
  return { commit, date };
}

