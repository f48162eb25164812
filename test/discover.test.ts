import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchDocs, type FetchDocsOptions } from "../generator/fetch/fetch-docs.js";
import { directoryUpstream, httpUpstream, isUpstreamPath, listingPaths } from "../generator/fetch/upstream.js";
import { generateFrom, tempDir } from "./helpers/generate.js";

/** A mirror of a few upstream pages (test/fixtures/upstream/README.md), served by a local server as the upstream repository is. */
const MIRROR = new URL("./fixtures/upstream/", import.meta.url).pathname;
const LISTING = readFileSync(join(MIRROR, "MANIFEST.tsv"), "utf8");
const BROKEN = "API/API 3.0/网络/负载均衡/clb-2018-03-17/错误码_intl.md";

describe("listingPaths", () => {
  it("reads a Git tree, a JSON array, a TSV with a path column, or lines", () => {
    expect(listingPaths(JSON.stringify({ tree: [{ path: "a.md", type: "blob" }, { path: "dir", type: "tree" }] }))).toEqual(["a.md"]);
    expect(listingPaths('["a.md","b.md"]')).toEqual(["a.md", "b.md"]);
    expect(listingPaths("a.md\r\nb.md\n\n")).toEqual(["a.md", "b.md"]);
    expect(listingPaths("repo\tcommit\tpath\tbytes\nr\tc\tA/错误码.md\t12\n")).toEqual(["A/错误码.md"]);
  });

  it("never takes a path that leaves the upstream", () => {
    for (const path of ["../x.md", "a/../../x.md", "/etc/passwd", "a//b.md", "a/./b.md", "a\\..\\b.md", "a\u0000.md", ""]) expect(isUpstreamPath(path), path).toBe(false);
    expect(isUpstreamPath("API/API 3.0/计算/错误码.md")).toBe(true);
  });
});

