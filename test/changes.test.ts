import { pathToFileURL } from "node:url";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { changesMarkdown, changesSummary, diffSnapshots, type ChangeReport } from "../generator/model/changes.js";
import { bumpOf, changelogMarkdown, nextRelease } from "../generator/model/release.js";
import { applyDeprecations, toSnapshot, type Snapshot } from "../generator/model/snapshot.js";
import type { CodeSet, ErrorCode, Model } from "../generator/model/types.js";
import { copyGolden, runCli, SAMPLE, tempDir, typecheck } from "./helpers/generate.js";

const code = (c: string, message: string): ErrorCode => ({
  code: c,
  actions: [],
  locales: { en: { message, fields: {}, links: [], source: { file: "p.md", line: 1, column: 1 } } },
});
const set = (id: string, codes: ErrorCode[]): CodeSet => ({
  kind: id === "common" ? "common" : "service",
  id,
  apiVersion: "2020-01-01",
  codes,
  locales: ["en"],
  sources: ["p.md"],
  numeric: false,
  actions: [],
});
const model = (services: CodeSet[]): Model => ({ common: set("common", []), legacy: undefined, services });

describe("deprecation policy", () => {
  const before = toSnapshot(model([set("cdb", [code("A", "a"), code("B", "b")])]), "2026-01-01");

  it("keeps a dropped code, deprecated from the revision that dropped it, with its last messages", () => {
    const next = applyDeprecations(model([set("cdb", [code("A", "a")])]), before, "2026-02-01", { keepDays: 30 });
    const b = next.services[0]!.codes.find((c) => c.code === "B")!;
    expect(b.deprecated).toEqual({ since: "2026-02-01", until: "2026-03-03" });
    expect(b.locales["en"]!.message).toBe("b");
  });

  it("keeps the first date across later runs and drops the code after the period", () => {
    const first = toSnapshot(applyDeprecations(model([set("cdb", [code("A", "a")])]), before, "2026-02-01", { keepDays: 30 }), "2026-02-01");
    const still = applyDeprecations(model([set("cdb", [code("A", "a")])]), first, "2026-03-03", { keepDays: 30 });
    expect(still.services[0]!.codes.find((c) => c.code === "B")?.deprecated?.since).toBe("2026-02-01");
    const gone = applyDeprecations(model([set("cdb", [code("A", "a")])]), first, "2026-03-04", { keepDays: 30 });
    expect(gone.services[0]!.codes.map((c) => c.code)).toEqual(["A"]);
  });

  it("keeps a service version whose pages are all gone, deprecated whole, then drops it; documented again, it is whole again", () => {
    const next = applyDeprecations(model([]), before, "2026-02-01", { keepDays: 30, titles: { cdb: "TencentDB for MySQL" } });
    expect(next.services).toHaveLength(1);
    const cdb = next.services[0]!;
    expect(cdb).toMatchObject({ id: "cdb", apiVersion: "2020-01-01", title: "TencentDB for MySQL", deprecated: { since: "2026-02-01", until: "2026-03-03" }, sources: [] });
    expect(cdb.codes.map((c) => [c.code, c.deprecated?.until, c.locales["en"]?.message])).toEqual([
      ["A", "2026-03-03", "a"],
      ["B", "2026-03-03", "b"],
    ]);
    const kept = toSnapshot(next, "2026-02-01");
    const report = diffSnapshots(before, kept);
    expect(report).toMatchObject({ setsDeprecated: [{ id: "cdb@2020-01-01", until: "2026-03-03" }], setsRemoved: [] });
    expect(bumpOf(report)).toBe("minor");
    // One line for the set, not one a code.
    const md = changesMarkdown(report);
    expect(md).toContain("- service version `cdb@2020-01-01`: no longer documented (was: doc pages); kept as deprecated, with its codes and actions, until 2026-03-03\n");
    expect(md).not.toContain("code `A`");
    // The date stays the first one; after it, the set goes (a major release).
    expect(applyDeprecations(model([]), kept, "2026-03-03", { keepDays: 30 }).services[0]?.deprecated?.since).toBe("2026-02-01");
    const gone = toSnapshot(applyDeprecations(model([]), kept, "2026-03-04", { keepDays: 30 }), "2026-03-04");
    expect(Object.keys(gone.sets)).toEqual(["common"]);
    expect(bumpOf(diffSnapshots(kept, gone))).toBe("major");
    expect(changesMarkdown(diffSnapshots(kept, gone))).toContain("- service version `cdb@2020-01-01` (its deprecation is over)");
    // Documented again within the period: whole again, one line.
    const back = toSnapshot(applyDeprecations(model([set("cdb", [code("A", "a")])]), kept, "2026-02-15", { keepDays: 30 }), "2026-02-15");
    expect(back.sets["cdb@2020-01-01"]!.deprecated).toBeUndefined();
    const again = diffSnapshots(kept, back);
    expect(again.setsRestored).toEqual(["cdb@2020-01-01"]);
    expect(changesMarkdown(again)).toContain("- service version `cdb@2020-01-01` (documented again)");
  });
});

