import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG_REPOSITORIES, catalogPath } from "../generator/model/catalog.js";
import { buildModel } from "../generator/model/build.js";
import { readManifest } from "../generator/model/manifest.js";
import { readGoClient, readGoErrors } from "../generator/parse/go-catalog.js";
import { descriptionText, markdownText, readCatalogFile } from "../generator/parse/catalog.js";
import { fetchCatalog, storedCatalog, CATALOG_ROOTS } from "../generator/fetch/catalog.js";
import { actionDoc } from "../generator/emit/actions.js";
import { directoryUpstream, httpUpstream } from "../generator/fetch/upstream.js";
import { generate } from "../generator/run/generate.js";
import { fakeGitHub } from "./helpers/github.js";
import { ROOT, tempDir } from "./helpers/generate.js";

/**
 * The API error catalog: real errors.go and client.go files of the two SDK
 * repositories (test/fixtures/api-catalog/, byte for byte), read by the
 * reader of their two comment forms, stored under docs/catalog/ and merged
 * with the pages.
 */
const FIXTURES = join(ROOT, "test/fixtures/api-catalog");
const ZH = "tencentcloud-sdk-go";
const EN = "tencentcloud-sdk-go-intl-en";
const fixture = (repository: string, service: string, version: string, file: "errors.go" | "client.go") =>
  readFileSync(join(FIXTURES, repository, "tencentcloud", service, version, file));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const manifest = readManifest(readFileSync(join(ROOT, "docs/sources.json"), "utf8"));

/** Every service version of a fixture repository. */
function versions(repository: string): [string, string][] {
  const top = join(FIXTURES, repository, "tencentcloud");
  return readdirSync(top).flatMap((service) => readdirSync(join(top, service)).map((version): [string, string] => [service, version]));
}

/**
 * What a person reading errors.go sees: each `NAME = "Code"` line of the
 * const block with the comment line right above it (none after a blank).
 */
function codesByEye(source: string): Map<string, string> {
  const lines = source.split("\n");
  const codes = new Map<string, string>();
  lines.forEach((line, i) => {
    const match = /^\t[A-Z0-9_]+ = "(.+)"$/.exec(line);
    if (!match) return;
    const above = lines[i - 1]!;
    if (!codes.has(match[1]!)) codes.set(match[1]!, above.startsWith("\t// ") ? above.slice(4).trim() : "");
  });
  return codes;
}

/** Each action's codes as listed under the marker line above its method (its first comment, not the `…WithContext` one). */
function actionsByEye(source: string): Map<string, string[]> {
  const actions = new Map<string, string[]>();
  const lines = source.split("\n");
  let current: string[] | undefined;
  let name: string | undefined;
  let listing = false;
  for (const line of lines) {
    if (/^\/\/ [A-Z]\w*$/.test(line) && name === undefined) {
      name = line.slice(3);
      current = [];
      listing = false;
    } else if (/^\/\/ (可能返回的错误码|error code that may be returned):$/.test(line)) listing = true;
    else if (listing && line.startsWith("//  ") && current) current.push(/"(.+)"/.exec(line)![1]!);
    else if (line.startsWith("func (c *Client) ")) {
      if (name !== undefined && !actions.has(name) && !line.includes("WithContext(")) actions.set(name, [...new Set(current)].sort());
      name = undefined;
      current = undefined;
      listing = false;
    } else if (!line.startsWith("//")) {
      name = undefined;
      current = undefined;
      listing = false;
    }
  }
  return actions;
}