describe("discoverDocs", () => {
  let base: string;
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const url = decodeURIComponent(request.url ?? "");
    requested.push(url);
    const raw = /^\/raw\/(?:main|0{40})\/(.*)$/.exec(url)?.[1];
    if (url === "/listing/main" || url === `/listing/${"0".repeat(40)}`) response.end(`${LISTING}r\tc\t${BROKEN}\t2\t00\n`);
    else if (raw === BROKEN) response.end(Buffer.from([0xff, 0xfe]));
    else if (raw !== undefined) {
      try {
        response.end(readFileSync(join(MIRROR, "pages", raw)));
      } catch {
        response.writeHead(404).end();
      }
    } else response.writeHead(404).end();
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const emptyDocs = () => {
    const docs = tempDir("discover");
    writeFileSync(join(docs, "sources.json"), `${JSON.stringify({ revision: "2026-01-01", pages: [] }, null, 2)}\n`);
    return docs;
  };
  const upstream = (ref = "main") =>
    httpUpstream({ listingUrl: `${base}/listing/{ref}`, baseUrl: `${base}/raw`, ref, repo: "tencentyun/intlcloud-documents", date: "2026-02-02", http: { timeoutMs: 5000, retries: 0, backoffMs: 0 } });
  const discoverDocs = (options: Partial<FetchDocsOptions> & { docsDir: string }) => fetchDocs({ discover: true, date: "2026-02-02", ...options });

  it("places error-code, action and legacy pages by what they state, leaves out the rest saying why, and generate reads them", async () => {
    const docs = emptyDocs();
    const result = await discoverDocs({ docsDir: docs, upstream: upstream("0".repeat(40)), commit: "0".repeat(40) });
    expect(result.added.map((a) => a.path)).toEqual([
      "legacy/2.0/en.md",
      "services/as/2018-04-19/zh-CN.2.md",
      "services/as/2018-04-19/zh-CN.md",
      "services/cdb/2017-03-20/actions/DescribeTasks/ja.md",
      "services/cdn/2018-06-06/actions/DescribePayType/en.md",
      // Overview pages in folders that state no service: placed where the action pages of their folder are.
      "services/cdn/2018-06-06/overview/en.md",
      "services/cvm/2017-03-12/actions/RebootInstances/en.md",
      "services/cvm/2017-03-12/actions/RebootInstances/zh-CN.md",
      "services/cvm/2017-03-12/overview/zh-CN.md",
      "services/iai/2018-03-01/en.md",
    ]);
    // The same bytes under two upstream folders: one page.
    expect(result.duplicates).toEqual([
      {
        path: "API/API 3.0/网络/内容分发网络/CDN产品API3.0文档_20190605/服务查询相关接口/查询计费方式_intl.md",
        sameAs: "services/cdn/2018-06-06/actions/DescribePayType/en.md",
      },
    ]);
    expect(result.leftOut.map((d) => `${d.code} ${d.position.file}: ${d.message}`)).toEqual([
      'D2E007 API/API 3.0/云数据库/云数据库 SQL Server/sqlserver-2018-03-28/实例管理接口/查询售卖可用区_intl.md: states several services: "sqlserver" (endpoint, line 3) and "postgres" (endpoint, line 35); the page is left out (a manifest entry with a "placement" may place it)',
      'D2E007 API/API 3.0/存储/云硬盘/错误码_intl.md: states no service; states no API version; the page is left out (a manifest entry with a "placement" may place it)',
    ]);
    expect(result.unread).toEqual([{ path: BROKEN, reason: expect.stringContaining("not valid UTF-8") }]);
    // Pages without an error table (an introduction) or without an action (the responses page), and an overview page that links no action, were read, not added.
    expect(requested).toContain(`/raw/${"0".repeat(40)}/API/API 3.0/云数据库/云数据库 MySQL/cdb-2017-03-20/API 概览_intl.md`);
    expect(requested).toContain(`/raw/${"0".repeat(40)}/API/API 3.0/计算/云服务器/API 3.0/简介.md`);

    const manifest = JSON.parse(readFileSync(join(docs, "sources.json"), "utf8"));
    expect(manifest.revision).toBe("2026-02-02");
    expect(manifest.pages.find((p: { path: string }) => p.path === "services/cvm/2017-03-12/actions/RebootInstances/en.md")).toEqual({
      path: "services/cvm/2017-03-12/actions/RebootInstances/en.md",
      kind: "action",
      service: "cvm",
      apiVersion: "2017-03-12",
      action: "RebootInstances",
      locale: "en",
      upstream: { repo: "tencentyun/intlcloud-documents", path: "API/API 3.0/计算/云服务器/API 3.0/实例相关接口/重启实例_intl.md", commit: "0".repeat(40) },
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Byte for byte.
    expect(readFileSync(join(docs, "services/as/2018-04-19/zh-CN.2.md"))).toEqual(readFileSync(join(MIRROR, "pages/API/API 3.0/计算/弹性伸缩/as-2018-04-19/错误码.md")));

    const generated = await generateFrom(docs);
    expect(generated.diagnostics.filter((d) => d.severity === "error" || d.code === "D2E006")).toEqual([]);
    // Its codes, by their place in the codes of the service (the first of them is InternalServerError).
    const actions = generated.files!.get("cvm/v20170312/actions.ts")!;
    const codeIndex = [...actions.slice(actions.indexOf("CvmCodeIndex = ["), actions.indexOf("];")).matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    const positions = /RebootInstances: \[\s*(\d+),/.exec(actions)!;
    expect(codeIndex[Number(positions[1])]).toBe("InternalServerError");
    expect(generated.files!.get("cdb/v20170320/actions.ts")).toContain("DescribeTasks: [");
    // The overview page links RebootInstances to its page.
    expect(actions).toContain('RebootInstances: "https://cloud.tencent.com/document/api/213/15742",');
    expect(generated.files!.get("cdn/v20180606/actions.ts")).toContain('DescribePayType: "https://cloud.tencent.com/document/api/228/31295"');

    // Discovery again: nothing new, nothing changed (not even the revision, though the ref read is another).
    const again = await discoverDocs({ docsDir: docs, upstream: upstream(), date: "2026-03-03" });
    expect(again.added).toEqual([]);
    expect(again.changed).toBe(false);
    expect(JSON.parse(readFileSync(join(docs, "sources.json"), "utf8")).revision).toBe("2026-02-02");
  });

  it("reads a local checkout the same way, and never through a symlink out of it", async () => {
    const viaHttp = emptyDocs();
    await discoverDocs({ docsDir: viaHttp, upstream: upstream() });
    const checkout = tempDir("checkout");
    const { cpSync } = await import("node:fs");
    cpSync(join(MIRROR, "pages"), checkout, { recursive: true });
    const outside = tempDir("outside");
    writeFileSync(join(outside, "错误码_intl.md"), "| Error Code | Description |\n|-|-|\n| Secret | outside |\n");
    mkdirSync(join(checkout, "API/API 3.0/x/evil-2020-01-01"), { recursive: true });
    symlinkSync(join(outside, "错误码_intl.md"), join(checkout, "API/API 3.0/x/evil-2020-01-01/错误码_intl.md"));
    const viaDir = emptyDocs();
    const result = await discoverDocs({ docsDir: viaDir, upstream: directoryUpstream(checkout, { date: "2026-02-02" }) });
    const pages = (docs: string) => JSON.parse(readFileSync(join(docs, "sources.json"), "utf8")).pages.map((p: { path: string; sha256: string }) => [p.path, p.sha256]);
    expect(pages(viaDir)).toEqual(pages(viaHttp));
    expect(result.unread.map((f) => f.reason)).toEqual([expect.stringContaining("not a file inside")]);
    await expect(directoryUpstream(checkout).get("../outside.md")).rejects.toThrow("not a path inside the upstream");
  });
});
