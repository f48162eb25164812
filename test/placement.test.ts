import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildModel } from "../generator/model/build.js";
import { checkPlacement, folderStatements, localeOfUpstreamPath, placePage, upstreamRole } from "../generator/model/placement.js";
import type { PageSpec, Statement } from "../generator/model/types.js";
import { parsePage } from "../generator/parse/page.js";
import { readDate, readStatements } from "../generator/parse/statements.js";
import { extractTables, parseMarkdown } from "../generator/parse/table.js";

/** Real pages of the upstream, copied byte for byte: test/fixtures/placement/SOURCES.tsv names each one's upstream path. */
const FIXTURES = new URL("./fixtures/placement/", import.meta.url);
const sources = new Map(
  readFileSync(new URL("SOURCES.tsv", FIXTURES), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t").slice(0, 2) as [string, string]),
);
/** A fixture as discovery sees it: its upstream path, statements and error tables under an error-codes heading (any, for error-code pages). */
function fixture(name: string) {
  const upstream = sources.get(name)!;
  const page = parsePage(upstream, readFileSync(new URL(name, FIXTURES)));
  const tables = upstreamRole(upstream) === "other" ? page.errorTables.filter((t) => t.underErrorHeading) : page.errorTables;
  return { upstream, page, place: placePage(upstream, page.statements, tables.length) };
}

const statementsOf = (markdown: string) => {
  const tree = parseMarkdown(markdown);
  return readStatements(tree, extractTables("x.md", markdown, tree).tables).map((s) => `${s.what}=${s.value} (${s.source})`);
};

describe("what a page states", () => {
  it("reads the Action and Version rows in every language the docs come in", () => {
    const table = (action: string, version: string) =>
      `| Parameter | Required | Type | Description |\n|---|---|---|---|\n| Action | Yes | String | ${action} |\n| Version | Yes | String | ${version} |\n`;
    expect(statementsOf(table("Common parameter. The value used for this API: RunInstances", "Common parameter. The value used for this API: 2017-03-12"))).toEqual([
      "action=RunInstances (action row)",
      "apiVersion=2017-03-12 (version row)",
    ]);
    expect(statementsOf(table("公共参数，本接口取值：RunInstances", "公共参数，本接口取值：2017-03-12。"))).toEqual([
      "action=RunInstances (action row)",
      "apiVersion=2017-03-12 (version row)",
    ]);
    expect(statementsOf(table("共通パラメータ、このAPIの値：DescribeTasks", "共通パラメータ、該当APIの値：2017/03/20"))).toEqual([
      "action=DescribeTasks (action row)",
      "apiVersion=2017-03-20 (version row)",
    ]);
    expect(statementsOf(table("공통 매개변수, 이 API 값: DescribeTasks.", "The value used for this API: 2/28/2018"))).toEqual([
      "action=DescribeTasks (action row)",
      "apiVersion=2018-02-28 (version row)",
    ]);
    // An example in prose, a parameter named Version that is no date: no statement.
    expect(statementsOf(table("For example, the CVM API is DescribeInstances.", "2008R2 (SQL Server 2008 R2), 2012SP3"))).toEqual([]);
  });

  it("reads endpoints and API Explorer links, not regional example hosts", () => {
    expect(
      statementsOf(
        [
          "Domain name for API request: cvm.tencentcloudapi.com.",
          "",
          "For example: vod.ap-shanghai-fsi.tencentcloudapi.com, or ap-guangzhou.tencentcloudapi.com.",
          "",
          "```\nhttps://cvm.tencentcloudapi.com/?Action=RunInstances\n```",
          "",
          "* [API 3.0 Explorer](https://console.cloud.tencent.com/api/explorer?Product=cvm&Version=2017-03-12&Action=RunInstances)",
        ].join("\n"),
      ),
    ).toEqual([
      "service=cvm (endpoint)",
      "service=cvm (endpoint)",
      "service=cvm (explorer link)",
      "apiVersion=2017-03-12 (explorer link)",
      "action=RunInstances (explorer link)",
    ]);
  });

  it.each([
    ["2017-03-12", "2017-03-12"],
    ["2017/03/20", "2017-03-20"],
    ["2/28/2018", "2018-02-28"],
    ["3/3/2018", "2018-03-03"],
    // Day and month could be swapped: not a statement.
    ["3/12/2017", undefined],
    ["2017-02-30", undefined],
    ["2017-3-1x", undefined],
  ])("reads the date %s as %s", (text, date) => {
    expect(readDate(text)).toBe(date);
  });

  it("takes a <service>-<YYYY-MM-DD> upstream folder as a statement", () => {
    const values = (path: string) => folderStatements(path).map((s) => `${s.what}=${s.value}`);
    expect(values("API/API 3.0/云数据库/云数据库 MySQL/cdb-2017-03-20/错误码.md")).toEqual(["service=cdb", "apiVersion=2017-03-20"]);
    expect(values("API/API 3.0/智能/es-2018-04-16-doc-20190531/错误码.md")).toEqual(["service=es", "apiVersion=2018-04-16"]);
    expect(values("API/API 3.0/视频服务/直播/live-2018-08-01_intl/错误码.md")).toEqual(["service=live", "apiVersion=2018-08-01"]);
    expect(values("API/API 3.0/计算/容器服务/错误码.md")).toEqual([]);
  });
});

describe("locales of upstream file names", () => {
  it.each([
    ["错误码.md", "zh-CN"],
    ["错误码_intl.md", "en"],
    ["错误码_intl_en.md", "en"],
    ["错误码_intl_zh.md", "zh-CN"],
    ["错误码_intl_cn.md", "zh-CN"],
    ["错误码_intl_jp.md", "ja"],
    ["错误码_intl_ko.md", "ko"],
    ["错误码_intl_pt.md", "pt"],
    ["错误码_intl_id.md", "id"],
    ["错误码_intl_xx.md", undefined],
  ])("%s → %s", (name, locale) => {
    expect(localeOfUpstreamPath(`API/API 3.0/a/${name}`)).toBe(locale);
  });
});

describe("placing real upstream pages", () => {
  it("places an action page whose statements agree, in any of the date forms", () => {
    expect(fixture("cvm-reboot-zh.md").place).toEqual({
      placed: { kind: "action", service: "cvm", apiVersion: "2017-03-12", locale: "zh-CN", action: "RebootInstances" },
    });
    expect(fixture("yunjing-alarm-en.md").place).toMatchObject({ placed: { service: "yunjing", apiVersion: "2018-02-28", action: "DescribeAlarmAttribute" } });
    expect(fixture("cdb-tasks-ja.md").place).toMatchObject({ placed: { service: "cdb", apiVersion: "2017-03-20", locale: "ja", action: "DescribeTasks" } });
    // A note naming vod.ap-shanghai-fsi.tencentcloudapi.com as a regional example does not make it a vod page.
    expect(fixture("redis-reset-password-en.md").place).toMatchObject({ placed: { service: "redis", action: "ResetPassword" } });
  });

  it("places an error-code page by its <service>-<YYYY-MM-DD> folder", () => {
    expect(fixture("iai-error-codes-en.md").place).toEqual({ placed: { kind: "service", service: "iai", apiVersion: "2018-03-01", locale: "en" } });
  });

  it("leaves out, saying why, a page whose statements disagree or do not place it", () => {
    expect(fixture("sqlserver-zones-en.md").place).toEqual({
      problem: 'states several services: "sqlserver" (endpoint, line 3) and "postgres" (endpoint, line 35)',
    });
    expect(fixture("vod-commit-upload-en.md").place).toEqual({
      problem: 'states several actions: "ModifyTranscodeTemplate" (action row, line 13) and "PullEvents" (explorer link, line 48)',
    });
    expect(fixture("cvm-vpc-config-zh.md").place).toEqual({ problem: "states no service" });
    expect(fixture("cbs-error-codes-zh.md").place).toEqual({ problem: "states no service; states no API version" });
  });

  it("skips pages that are neither error-code nor action pages", () => {
    // The common codes of the call conventions: an error table, but no action.
    expect(fixture("cvm-responses-zh.md").place).toEqual({ skipped: true });
    expect(placePage("product/存储/归档存储/错误码_intl.md", [], 1)).toEqual({ skipped: true });
    expect(placePage("API/API 3.0/计算/云服务器/API 3.0/简介.md", [], 0)).toEqual({ skipped: true });
  });

  it("places the legacy pages", () => {
    expect(placePage("API/API文档公用部分/调用方式/返回结果/错误码_intl.md", [], 1)).toEqual({
      placed: { kind: "legacy", service: "legacy", apiVersion: "2.0", locale: "en" },
    });
  });
});

describe("checking manifest entries against their pages", () => {
  const spec = (over: { [K in keyof PageSpec]?: PageSpec[K] | undefined }): PageSpec => ({
    path: "services/cvm/2017-03-12/actions/RebootInstances/zh-CN.md",
    kind: "action",
    service: "cvm",
    apiVersion: "2017-03-12",
    action: "RebootInstances",
    locale: "zh-CN",
    upstream: { repo: "r", path: "API/API 3.0/计算/云服务器/API 3.0/实例相关接口/重启实例.md" },
    ...over,
  }) as PageSpec;
  const statements = fixture("cvm-reboot-zh.md").page.statements;

  it("accepts an entry its page agrees with", () => {
    expect(checkPlacement(spec({}), statements)).toEqual([]);
  });

  it("reports an entry its page contradicts, at the first statement that does", () => {
    const [d] = checkPlacement(spec({ action: "StopInstances", apiVersion: "2019-01-01" }), statements);
    expect(d).toMatchObject({ code: "D2E006", severity: "warning", position: { file: spec({}).path, line: 16 } });
    expect(d!.message).toContain('the manifest says API version "2019-01-01" but the page states "2017-03-12" (version row, line 17)');
    expect(d!.message).toContain('the manifest says action "StopInstances" but the page states "RebootInstances" (action row, line 16');
  });

  it("reports an upstream folder that contradicts the entry", () => {
    const folder = checkPlacement(
      spec({ kind: "service", action: undefined, service: "redis", upstream: { repo: "r", path: "API/API 3.0/x/cdb-2017-03-20/错误码.md" } }),
      [] as Statement[],
    );
    expect(folder[0]!.message).toContain('the manifest says service "redis" but the page states "cdb" (upstream folder)');
  });

  it("leaves out of the model a page its statements contradict, and reports it there", () => {
    const page = fixture("cvm-reboot-zh.md").page;
    const input = (over: Parameters<typeof spec>[0]) => ({ spec: spec(over), tables: page.errorTables, statements: page.statements });
    const agreed = buildModel([input({})]);
    expect(agreed.model.services.map((set) => `${set.id} ${set.apiVersion}`)).toEqual(["cvm 2017-03-12"]);
    const contradicted = buildModel([input({ action: "StopInstances" })]);
    expect(contradicted.model.services).toEqual([]);
    expect(contradicted.diagnostics.map((d) => d.code)).toContain("D2E006");
  });

  it("takes an entry placed by hand as it is, and a page that states nothing by its entry", () => {
    expect(checkPlacement(spec({ action: "StopInstances", placement: "the reviewer says so" }), statements)).toEqual([]);
    expect(checkPlacement(spec({ upstream: undefined }), [])).toEqual([]);
  });
});

describe("reserved names", () => {
  it.each(["common", "legacy", "runtime", "dist"])("a page stating the service %s is left out", (service) => {
    expect(placePage(`API/API 3.0/x/${service}-2020-01-01/错误码_intl.md`, [], 1)).toEqual({
      problem: expect.stringContaining(`states the service "${service}", a name generated/ keeps for`),
    });
  });
});
