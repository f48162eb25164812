/**
 * `npm run fetch-docs` against a real HTTP server on 127.0.0.1, on a small
 * docs folder in the system temp folder. Every test ends by checking that the
 * folder is consistent: every hash in the manifest is the hash of the bytes on
 * disk, the manifest keeps its format, and no temp file is left behind.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../generator/fetch/cli.js";
import { fetchDocs, ManifestError, UnknownDateError, type FetchDocsOptions } from "../generator/fetch/fetch-docs.js";
import { writeFileAtomicSync } from "../generator/fetch/transaction.js";
import { killAtRename, runCli } from "./helpers/generate.js";

const ROOT = new URL("../", import.meta.url).pathname;
const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** `npm run generate` in the work folder. */
const runGenerate = (args: string[]) => runCli(work, "--no-cache", ...args);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the server

type Route = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let server: Server;
let baseUrl: string;
let routes = new Map<string, Route>();
let hits = new Map<string, number>();
let requests: { url: string; path: string; ifNoneMatch: string | undefined }[] = [];
let active = 0;
let maxActive = 0;
const timers = new Set<NodeJS.Timeout>();

/** Runs `fn` later, unless the test is over. */
/** How many of the server's delayed answers (see `later`) were given. */
let answeredLater = 0;

function later(ms: number, fn: () => void): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    answeredLater++;
    fn();
  }, ms);
  timers.add(timer);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    active++;
    maxActive = Math.max(maxActive, active);
    let counted = true;
    const leave = () => {
      if (counted) active--;
      counted = false;
    };
    res.on("finish", leave);
    res.on("close", leave);
    const url = req.url ?? "/";
    const path = decodeURIComponent(new URL(url, "http://x").pathname);
    const inm = req.headers["if-none-match"];
    requests.push({ url, path, ifNoneMatch: typeof inm === "string" ? inm : undefined });
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const route = routes.get(path);
    if (route) route(req, res, hit);
    else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// ---------------------------------------------------------------- responses

const ok =
  (body: string | Uint8Array, etag?: string): Route =>
  (_req, res) => {
    const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "content-length": bytes.length, ...(etag && { etag }) });
    res.end(bytes);
  };
const status =
  (code: number): Route =>
  (_req, res) => {
    res.writeHead(code).end(`status ${code}`);
  };
/** `failures` answers first, then `then`. */
const flaky =
  (failures: readonly Route[], then: Route): Route =>
  (req, res, hit) =>
    (failures[hit - 1] ?? then)(req, res, hit);

// ---------------------------------------------------------------- the docs folder

const REPO = "tencentyun/intlcloud-documents";
/** Upstream paths like the real ones: spaces and CJK characters. */
const ALPHA = { page: "services/alpha/2020-01-01/en.md", upstream: "API/API 3.0/阿尔法/alpha-2020-01-01/错误码_intl.md" };
const BETA = { page: "services/beta/2020-01-01/ja.md", upstream: "API/API 3.0/beta/error_codes_intl_jp.md" };
const COMMON = { page: "common/3.0/en.md" };
const OLD = {
  alpha: "# Alpha\n\n| Code | Description |\n| --- | --- |\n| A.Old | old |\n",
  beta: "# ベータ\n\n| コード | 説明 |\n| --- | --- |\n| B.Old | 古い |\n",
  common: "# Common\n\n| Code | Description |\n| --- | --- |\n| C.Old | kept |\n",
};
const NEW_ALPHA = "# Alpha\n\n| Code | Description |\n| --- | --- |\n| A.New | new ✓ |\n";
const NEW_BETA = "# ベータ\n\n| コード | 説明 |\n| --- | --- |\n| B.New | 新しい |\n";

let docs: string;
let work: string;

function manifestFixture(): { pages: Record<string, unknown>[] } {
  return {
    pages: [
      {
        path: ALPHA.page,
        kind: "service",
        service: "alpha",
        apiVersion: "2020-01-01",
        locale: "en",
        title: "Alpha",
        upstream: { repo: REPO, path: ALPHA.upstream, commit: "02ec31c2626e18091982c1934bd4aded84cf5043" },
        sha256: sha256(OLD.alpha),
        etag: '"alpha-1"',
      },
      // Listed before COMMON on purpose: the file's order is not sorted and must be kept.
      {
        path: COMMON.page,
        kind: "common",
        service: "common",
        apiVersion: "3.0",
        locale: "en",
        origin: "written by hand; no upstream",
        sha256: sha256(OLD.common),
      },
      {
        path: BETA.page,
        kind: "service",
        service: "beta",
        apiVersion: "2020-01-01",
        locale: "ja",
        title: "ベータ",
        upstream: { repo: REPO, path: BETA.upstream },
        sha256: sha256(OLD.beta),
      },
    ],
  };
}