describe("the reader of errors.go and client.go", () => {
  it.each([ZH, EN])("reads every code and every action's list of the real files of %s as a person reading them would", (repository) => {
    for (const [service, version] of versions(repository)) {
      const errorsText = text(fixture(repository, service, version, "errors.go"));
      const clientText = text(fixture(repository, service, version, "client.go"));
      const errors = readGoErrors("errors.go", errorsText);
      expect(errors.packageName).toBe(version);
      expect(new Map(errors.codes.map((code) => [code.code, code.description]))).toEqual(codesByEye(errorsText));
      const client = readGoClient("client.go", clientText, new Map(errors.codes.map((code) => [code.constant, code.code])));
      expect(client.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const read = new Map(client.actions.map((action) => [action.name, action.codes.map((code) => code.code).sort()]));
      expect(read).toEqual(actionsByEye(clientText));
    }
  });

  it("gives each code and listed code its line and column", () => {
    const source = text(fixture(ZH, "aai", "v20180522", "errors.go"));
    const errors = readGoErrors("errors.go", source);
    for (const code of errors.codes) {
      const line = source.split("\n")[code.position.line - 1]!;
      expect(line.slice(code.position.column - 1)).toBe(`${code.code}"`);
    }
    const clientSource = text(fixture(ZH, "aai", "v20180522", "client.go"));
    const client = readGoClient("client.go", clientSource, new Map(errors.codes.map((code) => [code.constant, code.code])));
    for (const action of client.actions) {
      expect(clientSource.split("\n")[action.position.line - 1]).toBe(`// ${action.name}`);
      for (const code of action.codes) expect(clientSource.split("\n")[code.position.line - 1]!.slice(code.position.column - 1)).toBe(`${code.code}"`);
    }
  });

  it("reads an action whose method takes more than its request (cls UploadLog)", () => {
    const errors = readGoErrors("errors.go", text(fixture(ZH, "cls", "v20201016", "errors.go")));
    const client = readGoClient("client.go", text(fixture(ZH, "cls", "v20201016", "client.go")), new Map(errors.codes.map((c) => [c.constant, c.code])));
    const upload = client.actions.find((action) => action.name === "UploadLog");
    expect(upload?.codes.length).toBeGreaterThan(0);
  });

  it("warns of a code with no description, where it is (cam, English)", () => {
    const source = text(fixture(EN, "cam", "v20190116", "errors.go"));
    const errors = readGoErrors("tencentcloud/cam/v20190116/errors.go", source);
    const bare = [...codesByEye(source)].filter(([, description]) => description === "").map(([code]) => code);
    expect(bare.length).toBeGreaterThan(0);
    expect(errors.diagnostics.map((d) => [d.code, d.subject])).toEqual(bare.map((code) => ["D2E602", code]));
    const first = errors.diagnostics[0]!;
    expect(source.split("\n")[first.position.line - 1]).toContain(`"${bare[0]}"`);
  });

  it("reports what is not the comment form, with file, line and column, and reads nothing of it silently", () => {
    const base = text(fixture(ZH, "aca", "v20210323", "errors.go"));
    const lines = base.split("\n");
    const constLine = lines.findIndex((line) => /^\t[A-Z]/.test(line));
    const broken = [...lines.slice(0, constLine + 1), "\tvar x = 1", ...lines.slice(constLine + 1)].join("\n");
    const errors = readGoErrors("e.go", broken);
    expect(errors.diagnostics).toEqual([
      expect.objectContaining({ code: "D2E601", severity: "error", position: { file: "e.go", line: constLine + 2, column: 1 } }),
    ]);
    // Windows line ends, a constant whose value is not a plain string, a missing package clause, a const block never closed.
    expect(readGoErrors("e.go", base.replace(/\n/g, "\r\n")).diagnostics[0]?.code).toBe("D2E601");
    expect(readGoErrors("e.go", base.replace(/ = "([^"]+)"/, ' = "$1\\n"')).diagnostics.map((d) => d.code)).toEqual(["D2E601"]);
    expect(readGoErrors("e.go", base.replace(/^package .*$/m, "")).diagnostics[0]?.message).toMatch(/package/);
    expect(readGoErrors("e.go", base.replace(/^\)$/m, "")).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/not closed/)]);

    const client = text(fixture(ZH, "aca", "v20210323", "client.go"));
    const constants = new Map(readGoErrors("e.go", base).codes.map((c) => [c.constant, c.code]));
    // A code line of a list that is not `NAME = "Code"`.
    const listLine = client.split("\n").findIndex((line) => /^\/\/ (可能返回的错误码|error code that may be returned):$/.test(line)) + 1;
    const badList = client.split("\n").map((line, i) => (i === listLine ? "//  not a code" : line)).join("\n");
    expect(readGoClient("c.go", badList, constants).diagnostics).toContainEqual(
      expect.objectContaining({ code: "D2E601", position: { file: "c.go", line: listLine + 1, column: 3 } }),
    );
    // A listed code errors.go does not define.
    const unknown = client.replace(/^\/\/  [A-Z_]+ = "[^"]+"$/m, '//  NOSUCHCODE = "NoSuch.Code"');
    expect(readGoClient("c.go", unknown, constants).diagnostics.map((d) => [d.code, d.subject])).toContainEqual(["D2E605", "NoSuch.Code"]);
    // A code list above a method whose form is not an action's.
    const clientLines = client.split("\n");
    const method = clientLines.findIndex((line, i) => i > listLine && line.startsWith("func (c *Client) "));
    clientLines[method] = clientLines[method]!.replace(/\(request \*\w+Request\)/, "(req *Something)");
    expect(readGoClient("c.go", clientLines.join("\n"), constants).diagnostics).toContainEqual(
      expect.objectContaining({ code: "D2E601", position: { file: "c.go", line: method + 1, column: 1 } }),
    );
  });

  it("reads no list of codes as none: a heading it does not know, a list apart from any method, a comment that describes no code", () => {
    const errorsSource = text(fixture(ZH, "aca", "v20210323", "errors.go"));
    const constants = new Map(readGoErrors("e.go", errorsSource).codes.map((c) => [c.constant, c.code]));
    const client = text(fixture(ZH, "aca", "v20210323", "client.go"));
    const lines = client.split("\n");
    const read = (source: string) => readGoClient("c.go", source, constants);
    const original = read(client);
    expect(original.diagnostics).toEqual([]);
    const listed = original.actions.filter((action) => action.codes.length > 0);
    expect(listed.length).toBeGreaterThan(1);
    const headings = lines.flatMap((line, i) => (line === "// 可能返回的错误码:" ? [i] : []));
    // The heading of each action's list (and of its twin taking a context) with another colon, or other words.
    for (const heading of ["// 可能返回的错误码：", "// 可能返回的错误码如下:"]) {
      const changed = lines.map((line) => (line === "// 可能返回的错误码:" ? heading : line)).join("\n");
      const { actions, diagnostics } = read(changed);
      expect(actions.filter((action) => action.codes.length > 0)).toEqual([]);
      // One error per action whose codes went unread, at its first code, column 3 (after `//`).
      expect(diagnostics.map((d) => [d.code, d.position.line, d.position.column])).toEqual(
        listed.map((action) => ["D2E601", action.codes[0]!.position.line, 3]),
      );
    }
    // The receiver's name is the SDK's choice: the same actions, the same codes.
    const renamed = read(client.replaceAll("func (c *Client) ", "func (client *Client) "));
    expect(renamed.diagnostics).toEqual([]);
    expect(renamed.actions).toEqual(original.actions);
    // A blank line between an action's comment and its method: the action has no comment, and its list is no action's.
    const method = lines.findIndex((line, i) => i > headings[0]! && line.startsWith("func (c *Client) "));
    const apart = read([...lines.slice(0, method), "", ...lines.slice(method)].join("\n"));
    expect(apart.diagnostics.map((d) => [d.code, d.position.line])).toEqual([
      ["D2E604", method + 2],
      ["D2E601", headings[0]! + 1],
    ]);

    // errors.go: a comment right above the end of the block, with codes above it.
    const errorLines = errorsSource.split("\n");
    const end = errorLines.indexOf(")");
    const trailing = [...errorLines.slice(0, end), "\t// 此错误码已下线。", ...errorLines.slice(end)].join("\n");
    expect(readGoErrors("e.go", trailing).diagnostics).toEqual([
      expect.objectContaining({ code: "D2E601", position: { file: "e.go", line: end + 1, column: 1 } }),
    ]);
    // A block with no code but its note (as ai3d, habo, yunsou and a dozen others publish theirs) is read as empty.
    const open = errorLines.indexOf("const (");
    const empty = [...errorLines.slice(0, open + 1), "\t// 此产品的特有错误码", ")", ""].join("\n");
    expect(readGoErrors("e.go", empty)).toEqual({ packageName: "v20210323", codes: [], diagnostics: [] });
  });
});

