import { describe, expect, it } from "vitest";
import type { ErrorRow, ErrorTable, Section } from "../generator/model/types.js";
import { buildModel, type PageInput } from "../generator/model/build.js";
import { layoutPath, readManifest } from "../generator/model/manifest.js";
import type { PageKind, PageSpec } from "../generator/model/types.js";

const row = (code: string, message: string, line = 1, fields: Record<string, string> = {}): ErrorRow => ({
  code,
  message,
  fields,
  links: [],
  position: { line, column: 1 },
});

const table = (section: Section | undefined, rows: ErrorRow[], underErrorHeading = true): ErrorTable => ({
  syntax: "gfm",
  position: { line: 1, column: 1 },
  section,
  underErrorHeading,
  headings: [],
  unread: [],
  columns: { code: "Code", message: "Description", fields: {} },
  rows,
});

function page(kind: PageKind, service: string, apiVersion: string, locale: string, tables: ErrorTable[], action?: string): PageInput {
  const place = { kind, service, apiVersion, locale, ...(action !== undefined && { action }) };
  const spec: PageSpec = { ...place, path: layoutPath(place) };
  return { spec, tables };
}

const messages = (set: { codes: readonly { code: string; locales: Record<string, { message: string }> }[] }, locale: string) =>
  Object.fromEntries(set.codes.flatMap((c) => (c.locales[locale] ? [[c.code, c.locales[locale]!.message]] : [])));

