import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for GitHub as fetch-docs reads it: raw files under
 * `/raw/<commit>/<path>`, and under `/api` the REST endpoints it calls
 * (`GET /repos/{owner}/{repo}/commits/{ref}`, `GET /repos/{owner}/{repo}/git/trees/{sha}[?recursive=1]`),
 * answering as GitHub does, a recursive tree larger than `truncateAbove`
 * entries included (`"truncated": true`, part of the entries).
 */
export interface Commit {
  /** ISO 8601, as GitHub gives a committer date. */
  readonly date: string;
  /** Path → bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export interface FakeGitHub {
  readonly baseUrl: string;
  readonly apiUrl: string;
  /** Every request: its path (decoded), its `authorization` and `if-none-match` headers, and the status answered for a raw file. */
  readonly requests: { path: string; authorization: string | undefined; ifNoneMatch?: string | undefined; status?: number }[];
  close(): Promise<void>;
}

const DOCS_REPO = "tencentyun/intlcloud-documents";
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * `commits`: by commit hash, of every repository served; `refs`: branch (or
 * tag) → commit hash of `repo` (default: the documentation's repository);
 * `repos`: other repositories the API serves, with their refs and latest
 * release (`GET /repos/{repo}/releases/latest`).
 */
export async function fakeGitHub(
  commits: ReadonlyMap<string, Commit>,
  refs: Readonly<Record<string, string>>,
  options: {
    truncateAbove?: number;
    repo?: string;
    repos?: Readonly<Record<string, { readonly refs: Readonly<Record<string, string>>; readonly latest?: string }>>;
    /** Raw files are served with an ETag of their content (the same at every commit, as raw.githubusercontent.com gives it), and a matching `if-none-match` is answered 304. */
    etags?: boolean;
  } = {},
): Promise<FakeGitHub> {
  const REPO = options.repo ?? DOCS_REPO;
  const refsOf = (repo: string) => (repo === REPO ? refs : options.repos?.[repo]?.refs);
  /** Tree hash → [commit, folder ("" for the root)]. */
  const trees = new Map<string, [string, string]>();
  const treeOf = (commit: string, folder: string) => {
    const sha = folder === "" ? commit : sha1(`${commit}\0${folder}`);
    trees.set(sha, [commit, folder]);
    return sha;
  };
  for (const commit of commits.keys()) treeOf(commit, "");
  const requests: FakeGitHub["requests"] = [];

  // Two origins, as GitHub has (raw.githubusercontent.com, api.github.com): a token must reach the API only.
  const handler = (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://x");
    const path = decodeURIComponent(url.pathname);
    const entry: FakeGitHub["requests"][number] = { path: `${path}${url.search}`, authorization: request.headers.authorization };
    if (options.etags) entry.ifNoneMatch = request.headers["if-none-match"];
    requests.push(entry);
    const json = (data: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(data));
    const raw = /^\/raw\/([^/]+)\/(.+)$/.exec(path);
    if (raw) {
      const bytes = commits.get(refs[raw[1]!] ?? raw[1]!)?.files.get(raw[2]!);
      const etag = bytes !== undefined && options.etags ? `"${createHash("sha256").update(bytes).digest("hex").slice(0, 40)}"` : undefined;
      entry.status = bytes === undefined ? 404 : etag !== undefined && request.headers["if-none-match"] === etag ? 304 : 200;
      if (entry.status === 404) response.writeHead(404).end("404: Not Found");
      else if (entry.status === 304) response.writeHead(304, { etag }).end();
      else response.writeHead(200, { "content-type": "text/plain; charset=utf-8", ...(etag !== undefined && { etag }) }).end(bytes);
      return;
    }
    const release = /^\/api\/repos\/([^/]+\/[^/]+)\/releases\/latest$/.exec(path);
    if (release) {
      const latest = options.repos?.[release[1]!]?.latest;
      if (latest === undefined) return void response.writeHead(404).end('{"message":"Not Found"}');
      return json({ tag_name: latest });
    }
    const commitRoute = /^\/api\/repos\/([^/]+\/[^/]+)\/commits\/(.+)$/.exec(path);
    const repoRefs = commitRoute ? refsOf(commitRoute[1]!) : undefined;
    if (commitRoute && repoRefs === undefined) return void response.writeHead(404).end('{"message":"Not Found"}');
    if (commitRoute) {
      const sha = repoRefs![commitRoute[2]!] ?? (commits.has(commitRoute[2]!) ? commitRoute[2]! : undefined);
      if (sha === undefined) response.writeHead(422, { "content-type": "application/json" }).end('{"message":"No commit found for SHA"}');
      else json({ sha, commit: { committer: { date: commits.get(sha)!.date } } });
      return;
    }
    const treeRoute = /^\/api\/repos\/([^/]+\/[^/]+)\/git\/trees\/(.+)$/.exec(path);
    if (treeRoute && refsOf(treeRoute[1]!) === undefined) return void response.writeHead(404).end('{"message":"Not Found"}');
    if (treeRoute) {
      const found = trees.get(refsOf(treeRoute[1]!)![treeRoute[2]!] ?? treeRoute[2]!);
      if (found === undefined) return void response.writeHead(404).end('{"message":"Not Found"}');
      const [commit, folder] = found;
      const prefix = folder === "" ? "" : `${folder}/`;
      const below = [...commits.get(commit)!.files.keys()].filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
      if (url.searchParams.get("recursive") === "1") {
        const folders = new Set(below.flatMap((file) => file.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
        const entries = [
          ...[...folders].map((sub) => ({ path: sub, type: "tree", sha: treeOf(commit, `${prefix}${sub}`) })),
          ...below.map((file) => ({ path: file, type: "blob", sha: sha1(file) })),
        ].sort((a, b) => (a.path < b.path ? -1 : 1));
        const limit = options.truncateAbove ?? Infinity;
        return json({ sha: treeOf(commit, folder), tree: entries.slice(0, limit), truncated: entries.length > limit });
      }
      const children = new Map<string, string>();
      for (const file of below) {
        const [head, ...rest] = file.split("/");
        children.set(head!, rest.length > 0 ? "tree" : "blob");
      }
      return json({
        sha: treeOf(commit, folder),
        tree: [...children].map(([name, type]) => ({ path: name, type, sha: type === "tree" ? treeOf(commit, `${prefix}${name}`) : sha1(name) })),
        truncated: false,
      });
    }
    response.writeHead(404).end();
  };
  const servers: Server[] = [createServer(handler), createServer(handler)];
  const origins = await Promise.all(
    servers.map(
      (server) => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    ),
  );
  return {
    baseUrl: `${origins[0]}/raw`,
    apiUrl: `${origins[1]}/api`,
    requests,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