describe("the stored form in docs/catalog/", () => {
  it.each([ZH, EN])("is derived again, byte for byte, from the real upstream files of %s", (repository) => {
    const release = manifest.catalog[repository]!;
    for (const [service, version] of versions(repository)) {
      const stored = storedCatalog({
        repository,
        commit: release.commit,
        service,
        version,
        errors: fixture(repository, service, version, "errors.go"),
        client: fixture(repository, service, version, "client.go"),
      });
      expect(stored.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(stored.text).toBe(readFileSync(join(ROOT, "docs", catalogPath(repository, service, version)), "utf8"));
    }
  });

  it("names its upstream repository, commit, files and their sha256, and lists codes and actions one a line", () => {
    const data = JSON.parse(readFileSync(join(ROOT, "docs", catalogPath(ZH, "aai", "v20180522")), "utf8"));
    expect(data.repository).toBe(CATALOG_REPOSITORIES[ZH]!.repo);
    expect(data.commit).toBe(manifest.catalog[ZH]!.commit);
    expect(data.files["errors.go"].path).toBe("tencentcloud/aai/v20180522/errors.go");
    const tsv = readFileSync(join(FIXTURES, `${ZH}.MANIFEST.tsv`), "utf8");
    expect(tsv).toContain(`tencentcloud/aai/v20180522/errors.go\t4843\t${data.files["errors.go"].sha256}`);
    expect(tsv).toContain(`tencentcloud/aai/v20180522/client.go\t19725\t${data.files["client.go"].sha256}`);
  });

  it("is read with the line and column of every code and action", () => {
    const path = catalogPath(ZH, "cvm", "v20170312");
    const source = readFileSync(join(ROOT, "docs", path), "utf8");
    const { input, diagnostics } = readCatalogFile(path, Buffer.from(source));
    expect(diagnostics).toEqual([]);
    const lines = source.split("\n");
    for (const code of input!.codes) expect(lines[code.position.line - 1]!.slice(code.position.column - 1)).toMatch(new RegExp(`^${JSON.stringify(code.code)}: `));
    for (const action of input!.actions) expect(lines[action.position.line - 1]!.slice(action.position.column - 1)).toMatch(new RegExp(`^"${action.name}": \\[`));
    expect(input!.apiVersion).toBe("2017-03-12");
    expect(input!.locale).toBe("zh-CN");
  });

  it("refuses a file that is not exactly the stored form, where it departs from it", () => {
    const path = catalogPath(ZH, "aai", "v20180522");
    const source = readFileSync(join(ROOT, "docs", path), "utf8");
    const problem = (file: string, text: string) => readCatalogFile(file, Buffer.from(text)).diagnostics;
    // Hand-edited: a code unsorted, another indentation, not JSON, a wrong place, a wrong locale.
    const lines = source.split("\n");
    const codeLine = lines.indexOf('  "codes": {') + 1;
    const reindented = [...lines];
    reindented[codeLine] = ` ${reindented[codeLine]}`;
    expect(problem(path, reindented.join("\n"))).toEqual([expect.objectContaining({ code: "D2E606", position: { file: path, line: codeLine + 1, column: 5 } })]);
    expect(problem(path, source.replace("{", "{,"))[0]).toMatchObject({ code: "D2E606", position: { line: 1, column: 2 } });
    expect(problem("catalog/elsewhere/aai/v20180522.json", source)[0]?.message).toMatch(/not a place of the catalog/);
    expect(problem(catalogPath(EN, "aai", "v20180522"), source)[0]?.message).toMatch(/"repository"/);
    const data = JSON.parse(source);
    const codes = Object.entries(data.codes).reverse();
    expect(problem(path, `${JSON.stringify({ ...data, codes: Object.fromEntries(codes) }, null, 2)}\n`)[0]?.message).toMatch(/sorted/);
    // An upstream file's ETag, as a fetch over HTTP records it: a quoted ETag, nothing else, nowhere else.
    const withEtag = (etag: unknown, extra: Record<string, unknown> = {}) =>
      `${JSON.stringify({ ...data, files: { ...data.files, "errors.go": { ...data.files["errors.go"], etag, ...extra } } }, null, 2)}\n`;
    expect(problem(path, withEtag('W/"5d41402abc4b2a76b9719d911017c592"'))).toEqual([]);
    const filesLine = lines.findIndex((line) => line.startsWith('  "files"')) + 1;
    for (const bad of ['"two words"', "unquoted", '"new\nline"', 42, `"${"x".repeat(201)}"`]) {
      expect(problem(path, withEtag(bad)), String(bad)).toEqual([expect.objectContaining({ code: "D2E606", position: { file: path, line: filesLine, column: 3 } })]);
    }
    expect(problem(path, withEtag('"ok"', { size: 1 }))[0]?.code).toBe("D2E606");
  });
});

describe("descriptions", () => {
  const all = [ZH, EN].flatMap((repository) =>
    versions(repository).flatMap(([service, version]) => Object.values(JSON.parse(readFileSync(join(ROOT, "docs", catalogPath(repository, service, version)), "utf8")).codes) as string[]),
  );

  it("are read as markdown: text for messages, links kept", () => {
    expect(descriptionText("Invalid [CDH](https://intl.cloud.tencent.com/document/product/416) `ID`.")).toEqual({
      text: "Invalid CDH ID.",
      links: ["https://intl.cloud.tencent.com/document/product/416"],
    });
    expect(descriptionText("see https://cloud.tencent.com/document/api/213/15730")).toEqual({
      text: "see https://cloud.tencent.com/document/api/213/15730",
      links: ["https://cloud.tencent.com/document/api/213/15730"],
    });
    expect(all.some((description) => description.includes("]("))).toBe(true);
  });

  it("that hold nothing markdown reads otherwise are taken as they are, as remark would read them", () => {
    for (const description of all) expect(descriptionText(description)).toEqual(markdownText(description));
    const alphabet = fc.constantFrom(..."ab 1.-_*`[]()<>&#>!|~:/@\\=+\t中。".split(""), "www.", "http://", "\n");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }).map((parts) => parts.join("")), (description) => {
        expect(descriptionText(description)).toEqual(markdownText(description));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("one model from the pages and the catalog", () => {
  const input = (repository: string, service: string, version: string) => {
    const path = catalogPath(repository, service, version);
    return readCatalogFile(path, readFileSync(join(ROOT, "docs", path))).input!;
  };

  it("keeps the pages' wording in their locale, takes the catalog's where the pages have none, and says where each code and pair is documented", () => {
    const page = {
      spec: { path: "services/cvm/2017-03-12/actions/AllocateHosts/en.md", kind: "action", service: "cvm", apiVersion: "2017-03-12", action: "AllocateHosts", locale: "en" },
      tables: [
        {
          syntax: "gfm",
          position: { line: 1, column: 1 },
          section: undefined,
          underErrorHeading: true,
          headings: [],
          columns: { code: "Code", message: "Description", fields: {} },
          rows: [
            { code: "InvalidPeriod", message: "The page's words.", fields: {}, links: [], position: { line: 3, column: 3 } },
            { code: "OnlyOnThePage", message: "Only here.", fields: {}, links: [], position: { line: 4, column: 3 } },
          ],
          unread: [],
        },
      ],
    } as const;
    const zh = input(ZH, "cvm", "v20170312");
    const en = input(EN, "cvm", "v20170312");
    const { model } = buildModel([page], {}, [zh, en]);
    const cvm = model.services.find((set) => set.id === "cvm")!;
    const period = cvm.codes.find((code) => code.code === "InvalidPeriod")!;
    expect(period.locales["en"]!.message).toBe("The page's words.");
    expect(period.locales["zh-CN"]!.message).toBe(zh.codes.find((code) => code.code === "InvalidPeriod")!.message);
    expect(period.locales["zh-CN"]!.source.file).toBe(zh.file);
    expect(period.sources).toEqual([en.file, zh.file, page.spec.path].sort());
    const onlyCatalog = cvm.codes.find((code) => !code.sources?.includes(page.spec.path) && code.locales["en"])!;
    expect(onlyCatalog.locales["en"]!.source.file).toBe(en.file);
    const allocate = cvm.actions.find((action) => action.name === "AllocateHosts")!;
    expect(allocate.codes.find((c) => c.code === "InvalidPeriod")!.sources).toEqual([en.file, zh.file, page.spec.path].sort());
    expect(allocate.codes.find((c) => c.code === "OnlyOnThePage")!.sources).toEqual([page.spec.path]);
    expect(allocate.codes.map((c) => c.code)).toEqual(
      [...new Set([...zh.actions.find((a) => a.name === "AllocateHosts")!.codes, "OnlyOnThePage", ...en.actions.find((a) => a.name === "AllocateHosts")!.codes])].sort(),
    );
    // The doc comment of the action says where each pair is when one source alone lists it: the first five named, then how many more.
    const catalogAlone = allocate.codes.filter((c) => !c.sources!.includes(page.spec.path)).map((c) => `\`${c.code}\``);
    expect(catalogAlone.length).toBeGreaterThan(5);
    const doc = actionDoc(cvm, allocate);
    expect(doc.split("\n").slice(0, 3)).toEqual([
      "Listed by the action's page and by the API catalog.",
      "The action's page alone lists `OnlyOnThePage`.",
      `The API catalog alone lists ${catalogAlone.slice(0, 5).join(", ")} and ${catalogAlone.length - 5} more.`,
    ]);
    // One source: nothing more to say.
    const other = cvm.actions.find((action) => action.name !== "AllocateHosts" && !action.deprecated)!;
    expect(actionDoc(cvm, other).split("\n")[0]).toBe("Listed by the API catalog.");
    expect(actionDoc(cvm, other)).not.toContain("alone lists");
  });
});

describe("fetch-docs --catalog", () => {
  /** A docs folder with a manifest and nothing of the catalog yet. */
  function docs(): string {
    const dir = tempDir("catalog-docs");
    writeFileSync(join(dir, "sources.json"), `${JSON.stringify({ revision: "2024-12-24", pages: [] }, null, 2)}\n`);
    return dir;
  }
  const COMMIT = manifest.catalog[ZH]!.commit;

  it("stores every service version of a checkout, records the release, and removes what upstream deleted", async () => {
    const dir = docs();
    const upstream = tempDir("catalog-upstream");
    cpSync(join(FIXTURES, ZH), upstream, { recursive: true });
    const first = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: directoryUpstream(upstream, { commit: COMMIT, date: "2026-06-01", roots: CATALOG_ROOTS }), release: "v1.3.107" });
    expect(first.added).toEqual(versions(ZH).map(([s, v]) => catalogPath(ZH, s, v)).sort());
    for (const path of first.added) expect(readFileSync(join(dir, path), "utf8")).toBe(readFileSync(join(ROOT, "docs", path), "utf8"));
    const recorded = readManifest(readFileSync(join(dir, "sources.json"), "utf8"));
    expect(recorded.diagnostics).toEqual([]);
    expect(recorded.catalog[ZH]).toEqual({ repo: "TencentCloud/tencentcloud-sdk-go", locale: "zh-CN", release: "v1.3.107", commit: COMMIT, date: "2026-06-01" });

    // A newer commit whose files are the same: no stored file changes (each keeps the commit it was read at); the manifest names the new commit.
    const NEWER = "1".repeat(40);
    const same = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: directoryUpstream(upstream, { commit: NEWER, date: "2026-06-02", roots: CATALOG_ROOTS }) });
    expect([same.added, same.updated, same.removed, same.unchanged]).toEqual([[], [], [], versions(ZH).length]);
    expect(JSON.parse(readFileSync(join(dir, catalogPath(ZH, "aai", "v20180522")), "utf8")).commit).toBe(COMMIT);
    expect(readManifest(readFileSync(join(dir, "sources.json"), "utf8")).catalog[ZH]?.commit).toBe(NEWER);

    // A service version deleted upstream goes; a damaged one is kept, and blocks deletions.
    rmSync(join(upstream, "tencentcloud/aca"), { recursive: true });
    const second = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: directoryUpstream(upstream, { commit: COMMIT, date: "2026-06-02", roots: CATALOG_ROOTS }) });
    expect(second.removed).toEqual([catalogPath(ZH, "aca", "v20210323")]);
    expect(existsSync(join(dir, catalogPath(ZH, "aca", "v20210323")))).toBe(false);
    expect(second.unchanged).toBe(versions(ZH).length - 1);

    writeFileSync(join(upstream, "tencentcloud/aai/v20180522/errors.go"), "package v20180522\n\nconst (\n\tnot a constant\n)\n");
    rmSync(join(upstream, "tencentcloud/cls"), { recursive: true });
    const third = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: directoryUpstream(upstream, { commit: COMMIT, date: "2026-06-03", roots: CATALOG_ROOTS }) });
    expect(third.failed.map((f) => f.path)).toEqual([catalogPath(ZH, "aai", "v20180522")]);
    expect(third.failed[0]!.reason).toMatch(/tencentcloud\/aai\/v20180522\/errors.go:4:1: error D2E601/);
    expect(third.removed).toEqual([]);
    expect(readFileSync(join(dir, catalogPath(ZH, "aai", "v20180522")), "utf8")).toBe(readFileSync(join(ROOT, "docs", catalogPath(ZH, "aai", "v20180522")), "utf8"));
    expect(existsSync(join(dir, catalogPath(ZH, "cls", "v20201016")))).toBe(true);
  });

  it("reads the repository over HTTP from GitHub at the commit a branch names", async () => {
    const files = new Map<string, Uint8Array>();
    for (const [service, version] of versions(EN)) {
      for (const file of ["errors.go", "client.go"] as const) files.set(`tencentcloud/${service}/${version}/${file}`, fixture(EN, service, version, file));
    }
    files.set("README.md", Buffer.from("not read"));
    const commit = manifest.catalog[EN]!.commit;
    const github = await fakeGitHub(new Map([[commit, { date: "2026-06-01T08:00:00Z", files }]]), { master: commit }, { repo: "TencentCloud/tencentcloud-sdk-go-intl-en", truncateAbove: 3 });
    try {
      const dir = docs();
      const upstream = httpUpstream({
        baseUrl: github.baseUrl,
        apiUrl: github.apiUrl,
        repo: "TencentCloud/tencentcloud-sdk-go-intl-en",
        ref: "master",
        http: { timeoutMs: 5000, retries: 0, backoffMs: 0 },
        roots: CATALOG_ROOTS,
      });
      const result = await fetchCatalog({ docsDir: dir, repository: EN, upstream });
      expect(result.commit).toBe(commit);
      expect(result.date).toBe("2026-06-01");
      expect(result.added).toEqual(versions(EN).map(([s, v]) => catalogPath(EN, s, v)).sort());
      for (const path of result.added) expect(readFileSync(join(dir, path), "utf8")).toBe(readFileSync(join(ROOT, "docs", path), "utf8"));
    } finally {
      await github.close();
    }
  });

  it("records each upstream file's ETag, asks for a 304 with it, and reads whole only the service versions that changed", async () => {
    const all = versions(ZH);
    const files = new Map<string, Uint8Array>();
    for (const [service, version] of all) {
      for (const file of ["errors.go", "client.go"] as const) files.set(`tencentcloud/${service}/${version}/${file}`, fixture(ZH, service, version, file));
    }
    // The next commit changes one description of one service version's errors.go.
    const [service, version] = all[0]!;
    const changedPath = `tencentcloud/${service}/${version}/errors.go`;
    const changed = new Map(files).set(changedPath, Buffer.from(text(files.get(changedPath)!).replace(/^\t\/\/ .*$(?=\n\t[A-Z])/m, "\t// A description changed upstream.")));
    const [A, B] = [manifest.catalog[ZH]!.commit, "b".repeat(40)];
    const refs = { master: A };
    const github = await fakeGitHub(
      new Map([
        [A, { date: "2026-06-01T08:00:00Z", files }],
        [B, { date: "2026-06-02T08:00:00Z", files: changed }],
      ]),
      refs,
      { repo: "TencentCloud/tencentcloud-sdk-go", etags: true },
    );
    const etagOf = (bytes: Uint8Array) => `"${createHash("sha256").update(bytes).digest("hex").slice(0, 40)}"`;
    const withoutEtags = (stored: string) => {
      const data = JSON.parse(stored);
      for (const file of Object.values(data.files) as { etag?: string }[]) delete file.etag;
      return `${JSON.stringify(data, null, 2)}\n`;
    };
    const raw = () => github.requests.filter((r) => r.path.startsWith("/raw/"));
    try {
      const dir = docs();
      // What the branch names is resolved once per upstream: a fetch, one upstream.
      const upstream = () =>
        httpUpstream({
          baseUrl: github.baseUrl,
          apiUrl: github.apiUrl,
          repo: "TencentCloud/tencentcloud-sdk-go",
          ref: "master",
          http: { timeoutMs: 5000, retries: 0, backoffMs: 0 },
          roots: CATALOG_ROOTS,
        });
      const first = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: upstream() });
      expect(first.added.length).toBe(all.length);
      expect(raw().every((r) => r.ifNoneMatch === undefined && r.status === 200)).toBe(true);
      for (const [s, v] of all) {
        const stored = readFileSync(join(dir, catalogPath(ZH, s, v)), "utf8");
        // The stored form with an ETag a file: without them, byte for byte what a checkout gives.
        expect(withoutEtags(stored)).toBe(readFileSync(join(ROOT, "docs", catalogPath(ZH, s, v)), "utf8"));
        const recorded = JSON.parse(stored).files;
        expect([recorded["errors.go"].etag, recorded["client.go"].etag]).toEqual([etagOf(files.get(`tencentcloud/${s}/${v}/errors.go`)!), etagOf(files.get(`tencentcloud/${s}/${v}/client.go`)!)]);
        expect(readCatalogFile(catalogPath(ZH, s, v), Buffer.from(stored)).diagnostics).toEqual([]);
      }

      // A stored file whose ETag is no ETag is not trusted: nothing of it is sent, and it is written again.
      const damagedPath = catalogPath(ZH, all[1]![0], all[1]![1]);
      const damaged = readFileSync(join(dir, damagedPath), "utf8").replace(/"etag": "[^"\\]*(?:\\"[^"\\]*)*"/, '"etag": "\\"two words\\""');
      expect(damaged).toContain("two words");
      writeFileSync(join(dir, damagedPath), damaged);
      // One without ETags, as a checkout writes it: read whole, and written again once to record them.
      const plainPath = catalogPath(ZH, all[3]![0], all[3]![1]);
      writeFileSync(join(dir, plainPath), withoutEtags(readFileSync(join(dir, plainPath), "utf8")));

      github.requests.length = 0;
      refs.master = B;
      const second = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: upstream() });
      expect(second.commit).toBe(B);
      expect(second.updated).toEqual([catalogPath(ZH, service, version), damagedPath, plainPath].sort());
      expect(second.unchanged).toBe(all.length - 3);
      // Every other file answered 304 to its ETag; the changed one came whole, and its unchanged sibling was read again whole.
      const answered = new Map<string, string[]>();
      for (const r of raw()) {
        const path = r.path.replace(`/raw/${B}/`, "");
        answered.set(path, [...(answered.get(path) ?? []), `${r.status} ${r.ifNoneMatch === undefined ? "plain" : "etag"}`]);
      }
      const sibling = `tencentcloud/${service}/${version}/client.go`;
      const damagedFiles = [1, 3].flatMap((i) => [`tencentcloud/${all[i]![0]}/${all[i]![1]}/errors.go`, `tencentcloud/${all[i]![0]}/${all[i]![1]}/client.go`]);
      for (const path of files.keys()) {
        const expected =
          path === changedPath ? ["200 etag"] : path === sibling ? ["304 etag", "200 plain"] : damagedFiles.includes(path) ? ["200 plain"] : ["304 etag"];
        expect(answered.get(path), path).toEqual(expected);
      }
      const updated = JSON.parse(readFileSync(join(dir, catalogPath(ZH, service, version)), "utf8"));
      expect(updated.commit).toBe(B);
      expect(updated.files["errors.go"].etag).toBe(etagOf(changed.get(changedPath)!));
      expect(Object.values(updated.codes)).toContain("A description changed upstream.");
      expect(readFileSync(join(dir, damagedPath), "utf8")).not.toContain("two words");
      expect(Object.values(JSON.parse(readFileSync(join(dir, plainPath), "utf8")).files).map((file) => (file as { etag?: string }).etag)).toEqual([
        etagOf(files.get(`tencentcloud/${all[3]![0]}/${all[3]![1]}/errors.go`)!),
        etagOf(files.get(`tencentcloud/${all[3]![0]}/${all[3]![1]}/client.go`)!),
      ]);
      // Unchanged files keep the commit they were read at.
      expect(JSON.parse(readFileSync(join(dir, catalogPath(ZH, all[2]![0], all[2]![1])), "utf8")).commit).toBe(A);
    } finally {
      await github.close();
    }
  });

  it("refuses a 304 to a request that sent no ETag, and keeps the stored file", async () => {
    const dir = docs();
    const upstream = tempDir("catalog-upstream");
    cpSync(join(FIXTURES, ZH), upstream, { recursive: true });
    const checkout = directoryUpstream(upstream, { commit: COMMIT, date: "2026-06-01", roots: CATALOG_ROOTS });
    const [service, version] = versions(ZH)[0]!;
    const odd = { ...checkout, get: async (path: string, etag?: string) => (path === `tencentcloud/${service}/${version}/client.go` ? { status: 304 as const, etag: undefined, bytes: new Uint8Array() } : checkout.get(path, etag)) };
    const result = await fetchCatalog({ docsDir: dir, repository: ZH, upstream: odd });
    expect(result.failed).toEqual([{ path: catalogPath(ZH, service, version), reason: expect.stringMatching(/client\.go: HTTP 304 to a request that sent no ETag: refused/) }]);
    expect(existsSync(join(dir, catalogPath(ZH, service, version)))).toBe(false);
    expect(result.added.length).toBe(versions(ZH).length - 1);
  });
});

