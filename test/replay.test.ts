import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main as fetchDocs } from "../generator/fetch/cli.js";
import type { ChangeReport } from "../generator/model/changes.js";
import { listFiles } from "../generator/run/files.js";
import { ROOT, runCli, tempDir } from "./helpers/generate.js";

/**
 * The loop over real history: pages of four services of the upstream at four
 * commits (test/fixtures/history/README.md), fetched and generated in turn as
 * the regenerate workflow does. What each step reports was written by reading
 * the pages, not by running the generator.
 */
const HISTORY = join(ROOT, "test/fixtures/history");
const POINTS = [
  { folder: "2019-05-01-9a152ec", commit: "9a152ec393aefdabb74c302f70c97fef26e4dee8", date: "2019-05-01" },
  { folder: "2019-07-20-11457f5", commit: "11457f5e24eed838c068bc0083dc5e46ef2ff637", date: "2019-07-20" },
  { folder: "2019-08-27-cfc3c6b", commit: "cfc3c6b5e46fbece006f29ce65cc8fc7e7749d21", date: "2019-08-27" },
  { folder: "2024-12-24-02ec31c", commit: "02ec31c2626e18091982c1934bd4aded84cf5043", date: "2024-12-24" },
] as const;

const SQL = "API/API 3.0/云数据库/云数据库 SQL Server";
const CLC = "API/API 3.0/计算/弹性伸缩/as-2018-04-19/启动配置相关接口/创建启动配置";
const MS = "用户服务信息相关接口/将应用绑定到资源.md";
const SQL_CODES = ["InternalError.SystemError", "InvalidParameter.InputIllegal", "InvalidParameter.ParamsAssertFailed", "ResourceNotFound.InstanceNotFound"];
const PRICE_CODES = ["FailedOperation.QueryPriceFailed", "InternalError.DBError", "InvalidParameterValue.IllegalRegion", "InvalidParameterValue.ParameterTypeError"];
/** The Chinese wording of the four codes CreateAccount and InquiryPriceRenewDBInstance share (InquiryPriceRenewDBInstance's page of 2019-07-20). */
const SQL_ZH = ["系统错误。", "输入错误。", "参数断言转换错误。", "实例不存在。"];
const translations = (what: "added" | "removed", locale: string, texts: readonly string[]) =>
  SQL_CODES.map((code, i) => `sqlserver@2018-03-28 translation ${what} ${code} ${locale}: ${texts[i]}`);

/** One line per event of a change report: what a reader of the pages writes down. */
function events(report: ChangeReport): string[] {
  const lines = [...report.setsAdded.map((id) => `new ${id}`), ...report.setsRemoved.map((id) => `gone ${id}`)];
  for (const set of report.sets) {
    for (const code of set.added) lines.push(`${set.id} added ${code}`);
    for (const { code, until } of set.deprecated) lines.push(`${set.id} deprecated ${code} until ${until}`);
    for (const code of set.restored) lines.push(`${set.id} restored ${code}`);
    for (const code of set.removed) lines.push(`${set.id} removed ${code}`);
    for (const { code, locale, before, after } of set.messagesChanged) lines.push(`${set.id} message ${code} ${locale}: ${before} → ${after}`);
    for (const { code, locale, text } of set.translationsAdded) lines.push(`${set.id} translation added ${code} ${locale}: ${text}`);
    for (const { code, locale, text } of set.translationsRemoved) lines.push(`${set.id} translation removed ${code} ${locale}: ${text}`);
    for (const action of set.actions) {
      const codes = [
        ...action.added.map((code) => `+${code}`),
        ...action.deprecated.map(({ code, until }) => `~${code} until ${until}`),
        ...action.restored.map((code) => `^${code}`),
        ...action.removed.map((code) => `-${code}`),
      ];
      lines.push(`${set.id} action ${action.action}${action.status ? ` ${action.status}` : ""}${action.until ? ` until ${action.until}` : ""}${codes.length ? `: ${codes.join(" ")}` : ""}`);
    }
  }
  return lines.sort();
}

