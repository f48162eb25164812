import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { codeDoc } from "../generator/emit/codes.js";
import { buildModel, type PageInput } from "../generator/model/build.js";
import { bumpOf } from "../generator/model/release.js";
import { changesMarkdown, diffSnapshots } from "../generator/model/changes.js";
import { layoutPath } from "../generator/model/manifest.js";
import { placeOverviewPage, upstreamRole } from "../generator/model/placement.js";
import { applyDeprecations, checkSnapshot, snapshotText, toSnapshot } from "../generator/model/snapshot.js";
import { hasDeprecations, snapshotHasDeprecations } from "../generator/model/summary.js";
import type { ActionLink, CatalogInput, PageSpec } from "../generator/model/types.js";
import { apiDocumentUrl, readActionLinks } from "../generator/parse/action-links.js";
import { parsePage } from "../generator/parse/page.js";
import { extractTables } from "../generator/parse/table.js";

/**
 * The page of each action, as the services' "API overview" pages link it:
 * read from real overview pages (test/fixtures/placement/, byte for byte,
 * SOURCES.tsv names their upstream paths), placed, merged, reported.
 */
const FIXTURES = new URL("./fixtures/placement/", import.meta.url);
const upstreamOf = new Map(
  readFileSync(new URL("SOURCES.tsv", FIXTURES), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t").slice(0, 2) as [string, string]),
);
const overview = (name: string) => {
  const upstream = upstreamOf.get(name)!;
  return { upstream, page: parsePage(upstream, readFileSync(new URL(name, FIXTURES)), { overview: true }) };
};

describe("the link from an action to its page", () => {
  it("is an API document of Tencent Cloud's documentation sites, written in one form", () => {
    expect(apiDocumentUrl("https://cloud.tencent.com/document/api/213/15728")).toBe("https://cloud.tencent.com/document/api/213/15728");
    // Relative to the site, as the gaap overview page writes them; http, a query, a fragment, a trailing slash.
    expect(apiDocumentUrl("/document/api/608/37014")).toBe("https://cloud.tencent.com/document/api/608/37014");
    expect(apiDocumentUrl("http://cloud.tencent.com/document/api/213/15728?from=x#Example")).toBe("https://cloud.tencent.com/document/api/213/15728");
    expect(apiDocumentUrl("https://intl.cloud.tencent.com/document/api/213/15728/")).toBe("https://intl.cloud.tencent.com/document/api/213/15728");
    for (const href of [
      "https://cloud.tencent.com/document/product/213/15753",
      "/doc/api/449/6422",
      "https://cloud.tencent.com.example.com/document/api/1/2",
      "https://user@cloud.tencent.com/document/api/1/2",
      "https://cloud.tencent.com:8443/document/api/1/2",
      "javascript:alert(1)//cloud.tencent.com/document/api/1/2",
      "https://cloud.tencent.com/document/api/1/2/3",
      "https://cloud.tencent.com/document/api/1/2%2F3",
      "https://cloud.tencent.com/document/api/1234567890/2",
      "DescribeInstances",
      "",
    ]) {
      expect(apiDocumentUrl(href), href).toBeUndefined();
    }
  });

  it("is read from the overview pages' tables: absolute and relative links, every locale, nothing else", () => {
    const gaap = overview("gaap-overview-zh.md");
    expect(gaap.page.actionLinks).toHaveLength(76);
    expect(gaap.page.actionLinks[0]).toEqual({ action: "AddRealServers", url: "https://cloud.tencent.com/document/api/608/37014", position: { line: 5, column: 1 } });
    const redis = overview("redis-overview-ja.md");
    expect(redis.page.actionLinks.map(({ action }) => action)).toContain("ManualBackupInstance");
    expect(redis.page.actionLinks.every(({ url }) => url.startsWith("https://cloud.tencent.com/document/api/239/"))).toBe(true);
    // The 2017 API's page links its actions to pages of the old site (`/doc/api/…`): no link is read.
    expect(overview("sqlserver-2017-overview-zh.md").page.actionLinks).toEqual([]);
    // A page of another kind is not read for links.
    expect(parsePage(gaap.upstream, readFileSync(new URL("gaap-overview-zh.md", FIXTURES))).actionLinks).toEqual([]);
  });

  it("is read from HTML tables too, a cell whose whole text is the action and whose one link is its page", () => {
    const text = [
      "<table><tr><th>API</th><th>What</th></tr>",
      '<tr><td><a href="https://cloud.tencent.com/document/api/1/2">RunInstances</a></td><td>x</td></tr>',
      '<tr><td><a href="https://cloud.tencent.com/document/api/1/3">Run Instances</a></td><td>two words</td></tr>',
      '<tr><td><a href="https://cloud.tencent.com/document/api/1/4">A</a> <a href="https://cloud.tencent.com/document/api/1/5">B</a></td><td>two links</td></tr>',
      "</table>",
      "",
      "| API | What |",
      "|---|---|",
      "| [StopInstances](/document/api/1/6) | y |",
      "| [lowercase](/document/api/1/7) | not an action |",
      "| [**Bold**](/document/api/1/8) | emphasis is text |",
    ].join("\n");
    const { tables } = extractTables("x.md", text);
    expect(readActionLinks(tables).map(({ action, url }) => `${action} ${url}`)).toEqual([
      "RunInstances https://cloud.tencent.com/document/api/1/2",
      "StopInstances https://cloud.tencent.com/document/api/1/6",
      "Bold https://cloud.tencent.com/document/api/1/8",
    ]);
  });
});

describe("where discovery puts an overview page", () => {
  it("by its folder's service and version, else by the action pages of its folder", () => {
    expect(upstreamRole(upstreamOf.get("gaap-overview-zh.md")!)).toBe("overview");
    expect(upstreamRole("API/API 3.0/零售服务/腾讯优评/api 概览_intl.md")).toBe("overview");
    expect(upstreamRole("API/API 3.0/安全/主机安全/概览统计相关接口/获取概览统计数据.md")).toBe("other");

    const redis = overview("redis-overview-ja.md");
    expect(placeOverviewPage(redis.upstream, redis.page.actionLinks.length, [])).toEqual({ placed: { kind: "overview", service: "redis", apiVersion: "2018-04-12", locale: "ja" } });

    const gaap = overview("gaap-overview-zh.md");
    const near = (service: string, path = "API/API 3.0/CDN与加速/全球应用加速/源站相关接口/添加源站.md") => ({ upstream: path, service, apiVersion: "2018-05-29" });
    expect(placeOverviewPage(gaap.upstream, gaap.page.actionLinks.length, [near("gaap"), near("gaap", "API/API 3.0/CDN与加速/全球应用加速/x/y.md")])).toEqual({
      placed: { kind: "overview", service: "gaap", apiVersion: "2018-05-29", locale: "zh-CN" },
    });
    // Action pages of other folders say nothing; pages of two services in the folder, or none, leave it out.
    expect(placeOverviewPage(gaap.upstream, 76, [near("cdn", "API/API 3.0/CDN与加速/内容分发网络/x.md")])).toEqual({ problem: "its folder states no service and holds no action page" });
    expect(placeOverviewPage(gaap.upstream, 76, [near("gaap"), near("cdn")])).toEqual({
      problem: "its folder holds action pages of several service versions: cdn 2018-05-29, gaap 2018-05-29",
    });
    // A page that links no action is not read.
    const cdb = overview("cdb-overview-en.md");
    expect(cdb.page.actionLinks).toEqual([]);
    expect(placeOverviewPage(cdb.upstream, 0, [])).toEqual({ skipped: true });
    expect(placeOverviewPage("API/API 3.0/x/redis-2018-04-12/API 概览_intl_xx.md", 3, [])).toMatchObject({ problem: expect.stringMatching(/locale suffix/) });
  });
});

describe("the model", () => {
  const place = (kind: PageSpec["kind"], locale: string, action?: string) => {
    const at = { kind, service: "x", apiVersion: "2020-01-01", locale, ...(action !== undefined && { action }) };
    return { ...at, path: layoutPath(at) };
  };
  const link = (action: string, url: string, line = 1): ActionLink => ({ action, url, position: { line, column: 3 } });
  const catalog: CatalogInput = {
    file: "catalog/tencentcloud-sdk-go/x/v20200101.json",
    locale: "zh-CN",
    service: "x",
    apiVersion: "2020-01-01",
    codes: [{ code: "A.B", message: "m", links: [], position: { line: 1, column: 1 } }],
    actions: [
      { name: "Linked", codes: ["A.B"], position: { line: 2, column: 1 } },
      { name: "Twice", codes: ["A.B"], position: { line: 3, column: 1 } },
      { name: "Unlinked", codes: ["A.B"], position: { line: 4, column: 1 } },
    ],
  };
  const inputs: PageInput[] = [
    { spec: place("overview", "zh-CN"), tables: [], links: [link("Linked", "https://cloud.tencent.com/document/api/1/2"), link("Twice", "https://cloud.tencent.com/document/api/1/4", 7), link("NoErrors", "https://cloud.tencent.com/document/api/1/9")] },
    { spec: place("overview", "en"), tables: [], links: [link("Linked", "https://cloud.tencent.com/document/api/1/2"), link("Twice", "https://cloud.tencent.com/document/api/1/3", 5)] },
  ];

  it("gives an action the page the first overview page links, reports another link, and adds no action", () => {
    const { model, diagnostics } = buildModel(inputs, {}, [catalog]);
    const set = model.services[0]!;
    expect(set.actions.map(({ name, url }) => [name, url])).toEqual([
      ["Linked", "https://cloud.tencent.com/document/api/1/2"],
      // en.md comes first in path order.
      ["Twice", "https://cloud.tencent.com/document/api/1/3"],
      ["Unlinked", undefined],
    ]);
    expect(set.sources).toEqual(["catalog/tencentcloud-sdk-go/x/v20200101.json", "services/x/2020-01-01/overview/en.md", "services/x/2020-01-01/overview/zh-CN.md"]);
    expect(diagnostics).toEqual([
      {
        severity: "warning",
        code: "D2E305",
        message: "Twice is linked to https://cloud.tencent.com/document/api/1/4 here and to https://cloud.tencent.com/document/api/1/3 at services/x/2020-01-01/overview/en.md:5:3; the first is kept",
        position: { file: "services/x/2020-01-01/overview/zh-CN.md", line: 7, column: 3 },
        subject: "Twice",
      },
    ]);
  });

  it("links each action a code's doc comment names to its page, where the docs link it", () => {
    const { model } = buildModel(inputs, {}, [catalog]);
    const set = model.services[0]!;
    const pages = new Map(set.actions.flatMap((action) => (action.url === undefined ? [] : [[action.name, action.url] as const])));
    expect(codeDoc(set.codes[0]!, pages)).toContain(
      "Actions: {@link https://cloud.tencent.com/document/api/1/2 | Linked}, {@link https://cloud.tencent.com/document/api/1/3 | Twice}, Unlinked.",
    );
  });

  it("keeps the page in the snapshot, reports a page linked, moved or no longer linked as a patch, and keeps it for a deprecated action", () => {
    const before = toSnapshot(buildModel([], {}, [catalog]).model, "2026-01-01");
    const after = toSnapshot(buildModel(inputs, {}, [catalog]).model, "2026-02-01");
    expect(after.sets["x@2020-01-01"]!.actions!["Linked"]!.url).toBe("https://cloud.tencent.com/document/api/1/2");
    const report = diffSnapshots(before, after);
    expect(bumpOf(report)).toBe("patch");
    const markdown = changesMarkdown(report);
    expect(markdown).toContain("### Documentation pages\n\n- `x@2020-01-01`: action `Linked` is documented at <https://cloud.tencent.com/document/api/1/2>\n");
    const moved = toSnapshot(buildModel([{ ...inputs[1]!, links: [link("Linked", "https://cloud.tencent.com/document/api/1/5")] }], {}, [catalog]).model, "2026-03-01");
    const movedMarkdown = changesMarkdown(diffSnapshots(after, moved));
    expect(movedMarkdown).toContain("action `Linked` is documented at <https://cloud.tencent.com/document/api/1/5> (was <https://cloud.tencent.com/document/api/1/2>)");
    expect(movedMarkdown).toContain("action `Twice`: no overview page links its page any more (was <https://cloud.tencent.com/document/api/1/3>)");

    // The action leaves the catalog: deprecated, it keeps its page.
    const gone = applyDeprecations(buildModel(inputs, {}, [{ ...catalog, actions: catalog.actions.filter(({ name }) => name !== "Linked") }]).model, after, "2026-04-01", { keepDays: 180 });
    expect(gone.services[0]!.actions.find(({ name }) => name === "Linked")).toMatchObject({ deprecated: { since: "2026-04-01" }, url: "https://cloud.tencent.com/document/api/1/2" });

    // Whether anything of a set is deprecated, asked of the model and of the snapshot (carrying a version over depends on it): the same answer.
    const unlisted = applyDeprecations(buildModel(inputs, {}, [{ ...catalog, actions: catalog.actions.map((action) => ({ ...action, codes: action.name === "Twice" ? [] : action.codes })) }]).model, after, "2026-04-01", { keepDays: 180 });
    const codeGone = applyDeprecations(buildModel(inputs, {}, [{ ...catalog, codes: [], actions: [] }]).model, after, "2026-04-01", { keepDays: 180 });
    const cases = [buildModel(inputs, {}, [catalog]).model, gone, unlisted, codeGone].map((model) => model.services[0]!);
    expect(cases.map((set) => [set.actions.some((action) => action.deprecated), set.actions.some((action) => action.codes.some((code) => code.deprecated)), set.codes.some((code) => code.deprecated)])).toEqual([
      [false, false, false],
      [true, true, false],
      [false, true, false],
      [true, true, true],
    ]);
    for (const set of cases) expect(snapshotHasDeprecations(toSnapshot({ common: { ...set, kind: "common", id: "common", actions: [], codes: [] }, legacy: undefined, services: [set] }, "2026-04-01").sets["x@2020-01-01"])).toBe(hasDeprecations(set));
    expect(cases.map(hasDeprecations)).toEqual([false, true, true, true]);
  });

  it("reads back only pages in the one form the parser writes: a previous snapshot cannot bring another text into a report", () => {
    const snapshot = toSnapshot(buildModel(inputs, {}, [catalog]).model, "2026-02-01");
    expect(checkSnapshot(snapshotText(snapshot))).toBeUndefined();
    for (const url of ["https://example.com/document/api/1/2", "https://cloud.tencent.com/document/api/1/2> @everyone", "javascript:alert(1)", 7]) {
      const text = snapshotText(snapshot).replace('"url": "https://cloud.tencent.com/document/api/1/2"', `"url": ${JSON.stringify(url)}`);
      expect(text).not.toBe(snapshotText(snapshot));
      expect(checkSnapshot(text)?.message, String(url)).toMatch(/"url"\?: "https:\/\/cloud\.tencent\.com\/document\/api\/<n>\/<n>"/);
    }
    // The pages that list a code: pages of docs/, sorted, each once, nothing that leaves it.
    const withPages = (pages: unknown) => snapshotText(snapshot).replace('"messages": {', `"pages": ${JSON.stringify(pages)}, "messages": {`);
    expect(checkSnapshot(withPages(["services/x/2020-01-01/en.md", "services/x/2020-01-01/zh-CN.md"]))).toBeUndefined();
    for (const pages of [[], ["services/x/2020-01-01/zh-CN.md", "services/x/2020-01-01/en.md"], ["services/x/../../../etc/passwd.md"], ["/etc/x.md"], ["services/x/a\n.md"], ["catalog/x.json"], ["services/x/en.md", "services/x/en.md"], "services/x/en.md"]) {
      expect(checkSnapshot(withPages(pages))?.message, JSON.stringify(pages)).toMatch(/"pages"\?: \[sorted pages of docs\/\]/);
    }
  });
});