describe("change report", () => {
  it("lists added, deprecated, restored and removed codes and changed messages per locale", () => {
    const a = toSnapshot(model([set("cdb", [code("A", "a"), code("B", "b"), code("C", "c")])]), "2026-01-01");
    const b = toSnapshot(
      applyDeprecations(model([set("cdb", [code("A", "a2"), code("D", "d")]), set("redis", [code("R", "r")])]), a, "2026-02-01", { keepDays: 10 }),
      "2026-02-01",
    );
    const report = diffSnapshots(a, b);
    expect(report).toMatchObject({ from: "2026-01-01", to: "2026-02-01", setsAdded: ["redis@2020-01-01"], setsRemoved: [] });
    expect(report.sets).toEqual([
      {
        id: "cdb@2020-01-01",
        actions: [],
        added: ["D"],
        deprecated: [
          { code: "B", until: "2026-02-11" },
          { code: "C", until: "2026-02-11" },
        ],
        removed: [],
        restored: [],
        messagesChanged: [{ code: "A", locale: "en", before: "a", after: "a2" }],
        translationsAdded: [],
        translationsRemoved: [],
      },
    ]);
    const md = changesMarkdown(report);
    expect(md).toContain("- `cdb@2020-01-01`: code `D` (doc pages)\n");
    expect(md).toContain("- `cdb@2020-01-01`: code `B` (was: doc pages), kept as deprecated until 2026-02-11\n");
    expect(md).toContain("| `A` | en (doc pages) | “a” | “a2” |");
    // Deprecations before additions, and a table one blank line below its heading.
    expect(md.indexOf("### No longer documented")).toBeLessThan(md.indexOf("### Added"));
    expect(md).toContain("### Messages changed\n\n#### `cdb@2020-01-01`\n\n| code | locale | before | after |\n| --- | --- | --- | --- |\n");
    expect(md).not.toContain("\n\n\n");
    expect(changesMarkdown(diffSnapshots(b, b))).toContain("No code or message changed.");
  });
});