describe("a replay of the upstream's real history", () => {
  it("follows deletions, moves (with and without edits), edited tables, new locales and pages emptied upstream, dated by the upstream's commits", async () => {
    const work = tempDir("replay");
    const docs = join(work, "docs");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(docs);
    writeFileSync(
      join(docs, "sources.json"),
      `${JSON.stringify(
        {
          deprecation: { keepDays: 180 },
          services: { as: { title: "Auto Scaling" }, batch: { title: "Batch Compute" }, ms: { title: "Mobile Security" }, sqlserver: { title: "TencentDB for SQL Server" } },
          pages: [],
        },
        null,
        2,
      )}\n`,
    );

    /** fetch-docs on a point, as a maintainer runs it on a local copy of the upstream: its exit status and what it reports (progress lines aside). */
    const fetch = async (point: (typeof POINTS)[number], ...more: string[]) => {
      let text = "";
      const out = { isTTY: false, write: (chunk: string) => (text += chunk) };
      const args = ["--docs", "docs", "--discover", "--upstream-dir", join(HISTORY, point.folder, "pages"), "--commit", point.commit, "--date", point.date, ...more];
      const status = await fetchDocs(args, work, {}, out, out);
      // Progress lines (one a page) without their count, which depends on the order pages finish in; the failures among them.
      const lines = text.split("\n").map((line) => line.replace(/^fetch-docs: \d+\/\d+ /, "fetch-docs: "));
      return { status, lines: lines.filter((line) => line !== "" && !/^fetch-docs: (read|unchanged|gone): /.test(line)) };
    };
    const generate = () => {
      const run = runCli(work, "--no-cache", "--changes", "json", "--changes-file", "changes.json");
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(readFileSync(join(work, "changes.json"), "utf8")) as ChangeReport;
    };
    const added = (docsPath: string, upstream: string) => `fetch-docs: added docs/${docsPath} (${upstream})`;

    // 2019-05-01: the first generation.
    const first = await fetch(POINTS[0]);
    expect(first.status).toBe(0);
    expect(first.lines).toEqual([
      added("services/as/2018-04-19/actions/CreateLaunchConfiguration/ja.md", `${CLC}_intl_jp.md`),
      added("services/as/2018-04-19/actions/CreateLaunchConfiguration/ko.md", `${CLC}_intl_ko.md`),
      added("services/as/2018-04-19/actions/CreateLaunchConfiguration/zh-CN.md", `${CLC}.md`),
      added("services/batch/2017-03-12/actions/TerminateJob/en.md", "API/API 3.0/计算/批量计算/作业相关接口/终止终止作业_intl.md"),
      added("services/ms/2018-04-08/actions/CreateBindInstance/zh-CN.md", `API/API 3.0/应用安全/${MS}`),
      added("services/sqlserver/2018-03-28/actions/CreateAccount/en.md", `${SQL}/实例管理接口/创建实例账号_intl.md`),
      "fetch-docs at 9a152ec (2019-05-01): 0 updated, 6 added, 0 moved, 0 deleted, 0 unchanged, 0 failed; 0 left out, 0 duplicate(s); docs revision 2019-05-01",
    ]);
    const r1 = generate();
    expect(r1).toMatchObject({ from: null, to: "2019-05-01", toCommit: POINTS[0].commit, release: { version: "1.0.0", bump: "first" } });
    // The common codes are a set of every generation (empty: no page of these holds them).
    expect(events(r1)).toEqual(["new as@2018-04-19", "new batch@2017-03-12", "new common", "new ms@2018-04-08", "new sqlserver@2018-03-28"]);

    // 2019-07-20: SQL Server's English pages are gone (CreateAccount's only page), its Chinese pages arrive under a versioned
    // folder (InquiryPriceRenewDBInstance); the security docs moved to a new folder (same bytes); Batch's typo in a file
    // name was fixed (a move, with edits); Auto Scaling's page comes in English.
    const second = await fetch(POINTS[1]);
    expect(second.status).toBe(0);
    expect(second.lines).toEqual([
      added("services/as/2018-04-19/actions/CreateLaunchConfiguration/en.md", `${CLC}_intl.md`),
      added("services/sqlserver/2018-03-28/actions/InquiryPriceRenewDBInstance/zh-CN.md", `${SQL}/sqlserver-2018-03-28/实例管理接口/查询实例续费价格.md`),
      "fetch-docs: moved upstream, and edited: docs/services/batch/2017-03-12/actions/TerminateJob/en.md (API/API 3.0/计算/批量计算/作业相关接口/终止终止作业_intl.md → API/API 3.0/计算/批量计算/作业相关接口/终止作业_intl.md)",
      `fetch-docs: moved upstream: docs/services/ms/2018-04-08/actions/CreateBindInstance/zh-CN.md (API/API 3.0/应用安全/${MS} → API/API 3.0/安全/应用安全/${MS})`,
      `fetch-docs: deleted upstream, removed: docs/services/sqlserver/2018-03-28/actions/CreateAccount/en.md (${SQL}/实例管理接口/创建实例账号_intl.md)`,
      "fetch-docs at 11457f5 (2019-07-20): 0 updated, 2 added, 2 moved, 1 deleted, 3 unchanged, 0 failed; 0 left out, 0 duplicate(s); docs revision 2019-07-20",
    ]);
    const r2 = generate();
    expect(r2).toMatchObject({ from: "2019-05-01", to: "2019-07-20", release: { version: "1.1.0", bump: "minor" } });
    expect(events(r2)).toEqual(
      [
        // CreateAccount's codes: InquiryPriceRenewDBInstance lists four of them, in Chinese; the fifth is listed by no page.
        "sqlserver@2018-03-28 deprecated ResourceUnavailable.InstanceStatusInvalid until 2020-01-16",
        "sqlserver@2018-03-28 action CreateAccount deprecated until 2020-01-16",
        ...PRICE_CODES.map((code) => `sqlserver@2018-03-28 added ${code}`),
        `sqlserver@2018-03-28 action InquiryPriceRenewDBInstance added: ${[...PRICE_CODES.slice(0, 2), ...SQL_CODES.slice(0, 3), ...PRICE_CODES.slice(2), SQL_CODES[3]].map((c) => `+${c}`).join(" ")}`,
        ...translations("added", "zh-CN", SQL_ZH),
        ...translations("removed", "en", ["System error", "Invalid input parameter", "Parameter assertion conversion failed", "Instance does not exist"]),
        // The English page of CreateLaunchConfiguration: a new locale of every code.
        "as@2018-04-19 translation added AccountQualificationRestrictions en: The requesting account failed to pass the qualification review.",
        "as@2018-04-19 translation added CallCvmError en: CVM API call failed.",
        "as@2018-04-19 translation added InvalidImageId.NotFound en: The image was not found.",
        "as@2018-04-19 translation added InvalidLaunchConfiguration.NameDuplicate en: The launch configuration name already exists.",
        "as@2018-04-19 translation added InvalidParameter.Conflict en: Parameters that cannot co-exist were specified.",
        "as@2018-04-19 translation added InvalidParameter.MustOneParameter en: The parameter is missing. You must specify at least one out of two parameter.",
        "as@2018-04-19 translation added InvalidParameterValue.CvmConfigurationError en: Exception with CVM parameter validation.",
        "as@2018-04-19 translation added InvalidPermission en: The account does not support this operation.",
        "as@2018-04-19 translation added LaunchConfigurationQuotaLimitExceeded en: The launch configuration quota is exceeded.",
      ].sort(),
    );

    // 2019-08-27: SQL Server's English page of CreateAccount is back (another folder); the Chinese page of
    // InquiryPriceRenewDBInstance is emptied upstream ("整个删除", "delete it all"): held back until a maintainer says so.
    const third = await fetch(POINTS[2]);
    expect(third.status).toBe(1);
    expect(third.lines).toEqual([
      "fetch-docs: failed: services/sqlserver/2018-03-28/actions/InquiryPriceRenewDBInstance/zh-CN.md (the download has no error-code table where the page has 1: held back (a page cut short looks so). If upstream emptied the page, --force removes it from docs/)",
      added("services/sqlserver/2018-03-28/actions/CreateAccount/en.md", `${SQL}/sqlserver-2018-03-28/实例管理接口/创建实例账号_intl.md`),
      "fetch-docs at cfc3c6b (2019-08-27): 2 updated, 1 added, 0 moved, 0 deleted, 4 unchanged, 1 failed; 0 left out, 0 duplicate(s); docs revision 2019-08-27; failed pages were left as they were",
    ]);
    // Not every page is of that commit: the manifest does not say that docs/ is.
    expect(JSON.parse(readFileSync(join(docs, "sources.json"), "utf8")).commit).toBeUndefined();
    const forced = await fetch(POINTS[2], "--force");
    expect(forced.status).toBe(0);
    expect(forced.lines).toEqual([
      `fetch-docs: emptied upstream (no error-code table left), removed: docs/services/sqlserver/2018-03-28/actions/InquiryPriceRenewDBInstance/zh-CN.md (${SQL}/sqlserver-2018-03-28/实例管理接口/查询实例续费价格.md)`,
      "fetch-docs at cfc3c6b (2019-08-27): 0 updated, 0 added, 0 moved, 1 deleted, 7 unchanged, 0 failed; 0 left out, 0 duplicate(s); docs revision 2019-08-27",
    ]);
    const r3 = generate();
    expect(r3).toMatchObject({ from: "2019-07-20", to: "2019-08-27", fromCommit: POINTS[1].commit, toCommit: POINTS[2].commit, release: { version: "1.2.0", bump: "minor" } });
    expect(events(r3)).toEqual(
      [
        ...PRICE_CODES.map((code) => `sqlserver@2018-03-28 deprecated ${code} until 2020-02-23`),
        "sqlserver@2018-03-28 action InquiryPriceRenewDBInstance deprecated until 2020-02-23",
        "sqlserver@2018-03-28 restored ResourceUnavailable.InstanceStatusInvalid",
        `sqlserver@2018-03-28 action CreateAccount restored: ${[...SQL_CODES, "ResourceUnavailable.InstanceStatusInvalid"].map((c) => `^${c}`).join(" ")}`,
        "sqlserver@2018-03-28 message ResourceUnavailable.InstanceStatusInvalid en: Invalid instance status → Invalid instance status.",
        ...translations("added", "en", ["System error.", "Invalid input.", "Parameter assertion conversion error.", "The instance does not exist."]),
        ...translations("removed", "zh-CN", SQL_ZH),
        // The Chinese page renames InvalidLaunchConfiguration.NameDuplicate; the other languages still list the old name.
        "as@2018-04-19 added InvalidParameterValue.LaunchConfigurationNameDuplicated",
        "as@2018-04-19 action CreateLaunchConfiguration: +InvalidParameterValue.LaunchConfigurationNameDuplicated",
        "as@2018-04-19 translation removed InvalidLaunchConfiguration.NameDuplicate zh-CN: 启动配置名称重复。",
      ].sort(),
    );

    // 2024-12-24: five years on, InquiryPriceRenewDBInstance's deprecation is long over (a major release);
    // the English page of CreateLaunchConfiguration takes the new name too, and is reworded.
    const fourth = await fetch(POINTS[3]);
    expect(fourth.status).toBe(0);
    expect(fourth.lines).toEqual(["fetch-docs at 02ec31c (2024-12-24): 7 updated, 0 added, 0 moved, 0 deleted, 0 unchanged, 0 failed; 0 left out, 0 duplicate(s); docs revision 2024-12-24"]);
    const r4 = generate();
    expect(r4).toMatchObject({ from: "2019-08-27", to: "2024-12-24", toCommit: POINTS[3].commit, release: { version: "2.0.0", bump: "major" } });
    expect(events(r4)).toEqual(
      [
        ...PRICE_CODES.map((code) => `sqlserver@2018-03-28 removed ${code}`),
        "sqlserver@2018-03-28 action InquiryPriceRenewDBInstance removed",
        "as@2018-04-19 message AccountQualificationRestrictions en: The requesting account failed to pass the qualification review. → The request account failed to pass the eligibility verification",
        "as@2018-04-19 message CallCvmError en: CVM API call failed. → Failed to call the CVM API",
        "as@2018-04-19 message InvalidImageId.NotFound en: The image was not found. → This image cannot be found",
        "as@2018-04-19 message InvalidParameter.Conflict en: Parameters that cannot co-exist were specified. → The specified parameters conflict with each other and thus cannot be both specified",
        "as@2018-04-19 message InvalidParameter.MustOneParameter en: The parameter is missing. You must specify at least one out of two parameter. → A parameter is missing. One of the two parameters must be specified.",
        "as@2018-04-19 message LaunchConfigurationQuotaLimitExceeded en: The launch configuration quota is exceeded. → Launch configuration quota exceeds the limit",
        "as@2018-04-19 translation added InvalidParameterValue.LaunchConfigurationNameDuplicated en: The launch configuration name already exists.",
        "as@2018-04-19 translation removed InvalidLaunchConfiguration.NameDuplicate en: The launch configuration name already exists.",
      ].sort(),
    );

    // The manifest is that commit's: every page records it, no page is a second part, no page is left behind.
    const manifest = JSON.parse(readFileSync(join(docs, "sources.json"), "utf8"));
    expect(manifest).toMatchObject({ revision: "2024-12-24", commit: POINTS[3].commit });
    expect(manifest.pages.map((page: { upstream: { commit: string } }) => page.upstream.commit)).toEqual(Array(manifest.pages.length).fill(POINTS[3].commit));
    expect(manifest.pages.filter((page: { part?: number }) => page.part !== undefined)).toEqual([]);
    expect(listFiles(docs)).toEqual([...manifest.pages.map((page: { path: string }) => page.path), "sources.json"].sort());
    // Each release is dated by its commit and names it.
    const changelog = readFileSync(join(work, "generated/CHANGELOG.md"), "utf8");
    expect([...changelog.matchAll(/^## (.*)$/gm)].map((m) => m[1])).toEqual([
      "2.0.0 (major; docs 2024-12-24, upstream commit `02ec31c`)",
      "1.2.0 (minor; docs 2019-08-27, upstream commit `cfc3c6b`)",
      "1.1.0 (minor; docs 2019-07-20, upstream commit `11457f5`)",
      "1.0.0 (first release; docs 2019-05-01, upstream commit `9a152ec`)",
    ]);
    // And the same commit, read again, changes nothing.
    const again = await fetch(POINTS[3]);
    expect(again.lines).toEqual(["fetch-docs at 02ec31c (2024-12-24): 0 updated, 0 added, 0 moved, 0 deleted, 7 unchanged, 0 failed; 0 left out, 0 duplicate(s); docs/ unchanged"]);
    expect(runCli(work, "--check").status).toBe(0);
  }, 120_000);
});