async function writeDocs(manifest: { pages: Record<string, unknown>[] }, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(docs, path)), { recursive: true });
    await writeFile(join(docs, path), text);
  }
  await writeFile(join(docs, "sources.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

beforeEach(async () => {
  routes = new Map();
  hits = new Map();
  requests = [];
  active = 0;
  maxActive = 0;
  work = await mkdtemp(join(tmpdir(), "doc2errors-fetch-"));
  docs = join(work, "docs");
  await writeDocs(manifestFixture(), { [ALPHA.page]: OLD.alpha, [BETA.page]: OLD.beta, [COMMON.page]: OLD.common });
});

afterEach(async () => {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  server.closeAllConnections();
  await rm(work, { recursive: true, force: true });
});

const route = (upstream: string, handler: Route, ref = "master") => routes.set(`/${ref}/${upstream}`, handler);
const hitsOf = (upstream: string, ref = "master") => hits.get(`/${ref}/${upstream}`) ?? 0;
const readPage = (path: string) => readFile(join(docs, path), "utf8");
const readManifestJson = async () => JSON.parse(await readFile(join(docs, "sources.json"), "utf8")) as { pages: Record<string, unknown>[] };
const entryOf = async (path: string) => (await readManifestJson()).pages.find((p) => p["path"] === path)!;

/** The date of the upstream commit: this server is no GitHub API, which would tell it. */
const DATE = "2026-12-24";

function run(options: Partial<FetchDocsOptions> = {}) {
  return fetchDocs({ docsDir: docs, baseUrl, date: DATE, timeoutMs: 2000, retries: 2, backoffMs: 10, concurrency: 4, ...options });
}

/** What a run did to the pages, without the rest of its result. */
const outcome = ({ updated, unchanged, failed }: { updated: string[]; unchanged: string[]; failed: { path: string; reason: string }[] }) => ({ updated, unchanged, failed });

/** Every file below `dir`, `/`-separated, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/**
 * The invariants every run must keep, whatever happened: the manifest is
 * 2-space JSON with a trailing newline, each recorded hash is the hash of the
 * bytes on disk, and the folder holds exactly the pages and the manifest.
 */
async function expectConsistent(extraFiles: readonly string[] = []): Promise<void> {
  const text = await readFile(join(docs, "sources.json"), "utf8");
  const manifest = JSON.parse(text) as { pages: Record<string, unknown>[] };
  expect(text).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
  for (const entry of manifest.pages) {
    const bytes = await readFile(join(docs, entry["path"] as string));
    expect(sha256(bytes), `${String(entry["path"])} on disk`).toBe(entry["sha256"]);
  }
  const expected = [...manifest.pages.map((p) => p["path"] as string), ...extraFiles, "sources.json"].sort();
  expect(await listFiles(docs)).toEqual(expected);
}

// ---------------------------------------------------------------- tests

describe("fetchDocs", () => {
  it("writes a changed page, records its sha256 and ETag, and keeps the manifest's order and format", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA, '"alpha-2"'));
    route(BETA.upstream, ok(OLD.beta, '"beta-1"'));
    const betaBefore = await stat(join(docs, BETA.page));
    await sleep(20);

    const result = await run();

    expect(outcome(result)).toEqual({ updated: [ALPHA.page], unchanged: [BETA.page], failed: [] });
    expect(await readPage(ALPHA.page)).toBe(NEW_ALPHA);
    // Same bytes: the file is not rewritten.
    expect((await stat(join(docs, BETA.page))).mtimeMs).toBe(betaBefore.mtimeMs);
    // The request: `${baseUrl}/master/${encodeURI(path)}`, with If-None-Match only where an ETag is known.
    const alphaRequest = requests.find((r) => r.path === `/master/${ALPHA.upstream}`)!;
    expect(alphaRequest.url).toBe(`/master/${encodeURI(ALPHA.upstream)}`);
    expect(alphaRequest.ifNoneMatch).toBe('"alpha-1"');
    expect(requests.find((r) => r.path === `/master/${BETA.upstream}`)?.ifNoneMatch).toBeUndefined();
    expect(requests).toHaveLength(2); // the page without upstream is not fetched

    const expected = manifestFixture();
    expected.pages[0]!["sha256"] = sha256(NEW_ALPHA);
    expected.pages[0]!["etag"] = '"alpha-2"';
    expected.pages[2]!["etag"] = '"beta-1"';
    // A changed page dates the docs revision (deprecations count from it): the date of the upstream commit, never the clock's.
    // No commit is known (the ref was not resolved): the changed page no longer names the one it was read at before.
    expected.pages[0]!["upstream"] = { repo: REPO, path: ALPHA.upstream };
    expect(await readFile(join(docs, "sources.json"), "utf8")).toBe(`${JSON.stringify({ revision: DATE, ...expected }, null, 2)}\n`);
    expect(Object.keys(await entryOf(BETA.page))).toEqual(["path", "kind", "service", "apiVersion", "locale", "title", "upstream", "sha256", "etag"]);
    await expectConsistent();
  });

  it("a 304 for the recorded ETag leaves the page, its mtime and the manifest untouched", async () => {
    route(ALPHA.upstream, (req, res) => {
      if (req.headers["if-none-match"] === '"alpha-1"') res.writeHead(304, { etag: '"alpha-1"' }).end();
      else ok(NEW_ALPHA, '"alpha-2"')(req, res, 1);
    });
    route(BETA.upstream, ok(OLD.beta)); // same bytes, no ETag: nothing to record
    const past = new Date("2001-02-03T04:05:06Z");
    await utimes(join(docs, ALPHA.page), past, past);
    await utimes(join(docs, "sources.json"), past, past);

    const result = await run();

    expect(outcome(result)).toEqual({ updated: [], unchanged: [ALPHA.page, BETA.page], failed: [] });
    expect(requests.find((r) => r.path === `/master/${ALPHA.upstream}`)?.ifNoneMatch).toBe('"alpha-1"');
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    expect((await stat(join(docs, ALPHA.page))).mtime).toEqual(past);
    expect((await stat(join(docs, "sources.json"))).mtime).toEqual(past);
    await expectConsistent();
  });

  it("does not send If-None-Match when the page on disk is not the one the ETag was recorded for", async () => {
    await writeFile(join(docs, ALPHA.page), NEW_ALPHA); // e.g. a run killed between page and manifest
    route(ALPHA.upstream, (req, res) => {
      if (req.headers["if-none-match"] === '"alpha-1"') res.writeHead(304).end();
      else ok(NEW_ALPHA, '"alpha-2"')(req, res, 1);
    });
    route(BETA.upstream, ok(OLD.beta));

    const result = await run();

    expect(requests.find((r) => r.path === `/master/${ALPHA.upstream}`)?.ifNoneMatch).toBeUndefined();
    expect(result.unchanged).toContain(ALPHA.page); // same bytes as upstream: the manifest catches up
    expect(await entryOf(ALPHA.page)).toMatchObject({ sha256: sha256(NEW_ALPHA), etag: '"alpha-2"' });
    await expectConsistent();
  });

  it("retries a 500 twice (and a 429) and then succeeds", async () => {
    route(ALPHA.upstream, flaky([status(500), status(503)], ok(NEW_ALPHA, '"alpha-2"')));
    route(BETA.upstream, flaky([status(429)], ok(NEW_BETA)));
    const retried: string[] = [];

    const result = await run({ retries: 3, onRetry: (path, info) => retried.push(`${path} ${info.attempt} ${info.error.message}`) });

    expect(outcome(result)).toEqual({ updated: [ALPHA.page, BETA.page], unchanged: [], failed: [] });
    expect(hitsOf(ALPHA.upstream)).toBe(3);
    expect(hitsOf(BETA.upstream)).toBe(2);
    expect(retried.sort()).toEqual([`${ALPHA.page} 1 HTTP 500 Internal Server Error`, `${ALPHA.page} 2 HTTP 503 Service Unavailable`, `${BETA.page} 1 HTTP 429 Too Many Requests`]);
    expect(await readPage(ALPHA.page)).toBe(NEW_ALPHA);
    expect(await entryOf(BETA.page)).not.toHaveProperty("etag");
    await expectConsistent();
  });

  it("a permanent 500 fails after the retry limit, keeps the old page, and the other pages are still saved", async () => {
    route(ALPHA.upstream, status(500));
    route(BETA.upstream, ok(NEW_BETA, '"beta-2"'));

    const result = await run({ retries: 2 });

    expect(hitsOf(ALPHA.upstream)).toBe(3);
    expect(result.failed).toEqual([{ path: ALPHA.page, reason: "HTTP 500 Internal Server Error (after 3 attempts)" }]);
    expect(result.updated).toEqual([BETA.page]);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    expect(await readPage(BETA.page)).toBe(NEW_BETA);
    expect(await entryOf(ALPHA.page)).toMatchObject({ sha256: sha256(OLD.alpha), etag: '"alpha-1"' });
    expect(await entryOf(BETA.page)).toMatchObject({ sha256: sha256(NEW_BETA), etag: '"beta-2"' });
    await expectConsistent();
  });

  it("a 404 fails at once, without retries", async () => {
    route(BETA.upstream, ok(OLD.beta));
    // ALPHA has no route: the server answers 404.

    const result = await run({ retries: 3 });

    expect(hitsOf(ALPHA.upstream)).toBe(1);
    // Alone, a 404 is no deletion: only the listing of the commit read says a page is gone.
    expect(result.failed).toEqual([{ path: ALPHA.page, reason: "HTTP 404 Not Found; if the page was moved or deleted upstream, --discover follows it" }]);
    expect(result.deleted).toEqual([]);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    await expectConsistent();
  });

  it("a response slower than the timeout fails (headers or body) and keeps the old pages", async () => {
    route(ALPHA.upstream, (_req, res) => later(5000, () => ok(NEW_ALPHA)(_req, res, 1)));
    route(BETA.upstream, (_req, res) => {
      const bytes = Buffer.from(NEW_BETA);
      res.writeHead(200, { "content-length": bytes.length });
      res.write(bytes.subarray(0, 5));
      later(5000, () => res.end(bytes.subarray(5)));
    });
    const answered = answeredLater;

    const result = await run({ timeoutMs: 150, retries: 1 });

    // Given up at the timeout: none of the server's answers, five seconds away, was waited for.
    expect(answeredLater).toBe(answered);
    expect(result.updated).toEqual([]);
    expect(result.failed).toEqual([
      { path: ALPHA.page, reason: "timed out after 150 ms waiting for the response (after 2 attempts)" },
      { path: BETA.page, reason: `timed out after 150 ms reading the body (received 5 of ${Buffer.byteLength(NEW_BETA)} bytes) (after 2 attempts)` },
    ]);
    expect(hitsOf(ALPHA.upstream)).toBe(2);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    expect(await readPage(BETA.page)).toBe(OLD.beta);
    await expectConsistent();
  });

  it("a truncated response (Content-Length larger than the body, then a reset) keeps the old page", async () => {
    route(ALPHA.upstream, (_req, res) => {
      res.writeHead(200, { "content-length": 1000, etag: '"alpha-2"' });
      res.write(NEW_ALPHA, () => later(10, () => res.socket?.destroy()));
    });
    route(BETA.upstream, ok(OLD.beta));

    const result = await run({ retries: 1 });

    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.path).toBe(ALPHA.page);
    expect(result.failed[0]!.reason).toMatch(/^truncated response: connection closed after \d+ of 1000 bytes .*\(after 2 attempts\)$/);
    expect(hitsOf(ALPHA.upstream)).toBe(2);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    expect(await entryOf(ALPHA.page)).toMatchObject({ sha256: sha256(OLD.alpha), etag: '"alpha-1"' });
    await expectConsistent();
  });

  it("asks for bodies as they are, and refuses a compressed one (a cut gzip stream decodes without error)", async () => {
    const { gzipSync } = await import("node:zlib");
    const gzip = gzipSync(Buffer.from(NEW_ALPHA + "| A.More | more |\n".repeat(500)));
    route(ALPHA.upstream, (req, res) => {
      expect(req.headers["accept-encoding"]).toBe("identity");
      const cut = gzip.subarray(0, gzip.length >> 1);
      res.writeHead(200, { "content-encoding": "gzip", "content-length": cut.length });
      res.end(cut);
    });
    route(BETA.upstream, ok(OLD.beta));
    const result = await run();
    expect(result.failed).toEqual([{ path: ALPHA.page, reason: expect.stringContaining("gzip-encoded body though asked for none: refused") }]);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    await expectConsistent();
  });

  it("refuses an HTML page served with 200, a body over the page limit, and a page that lost its error table", async () => {
    const HTML = "<!DOCTYPE html>\n<html><head><title>Rate limit</title></head><body>Too many requests</body></html>\n";
    route(ALPHA.upstream, ok(HTML));
    route(BETA.upstream, (_req, res) => {
      // No Content-Length: streamed until the limit is passed.
      res.writeHead(200);
      const chunk = Buffer.alloc(1024 * 1024, "a");
      for (let i = 0; i < 9; i++) res.write(chunk);
      res.end();
    });
    const first = await run({ retries: 0 });
    expect(Object.fromEntries(first.failed.map((f) => [f.path, f.reason]))).toEqual({
      [ALPHA.page]: "the body is an HTML document, not a markdown page (an error page?)",
      [BETA.page]: `the body is larger than ${8 * 1024 * 1024} bytes: refused`,
    });
    // A page cut before its table (no Content-Length, so nothing says it was cut) is refused too, unless forced.
    const cut = "# Alpha\n\nThe error codes of this product are listed below.\n";
    route(ALPHA.upstream, ok(cut));
    route(BETA.upstream, ok(OLD.beta));
    const second = await run({ retries: 0 });
    expect(second.failed).toEqual([{ path: ALPHA.page, reason: expect.stringContaining("has no error-code table where the page has 1: held back") }]);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    await expectConsistent();
    // Upstream does empty pages so ("整个删除", "delete it all", in place of a page's text): forced, the page is no longer one to read, and leaves docs/.
    const forced = await run({ retries: 0, force: true });
    expect(forced.deleted).toEqual([{ path: ALPHA.page, upstream: ALPHA.upstream, emptied: true }]);
    expect((await readManifestJson()).pages.map((p) => p["path"])).toEqual([COMMON.page, BETA.page]);
    expect(existsSync(join(docs, ALPHA.page))).toBe(false);
    // Its folder, left empty, goes with it.
    expect(existsSync(join(docs, "services/alpha"))).toBe(false);
    await expectConsistent();
  });

  it("holds back a body cut short with no Content-Length (rows lost and its last line cut, or half its size gone), and takes a page that dropped a code", async () => {
    // A page of many rows, recorded; then served cut at 60% of its bytes, as a connection closed early sends it (200, no Content-Length).
    const rows = Array.from({ length: 60 }, (_, i) => `| A.Code${String(i).padStart(2, "0")} | The description of code ${i}. |`).join("\n");
    const whole = `# Alpha\n\n| Code | Description |\n| --- | --- |\n${rows}\n`;
    route(ALPHA.upstream, ok(whole));
    expect((await run({ retries: 0, only: [ALPHA.page] })).updated).toEqual([ALPHA.page]);
    const cutAt = Math.floor(Buffer.byteLength(whole) * 0.6);
    const cut = Buffer.from(whole).subarray(0, cutAt);
    expect(cut.at(-1)).not.toBe(0x0a);
    route(ALPHA.upstream, (_req, res) => {
      res.writeHead(200, { connection: "close" });
      res.end(cut);
    });
    const held = await run({ retries: 0, only: [ALPHA.page] });
    expect(held.failed).toEqual([{ path: ALPHA.page, reason: expect.stringMatching(/^the download lists \d+ error-code rows where the page has 60, and its last line is cut: held back \(a page cut short looks so\)\. If upstream shortened the page, --force takes it$/) }]);
    expect(await readPage(ALPHA.page)).toBe(whole);
    // A third of it, even at a line's end: held back too.
    const third = `${whole.split("\n").slice(0, 24).join("\n")}\n`;
    route(ALPHA.upstream, ok(third));
    expect((await run({ retries: 0, only: [ALPHA.page] })).failed[0]!.reason).toMatch(/^the download is \d+ bytes where the page has \d+: held back/);
    // Upstream dropping a code: a whole file, one row fewer: taken (the code is deprecated by the next generate).
    const dropped = whole.replace("| A.Code07 | The description of code 7. |\n", "");
    route(ALPHA.upstream, ok(dropped));
    expect((await run({ retries: 0, only: [ALPHA.page] })).updated).toEqual([ALPHA.page]);
    // --force takes a cut page as it is.
    route(ALPHA.upstream, ok(cut));
    expect((await run({ retries: 0, only: [ALPHA.page], force: true })).updated).toEqual([ALPHA.page]);
    await expectConsistent();
  });

  it("refuses an HTML error page that starts with comments, and takes a markdown page that starts with one", async () => {
    route(ALPHA.upstream, ok("<!-- cdn: edge-17 -->\n<!-- cache miss -->\n<html><body>502 Bad Gateway</body></html>\n"));
    route(BETA.upstream, ok(`<!-- a note of the docs' authors -->\n${NEW_BETA}`));
    const result = await run({ retries: 0 });
    expect(result.failed).toEqual([{ path: ALPHA.page, reason: "the body is an HTML document, not a markdown page (an error page?)" }]);
    expect(result.updated).toEqual([BETA.page]);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    await expectConsistent();
  });

  it("follows a redirect within the origin asked, and refuses, saying so, one to another origin", async () => {
    const port = new URL(baseUrl).port;
    // Another origin: the same server under another host name.
    route(ALPHA.upstream, (_req, res) => {
      res.writeHead(302, { location: encodeURI(`http://localhost:${port}/master/${ALPHA.upstream}`) });
      res.end();
    });
    route(BETA.upstream, (_req, res) => {
      res.writeHead(301, { location: encodeURI(`/master/moved/${BETA.upstream}`) });
      res.end();
    });
    route(`moved/${BETA.upstream}`, ok(NEW_BETA));
    const result = await run({ retries: 0 });
    expect(result.failed).toEqual([
      { path: ALPHA.page, reason: `redirected (HTTP 302) to another origin, http://localhost:${port}: refused; only redirects within ${baseUrl} are followed` },
    ]);
    expect(result.updated).toEqual([BETA.page]);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    expect(await readPage(BETA.page)).toBe(NEW_BETA);
    // Refused once: a refusal is not retried.
    expect(hitsOf(ALPHA.upstream)).toBe(1);
    await expectConsistent();
  });

  it("killed between a page and the manifest, leaves the manifest true: the next run records the page", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA, '"alpha-2"'));
    route(BETA.upstream, ok(NEW_BETA, '"beta-2"'));
    // The page's rename is the first: killed at the second, the page is in place and the manifest not yet saved.
    for (const at of [1, 2, 3, 4]) {
      await writeDocs(manifestFixture(), { [ALPHA.page]: OLD.alpha, [BETA.page]: OLD.beta, [COMMON.page]: OLD.common });
      const child = await new Promise<{ signal: NodeJS.Signals | null }>((resolve) => {
        execFile(
          join(ROOT, "node_modules/.bin/tsx"),
          [join(ROOT, "generator/fetch/cli.ts"), "--base-url", baseUrl, "--concurrency", "1", "--retries", "0", "--date", DATE],
          { cwd: work, env: killAtRename(at, { ...process.env, DOC2ERRORS_BASE_URL: "", DOC2ERRORS_REF: "" }) },
          // tsx runs the script in a child of its own and passes a kill on as status 137 (128 + SIGKILL).
          (error) => {
            const failure = error as { signal?: NodeJS.Signals | null; code?: number } | null;
            resolve({ signal: failure?.signal ?? (failure?.code === 137 ? "SIGKILL" : null) });
          },
        );
      });
      expect(child.signal, `killed at rename ${at}`).toBe("SIGKILL");
      // The next run (every page now unchanged or new again) leaves every hash true to the bytes on disk.
      const next = await run();
      expect(next.failed).toEqual([]);
      await expectConsistent();
      expect(await readPage(ALPHA.page)).toBe(NEW_ALPHA);
      expect(await readPage(BETA.page)).toBe(NEW_BETA);
    }
  }, 60_000);

  it("an empty body and a body that is not UTF-8 keep the old pages, without retries", async () => {
    route(ALPHA.upstream, ok("", '"alpha-2"'));
    route(BETA.upstream, ok(new Uint8Array([0x23, 0x20, 0xe3, 0x83, 0xff, 0x41, 0x0a]), '"beta-2"'));

    const result = await run({ retries: 3 });

    expect(result.failed).toEqual([
      { path: ALPHA.page, reason: "empty body" },
      { path: BETA.page, reason: "body is not valid UTF-8 (invalid byte at offset 4)" },
    ]);
    expect(hitsOf(ALPHA.upstream)).toBe(1);
    expect(hitsOf(BETA.upstream)).toBe(1);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
    expect(await readPage(BETA.page)).toBe(OLD.beta);
    expect(await entryOf(BETA.page)).not.toHaveProperty("etag");
    await expectConsistent();
  });

  it("never has more requests under way than --concurrency, and does use it", async () => {
    const manifest = manifestFixture();
    const files: Record<string, string> = { [ALPHA.page]: OLD.alpha, [BETA.page]: OLD.beta, [COMMON.page]: OLD.common };
    for (let i = 0; i < 10; i++) {
      const page = `services/svc${i}/2021-01-01/en.md`;
      const upstream = `API/svc${i}/errors.md`;
      files[page] = `# old ${i}\n`;
      manifest.pages.push({ path: page, kind: "service", service: `svc${i}`, apiVersion: "2021-01-01", locale: "en", upstream: { repo: REPO, path: upstream }, sha256: sha256(files[page]!) });
      route(upstream, (req, res) => later(30, () => ok(`# new ${i}\n`)(req, res, 1)));
    }
    route(ALPHA.upstream, (req, res) => later(30, () => ok(NEW_ALPHA)(req, res, 1)));
    route(BETA.upstream, (req, res) => later(30, () => ok(NEW_BETA)(req, res, 1)));
    await writeDocs(manifest, files);

    const result = await run({ concurrency: 3 });

    expect(result.failed).toEqual([]);
    expect(result.updated).toHaveLength(12);
    expect(result.updated.slice(0, 2)).toEqual([ALPHA.page, BETA.page]); // manifest order, not finishing order
    expect(requests).toHaveLength(12);
    expect(maxActive).toBe(3);
    await expectConsistent();

    // And one at a time when asked.
    requests = [];
    maxActive = 0;
    for (let i = 0; i < 10; i++) route(`API/svc${i}/errors.md`, (req, res) => later(10, () => ok(`# newer ${i}\n`)(req, res, 1)));
    expect((await run({ concurrency: 1 })).updated).toHaveLength(10);
    expect(maxActive).toBe(1);
    await expectConsistent();
  });

  it("an interrupted run keeps the pages finished so far, and the manifest agrees with them", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA, '"alpha-2"'));
    route(BETA.upstream, () => undefined); // never answers
    const controller = new AbortController();

    const result = await run({
      concurrency: 1,
      signal: controller.signal,
      onPage: (event) => {
        if (event.path === ALPHA.page) later(50, () => controller.abort());
      },
    });

    expect(outcome(result)).toEqual({ updated: [ALPHA.page], unchanged: [], failed: [{ path: BETA.page, reason: "interrupted" }] });
    expect(await entryOf(ALPHA.page)).toMatchObject({ sha256: sha256(NEW_ALPHA), etag: '"alpha-2"' });
    expect(await readPage(BETA.page)).toBe(OLD.beta);
    await expectConsistent();
  });

  it("does not replace a page edited locally, unless forced", async () => {
    const edited = `${OLD.alpha}| A.Local | added by hand |\n`;
    await writeFile(join(docs, ALPHA.page), edited);
    route(ALPHA.upstream, ok(NEW_ALPHA, '"alpha-2"'));

    const first = await run({ only: [ALPHA.page] });
    expect(first.failed).toHaveLength(1);
    expect(first.failed[0]!.reason).toMatch(/edited/);
    expect(await readPage(ALPHA.page)).toBe(edited);

    const forced = await run({ only: [ALPHA.page], force: true });
    expect(forced.updated).toEqual([ALPHA.page]);
    expect(await readPage(ALPHA.page)).toBe(NEW_ALPHA);
    await expectConsistent();
  });

  it("--only limits the pages and reports paths it cannot fetch", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA));
    route(BETA.upstream, ok(NEW_BETA));

    const result = await run({ only: [BETA.page, COMMON.page, "services/nope/2020-01-01/en.md"] });

    expect(outcome(result)).toEqual({
      updated: [BETA.page],
      unchanged: [],
      failed: [
        { path: COMMON.page, reason: 'has no "upstream" in sources.json' },
        { path: "services/nope/2020-01-01/en.md", reason: "not listed in sources.json" },
      ],
    });
    expect(hitsOf(ALPHA.upstream)).toBe(0);
    await expectConsistent();
  });

  it("removes temp files a killed run left behind, and a failed atomic write leaves none", async () => {
    const stale = `services/alpha/2020-01-01/.en.md.fetch-docs-0123456789ab.tmp`;
    await writeFile(join(docs, stale), "half a page");
    route(ALPHA.upstream, ok(NEW_ALPHA));
    route(BETA.upstream, ok(OLD.beta));
    await run();
    await expectConsistent();

    // Renaming over a non-empty folder fails: the temp file must go too.
    await mkdir(join(docs, "blocker/inside"), { recursive: true });
    expect(() => writeFileAtomicSync(join(docs, "blocker"), "x")).toThrow();
    expect(await readdir(join(docs))).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    await rm(join(docs, "blocker"), { recursive: true });
    await expectConsistent();
  });

  it("refuses an invalid manifest without fetching anything", async () => {
    const text = await readFile(join(docs, "sources.json"), "utf8");
    await writeFile(join(docs, "sources.json"), text.replace('"kind": "common"', '"kind": "nope"'));
    route(ALPHA.upstream, ok(NEW_ALPHA));

    await expect(run()).rejects.toBeInstanceOf(ManifestError);
    expect(requests).toHaveLength(0);
    expect(await readPage(ALPHA.page)).toBe(OLD.alpha);
  });
});

