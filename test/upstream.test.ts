import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../generator/fetch/cli.js";
import { fetchDocs } from "../generator/fetch/fetch-docs.js";
import { directoryUpstream, httpUpstream } from "../generator/fetch/upstream.js";
import { fakeGitHub, type FakeGitHub } from "./helpers/github.js";
import { ROOT, tempDir } from "./helpers/generate.js";

/** Where the upstream is read from, and at which commit: GitHub's API and raw files (a local stand-in), a Git checkout. */
const MIRROR = join(ROOT, "test/fixtures/upstream/pages");
const page = (path: string) => new Uint8Array(readFileSync(join(MIRROR, path)));
const REBOOT = "API/API 3.0/计算/云服务器/API 3.0/实例相关接口/重启实例_intl.md";
const REBOOT_MOVED = "API/API 3.0/计算/云服务器/API 3.0/实例接口/重启实例_intl.md";
const IAI = "API/API 3.0/云智AI应用服务/人脸识别/iai-2018-03-01/错误码_intl.md";
const C1 = "1".repeat(40);
const C2 = "2".repeat(40);
const http = { timeoutMs: 5000, retries: 0, backoffMs: 0 };

/** Two commits: the second deletes the iai page and moves the cvm one; both have more files than GitHub gives in one tree. */
function history(): Map<string, { date: string; files: Map<string, Uint8Array> }> {
  const filler = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`product/doc${i}/page.md`, new TextEncoder().encode(`# ${i}\n`)] as const));
  return new Map([
    [C1, { date: "2024-12-24T01:29:48Z", files: new Map([...filler(30), [REBOOT, page(REBOOT)], [IAI, page(IAI)], ["API/API 3.0/计算/云服务器/API 3.0/简介.md", page("API/API 3.0/计算/云服务器/API 3.0/简介.md")]]) }],
    [C2, { date: "2025-01-02T23:59:00-05:00", files: new Map([...filler(30), [REBOOT_MOVED, page(REBOOT)], ["API/API 3.0/计算/云服务器/API 3.0/简介.md", page("API/API 3.0/计算/云服务器/API 3.0/简介.md")]]) }],
  ]);
}

