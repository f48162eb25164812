import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverDocs, listingPaths, pageFromUpstreamPath } from "../generator/fetch/discover.js";
import { generateFrom, tempDir } from "./helpers/generate.js";

describe("pageFromUpstreamPath", () => {
  it.each([
    ["API/API 3.0/云数据库/云数据库 MySQL/cdb-2017-03-20/错误码_intl_jp.md", { service: "cdb", apiVersion: "2017-03-20", locale: "ja", title: "云数据库 MySQL" }],
    ["API/API 3.0/云数据库/云数据库 Redis/redis-2018-04-12/错误码.md", { service: "redis", apiVersion: "2018-04-12", locale: "zh-CN" }],
    ["API/API 3.0/管理工具/访问管理/cam-2019-01-16-doc-20190522/错误码_intl.md", { service: "cam", apiVersion: "2019-01-16", locale: "en" }],
    ["API/API 3.0/计算/弹性伸缩/as-2018-04-19/error_codes_intl_jp.md", { service: "as", locale: "ja" }],
    ["API/API 3.0/视频服务/直播/live-2018-08-01_intl/错误码_intl_ko.md", { service: "live", locale: "ko" }],
  ])("%s", (path, expected) => {
    expect(pageFromUpstreamPath(path)).toMatchObject({ kind: "service", ...expected });
  });

  it.each([
    "API/API 3.0/计算/容器服务/错误码_intl.md", // no version in the path: not guessed
    "API/API 3.0/云数据库/云数据库 MySQL/cdb-2017-03-20/调用方式/返回结果_intl.md", // not an error-code page
    "product/存储/归档存储/API 文档/错误码_intl.md", // not API 3.0
  ])("ignores %s", (path) => {
    expect(pageFromUpstreamPath(path)).toBeUndefined();
  });
});

describe("listingPaths", () => {
  it("reads a Git tree, a JSON array or lines", () => {
    expect(listingPaths(JSON.stringify({ tree: [{ path: "a.md", type: "blob" }, { path: "dir", type: "tree" }] }))).toEqual(["a.md"]);
    expect(listingPaths('["a.md","b.md"]')).toEqual(["a.md", "b.md"]);
    expect(listingPaths("a.md\r\nb.md\n\n")).toEqual(["a.md", "b.md"]);
  });
});

describe("discoverDocs", () => {
  it("adds the new error-code pages of a listing, page first, then the manifest, and generate picks them up", async () => {
    const docs = tempDir("discover");
    writeFileSync(join(docs, "sources.json"), `${JSON.stringify({ revision: "2026-01-01", pages: [] }, null, 2)}\n`);
    const good = "API/API 3.0/云数据库/云数据库 MongoDB/mongodb-2018-04-08/错误码_intl.md";
    const broken = "API/API 3.0/网络/负载均衡/clb-2018-03-17/错误码_intl.md";
    const tree = { tree: [good, broken, "API/API 3.0/计算/容器服务/错误码_intl.md", "README.md"].map((path) => ({ path, type: "blob" })) };
    const server = createServer((request, response) => {
      const url = decodeURI(request.url ?? "");
      if (url === "/tree/main") response.end(JSON.stringify(tree));
      else if (url === `/raw/main/${good}`) response.end("## Error Codes\n\n| Error Code | Description |\n|---|---|\n| FailedOperation.Mongo | failed |\n");
      else if (url === `/raw/main/${broken}`) response.end(Buffer.from([0xff, 0xfe]));
      else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await discoverDocs({ docsDir: docs, listingUrl: `${base}/tree/{ref}`, baseUrl: `${base}/raw`, ref: "main", revision: "2026-02-02", retries: 0 });
      expect(result.added).toEqual(["services/mongodb/2018-04-08/en.md"]);
      expect(result.failed.map((f) => f.path)).toEqual([broken]);
    } finally {
      server.close();
    }
    const manifest = JSON.parse(readFileSync(join(docs, "sources.json"), "utf8"));
    expect(manifest.revision).toBe("2026-02-02");
    expect(manifest.pages).toEqual([
      expect.objectContaining({ path: "services/mongodb/2018-04-08/en.md", service: "mongodb", apiVersion: "2018-04-08", locale: "en", upstream: { repo: "tencentyun/intlcloud-documents", path: good } }),
    ]);
    const generated = await generateFrom(docs);
    expect(generated.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(generated.files!.get("mongodb/codes.ts")).toContain('"FailedOperation.Mongo"');
  });
});
