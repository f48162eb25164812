import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { goldenTree, readTree, ROOT, runCli, SAMPLE, tempDir } from "./helpers/generate.js";

const cli = runCli;

describe("npm run generate", () => {
  let work: string;
  beforeEach(() => {
    work = tempDir("cli");
    cpSync(join(SAMPLE, "docs"), join(work, "docs"), { recursive: true });
  });

  it("writes generated/, then --check passes; a second run changes nothing", () => {
    expect(cli(work, "--check")).toMatchObject({ status: 1 });
    const first = cli(work);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("added: generated/cdb/v20170320/codes.ts");
    const tree = readTree(join(work, "generated"));
    expect(tree).toEqual(goldenTree(SAMPLE));
    expect(cli(work, "--check")).toMatchObject({ status: 0 });
    expect(cli(work).stdout).toContain("is up to date");
    expect(readTree(join(work, "generated"))).toEqual(tree);
  });

  it("--check exits 1 and names stale, missing and extra files", () => {
    cli(work);
    writeFileSync(join(work, "generated/cdb/v20170320/codes.ts"), "// edited by hand\n");
    rmSync(join(work, "generated/redis/v20180412/error.ts"));
    mkdirSync(join(work, "generated/gone"));
    writeFileSync(join(work, "generated/gone/codes.ts"), "");
    const result = cli(work, "--check");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("stale: generated/cdb/v20170320/codes.ts");
    expect(result.stderr).toContain("missing: generated/redis/v20180412/error.ts");
    expect(result.stderr).toContain("extra: generated/gone/codes.ts");
    // --check writes nothing.
    expect(readFileSync(join(work, "generated/cdb/v20170320/codes.ts"), "utf8")).toBe("// edited by hand\n");
    // A real run repairs all three.
    expect(cli(work).status).toBe(0);
    expect(readTree(join(work, "generated"))).toEqual(goldenTree(SAMPLE));
  });

  it("reports a bad page at file:line:column and leaves generated/ as it was", () => {
    cli(work);
    const before = readTree(join(work, "generated"));
    const page = join(work, "docs/services/redis/2018-04-12/ja.md");
    writeFileSync(page, Buffer.concat([Buffer.from("## 見出し\n\nab"), Buffer.from([0xc3, 0x28])]));
    const result = cli(work);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("docs/services/redis/2018-04-12/ja.md:3:3: error D2E101: page is not valid UTF-8");
    expect(result.stderr).toContain("generated/ was not changed");
    expect(readTree(join(work, "generated"))).toEqual(before);
  });

  it("reports a broken manifest with its line and column", () => {
    writeFileSync(join(work, "docs/sources.json"), '{\n  "pages": [\n    { "path": "x.md", }\n  ]\n}\n');
    const result = cli(work);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("docs/sources.json:3:23: error D2E001: not valid JSON");
  });

  it("warns about a page not in the manifest; --strict makes warnings fail", () => {
    writeFileSync(join(work, "docs/services/cdb/2017-03-20/en.md"), "| Error Code | Description |\n|-|-|\n| A | a |\n");
    const loose = cli(work);
    expect(loose.status).toBe(0);
    expect(loose.stderr).toContain("docs/services/cdb/2017-03-20/en.md:1:1: warning D2E003");
    const strict = cli(work, "--strict", "--check");
    expect(strict.status).toBe(1);
  });

  it("--report json prints the tables and codes of every listed page and writes nothing", () => {
    const result = cli(work, "--report", "json");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    const manifest = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    expect(report.summary).toMatchObject({ pages: manifest.pages.length, errors: 0 });
    const cdb = report.pages.find((p: { file: string }) => p.file === "services/cdb/2017-03-20/ja.md");
    expect(cdb.errorTables.map((t: { section: string; codes: unknown[] }) => [t.section, t.codes.length])).toEqual([
      ["common", 26],
      ["service", 29],
    ]);
    const legacy = report.pages.find((p: { file: string }) => p.file === "legacy/2.0/ja.md");
    expect(legacy.errorTables[0].codes[0]).toMatchObject({ code: "4000", line: 23, column: 7, fields: { resolution: expect.any(String) } });
    expect(() => readTree(join(work, "generated"))).toThrow();
  });

  it("--report json --pages reads any folder of pages, outside the manifest", () => {
    const result = cli(ROOT, "--report", "json", "--pages", "test/fixtures/corpus/pages");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary.pages).toBe(53);
    const im = report.pages.find((p: { file: string }) => p.file === "test/fixtures/corpus/pages/p18.md");
    expect(im.errorTables).toHaveLength(16);
    expect(im.diagnostics.join("\n")).toContain('D2E203: code "120001 - 130000" is a range, not a code');
    // The same duplicate check as a generate: a code listed twice in one page with different text.
    const sms = report.pages.find((p: { file: string }) => p.file === "test/fixtures/corpus/pages/p41.md");
    expect(sms.diagnostics.filter((d: string) => d.includes("D2E301"))).toEqual([
      'test/fixtures/corpus/pages/p41.md:419:1: warning D2E301: "DB:0140" is listed again with a different text; the row at line 418 is kept',
    ]);
    expect(report.summary.warnings).toBe(report.pages.reduce((sum: number, p: { diagnostics: string[] }) => sum + p.diagnostics.filter((d) => d.includes(": warning ")).length, 0));
  });

  it("--report json --pages takes absolute paths too", () => {
    const relative = JSON.parse(cli(ROOT, "--report", "json", "--pages", "test/fixtures/corpus/pages/p41.md").stdout);
    const absolute = JSON.parse(cli(work, "--report", "json", "--pages", join(ROOT, "test/fixtures/corpus/pages/p41.md")).stdout);
    expect(absolute.summary).toEqual(relative.summary);
    expect(absolute.pages[0].errorTables).toEqual(relative.pages[0].errorTables);
  });

  it("rejects unknown options with exit status 2", () => {
    const result = cli(work, "--bogus");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Usage:");
  });
});