describe("buildModel", () => {
  it("lets the dedicated common page win for its locale and fills other locales from service pages", () => {
    const { model, diagnostics } = buildModel([
      page("service", "cdb", "2017-03-20", "ko", [table("common", [row("InternalError", "내부 오류.")]), table("service", [row("CdbError", "백 엔드 오류")])]),
      page("service", "cdb", "2017-03-20", "ja", [
        table("common", [row("InternalError", "service-page wording"), row("OnlyHere", "only on the service page")]),
        table("service", [row("CdbError", "バックエンドエラー")]),
      ]),
      page("common", "common", "3.0", "ja", [table(undefined, [row("InternalError", "内部エラー。")])]),
    ]);
    expect(diagnostics).toEqual([]);
    expect(messages(model.common, "ja")).toEqual({ InternalError: "内部エラー。", OnlyHere: "only on the service page" });
    expect(messages(model.common, "ko")).toEqual({ InternalError: "내부 오류." });
    expect(model.common.locales).toEqual(["ja", "ko"]);
    expect(model.common.sources).toEqual(["common/3.0/ja.md", "services/cdb/2017-03-20/ja.md", "services/cdb/2017-03-20/ko.md"]);
    expect(model.services.map((s) => [s.id, s.apiVersion, s.codes.map((c) => c.code), s.locales])).toEqual([
      ["cdb", "2017-03-20", ["CdbError"], ["ja", "ko"]],
    ]);
  });

  it("keeps a code in the service that lists it even when it is also common", () => {
    const { model } = buildModel([
      page("common", "common", "3.0", "ja", [table(undefined, [row("InvalidParameter", "common")])]),
      page("service", "cdb", "2017-03-20", "ja", [table("service", [row("InvalidParameter", "service")])]),
    ]);
    expect(messages(model.services[0]!, "ja")).toEqual({ InvalidParameter: "service" });
    expect(messages(model.common, "ja")).toEqual({ InvalidParameter: "common" });
  });

  it("treats tables without a section heading on a service page as the service's own", () => {
    const { model } = buildModel([page("service", "redis", "2018-04-12", "en", [table(undefined, [row("A", "a")])])]);
    expect(model.services[0]!.codes.map((c) => c.code)).toEqual(["A"]);
    expect(model.common.codes).toEqual([]);
  });

  it("merges a code repeated with the same text and reports one repeated with another text", () => {
    const { model, diagnostics } = buildModel([
      page("service", "cdb", "2017-03-20", "ja", [
        table("service", [row("A", "same", 3), row("A", "same", 4), row("B", "first", 5), row("B", "second", 9)]),
      ]),
    ]);
    expect(messages(model.services[0]!, "ja")).toEqual({ A: "same", B: "first" });
    expect(diagnostics).toEqual([
      {
        severity: "warning",
        code: "D2E301",
        message: '"B" is listed again with a different text; the row at line 5 is kept',
        position: { file: "services/cdb/2017-03-20/ja.md", line: 9, column: 1 },
        // What the reviewed baseline knows it by (not its line).
        subject: "B",
      },
    ]);
  });

  it("keeps legacy codes numeric, sorted by value, and skips non-numbers with a warning", () => {
    const { model, diagnostics } = buildModel([
      page("legacy", "legacy", "2.0", "ja", [
        table(undefined, [row("6000", "x", 2, { resolution: "r" }), row("4000", "y", 3), row("40x", "z", 4)]),
      ]),
    ]);
    expect(model.legacy!.numeric).toBe(true);
    expect(model.legacy!.codes.map((c) => c.code)).toEqual(["4000", "6000"]);
    expect(model.legacy!.codes[1]!.locales["ja"]!.fields).toEqual({ resolution: "r" });
    expect(diagnostics.map((d) => [d.code, d.position.line])).toEqual([["D2E302", 4]]);
  });

  it("reports a page without error tables; two API versions of one service are two code sets", () => {
    const { model, diagnostics } = buildModel([
      page("service", "cdb", "2019-01-01", "ko", []),
      page("service", "cdb", "2017-03-20", "ja", [table("service", [row("A", "a")])]),
      page("action", "cdb", "2019-01-01", "ko", [table(undefined, [row("B", "b")])], "Run"),
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.position.file])).toEqual([["D2E205", "warning", "services/cdb/2019-01-01/ko.md"]]);
    expect(model.services.map((set) => [set.id, set.apiVersion, set.codes.map((c) => c.code)])).toEqual([
      ["cdb", "2017-03-20", ["A"]],
      ["cdb", "2019-01-01", ["B"]],
    ]);
  });

  it("makes every code an action page lists a code of the service, and keeps each action's codes", () => {
    const { model, diagnostics } = buildModel([
      page("action", "cvm", "2017-03-12", "en", [table(undefined, [row("InvalidZone", "action wording"), row("OnlyRun", "only run")])], "RunInstances"),
      page("action", "cvm", "2017-03-12", "zh-CN", [table(undefined, [row("InvalidZone", "区域"), row("ZhOnly", "只在中文页")])], "RunInstances"),
      page("action", "cvm", "2017-03-12", "en", [table(undefined, [row("InvalidZone", "stop wording")]), table(undefined, [row("NotErrors", "x")], false)], "StopInstances"),
      page("service", "cvm", "2017-03-12", "en", [table("service", [row("InvalidZone", "error-code page wording")])]),
    ]);
    // The two locales of RunInstances disagree: said, and both codes kept.
    expect(diagnostics.map((d) => `${d.code} ${d.position.file} ${d.message}`)).toEqual([
      'D2E304 services/cvm/2017-03-12/actions/RunInstances/en.md the en pages of action RunInstances (cvm 2017-03-12) lack "ZhOnly", which the zh-CN ones list',
      'D2E304 services/cvm/2017-03-12/actions/RunInstances/zh-CN.md the zh-CN pages of action RunInstances (cvm 2017-03-12) lack "OnlyRun", which the en ones list',
    ]);
    const [cvm] = model.services;
    // The error-code page's wording first, then the action pages' in path order.
    expect(messages(cvm!, "en")).toEqual({ InvalidZone: "error-code page wording", OnlyRun: "only run" });
    expect(messages(cvm!, "zh-CN")).toEqual({ InvalidZone: "区域", ZhOnly: "只在中文页" });
    // The actions' codes: the union of their pages (every locale), from tables under an error-codes heading only.
    expect(cvm!.actions.map((a) => [a.name, a.codes.map((c) => c.code), a.sources])).toEqual([
      ["RunInstances", ["InvalidZone", "OnlyRun", "ZhOnly"], ["services/cvm/2017-03-12/actions/RunInstances/en.md", "services/cvm/2017-03-12/actions/RunInstances/zh-CN.md"]],
      ["StopInstances", ["InvalidZone"], ["services/cvm/2017-03-12/actions/StopInstances/en.md"]],
    ]);
    expect(cvm!.codes.map((c) => [c.code, c.actions])).toEqual([
      ["InvalidZone", ["RunInstances", "StopInstances"]],
      ["OnlyRun", ["RunInstances"]],
      ["ZhOnly", ["RunInstances"]],
    ]);
  });

  it("checks that every locale of a service's error-code pages and of an action lists the same codes, naming what each lacks", () => {
    const many = Array.from({ length: 10 }, (_, i) => row(`Code${i}`, "x"));
    const { diagnostics } = buildModel([
      page("service", "cdb", "2017-03-20", "en", [table("service", [row("A", "a"), ...many])]),
      page("service", "cdb", "2017-03-20", "ja", [table("service", [row("A", "a"), row("B", "b")])]),
      page("service", "cdb", "2017-03-20", "ko", [table("service", [row("A", "a"), row("B", "b"), ...many])]),
      // An action in one locale only: nothing to compare, and its codes are not the error-code pages'.
      page("action", "cdb", "2017-03-20", "en", [table(undefined, [row("OnlyHere", "a")])], "Solo"),
      page("action", "cdb", "2017-03-20", "ja", [table(undefined, [row("A", "a")])], "Pair"),
      page("action", "cdb", "2017-03-20", "zh-CN", [table(undefined, [row("A", "a"), row("Z", "z")])], "Pair"),
      // Common sections are not the service's own codes.
      page("service", "redis", "2018-04-12", "en", [table("common", [row("X", "x")]), table("service", [row("R", "r")])]),
      page("service", "redis", "2018-04-12", "ja", [table("service", [row("R", "r")])]),
    ]);
    expect(diagnostics.map((d) => `${d.code} ${d.position.file}:${d.position.line} ${d.message}`)).toEqual([
      'D2E304 services/cdb/2017-03-20/en.md:1 the en error-code pages (cdb 2017-03-20) lack "B", which the ja, ko ones list',
      ...Array.from({ length: 10 }, (_, i) => `D2E304 services/cdb/2017-03-20/ja.md:1 the ja error-code pages (cdb 2017-03-20) lack "Code${i}", which the en, ko ones list`),
      'D2E304 services/cdb/2017-03-20/actions/Pair/ja.md:1 the ja pages of action Pair (cdb 2017-03-20) lack "Z", which the zh-CN ones list',
    ]);
  });

  it("reads a code cell with stray spaces as the code another locale lists, and reports it either way", () => {
    const unreadTable = (text: string, line: number): ErrorTable => ({
      ...table("service", [row("A", "a")]),
      unread: [{ ...row(text.replace(/\s+/g, ""), "message in ja", line), text }],
    });
    const { model, diagnostics } = buildModel([
      page("service", "cvm", "2017-03-12", "en", [table("service", [row("A", "a"), row("InvalidKeyPairNameIncludeIllegalChar", "illegal")])]),
      page("service", "cvm", "2017-03-12", "ja", [unreadTable("InvalidKeyPairNameIncludeIllega l Char", 7)]),
      page("service", "cvm", "2017-03-12", "ko", [unreadTable("Request has expired", 9)]),
    ]);
    expect(diagnostics.map((d) => `${d.code} ${d.position.file}:${d.position.line} ${d.message}`)).toEqual([
      'D2E203 services/cvm/2017-03-12/ja.md:7 code "InvalidKeyPairNameIncludeIllega l Char" has spaces inside; read as "InvalidKeyPairNameIncludeIllegalChar", which the en pages list',
      'D2E203 services/cvm/2017-03-12/ko.md:9 code "Request has expired" is not a code; the row is skipped',
      'D2E304 services/cvm/2017-03-12/ko.md:1 the ko error-code pages (cvm 2017-03-12) lack "InvalidKeyPairNameIncludeIllegalChar", which the en, ja ones list',
    ]);
    expect(messages(model.services[0]!, "ja")).toEqual({ A: "a", InvalidKeyPairNameIncludeIllegalChar: "message in ja" });
    expect(model.services[0]!.codes.map((c) => c.code)).not.toContain("Requesthasexpired");
  });

  it("takes titles from the manifest's services", () => {
    const { model } = buildModel([page("service", "cvm", "2017-03-12", "en", [table("service", [row("A", "a")])])], { cvm: "Cloud Virtual Machine" });
    expect(model.services[0]!.title).toBe("Cloud Virtual Machine");
  });

  it("does not depend on the order pages come in", () => {
    const pages = [
      page("service", "cdb", "2017-03-20", "ko", [table("common", [row("X", "ko-x")]), table("service", [row("B", "b")])]),
      page("service", "redis", "2018-04-12", "ja", [table("common", [row("X", "redis-x")]), table("service", [row("C", "c")])]),
      page("service", "cdb", "2017-03-20", "ja", [table("common", [row("X", "cdb-x")]), table("service", [row("A", "a")])]),
    ];
    const forward = buildModel(pages);
    const backward = buildModel([...pages].reverse());
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    expect(messages(forward.model.common, "ja")).toEqual({ X: "cdb-x" });
  });
});