describe("the source of each change", () => {
  it("says where each change came from: what is added, deprecated, listed by another source, reworded or no longer translated", () => {
    const until = { since: "2026-02-01", until: "2026-08-01" };
    const before: Snapshot = {
      revision: "2026-01-01",
      sets: {
        "x@2020-01-01": {
          kind: "service",
          apiVersion: "2020-01-01",
          codes: {
            A: { from: "pages", messages: { en: "a" } },
            B: { from: "catalog", messages: { en: "b" }, catalog: "en" },
            C: { from: "pages catalog", messages: { en: "c, the page's", "zh-CN": "c" }, catalog: "zh-CN" },
          },
          actions: { Act: { codes: { A: "pages", B: "catalog", C: "pages catalog" } }, Gone: { codes: { A: "catalog" } } },
        },
      },
    };
    const after: Snapshot = {
      revision: "2026-02-01",
      sets: {
        "x@2020-01-01": {
          kind: "service",
          apiVersion: "2020-01-01",
          codes: {
            A: { from: "pages catalog", messages: { en: "a" } },
            B: { deprecated: until, messages: { en: "b" }, catalog: "en" },
            C: { from: "catalog", messages: { en: "c, the catalog's" }, catalog: "en" },
            D: { from: "catalog", messages: { en: "d" }, catalog: "en" },
          },
          actions: {
            Act: { codes: { A: "pages catalog", B: until, C: "catalog", D: "catalog" } },
            Gone: { deprecated: until, codes: { A: until } },
          },
        },
      },
    };
    const report = diffSnapshots(before, after);
    expect(report.sets).toEqual([
      {
        id: "x@2020-01-01",
        added: ["D"],
        origins: { D: "catalog" },
        deprecated: [{ code: "B", until: "2026-08-01", from: "catalog" }],
        sourcesChanged: [
          { code: "A", before: "pages", after: "pages catalog" },
          { code: "C", before: "pages catalog", after: "catalog" },
        ],
        removed: [],
        restored: [],
        messagesChanged: [{ code: "C", locale: "en", before: "c, the page's", after: "c, the catalog's", catalog: true }],
        translationsAdded: [],
        translationsRemoved: [{ code: "C", locale: "zh-CN", text: "c", catalog: true }],
        actions: [
          {
            action: "Act",
            added: ["D"],
            origins: { D: "catalog" },
            deprecated: [{ code: "B", until: "2026-08-01", from: "catalog" }],
            removed: [],
            restored: [],
            sourcesChanged: [
              { code: "A", before: "pages", after: "pages catalog" },
              { code: "C", before: "pages catalog", after: "catalog" },
            ],
          },
          { action: "Gone", status: "deprecated", until: "2026-08-01", from: "catalog", added: [], deprecated: [], removed: [], restored: [] },
        ],
      },
    ]);
    const md = changesMarkdown(report);
    for (const line of [
      "- `x@2020-01-01`: code `D` (API catalog)",
      "- `x@2020-01-01`: code `B` (was: API catalog), kept as deprecated until 2026-08-01",
      "- `x@2020-01-01`: action `Act` lists `D` (API catalog)",
      "- `x@2020-01-01`: action `Act` no longer lists `B` (was: API catalog), kept as deprecated until 2026-08-01",
      "- `x@2020-01-01`: action `Gone`: no longer documented (was: API catalog); kept as deprecated, with its codes, until 2026-08-01",
      "- `x@2020-01-01`: code `A`: now listed by the doc pages and the API catalog (was by the doc pages)",
      "- `x@2020-01-01`: code `C`: now listed by the API catalog (was by the doc pages and the API catalog)",
      "- `x@2020-01-01`: action `Act`, code `A`: now listed by the doc pages and the API catalog (was by the doc pages)",
      "| `C` | en (API catalog; was doc pages) | “c, the page's” | “c, the catalog's” |",
      "| `C` | zh-CN (API catalog) | “c” |",
    ]) {
      expect(md, line).toContain(`${line}\n`);
    }
    expect(md.indexOf("### Added")).toBeLessThan(md.indexOf("### Where it is documented"));
    expect(changesSummary(report)).toContain("; 4 sources changed; 2 actions changed;");
    // A change of sources alone is a patch: the package's names are the same, its doc comments say another source.
    const sourcesOnly: Snapshot = { ...after, sets: { "x@2020-01-01": { ...after.sets["x@2020-01-01"]!, codes: { ...after.sets["x@2020-01-01"]!.codes, D: { from: "pages", messages: { en: "d" } } } } } };
    expect(diffSnapshots(after, sourcesOnly).sets[0]!.sourcesChanged).toEqual([{ code: "D", before: "catalog", after: "pages" }]);
    expect(bumpOf(diffSnapshots(after, sourcesOnly))).toBe("patch");
  });
});