describe("a change of docs/ killed at any instant", () => {
  /** Pages of one service whose first part is deleted upstream, whose second is edited (and becomes the first), and a page of another service added. */
  const X1 = "API/API 3.0/x/x-2020-01-01/error_codes_intl.md";
  const X2 = "API/API 3.0/x/x-2020-01-01/错误码_intl.md";
  const Y = "API/API 3.0/y/y-2020-01-01/error_codes_intl.md";
  const Z = "API/API 3.0/z/z-2020-01-01/error_codes_intl.md";
  const table = (code: string) => `# Errors\n\n| Error Code | Description |\n| --- | --- |\n| ${code} | ${code.toLowerCase()} |\n`;
  const before = { "services/x/2020-01-01/en.md": table("X.One"), "services/x/2020-01-01/en.2.md": table("X.Two"), "services/y/2020-01-01/en.md": table("Y.Old") };
  const entry = (path: string, service: string, upstream: string, part?: number) => ({
    path,
    kind: "service",
    service,
    apiVersion: "2020-01-01",
    locale: "en",
    ...(part && { part }),
    upstream: { repo: REPO, path: upstream },
    sha256: sha256(before[path as keyof typeof before]),
  });
  const start = async () => {
    await rm(docs, { recursive: true, force: true });
    await writeDocs(
      { pages: [entry("services/x/2020-01-01/en.md", "x", X1), entry("services/x/2020-01-01/en.2.md", "x", X2, 2), entry("services/y/2020-01-01/en.md", "y", Y)] },
      before,
    );
  };
  const upstreamDir = async () => {
    const dir = join(work, "upstream");
    for (const [path, text] of [[X2, table("X.Two.Edited")], [Y, table("Y.New")], [Z, table("Z.Added")]] as const) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  };
  const cli = (dir: string, killAt?: number) =>
    new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) => {
      execFile(
        join(ROOT, "node_modules/.bin/tsx"),
        [join(ROOT, "generator/fetch/cli.ts"), "--discover", "--upstream-dir", dir, "--date", DATE],
        { cwd: work, env: killAt === undefined ? process.env : killAtRename(killAt) },
        (error) => {
          const failure = error as { signal?: NodeJS.Signals | null; code?: number } | null;
          resolve({ signal: failure?.signal ?? (failure?.code === 137 ? "SIGKILL" : null), code: typeof failure?.code === "number" ? failure.code : failure ? null : 0 });
        },
      );
    });
  /** docs/ as files and their text. */
  const snapshot = async () => Object.fromEntries(await Promise.all((await listFiles(docs)).map(async (path) => [path, await readFile(join(docs, path), "utf8")] as const)));

  it("is wholly made by the next run, and generate refuses docs/ while it is half made", async () => {
    const dir = await upstreamDir();
    await start();
    const old = await snapshot();
    expect((await cli(dir)).code).toBe(0);
    const done = await snapshot();
    // The change: en.md deleted upstream, en.2.md edited and renumbered en.md, y updated, z added.
    expect(Object.keys(done)).toEqual(["services/x/2020-01-01/en.md", "services/y/2020-01-01/en.md", "services/z/2020-01-01/en.md", "sources.json"]);
    expect(done["services/x/2020-01-01/en.md"]).toBe(table("X.Two.Edited"));
    // Its renames: the journal, three pages, the manifest.
    for (let at = 1; at <= 5; at++) {
      await start();
      expect((await cli(dir, at)).signal, `killed at rename ${at}`).toBe("SIGKILL");
      const left = await snapshot();
      const journal = ".fetch-docs-journal" in left;
      // Before the journal, nothing has changed but staged files; after it, generate will not read docs/.
      if (!journal) expect(Object.fromEntries(Object.entries(left).filter(([path]) => !path.endsWith(".tmp")))).toEqual(old);
      else {
        const generate = runGenerate(["--check"]);
        expect(generate.status).toBe(1);
        expect(generate.stderr).toContain("docs/.fetch-docs-journal:1:1: error D2E011: a change of docs/ by fetch-docs was interrupted: run `npm run fetch-docs -- --recover`");
      }
      expect(journal, `killed at rename ${at}`).toBe(at > 1);
      let text = "";
      expect(await main(["--recover"], work, {}, { write: (chunk: string) => (text += chunk) })).toBe(0);
      expect(text).toBe(journal ? "fetch-docs: completed the change of docs/ an interrupted run had begun\n" : "fetch-docs: no interrupted change in docs/\n");
      expect(await snapshot(), `killed at rename ${at}`).toEqual(journal ? done : old);
      await expectConsistent();
    }
  }, 60_000);
});