describe("generate with the catalog", () => {
  it("fails with the place of a damaged stored file, and writes nothing", async () => {
    const dir = tempDir("catalog-generate");
    mkdirSync(join(dir, "catalog", ZH, "aai"), { recursive: true });
    writeFileSync(join(dir, "sources.json"), `${JSON.stringify({ revision: "2024-12-24", pages: [] }, null, 2)}\n`);
    const path = catalogPath(ZH, "aai", "v20180522");
    writeFileSync(join(dir, path), readFileSync(join(ROOT, "docs", path), "utf8").replace('"codes": {', '"codes": {\n'));
    const result = await generate({ docsDir: dir });
    expect(result.files).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "D2E606", position: expect.objectContaining({ file: path, line: 18, column: 1 }) })]);
  });
});

describe("generate with the catalog and the cache", () => {
  it("takes a stored file it read before from the cache, reads a changed one, and reads again what the cache damaged", async () => {
    const dir = tempDir("catalog-cache-docs");
    const cacheDir = tempDir("catalog-cache");
    writeFileSync(join(dir, "sources.json"), `${JSON.stringify({ revision: "2024-12-24", pages: [] }, null, 2)}\n`);
    const paths = [catalogPath(ZH, "aai", "v20180522"), catalogPath(ZH, "cvm", "v20170312"), catalogPath(EN, "cvm", "v20170312")];
    for (const path of paths) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      cpSync(join(ROOT, "docs", path), join(dir, path));
    }
    const cold = await generate({ docsDir: dir, cacheDir });
    // A catalog release: a code added to one stored file.
    const changed = join(dir, paths[1]!);
    writeFileSync(changed, readFileSync(changed, "utf8").replace('"codes": {\n', '"codes": {\n    "AAA.AddedByTheTest": "测试。",\n'));
    const release = await generate({ docsDir: dir, cacheDir, previousSnapshot: cold.files!.get("snapshot.json") });
    expect(release.cacheDamaged).toBe(0);
    expect(release.files!.get("cvm/v20170312/codes.ts")).toContain('"AAA.AddedByTheTest"');
    const fresh = await generate({ docsDir: dir, previousSnapshot: cold.files!.get("snapshot.json") });
    expect([...release.files!]).toEqual([...fresh.files!]);

    // Every catalog entry of the cache made a reading of another shape, its hashes right: each is taken as damaged, read again, and the output is the same.
    const indexPath = join(cacheDir, "index.json");
    const index = JSON.parse(readFileSync(indexPath, "utf8")) as { entries: Record<string, [string, number, number, string]> };
    const pieces: Buffer[] = [];
    let offset = 0;
    const pack = "2-0123456789ab.pack";
    for (const [key, [name, at, length]] of Object.entries(index.entries)) {
      const entry = JSON.parse(readFileSync(join(cacheDir, "packs", name)).subarray(at, at + length).toString("utf8")) as { kind: string; value: unknown };
      if (entry.kind !== "catalog") continue;
      const bytes = Buffer.from(JSON.stringify({ ...entry, value: { diagnostics: [], input: { file: 1, codes: [], actions: [] } } }));
      index.entries[key] = [pack, offset, bytes.length, createHash("sha256").update(bytes).digest("hex")];
      pieces.push(bytes);
      offset += bytes.length;
    }
    expect(pieces).toHaveLength(3);
    writeFileSync(join(cacheDir, "packs", pack), Buffer.concat(pieces));
    writeFileSync(indexPath, JSON.stringify(index));
    writeFileSync(changed, readFileSync(changed, "utf8").replace('    "AAA.AddedByTheTest": "测试。",\n', ""));
    const damaged = await generate({ docsDir: dir, cacheDir, previousSnapshot: release.files!.get("snapshot.json") });
    // The two files that did not change were looked up (the changed one is under another hash).
    expect(damaged.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(damaged.cacheDamaged).toBe(2);
    expect([...damaged.files!]).toEqual([...(await generate({ docsDir: dir, previousSnapshot: release.files!.get("snapshot.json") })).files!]);
  });
});