describe("readManifest", () => {
  it("reads entries and sorts them by path", () => {
    const text = JSON.stringify({
      pages: [
        { path: "services/cdb/2017-03-20/ko.md", kind: "service", service: "cdb", apiVersion: "2017-03-20", locale: "ko" },
        { path: "legacy/2.0/zh-CN.md", kind: "legacy", service: "legacy", apiVersion: "2.0", locale: "zh-CN" },
      ],
    });
    const manifest = readManifest(text);
    expect(manifest.diagnostics).toEqual([]);
    expect(manifest.pages.map((p) => p.path)).toEqual(["legacy/2.0/zh-CN.md", "services/cdb/2017-03-20/ko.md"]);
  });

  it("reports a path that does not say what the entry says, at the entry's line", () => {
    const text = `{\n  "pages": [\n    {\n      "path": "services/cdb/ja.md",\n      "kind": "service", "service": "cdb", "apiVersion": "2017-03-20", "locale": "ja"\n    }\n  ]\n}\n`;
    const { pages, diagnostics } = readManifest(text);
    expect(pages).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: "D2E004", severity: "error", position: { file: "sources.json", line: 4, column: 7 } }]);
    expect(diagnostics[0]!.message).toContain('should be "services/cdb/2017-03-20/ja.md"');
  });

  it("reports JSON syntax errors with line and column", () => {
    const { diagnostics } = readManifest('{\n  "pages": [\n    {"path": }\n  ]\n}');
    expect(diagnostics).toMatchObject([{ code: "D2E001", position: { line: 3, column: 14 } }]);
  });

  it("reads action entries, parts, placements and service titles", () => {
    const text = JSON.stringify({
      services: { cvm: { title: "Cloud Virtual Machine" } },
      pages: [
        { path: "services/cvm/2017-03-12/actions/RunInstances/en.md", kind: "action", service: "cvm", apiVersion: "2017-03-12", action: "RunInstances", locale: "en" },
        { path: "services/cvm/2017-03-12/en.2.md", kind: "service", service: "cvm", apiVersion: "2017-03-12", locale: "en", part: 2, placement: "by hand" },
      ],
    });
    const manifest = readManifest(text);
    expect(manifest.diagnostics).toEqual([]);
    expect(manifest.titles).toEqual({ cvm: "Cloud Virtual Machine" });
    expect(manifest.pages).toMatchObject([{ action: "RunInstances" }, { part: 2, placement: "by hand" }]);
  });

  it.each([
    [{ kind: "service", service: "CDB", apiVersion: "2017-03-20", locale: "ja" }, '"service"'],
    [{ kind: "action", service: "cvm", apiVersion: "2017-03-12", locale: "en" }, '"action"'],
    [{ kind: "action", service: "cvm", apiVersion: "2017-03-12", action: "../x", locale: "en" }, '"action"'],
    [{ kind: "service", service: "cvm", apiVersion: "2017-03-12", action: "Run", locale: "en" }, 'has no "action"'],
    [{ kind: "service", service: "cvm", apiVersion: "2017-03-12", locale: "en", part: 1 }, '"part"'],
    [{ kind: "service", service: "cvm", apiVersion: "2017-03-12", locale: "en", placement: " " }, '"placement"'],
    [{ kind: "service", service: "common", apiVersion: "2017-03-12", locale: "en" }, "cannot be a service name"],
    [{ kind: "action", service: "runtime", apiVersion: "2017-03-12", action: "Run", locale: "en" }, "cannot be a service name"],
    [{ kind: "service", service: "cdb", apiVersion: "latest", locale: "ja" }, '"apiVersion"'],
    [{ kind: "service", service: "cdb", apiVersion: "2017-03-20", locale: "Japanese" }, '"locale"'],
    [{ kind: "other", service: "cdb", apiVersion: "2017-03-20", locale: "ja" }, '"kind"'],
    [{ kind: "common", service: "cdb", apiVersion: "3.0", locale: "ja" }, '"service" of a common page'],
  ])("rejects a bad entry: %j", (entry, mention) => {
    const { diagnostics } = readManifest(JSON.stringify({ pages: [{ path: "x.md", ...entry }] }));
    expect(diagnostics[0]!.code).toBe("D2E001");
    expect(diagnostics[0]!.message).toContain(mention);
  });
});

describe("the report of a run that changed nothing", () => {
  it("is what comparing the snapshot with itself gives", async () => {
    const { readFileSync } = await import("node:fs");
    const { diffSnapshots, unchangedReport } = await import("../generator/model/changes.js");
    const { parseSnapshot } = await import("../generator/model/snapshot.js");
    const snapshot = parseSnapshot(readFileSync(new URL("../generated/snapshot.json", import.meta.url), "utf8"))!;
    expect(unchangedReport(snapshot)).toEqual(diffSnapshots(snapshot, snapshot));
    const bare = { revision: "2026-01-01", sets: {} };
    expect(unchangedReport(bare)).toEqual(diffSnapshots(bare, bare));
  });
});