describe("npm run fetch-docs", () => {
  function capture(isTTY: boolean) {
    let text = "";
    return { isTTY, write: (chunk: string) => (text += chunk), get text() { return text; } };
  }

  it("prints one line per page when not on a terminal, a summary, and exits 1 when a page failed", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA));
    route(BETA.upstream, status(403));
    const out = capture(false);

    const code = await main(["--docs", docs, "--backoff-ms", "5", "--date", DATE], work, { DOC2ERRORS_BASE_URL: baseUrl }, out);

    expect(code).toBe(1);
    expect(out.text).toContain(`read: ${ALPHA.page} (`);
    expect(out.text).toContain(`failed: ${BETA.page} (HTTP 403 Forbidden)`);
    expect(out.text).toMatch(/fetch-docs: 1 updated, 0 added, 0 moved, 0 deleted, 0 unchanged, 1 failed; docs revision 2026-12-24; failed pages were left as they were\n/);
    expect(out.text).not.toContain("\r");
    await expectConsistent();
  });

  it("updates one progress line in place on a terminal, takes --ref from the environment, and exits 0", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA), "v2");
    route(BETA.upstream, ok(NEW_BETA), "v2");
    const out = capture(true);

    const code = await main(["--docs", "docs", "--base-url", `${baseUrl}/`, "--date", DATE], work, { DOC2ERRORS_REF: "v2", DOC2ERRORS_BASE_URL: "http://127.0.0.1:1" }, out);

    expect(code).toBe(0);
    expect(hitsOf(ALPHA.upstream, "v2")).toBe(1);
    expect(out.text).toContain("\r\x1b[Kfetch-docs: 2/2 ");
    expect(out.text).not.toMatch(/updated: /);
    expect(out.text).toMatch(/fetch-docs: 2 updated, 0 added, 0 moved, 0 deleted, 0 unchanged, 0 failed; docs revision 2026-12-24\n$/);
    await expectConsistent();
  });

  it("exits 2 on bad usage", async () => {
    const refs = ['x" ; echo INJECTED ; echo "', "../../x", "a/../b", "-x", "main\n", "a b", "refs/heads/x.lock", ""];
    for (const args of [["--concurrency", "0"], ["--retries", "x"], ["--base-url", "ftp://example.com"], ["--nope"], ...refs.map((ref) => ["--ref", ref])]) {
      const out = capture(false);
      expect(await main(args, work, {}, out), args.join(" ")).toBe(2);
      expect(out.text).toContain("Usage: npm run fetch-docs");
    }
    // From the environment as well (the regenerate workflow passes its input so).
    const out = capture(false);
    expect(await main([], work, { DOC2ERRORS_REF: "$(touch /tmp/x)" }, out)).toBe(2);
    expect(out.text).toContain("is not a branch, tag or commit name");
    expect(requests).toHaveLength(0);
  });

  it("runs as a script (tsx generator/fetch/cli.ts)", async () => {
    route(ALPHA.upstream, ok(NEW_ALPHA));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        join(ROOT, "node_modules/.bin/tsx"),
        [join(ROOT, "generator/fetch/cli.ts"), "--base-url", baseUrl, "--only", `docs/${ALPHA.page}`, "--date", DATE],
        { cwd: work, env: { ...process.env, DOC2ERRORS_BASE_URL: "", DOC2ERRORS_REF: "" } },
        (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stderr }),
      );
    });
    expect(stderr).toContain("fetch-docs: 1 updated, 0 added, 0 moved, 0 deleted, 0 unchanged, 0 failed; docs revision 2026-12-24");
    expect(code).toBe(0);
    expect(await readPage(ALPHA.page)).toBe(NEW_ALPHA);
    await expectConsistent();
  });
});