/** A doc update end to end, through the command line. */
describe("a doc update", () => {
  let work: string;
  const cli = (...args: string[]) => runCli(work, ...args);
  const page = () => join(work, "docs/services/cdb/2017-03-20/ja.md");

  beforeEach(() => {
    work = tempDir("update");
    cpSync(join(SAMPLE, "docs"), join(work, "docs"), { recursive: true });
    copyGolden(SAMPLE, join(work, "generated"));
  });

  it("reports, deprecates, passes --check afterwards and removes after the period", () => {
    const text = readFileSync(page(), "utf8")
      .replace("| CdbError.ImportError | インポートタスクエラー。 |\n", "")
      .replace("| InternalError.CosError | ファイル情報取得失敗。 |", "| InternalError.CosError | ファイル情報の取得に失敗しました。 |")
      .replace("| OperationDenied | 操作不能です。 |", "| OperationDenied | 操作不能です。 |\n| OperationDenied.NewReason | 新しい理由。 |");
    writeFileSync(page(), text);
    const ko = join(work, "docs/services/cdb/2017-03-20/ko.md");
    writeFileSync(ko, readFileSync(ko, "utf8").replace("| CdbError.ImportError | 가져오기 태스크 오류. |\n", ""));
    expect(cli("--check").status).toBe(1);

    const update = cli("--revision", "2026-12-01", "--changes", "json", "--changes-file", "changes.json");
    expect(update.status).toBe(0);
    const report = JSON.parse(readFileSync(join(work, "changes.json"), "utf8"));
    expect(report.sets).toEqual([
      {
        id: "cdb@2017-03-20",
        actions: [],
        added: ["OperationDenied.NewReason"],
        origins: { "OperationDenied.NewReason": "pages" },
        deprecated: [{ code: "CdbError.ImportError", until: "2027-05-30", from: "pages" }],
        removed: [],
        restored: [],
        messagesChanged: [{ code: "InternalError.CosError", locale: "ja", before: "ファイル情報取得失敗。", after: "ファイル情報の取得に失敗しました。" }],
        translationsAdded: [],
        translationsRemoved: [],
      },
    ]);
    const codes = readFileSync(join(work, "generated/cdb/v20170320/codes.ts"), "utf8");
    expect(codes).toMatch(/@deprecated No longer in the docs since the revision of 2026-12-01; kept, deprecated, until 2027-05-30, when a major release removes it\.[^]*CdbError_ImportError = "CdbError.ImportError"/);
    // Its messages are the last ones the docs had.
    expect(readFileSync(join(work, "generated/cdb/v20170320/messages.ja.ts"), "utf8")).toContain('"CdbError.ImportError": { message: "インポートタスクエラー。" }');
    expect(cli("--check", "--revision", "2026-12-01").status).toBe(0);

    // Within the period nothing changes; after it the code goes, and the report says so.
    const within = cli("--revision", "2027-05-30", "--changes", "md");
    expect(within.stdout).toContain("No code or message changed.");
    expect(readFileSync(join(work, "generated/cdb/v20170320/codes.ts"), "utf8")).toContain('"CdbError.ImportError"');
    const later = cli("--revision", "2027-05-31", "--changes", "md");
    expect(later.status).toBe(0);
    expect(later.stdout).toContain("- `cdb@2017-03-20`: code `CdbError.ImportError` (its deprecation is over)");
    expect(readFileSync(join(work, "generated/cdb/v20170320/codes.ts"), "utf8")).not.toContain('"CdbError.ImportError"');
  });

  it("tracks the errors of each action: a code an action drops, and an action no page documents any more, are deprecated, then removed", async () => {
    const action = (name: string, locale: string) => join(work, `docs/services/cvm/2017-03-12/actions/${name}/${locale}.md`);
    // RunInstances stops listing InvalidZone.MismatchRegion (DescribeInstances still does), and CreateKeyPair's pages are gone.
    for (const locale of ["en", "zh-CN"]) {
      writeFileSync(action("RunInstances", locale), readFileSync(action("RunInstances", locale), "utf8").replace(/^\| InvalidZone\.MismatchRegion \|.*\n/m, ""));
      rmSync(action("CreateKeyPair", locale));
    }
    const manifestFile = join(work, "docs/sources.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.pages = manifest.pages
      .filter((page: { action?: string }) => page.action !== "CreateKeyPair")
      .map((page: { action?: string; sha256?: string }) => (page.action === "RunInstances" ? { ...page, sha256: undefined } : page));
    writeFileSync(manifestFile, JSON.stringify(manifest));

    const update = cli("--revision", "2026-12-01", "--changes", "json", "--changes-file", "changes.json");
    expect(update.status, update.stderr).toBe(0);
    const cvm = JSON.parse(readFileSync(join(work, "changes.json"), "utf8")).sets.find((set: { id: string }) => set.id === "cvm@2017-03-12");
    expect(cvm.actions).toEqual([
      { action: "CreateKeyPair", status: "deprecated", until: "2027-05-30", from: "pages", added: [], deprecated: [], removed: [], restored: [] },
      { action: "RunInstances", added: [], deprecated: [{ code: "InvalidZone.MismatchRegion", until: "2027-05-30", from: "pages" }], removed: [], restored: [] },
    ]);
    const actions = () => readFileSync(join(work, "generated/cvm/v20170312/actions.ts"), "utf8");
    // Still in the lists, so that code written against them keeps compiling, and said to be deprecated.
    expect(actions()).toMatch(/- `InvalidZone\.MismatchRegion` since 2026-12-01, until 2027-05-30\n\s+\*\n\s+\* @see https:\/\/cloud\.tencent\.com\/document\/api\/213\/\d+\n\s+\*\/\n\s+RunInstances: \[/);
    const { cvmActionCodes } = (await import(pathToFileURL(join(work, "generated/cvm/v20170312/actions.ts")).href)) as { cvmActionCodes: Record<string, readonly string[]> };
    expect(cvmActionCodes["RunInstances"]).toContain("InvalidZone.MismatchRegion");
    expect(actions()).toMatch(/@deprecated Neither a cvm page nor the API catalog documents this action since the revision of 2026-12-01[^]*CreateKeyPair: \[/);
    // A tag editors read: at the start of a comment line, not escaped as the docs' own text is.
    expect(actions()).toMatch(/\n {3}\* @deprecated Neither a cvm page/);
    expect(actions()).not.toContain("\\@deprecated");
    expect(cli("--check", "--revision", "2026-12-01").status).toBe(0);
    const md = cli("--revision", "2026-12-01", "--changes", "md");
    expect(md.stdout).toContain("No code or message changed.");
    expect(changesMarkdown(JSON.parse(readFileSync(join(work, "changes.json"), "utf8")))).toContain(
      "- `cvm@2017-03-12`: action `RunInstances` no longer lists `InvalidZone.MismatchRegion` (was: doc pages), kept as deprecated until 2027-05-30",
    );

    const later = cli("--revision", "2027-06-01", "--changes", "md");
    expect(later.stdout).toContain("- `cvm@2017-03-12`: action `CreateKeyPair` (its deprecation is over)");
    expect(later.stdout).toContain("- `cvm@2017-03-12`: action `RunInstances` dropped `InvalidZone.MismatchRegion` (their deprecation is over)");
    expect(actions()).not.toContain("CreateKeyPair:");
    expect(actions()).not.toMatch(/RunInstances: \[[^\]]*"InvalidZone\.MismatchRegion"/);
  });

  it("keeps a service version whose pages all went, deprecated whole and type-checking, then removes it", () => {
    const manifestFile = join(work, "docs/sources.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.pages = manifest.pages.filter((page: { service: string }) => page.service !== "redis");
    writeFileSync(manifestFile, JSON.stringify(manifest));
    rmSync(join(work, "docs/services/redis"), { recursive: true });

    const update = cli("--revision", "2026-12-01", "--changes", "md");
    expect(update.status, update.stderr).toBe(0);
    expect(update.stdout).toContain("- service version `redis@2018-04-12`: no longer documented (was: doc pages); kept as deprecated, with its codes and actions, until 2027-05-30");
    expect(update.stdout).toContain("Package version 1.1.0 (minor release).");
    const codes = readFileSync(join(work, "generated/redis/v20180412/codes.ts"), "utf8");
    expect(codes).toContain("// Read from (in https://github.com/doc2errors/doc2errors):\n//   generated/snapshot.json\n");
    expect(codes).toContain("Neither a page nor the API catalog documents this API version since the revision of 2026-12-01: kept, deprecated, until 2027-05-30.");
    expect(codes).toMatch(/@deprecated No longer in the docs since the revision of 2026-12-01; kept, deprecated, until 2027-05-30, when a major release removes it\.[^]*"UnauthorizedOperation\.NoCAMAuthed"/);
    expect(readFileSync(join(work, "generated/redis/v20180412/actions.ts"), "utf8")).toContain("@deprecated Neither a redis page nor the API catalog documents this action since the revision of 2026-12-01");
    const copy = tempDir("deprecated-set");
    cpSync(join(work, "generated"), copy, { recursive: true });
    expect(typecheck(copy)).toEqual([]);
    expect(cli("--check", "--revision", "2026-12-01").status).toBe(0);

    const later = cli("--revision", "2027-05-31", "--changes", "md");
    expect(later.stdout).toContain("- service version `redis@2018-04-12` (its deprecation is over)");
    expect(later.stdout).toContain("Package version 2.0.0 (major release).");
    expect(existsSync(join(work, "generated/redis"))).toBe(false);
  });

  it("leaves generated/ exactly as it was when writing fails half-way", async () => {
    const { mkdirSync } = await import("node:fs");
    const { readTree } = await import("./helpers/generate.js");
    writeFileSync(page(), readFileSync(page(), "utf8").replace("param error。", "param error (changed)。"));
    // A folder where a new file must go makes its rename fail after other files were written.
    const before = readTree(join(work, "generated"));
    writeFileSync(join(work, "docs/services/zzz.md"), "");
    const manifest = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    manifest.pages.push({ path: "services/zzz/2020-01-01/en.md", kind: "service", service: "zzz", apiVersion: "2020-01-01", locale: "en" });
    writeFileSync(join(work, "docs/sources.json"), JSON.stringify(manifest));
    mkdirSync(join(work, "docs/services/zzz/2020-01-01"), { recursive: true });
    writeFileSync(join(work, "docs/services/zzz/2020-01-01/en.md"), "| Error Code | Description |\n|-|-|\n| Z | z |\n");
    // A file where the new service's folder must go: its files cannot be put in place.
    writeFileSync(join(work, "generated/zzz"), "in the way\n");
    const before2 = readTree(join(work, "generated"));
    const result = cli();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^generate: cannot write zzz\/\S+: .*; every file was put back as it was\n$/m);
    expect(result.stderr).not.toContain("internal error");
    expect(readTree(join(work, "generated"))).toEqual(before2);
    expect(before2.size).toBe(before.size + 1);
  });
});

describe("versions", () => {
  const report = (over: Partial<ChangeReport> = {}): ChangeReport => ({ from: "2026-01-01", to: "2026-02-01", setsAdded: [], setsRemoved: [], newestMoved: [], sets: [], ...over });
  const set = (over: Partial<ChangeReport["sets"][number]>): ChangeReport["sets"][number] => ({
    id: "cvm@2017-03-12",
    added: [],
    deprecated: [],
    removed: [],
    restored: [],
    messagesChanged: [],
    translationsAdded: [],
    translationsRemoved: [],
    actions: [],
    ...over,
  });

  it("follow what changed: removed is major, added or deprecated minor, messages patch, nothing none", () => {
    expect(bumpOf(report())).toBeUndefined();
    expect(bumpOf(report({ sets: [set({ messagesChanged: [{ code: "A", locale: "en", before: "a", after: "b" }] })] }))).toBe("patch");
    expect(bumpOf(report({ sets: [set({ added: ["B"] })] }))).toBe("minor");
    expect(bumpOf(report({ sets: [set({ deprecated: [{ code: "B", until: "2026-08-01" }] })] }))).toBe("minor");
    expect(bumpOf(report({ setsAdded: ["vpc@2017-03-12"] }))).toBe("minor");
    expect(bumpOf(report({ sets: [set({ actions: [{ action: "Run", status: "added", added: [], deprecated: [], removed: [], restored: [] }] })] }))).toBe("minor");
    expect(bumpOf(report({ sets: [set({ removed: ["B"], added: ["C"] })] }))).toBe("major");
    expect(bumpOf(report({ sets: [set({ actions: [{ action: "Run", added: [], deprecated: [], removed: ["X"], restored: [] }] })] }))).toBe("major");
    expect(bumpOf(report({ setsRemoved: ["cvm@2017-03-12"] }))).toBe("major");
    // A newer API version: the unversioned import moves to it.
    expect(bumpOf(report({ setsAdded: ["cvm@2022-01-01"], newestMoved: [{ service: "cvm", from: "2017-03-12", to: "2022-01-01" }] }))).toBe("major");
  });

  it("start at 1.0.0, bump from the previous snapshot's version, and keep a changelog", () => {
    const first = nextRelease(undefined, report(), undefined, "First release: everything.");
    expect(first).toMatchObject({ version: "1.0.0", bump: "first", changelog: [{ version: "1.0.0", notes: "First release: everything." }] });
    const previous = { revision: "2026-01-01", version: "1.4.2", changelog: first.changelog, sets: {} };
    expect(nextRelease(previous, report())).toEqual({ version: "1.4.2", bump: undefined, changelog: first.changelog });
    expect(nextRelease(previous, report({ sets: [set({ added: ["B"] })] })).version).toBe("1.5.0");
    expect(nextRelease(previous, report({ sets: [set({ removed: ["B"] })] })).version).toBe("2.0.0");
    // --bump asks for at least that much: the larger of the two wins.
    expect(nextRelease(previous, report(), "patch")).toMatchObject({ version: "1.4.3", bump: "patch" });
    expect(nextRelease(previous, report({ sets: [set({ added: ["B"] })] }), "patch").version).toBe("1.5.0");
    const next = nextRelease(previous, report({ sets: [set({ added: ["B"] })] }));
    expect(next.changelog.map((entry) => entry.version)).toEqual(["1.5.0", "1.0.0"]);
    expect(next.changelog[0]!.notes).toContain("- `cvm@2017-03-12`: code `B`");
    expect(changelogMarkdown(next.changelog)).toMatch(/## 1\.5\.0 \(minor; docs 2026-02-01\)[^]*## 1\.0\.0 \(first release; docs 2026-02-01\)/);
    // Dated by the upstream commit, and naming it, when the docs name one.
    const named = nextRelease(previous, report({ toCommit: "02ec31c2626e18091982c1934bd4aded84cf5043", sets: [set({ added: ["B"] })] }));
    expect(named.changelog[0]).toMatchObject({ revision: "2026-02-01", commit: "02ec31c2626e18091982c1934bd4aded84cf5043" });
    expect(changelogMarkdown(named.changelog)).toContain("## 1.5.0 (minor; docs 2026-02-01, upstream commit `02ec31c`)");
    // Translations are patches, told apart from messages changed.
    expect(bumpOf(report({ sets: [set({ translationsAdded: [{ code: "A", locale: "ja", text: "あ" }] })] }))).toBe("patch");
  });
});
