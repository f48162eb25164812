import { cpSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fetchDocs } from "../generator/fetch/fetch-docs.js";
import { copyGolden, runCli, SAMPLE, tempDir } from "./helpers/generate.js";

/**
 * The whole loop of "Keeping up with the docs": the upstream page changes on
 * a (local) doc server, fetch-docs brings it in, generate reports the change
 * and deprecates the code that went, and --check tells stale from fresh.
 */
describe("a doc update, from the server to generated/", () => {
  it("is fetched, reported, deprecated and checked", async () => {
    const work = tempDir("loop");
    cpSync(join(SAMPLE, "docs"), join(work, "docs"), { recursive: true });
    copyGolden(SAMPLE, join(work, "generated"));
    const manifest = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    const entry = manifest.pages.find((p: { path: string }) => p.path === "services/cdb/2017-03-20/ja.md");
    const ko = manifest.pages.find((p: { path: string }) => p.path === "services/cdb/2017-03-20/ko.md");
    const updated = readFileSync(join(work, "docs", entry.path), "utf8")
      .replace("| CdbError.TaskError | バックエンドタスクエラー。 |\n", "")
      .replace("| 9003 | param error。 |", "| 9003 | パラメータエラー。 |\n| CdbError.NewFailure | 新しいエラー。 |");

    const updatedKo = readFileSync(join(work, "docs", ko.path), "utf8").replace("| CdbError.TaskError | 백 엔드 태스크 오류. |\n", "");
    const served = new Map([
      [`/master/${encodeURI(entry.upstream.path)}`, updated],
      [`/master/${encodeURI(ko.upstream.path)}`, updatedKo],
    ]);
    const server = createServer((request, response) => {
      const body = served.get(request.url ?? "");
      if (body !== undefined) {
        response.writeHead(200, { etag: '"v2"', "content-type": "text/plain; charset=utf-8" });
        response.end(body);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await fetchDocs({ docsDir: join(work, "docs"), baseUrl, only: [entry.path, ko.path], date: "2027-01-15", backoffMs: 5 });
      expect(result).toMatchObject({ updated: [entry.path, ko.path], unchanged: [], failed: [], changed: true });
    } finally {
      server.close();
    }
    expect(readFileSync(join(work, "docs", entry.path), "utf8")).toBe(updated);
    const after = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    expect(after.revision).toBe("2027-01-15");

    const cli = (...args: string[]) => runCli(work, ...args);
    const stale = cli("--check");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("stale: generated/cdb/v20170320/codes.ts");

    const run = cli("--changes", "md", "--changes-file", "changes.md");
    expect(run.status).toBe(0);
    const report = readFileSync(join(work, "changes.md"), "utf8");
    expect(report).toContain("## Error code changes (docs 2026-12-02 → 2027-01-15)");
    expect(report).toContain("- `cdb@2017-03-20`: code `CdbError.NewFailure` (doc pages)");
    expect(report).toContain("| `9003` | ja (doc pages) | “param error。” | “パラメータエラー。” |");
    // Gone from every page of cdb: kept, deprecated from this revision, for the policy's 180 days.
    expect(report).toContain("- `cdb@2017-03-20`: code `CdbError.TaskError` (was: doc pages), kept as deprecated until 2027-07-14");
    const codes = readFileSync(join(work, "generated/cdb/v20170320/codes.ts"), "utf8");
    expect(codes).toContain("@deprecated No longer in the docs since the revision of 2027-01-15; kept, deprecated, until 2027-07-14, when a major release removes it.");
    expect(cli("--check").status).toBe(0);
    // A code added and one deprecated: a minor release, in package.json, the changelog and the report.
    expect(report).toContain("Package version 1.1.0 (minor release).");
    expect(JSON.parse(readFileSync(join(work, "generated/package.json"), "utf8")).version).toBe("1.1.0");
    expect(readFileSync(join(work, "generated/CHANGELOG.md"), "utf8")).toMatch(/## 1\.1\.0 \(minor; docs 2027-01-15\)\n\n[^]*- `cdb@2017-03-20`: code `CdbError\.NewFailure`[^]*## 1\.0\.0/);
  });
});