describe("the upstream over HTTP", () => {
  let github: FakeGitHub;
  const refs: Record<string, string> = { master: C1 };
  beforeAll(async () => {
    github = await fakeGitHub(history(), refs, { truncateAbove: 10 });
  });
  afterAll(() => github.close());
  const upstream = (ref = "master", more: Partial<Parameters<typeof httpUpstream>[0]> = {}) =>
    httpUpstream({ baseUrl: github.baseUrl, apiUrl: github.apiUrl, ref, repo: "tencentyun/intlcloud-documents", token: "t0ken", http, ...more });

  it("resolves a ref to its commit and the commit's date (UTC), and sends a token to the API alone", async () => {
    github.requests.length = 0;
    expect(await upstream("master").revision()).toEqual({ commit: C1, date: "2024-12-24", pinned: true });
    refs["master"] = C2;
    expect(await upstream("master").revision()).toEqual({ commit: C2, date: "2025-01-03", pinned: true });
    refs["master"] = C1;
    // A page is read at the commit, never at the ref (which may move during the run).
    await upstream("master").get(REBOOT);
    expect(github.requests.map((r) => r.path)).toContain(`/raw/${C1}/${REBOOT}`);
    expect(github.requests.filter((r) => r.path.startsWith("/api/")).map((r) => r.authorization)).toEqual(["Bearer t0ken", "Bearer t0ken", "Bearer t0ken"]);
    expect(github.requests.filter((r) => r.path.startsWith("/raw/")).map((r) => r.authorization)).toEqual([undefined]);
    // What cannot be resolved is unknown, with the reason; never a guess.
    expect(await upstream("nope").revision()).toEqual({ pinned: false, unknown: expect.stringContaining("the API could not resolve nope: HTTP 422") });
    expect(await upstream("master", { apiUrl: undefined, listingUrl: `${github.apiUrl}/x/{ref}` }).revision()).toEqual({
      pinned: false,
      unknown: "no GitHub API is configured to resolve it (--api-url)",
    });
    // A commit and its date given: nothing is asked.
    github.requests.length = 0;
    expect(await upstream(C2, { date: "2025-01-03" }).revision()).toEqual({ commit: C2, date: "2025-01-03", pinned: true });
    expect(github.requests).toEqual([]);
  });

  it("lists a tree GitHub gives truncated folder by folder, going only into the folders on the way to the API docs", async () => {
    github.requests.length = 0;
    const paths = await upstream().list();
    expect(paths).toEqual([IAI, "API/API 3.0/计算/云服务器/API 3.0/简介.md", REBOOT].sort());
    const trees = github.requests.filter((r) => r.path.includes("/git/trees/")).map((r) => r.path.replace(/^.*\/git\/trees\//, ""));
    // The root whole (truncated), the root's entries, then API/ whole (truncated again), its entries, then API 3.0/ whole: never product/.
    expect(trees).toHaveLength(5);
    expect(trees[0]).toBe(`${C1}?recursive=1`);
    expect(trees[1]).toBe(C1);
    expect(trees.slice(2).every((t) => !t.startsWith(C1))).toBe(true);
    // Untruncated, it is one request.
    const whole = await fakeGitHub(history(), { master: C1 });
    try {
      const before = whole.requests.length;
      expect(await httpUpstream({ baseUrl: whole.baseUrl, apiUrl: whole.apiUrl, ref: C1, date: "2024-12-24", repo: "tencentyun/intlcloud-documents", http }).list()).toEqual(paths);
      expect(whole.requests.length - before).toBe(1);
    } finally {
      await whole.close();
    }
  });

  it("refuses a listing that is not the tree it says it is", async () => {
    const { createServer } = await import("node:http");
    const answers: Record<string, unknown> = {
      [`/r/${C1}?recursive=1`]: { tree: [{ path: "API", type: "tree", sha: "a".repeat(40) }], truncated: true },
      [`/r/${C1}`]: { tree: [{ path: "API/../../etc", type: "tree", sha: "a".repeat(40) }] },
    };
    const server = createServer((request, response) => response.end(JSON.stringify(answers[request.url ?? ""] ?? { tree: [] })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const hostile = httpUpstream({ baseUrl: base, listingUrl: `${base}/r/{ref}?recursive=1`, ref: C1, date: "2024-12-24", repo: "o/r", http });
      await expect(hostile.list()).rejects.toThrow('the listing of folder / names "API/../../etc", not an entry of it');
      answers[`/r/${C1}`] = { tree: [{ path: "API", type: "tree", sha: "../x" }] };
      await expect(hostile.list()).rejects.toThrow('the listing names folder "API" with no tree hash');
    } finally {
      server.close();
    }
  });

  it("brings docs/ to a commit: a page deleted upstream leaves, a page moved is followed, each page records the commit", async () => {
    const docs = tempDir("http-docs");
    writeFileSync(join(docs, "sources.json"), `${JSON.stringify({ pages: [] }, null, 2)}\n`);
    const run = (ref: string) => fetchDocs({ docsDir: docs, upstream: upstream(ref), discover: true });
    const first = await run(C1);
    expect(first.added.map((a) => a.path)).toEqual(["services/cvm/2017-03-12/actions/RebootInstances/en.md", "services/iai/2018-03-01/en.md"]);
    const manifest = () => JSON.parse(readFileSync(join(docs, "sources.json"), "utf8"));
    expect(manifest()).toMatchObject({ revision: "2024-12-24", commit: C1 });

    // A branch that could not be resolved to a commit: its listing may be of another state than the pages read, so
    // it says nothing is gone. The pages it lacks are read (a 404: a failure, kept); the page at its new path is a duplicate.
    refs["master"] = C2;
    try {
      const unresolved = await fetchDocs({
        docsDir: docs,
        upstream: httpUpstream({ baseUrl: github.baseUrl, listingUrl: `${github.apiUrl}/repos/tencentyun/intlcloud-documents/git/trees/{ref}?recursive=1`, ref: "master", repo: "r/r", http }),
        discover: true,
        date: "2025-01-03",
      });
      expect(unresolved).toMatchObject({ deleted: [], moved: [], added: [], changed: false, commit: undefined });
      expect(unresolved.failed).toEqual([
        { path: "services/cvm/2017-03-12/actions/RebootInstances/en.md", reason: "HTTP 404 Not Found" },
        { path: "services/iai/2018-03-01/en.md", reason: "HTTP 404 Not Found" },
      ]);
      expect(unresolved.duplicates).toEqual([{ path: REBOOT_MOVED, sameAs: "services/cvm/2017-03-12/actions/RebootInstances/en.md" }]);
    } finally {
      refs["master"] = C1;
    }

    const second = await run(C2);
    expect(second.deleted).toEqual([{ path: "services/iai/2018-03-01/en.md", upstream: IAI }]);
    expect(second.moved).toEqual([{ path: "services/cvm/2017-03-12/actions/RebootInstances/en.md", from: REBOOT, to: REBOOT_MOVED, edited: false }]);
    expect(manifest()).toMatchObject({ revision: "2025-01-03", commit: C2 });
    expect(manifest().pages).toEqual([expect.objectContaining({ path: "services/cvm/2017-03-12/actions/RebootInstances/en.md", upstream: { repo: "tencentyun/intlcloud-documents", path: REBOOT_MOVED, commit: C2 } })]);
  });

  it("prints the commit a ref names, and its date, for the workflow (--resolve)", async () => {
    let out = "";
    const capture = { write: (chunk: string) => (out += chunk) };
    const env = { DOC2ERRORS_API_URL: github.apiUrl, DOC2ERRORS_BASE_URL: github.baseUrl };
    expect(await main(["--resolve", "--ref", "master"], ROOT, env, capture, capture)).toBe(0);
    expect(out).toBe(`commit=${C1}\ndate=2024-12-24\n`);
    out = "";
    expect(await main(["--resolve", "--ref", "nope"], ROOT, env, capture, capture)).toBe(1);
    expect(out).toMatch(/^fetch-docs: cannot resolve nope to a commit and its date: the API could not resolve nope: HTTP 422/);
  });
});

describe("a Git checkout of the upstream", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GIT_COMMITTER_DATE: "2019-08-27T12:08:48+08:00", GIT_AUTHOR_DATE: "2019-08-27T12:08:48+08:00" },
    }).trim();

  it("is dated by its HEAD, and read only when it holds HEAD below the API docs", async () => {
    const checkout = tempDir("checkout");
    for (const path of [REBOOT, IAI]) {
      mkdirSync(dirname(join(checkout, path)), { recursive: true });
      writeFileSync(join(checkout, path), page(path));
    }
    git(checkout, "init", "-q");
    git(checkout, "add", "-A");
    git(checkout, "commit", "-q", "-m", "pages");
    const head = git(checkout, "rev-parse", "HEAD");
    expect(await directoryUpstream(checkout).revision()).toEqual({ commit: head, date: "2019-08-27", pinned: true });
    expect((await directoryUpstream(checkout, { commit: "0".repeat(40) }).revision()).unknown).toBe(`${checkout} is a Git checkout at ${head}, not at ${"0".repeat(40)}: check that commit out first`);
    // A folder of another repository (this one's fixtures) is no checkout: it is dated by --date alone.
    expect(await directoryUpstream(MIRROR).revision()).toEqual({ pinned: true, unknown: `${MIRROR} is no Git checkout, and no --date says when its commit was made` });
    // Changes below the roots: what is read would not be HEAD.
    writeFileSync(join(checkout, IAI), "# edited\n");
    expect((await directoryUpstream(checkout).revision()).unknown).toMatch(/has changes below API\/API 3\.0\/ and API\/API文档公用部分\/ that are not in its HEAD/);
    const docs = tempDir("checkout-docs");
    writeFileSync(join(docs, "sources.json"), '{"pages": []}\n');
    await expect(fetchDocs({ docsDir: docs, upstream: directoryUpstream(checkout), discover: true })).rejects.toThrow(/would change[^]*not known here \(.*has changes below/);
    git(checkout, "checkout", "--", ".");
    const result = await fetchDocs({ docsDir: docs, upstream: directoryUpstream(checkout), discover: true });
    expect(result).toMatchObject({ commit: head, date: "2019-08-27", changed: true });
    expect(JSON.parse(readFileSync(join(docs, "sources.json"), "utf8"))).toMatchObject({ revision: "2019-08-27", commit: head });
  });
});