/** The sample docs (pages of five services, common and legacy codes) with stored catalog files of three services, one with no page. */
const docsWithCatalog = (name: string) => {
  const dir = tempDir(name);
  cpSync(join(ROOT, "test/integration/sample/docs"), dir, { recursive: true });
  const manifestPath = join(dir, "sources.json");
  writeFileSync(manifestPath, readFileSync(manifestPath, "utf8").replace(/,\s*"sha256": "[0-9a-f]+"/g, ""));
  const paths = [catalogPath(ZH, "aai", "v20180522"), catalogPath(ZH, "cdb", "v20170320"), catalogPath(EN, "cdb", "v20170320"), catalogPath(ZH, "cvm", "v20170312")];
  for (const path of paths) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    cpSync(join(ROOT, "docs", path), join(dir, path));
  }
  return { dir, manifestPath, file: (service: string, repository = ZH) => join(dir, paths.find((path) => path.startsWith(`catalog/${repository}/${service}/`))!) };
};
/** Adds `code` at the top of a stored file's codes (which stay sorted: each code added comes before the others). */
const addCode = (file: string, code: string) => writeFileSync(file, readFileSync(file, "utf8").replace('"codes": {\n', `"codes": {\n    "${code}": "测试。",\n`));

describe("a catalog release after a run on the same output", () => {
  it("takes over the service versions whose inputs did not change as the last run left them, as a full run gives them", async () => {
    const { OutputFolder, writeFiles } = await import("../generator/run/output.js");
    const { dir, manifestPath, file } = docsWithCatalog("carry-docs");
    const cacheDir = tempDir("carry-cache");
    const out = tempDir("carry-out");
    let previous: string | undefined;
    /** A run on the output of the last one, held to a full run (no cache) from the same snapshot: files, diagnostics and change report. */
    const run = async (revision: string) => {
      const result = await generate({ docsDir: dir, cacheDir, previousSnapshot: previous, revision, output: OutputFolder.forReading(out, "out") });
      const full = await generate({ docsDir: dir, previousSnapshot: previous, revision });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect([...result.files!]).toEqual([...full.files!]);
      expect(result.diagnostics).toEqual(full.diagnostics);
      expect(result.changes).toEqual(full.changes);
      expect(result.cacheDamaged).toBe(0);
      await writeFiles(out, result.files!, { onDisk: result.onDisk });
      previous = result.files!.get("snapshot.json");
      return result;
    };
    /** The service versions of a run's output, but `built` (and those kept only as deprecated): what it should have carried over. */
    const allBut = (result: Awaited<ReturnType<typeof run>>, ...built: string[]) =>
      Object.entries((JSON.parse(result.files!.get("snapshot.json")!) as { sets: Record<string, { kind: string; deprecated?: unknown }> }).sets)
        .filter(([key, set]) => set.kind === "service" && set.deprecated === undefined && !built.includes(key))
        .map(([key]) => key);

    expect((await run("2026-01-01")).carried).toEqual([]);
    // A release of one service's catalog: the two others are taken over, their files found on disk as they were.
    addCode(file("aai"), "AAA.E");
    const release = await run("2026-01-01");
    expect(release.carried).toEqual(allBut(release, "aai@2018-05-22"));
    expect(release.carried).toContain("cdb@2017-03-20");
    expect(release.model!.services.map((set) => `${set.id}@${set.apiVersion}`)).not.toContain("cvm@2017-03-12");
    expect(release.files!.get("aai/v20180522/codes.ts")).toContain('"AAA.E"');
    for (const folder of ["cdb/v20170320/", "cvm/v20170312/"]) {
      expect([...release.files!.keys()].filter((path) => path.startsWith(folder)).every((path) => release.onDisk.has(path))).toBe(true);
    }
    expect(release.changes!.sets.map((set) => set.id)).toEqual(["aai@2018-05-22"]);

    // A code the catalog drops from cvm: deprecated. At the next revision, cvm (something deprecated: its key holds the revision) is built again, cdb is not.
    const cvm = JSON.parse(readFileSync(file("cvm"), "utf8")) as { codes: Record<string, string>; actions: Record<string, string[]> };
    // A code the pages do not list.
    const listed = (JSON.parse(previous!) as { sets: Record<string, { codes: Record<string, { from?: string }> }> }).sets["cvm@2017-03-12"]!.codes;
    const gone = Object.keys(cvm.codes).find((code) => listed[code]?.from === "catalog")!;
    delete cvm.codes[gone];
    for (const codes of Object.values(cvm.actions)) codes.splice(0, codes.length, ...codes.filter((code) => code !== gone));
    writeFileSync(file("cvm"), `${JSON.stringify(cvm, null, 2)}\n`);
    const dropped = await run("2026-01-01");
    expect(dropped.carried).toEqual(allBut(dropped, "cvm@2017-03-12"));
    expect(dropped.changes!.sets.map((set) => [set.id, set.deprecated.length])).toEqual([["cvm@2017-03-12", 1]]);
    addCode(file("aai"), "AAA.D");
    const later = await run("2026-02-01");
    expect(later.carried).toEqual(allBut(later, "aai@2018-05-22", "cvm@2017-03-12"));
    // Past the deprecation's end, the code goes: cvm is built again at each new revision until then.
    addCode(file("cdb", EN), "AAA.AddedToCdb");
    const expired = await run("2026-12-01");
    expect(expired.carried).toEqual(allBut(expired, "cdb@2017-03-20", "cvm@2017-03-12"));
    expect(expired.changes!.sets.find((set) => set.id === "cvm@2017-03-12")!.removed).toHaveLength(1);

    // A file gone from the output folder is taken from the cache; a carried file that is nowhere makes its version built again.
    addCode(file("aai"), "AAA.C");
    rmSync(join(out, "cdb/v20170320/codes.ts"));
    const fromCache = await run("2026-12-01");
    expect(fromCache.carried).toEqual(allBut(fromCache, "aai@2018-05-22"));
    expect(fromCache.onDisk.has("cdb/v20170320/codes.ts")).toBe(false);

    // A service version whose catalog files all went: kept, deprecated, from the snapshot; a new one: built. The others are carried.
    const aai = readFileSync(file("aai"), "utf8");
    rmSync(file("aai"));
    const withoutAai = await run("2026-12-01");
    expect(withoutAai.carried).toEqual(allBut(withoutAai));
    expect(withoutAai.changes!.setsDeprecated!.map((set) => set.id)).toEqual(["aai@2018-05-22"]);
    const added = join(dir, catalogPath(ZH, "aai", "v20190101"));
    writeFileSync(added, aai.replaceAll("v20180522", "v20190101"));
    const newer = await run("2026-12-01");
    expect(newer.carried).toEqual(allBut(newer, "aai@2019-01-01"));
    expect(newer.changes!.setsAdded).toEqual(["aai@2019-01-01"]);
    expect(newer.files!.get("aai/index.ts")).toContain("./v20190101/index.js");
    rmSync(added);
    writeFileSync(file("aai"), aai);
    const back = await run("2026-12-01");
    expect(back.carried).toEqual(allBut(back, "aai@2018-05-22"));

    // An action page changed: its version is built again, the others are carried.
    addCode(file("aai"), "AAA.B");
    const action = join(dir, "services/cdb/2017-03-20/actions/CreateAccounts/en.md");
    writeFileSync(action, readFileSync(action, "utf8").replace("| InvalidParameter | Parameter error. |\n", "$&| FailedOperation.AddedByTheTest | Added. |\n"));
    const actionChanged = await run("2026-12-01");
    expect(actionChanged.carried).toEqual(allBut(actionChanged, "aai@2018-05-22", "cdb@2017-03-20"));
    expect(actionChanged.files!.get("cdb/v20170320/actions.ts")).toContain('"FailedOperation.AddedByTheTest"');

    // An error-code page changed (any of them can bring common codes), a title changed: nothing is carried.
    const page = join(dir, "services/cdb/2017-03-20/ja.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("param error。", "changed text。"));
    expect((await run("2026-12-01")).carried).toEqual([]);
    expect((await run("2026-12-01")).carried).toEqual([]);
    addCode(file("aai"), "AAA.A");
    writeFileSync(manifestPath, readFileSync(manifestPath, "utf8").replace('"Cloud Virtual Machine"', '"Cloud Virtual Machine, renamed"'));
    const renamed = await run("2026-12-01");
    expect(renamed.carried).toEqual([]);
    expect(renamed.files!.get("README.md")).toContain("Cloud Virtual Machine, renamed");
  });

  it("builds every version again when the revision moves and the common codes have something deprecated: each version's catalogs import the common ones of every locale", async () => {
    // The common codes in English and Korean, and one service version from the catalog alone.
    const dir = tempDir("carry-common-docs");
    const sample = join(ROOT, "test/integration/sample/docs");
    const manifest = JSON.parse(readFileSync(join(sample, "sources.json"), "utf8")) as { pages: { path: string; sha256?: string }[]; services: Record<string, unknown> };
    manifest.pages = manifest.pages.filter((page) => page.path === "common/3.0/en.md" || page.path === "common/3.0/ko.md").map(({ sha256: _, ...page }) => page);
    manifest.services = {};
    const writeManifest = () => writeFileSync(join(dir, "sources.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    writeManifest();
    mkdirSync(join(dir, "common/3.0"), { recursive: true });
    for (const locale of ["en", "ko"]) cpSync(join(sample, `common/3.0/${locale}.md`), join(dir, `common/3.0/${locale}.md`));
    const stored = catalogPath(ZH, "aai", "v20180522");
    mkdirSync(join(dir, stored, ".."), { recursive: true });
    cpSync(join(ROOT, "docs", stored), join(dir, stored));
    const cacheDir = tempDir("carry-common-cache");
    let previous: string | undefined;
    const run = async (revision: string) => {
      const result = await generate({ docsDir: dir, cacheDir, previousSnapshot: previous, revision });
      const full = await generate({ docsDir: dir, previousSnapshot: previous, revision });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect([...result.files!]).toEqual([...full.files!]);
      previous = result.files!.get("snapshot.json");
      return result;
    };
    await run("2026-01-01");
    expect((await run("2026-01-01")).files!.get("aai/v20180522/messages.ts")).toContain("commonMessagesKo");

    // The Korean page goes, and a code leaves the English one: that code, deprecated, keeps its Korean message, and so the common codes keep Korean.
    manifest.pages = manifest.pages.filter((page) => page.path !== "common/3.0/ko.md");
    writeManifest();
    rmSync(join(dir, "common/3.0/ko.md"));
    const en = join(dir, "common/3.0/en.md");
    writeFileSync(en, readFileSync(en, "utf8").replace("| AuthFailure.MFAFailure | MFA failure |\n", ""));
    const dropped = await run("2026-01-01");
    expect(dropped.files!.get("aai/v20180522/messages.ts")).toContain("commonMessagesKo");
    expect(await run("2026-02-01")).toMatchObject({ carried: [] });
    // Past its deprecation the code goes, and Korean with it: aai's catalogs no longer import the Korean common ones.
    const expired = await run("2026-12-01");
    expect(expired.carried).toEqual([]);
    expect(expired.files!.get("aai/v20180522/messages.ts")).not.toContain("commonMessagesKo");
    // Nothing common deprecated any more: the revision moves, aai is carried.
    expect(await run("2027-01-01")).toMatchObject({ carried: ["aai@2018-05-22"] });
  });

  it("takes over nothing a damaged or hostile record names: a file outside its version's folder, another version's summary", async () => {
    const { dir, file } = docsWithCatalog("carry-hostile-docs");
    const cacheDir = tempDir("carry-hostile-cache");
    const first = await generate({ docsDir: dir, cacheDir });
    const previous = first.files!.get("snapshot.json");
    addCode(file("aai"), "AAA.AddedByTheTest");
    const full = await generate({ docsDir: dir, previousSnapshot: previous });
    // The record rewritten, its hashes right: cdb's first file placed outside its folder, cvm's summary named after cdb.
    const indexPath = join(cacheDir, "index.json");
    const index = JSON.parse(readFileSync(indexPath, "utf8")) as { entries: Record<string, [string, number, number, string]> };
    const pack = "2-0123456789ab.pack";
    let rewritten = 0;
    for (const [key, [name, at, length]] of Object.entries(index.entries)) {
      const entry = JSON.parse(readFileSync(join(cacheDir, "packs", name)).subarray(at, at + length).toString("utf8")) as { kind: string; value: { sets: Record<string, { files: string[][]; summary: { id: string } }> } };
      if (entry.kind !== "sets") continue;
      entry.value.sets["cdb@2017-03-20"]!.files[0]![0] = "cdb/v20170320/../../escaped.ts";
      entry.value.sets["cvm@2017-03-12"]!.summary.id = "cdb";
      const bytes = Buffer.from(JSON.stringify(entry));
      index.entries[key] = [pack, 0, bytes.length, createHash("sha256").update(bytes).digest("hex")];
      writeFileSync(join(cacheDir, "packs", pack), bytes);
      rewritten++;
    }
    expect(rewritten).toBe(1);
    writeFileSync(indexPath, JSON.stringify(index));
    const release = await generate({ docsDir: dir, cacheDir, previousSnapshot: previous });
    expect(release.carried).toEqual([]);
    expect(release.cacheDamaged).toBe(1);
    expect([...release.files!]).toEqual([...full.files!]);
  });
});

describe("--report summary", () => {
  it("reports per source (`--report summary`) what the snapshot of a full run holds", async () => {
    const { coverage, coverageMarkdown } = await import("../generator/run/report.js");
    const { dir } = docsWithCatalog("coverage-docs");
    const full = await generate({ docsDir: dir });
    const report = await generate({ docsDir: dir, parseOnly: true });
    const rows = coverage(report.model!);
    const sets = (JSON.parse(full.files!.get("snapshot.json")!) as { sets: Record<string, { kind: string; codes: Record<string, { from?: string; deprecated?: unknown }>; actions?: Record<string, { deprecated?: unknown; codes: Record<string, unknown> }> }> }).sets;
    const services = Object.entries(sets).filter(([, set]) => set.kind === "service");
    expect(rows.filter((row) => row.service !== "common" && row.service !== "legacy").map((row) => `${row.service}@${row.apiVersion}`)).toEqual(services.map(([key]) => key));
    for (const [key, set] of services) {
      const codes = Object.values(set.codes).filter((code) => code.deprecated === undefined);
      const actions = Object.values(set.actions ?? {}).filter((action) => action.deprecated === undefined);
      const row = rows.find((r) => `${r.service}@${r.apiVersion}` === key)!;
      const pairs = actions.flatMap((action) => Object.values(action.codes).filter((value) => typeof value === "string"));
      expect([row.codes, row.fromPages, row.fromCatalog, row.fromBoth, row.actions, row.pairs, row.pairsFromPages, row.pairsFromCatalog, row.pairsFromBoth], key).toEqual([
        codes.length,
        codes.filter((code) => code.from === "pages").length,
        codes.filter((code) => code.from === "catalog").length,
        codes.filter((code) => code.from === "pages catalog").length,
        actions.length,
        pairs.length,
        pairs.filter((from) => from === "pages").length,
        pairs.filter((from) => from === "catalog").length,
        pairs.filter((from) => from === "pages catalog").length,
      ]);
    }
    // Each source is there: codes and action-code pairs from the pages alone, the catalog alone and both.
    const fields = ["fromPages", "fromCatalog", "fromBoth", "pairsFromPages", "pairsFromCatalog", "pairsFromBoth"] as const;
    expect(fields.map((field) => rows.some((row) => row[field] > 0))).toEqual(fields.map(() => true));
    expect(coverageMarkdown(rows)).toContain(`| \`cdb\` | 2017-03-20 | TencentDB for MySQL | ${rows.find((row) => row.service === "cdb")!.codes} |`);
  });
});

describe("errors.go and client.go written back from docs/catalog/ (test/helpers/catalog.ts)", () => {
  it("read back as the same codes, descriptions and action lists, for every stored file", async () => {
    const { goFiles } = await import("./helpers/catalog.js");
    let files = 0;
    for (const repository of Object.keys(CATALOG_REPOSITORIES)) {
      const top = join(ROOT, "docs/catalog", repository);
      for (const service of readdirSync(top)) {
        for (const name of readdirSync(join(top, service))) {
          const stored = JSON.parse(readFileSync(join(top, service, name), "utf8"));
          const { errors, client } = goFiles(stored);
          const again = storedCatalog({ repository, commit: stored.commit, service, version: stored.version, errors: Buffer.from(errors), client: Buffer.from(client) });
          expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          const data = JSON.parse(again.text!);
          expect([data.codes, data.actions]).toEqual([stored.codes, stored.actions]);
          files++;
        }
      }
    }
    expect(files).toBeGreaterThanOrEqual(439);
  });
});

describe("a catalog file that is not text", () => {
  it("is refused with the line and column of its first invalid byte, and the stored file is kept", () => {
    const errors = Buffer.concat([Buffer.from("package v20180522\n\nconst (\n\t// "), Buffer.from([0xff]), Buffer.from("\n)\n")]);
    const result = storedCatalog({ repository: ZH, commit: "0".repeat(40), service: "aai", version: "v20180522", errors, client: fixture(ZH, "aai", "v20180522", "client.go") });
    expect(result.text).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "error", position: { file: "tencentcloud/aai/v20180522/errors.go", line: 4, column: 5 } })]);
  });
});
