import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePage } from "../generator/parse/page.js";
import type { Snapshot } from "../generator/model/snapshot.js";
import { generate, type GenerateResult } from "../generator/run/generate.js";
import { OutputFolder } from "../generator/run/output.js";
import { docsManifest, readTree, ROOT, type ManifestEntry as Entry } from "./helpers/generate.js";
import { actionPageCodes, readCodeCell, spacedCode } from "./helpers/reading.js";

/**
 * The whole of docs/ (about 1,700 pages), generated once: the committed
 * output must be exactly what it produces, and what it produces must be what
 * the pages say. Every other test works on small fixtures.
 */
const DOCS = join(ROOT, "docs");

const manifest = docsManifest();
const page = (path: string) => readFileSync(join(DOCS, path), "utf8");
const setKey = (entry: Entry) => `${entry.service}@${entry.apiVersion}`;
/** The locale of a page of docs/, from its name (`ja.2.md` → `ja`). */
const localeOf = (path: string) => path.slice(path.lastIndexOf("/") + 1).replace(/(\.\d+)?\.md$/, "");

/**
 * What the locales of one set of pages lack (as a person compares them): for
 * each locale, each code another locale's pages list and its pages do not,
 * with the first of its pages in path order.
 */
function lackingCodes(pages: Iterable<readonly [path: string, codes: ReadonlySet<string>]>): [first: string, code: string][] {
  const byLocale = new Map<string, { first: string; codes: Set<string> }>();
  for (const [path, codes] of [...pages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const entry = byLocale.get(localeOf(path)) ?? byLocale.set(localeOf(path), { first: path, codes: new Set() }).get(localeOf(path))!;
    for (const code of codes) entry.codes.add(code);
  }
  const all = new Set([...byLocale.values()].flatMap(({ codes }) => [...codes]));
  return [...byLocale.values()].flatMap(({ first, codes }) => [...all].filter((code) => !codes.has(code)).sort().map((code): [string, string] => [first, code]));
}

let result: GenerateResult;
let snapshot: Snapshot;

beforeAll(async () => {
  // With DOC2ERRORS_CACHE_DIR, through the cache a generate of the same docs filled (the regenerate workflow's test does so: it ran generate just before).
  const cacheDir = process.env["DOC2ERRORS_CACHE_DIR"] || undefined;
  result = await generate({ docsDir: DOCS, previousSnapshot: readFileSync(join(ROOT, "generated/snapshot.json"), "utf8"), cacheDir, output: OutputFolder.forReading(join(ROOT, "generated"), "generated") });
  snapshot = JSON.parse(result.files!.get("snapshot.json")!) as Snapshot;
}, 300_000);

describe("generated/ (golden)", () => {
  it("is exactly what docs/ produces", () => {
    expect(result.files).toBeDefined();
    expect(Object.fromEntries(result.files!)).toEqual(Object.fromEntries(readTree(join(ROOT, "generated"))));
  });

  it("has no error: warnings only, which a run shows unless docs/reviewed-warnings.json holds them", () => {
    // What the warnings are depends on the docs (it changes with them): test/known-warnings.test.ts holds the known ones of real pages.
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("says where the locales of one service version's error-code pages list different codes, naming each code each lacks", () => {
    // The rows of each locale's error-code pages (their own tables, not the common ones), page by page, by service version.
    const bySet = new Map<string, [string, Set<string>][]>();
    for (const entry of manifest.pages.filter((p) => p.kind === "service")) {
      const parsed = parsePage(entry.path, readFileSync(join(DOCS, entry.path)));
      const codes = new Set(parsed.errorTables.filter((t) => t.section !== "common").flatMap((table) => table.rows.map((row) => row.code)));
      (bySet.get(setKey(entry)) ?? bySet.set(setKey(entry), []).get(setKey(entry))!).push([entry.path, codes]);
    }
    const expected = [...bySet.values()].flatMap((pages) => lackingCodes(pages).map(([first, code]) => `${first} ${code}`));
    const reported = result.diagnostics
      .filter((d) => d.code === "D2E304" && !d.position.file.includes("/actions/"))
      .map((d) => `${d.position.file} ${/ lack "(.*)", which /.exec(d.message)![1]}`);
    expect(reported.sort()).toEqual(expected.sort());
  });

  it("holds no timestamps, absolute paths or version numbers", () => {
    for (const [path, content] of result.files!) {
      expect(content, path).not.toContain(ROOT);
      expect(content, path).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(content, path).not.toMatch(/doc2errors v?\d+\.\d+/);
      if (path === "package.json") expect(JSON.parse(content)["//"]).toContain("DO NOT EDIT");
      else if (path === "snapshot.json") expect(JSON.parse(content).revision).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      else if (path.endsWith(".md")) expect(content.startsWith("<!-- Generated by doc2errors"), path).toBe(true);
      else if (path === "LICENSE") expect(content).toBe(readFileSync(join(ROOT, "LICENSE"), "utf8"));
      // The catalog's license, as its repositories publish it (docs/catalog/LICENSE), after what the package takes from each source.
      else if (path === "NOTICE") expect(content.endsWith(`\n${"-".repeat(76)}\n\n${readFileSync(join(ROOT, "docs/catalog/LICENSE"), "utf8")}`)).toBe(true);
      else {
        // The banner speaks to a user of the package: where the file comes from, where to report a wrong message; nothing asks them to run this project's commands.
        // The command's `#!` line alone comes before it.
        const banner = path === "cli/bin.ts" ? content.replace(/^#!\/usr\/bin\/env node\n/, "") : content;
        expect(banner.startsWith("// Code generated by doc2errors from the Tencent Cloud API documentation. DO NOT EDIT.\n"), path).toBe(true);
        expect(content, path).toContain("\n// A message that is wrong or missing: https://github.com/doc2errors/doc2errors/issues\n");
      }
      expect(content, path).not.toContain("npm run generate");
    }
  });

  it("has a module for every service of docs/, at its newest version", () => {
    const services = [...new Set(manifest.pages.filter((p) => p.kind === "service" || p.kind === "action").map((p) => p.service))].sort();
    expect(services.length).toBeGreaterThanOrEqual(33);
    for (const service of services) {
      expect(result.files!.has(`${service}/index.ts`), service).toBe(true);
      expect(Object.keys(manifest.services), "every service has a title").toContain(service);
    }
  });
});

describe("what docs/ says, read independently", () => {
  // Every action page's codes, read line by line as a person reads them (test/helpers/reading.ts).
  const actions = new Map<string, Map<string, Set<string>>>();
  const spaced = new Map<string, string[]>();
  for (const entry of manifest.pages.filter((p) => p.kind === "action")) {
    const key = `${setKey(entry)} ${entry.action}`;
    if (!actions.has(key)) actions.set(key, new Map());
    const codes = actionPageCodes(page(entry.path));
    actions.get(key)!.set(entry.path, new Set((codes ?? []).flatMap((cell) => readCodeCell(cell) ?? [])));
    spaced.set(entry.path, (codes ?? []).flatMap((cell) => (readCodeCell(cell) === undefined ? (spacedCode(cell) ?? []) : [])));
  }
  // A code written with a stray space is the code the same action's page in another language lists.
  for (const pages of actions.values()) {
    for (const [path, codes] of pages) {
      for (const code of spaced.get(path)!) {
        if ([...pages].some(([other, listed]) => localeOf(other) !== localeOf(path) && listed.has(code))) codes.add(code);
      }
    }
  }

  it("says exactly where the locales of an action list different codes, naming each code each lacks", () => {
    const expected = [...actions].flatMap(([key, pages]) => lackingCodes(pages).map(([first, code]) => `${first} ${key.split(" ")[1]} ${code}`));
    const reported = result.diagnostics
      .filter((d) => d.code === "D2E304" && d.position.file.includes("/actions/"))
      .map((d) => `${d.position.file} ${/action (\w+)/.exec(d.message)![1]} ${/ lack "(.*)", which /.exec(d.message)![1]}`);
    expect(reported.sort()).toEqual(expected.sort());
  });

  it("every action page has an error table", () => {
    for (const entry of manifest.pages.filter((p) => p.kind === "action")) expect(actionPageCodes(page(entry.path)), entry.path).toBeDefined();
  });

  it("gives each action exactly the codes its pages list, and keeps what they no longer list as deprecated", () => {
    expect(actions.size).toBeGreaterThan(800);
    for (const [key, pages] of actions) {
      const [set, action] = key.split(" ") as [string, string];
      const listed = [...new Set([...pages.values()].flatMap((codes) => [...codes]))].sort();
      const codes = snapshot.sets[set]?.actions?.[action];
      expect(codes?.deprecated, key).toBeUndefined();
      // A code no page lists any more stays for a while, deprecated (README, "Keeping up with the docs"); the API catalog lists more.
      const generated = Object.entries(codes?.codes ?? {}).filter(([, from]) => from === "pages" || from === "pages catalog").map(([code]) => code).sort();
      expect(generated, key).toEqual(listed);
      // Where: its pages, named.
      expect(codes?.pages, key).toEqual([...pages.keys()].sort());
      if (pages.size === 1) expect(generated, [...pages.keys()][0]).toEqual([...[...pages.values()][0]!].sort());
    }
    // No action the docs do not describe (its pages, the API catalog), but those no longer documented, deprecated.
    const generatedActions = Object.entries(snapshot.sets).flatMap(([set, s]) => Object.entries(s.actions ?? {}).map(([a, entry]) => [`${set} ${a}`, entry] as const));
    const documented = new Set([...actions.keys(), ...catalogActions.keys()]);
    expect(generatedActions.filter(([, entry]) => entry.deprecated === undefined).map(([key]) => key).sort()).toEqual([...documented].sort());
    for (const [key, entry] of generatedActions) if (entry.deprecated !== undefined) expect(documented.has(key), key).toBe(false);
  });

  it("gives each service version the union of its pages' codes", () => {
    const expected = new Map<string, Set<string>>();
    const add = (key: string, codes: Iterable<string>) => {
      if (!expected.has(key)) expected.set(key, new Set());
      for (const code of codes) expected.get(key)!.add(code);
    };
    for (const [key, pages] of actions) add(key.split(" ")[0]!, [...pages.values()].flatMap((codes) => [...codes]));
    // Error-code pages: the rows of their own (not common) tables; and, of each code, the pages that list it.
    const listedBy = new Map<string, string[]>();
    for (const entry of manifest.pages.filter((p) => p.kind === "service")) {
      const parsed = parsePage(entry.path, readFileSync(join(DOCS, entry.path)));
      const own = parsed.errorTables.filter((table) => table.section !== "common").flatMap((table) => table.rows.map((row) => row.code));
      add(setKey(entry), own);
      for (const code of new Set(own)) listedBy.set(`${setKey(entry)} ${code}`, [...(listedBy.get(`${setKey(entry)} ${code}`) ?? []), entry.path]);
    }
    for (const [key, codes] of expected) {
      const generated = Object.entries(snapshot.sets[key]!.codes).filter(([, code]) => code.from?.startsWith("pages")).map(([code]) => code);
      expect(generated.sort(), key).toEqual([...codes].sort());
      // Where: the error-code pages that list each code (an action's pages are the action's, above).
      for (const [code, entry] of Object.entries(snapshot.sets[key]!.codes)) expect(entry.pages, `${key} ${code}`).toEqual(listedBy.get(`${key} ${code}`)?.sort());
    }
    // Every service version is one the pages or the catalog document (but those no longer documented, kept deprecated for a while).
    const documented = Object.entries(snapshot.sets).filter(([key, set]) => key.includes("@") && set.deprecated === undefined).map(([key]) => key);
    expect(documented.sort()).toEqual([...new Set([...expected.keys(), ...catalogSets.keys()])].sort());
  });
});

/** The stored API catalog (docs/catalog/), read as plain JSON. */
const catalogFiles = readdirSync(join(DOCS, "catalog"), { recursive: true, encoding: "utf8" })
  .filter((path) => path.endsWith(".json"))
  .map((path) => JSON.parse(readFileSync(join(DOCS, "catalog", path), "utf8")) as { locale: string; service: string; version: string; codes: Record<string, string>; actions: Record<string, string[]> });
const keyOf = (file: { service: string; version: string }) => `${file.service}@${file.version.slice(1, 5)}-${file.version.slice(5, 7)}-${file.version.slice(7)}`;
const catalogSets = new Map<string, (typeof catalogFiles)[number][]>();
for (const file of catalogFiles) catalogSets.set(keyOf(file), [...(catalogSets.get(keyOf(file)) ?? []), file]);
const catalogActions = new Map<string, Set<string>>();
for (const file of catalogFiles) {
  for (const [action, codes] of Object.entries(file.actions)) {
    const key = `${keyOf(file)} ${action}`;
    catalogActions.set(key, new Set([...(catalogActions.get(key) ?? []), ...codes]));
  }
}
/** A description as a reader sees it: markdown links and code spans as their text (the forms the catalog uses). */
const plain = (markdown: string) => markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`([^`]*)`/g, "$1").replace(/\s+/g, " ").trim();

describe("the API catalog in the output, every service version", () => {
  it("adds at most 25 MB to docs/ (its budget): its stored form, not the Go sources", () => {
    const dir = join(ROOT, "docs/catalog");
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const bytes = files.reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
    expect(files.length).toBeGreaterThanOrEqual(catalogSets.size);
    expect(bytes).toBeLessThanOrEqual(25_000_000);
  });

  it("has every stored service version", () => {
    expect(catalogSets.size).toBeGreaterThanOrEqual(289);
    for (const [key, files] of catalogSets) {
      const [service, version] = [files[0]!.service, files[0]!.version];
      expect(snapshot.sets[key], key).toBeDefined();
      expect(result.files!.has(`${service}/${version}/codes.ts`), key).toBe(true);
      expect(result.files!.has(`${service}/index.ts`), service).toBe(true);
    }
  });

  it("has each catalog code, said to come from the catalog, with its description where the pages give none in that language", () => {
    let fromCatalog = 0;
    let plainDescriptions = 0;
    for (const file of catalogFiles) {
      const set = snapshot.sets[keyOf(file)]!;
      const codesModule = result.files!.get(`${file.service}/${file.version}/codes.ts`)!;
      for (const [code, description] of Object.entries(file.codes)) {
        const entry = set.codes[code];
        expect(entry?.from, `${keyOf(file)} ${code}`).toMatch(/catalog$/);
        expect(codesModule, code).toContain(JSON.stringify(code));
        const message = entry!.messages[file.locale];
        if (entry!.catalog?.split(" ").includes(file.locale)) {
          fromCatalog++;
          // Plain text is the message as it is; links and code spans are read to their text (emphasis, HTML and escapes are remark's to read: test/catalog.test.ts).
          if (/^[^[\]`*_<>&\\]*$/.test(description)) plainDescriptions++;
          if (/^[^*_<>&\\]*$/.test(description)) expect(message, `${keyOf(file)} ${code} ${file.locale}`).toBe(plain(description));
          else expect(message, `${keyOf(file)} ${code} ${file.locale}`).not.toBe("");
        } else {
          // The pages' wording, in that language, came first.
          expect(entry!.from, `${keyOf(file)} ${code}`).toBe("pages catalog");
          expect(message, `${keyOf(file)} ${code}`).toBeDefined();
        }
      }
    }
    expect(fromCatalog).toBeGreaterThan(20_000);
    expect(plainDescriptions).toBeLessThan(fromCatalog);
  });

  it("gives each action at least the codes the catalog lists for it, each said to come from the catalog", () => {
    let pairs = 0;
    for (const [key, codes] of catalogActions) {
      const [set, action] = key.split(" ") as [string, string];
      const generated = snapshot.sets[set]!.actions![action]!;
      for (const code of codes) {
        expect(generated.codes[code], `${key} ${code}`).toMatch(/catalog$/);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(128_000);
  });
});

describe("the overview pages in the output", () => {
  /** Each row `| [Action](page) | … |` of an overview page, as a person reads it: the action and its page, relative links on cloud.tencent.com. */
  const links = (text: string) =>
    [...text.matchAll(/^\|\s*\[([A-Z][A-Za-z0-9]*)\]\(((?:https:\/\/cloud\.tencent\.com)?\/document\/api\/\d+\/\d+)\)\s*\|/gm)].map(
      ([, action, url]) => [action!, url!.startsWith("/") ? `https://cloud.tencent.com${url}` : url!] as const,
    );

  it("gives each action of a service version the page its first overview page (in path order) links, and no other action a page", () => {
    const expected = new Map<string, string>();
    const overviews = manifest.pages.filter((entry) => entry.kind === "overview").sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(overviews.length).toBeGreaterThanOrEqual(59);
    for (const entry of overviews) {
      for (const [action, url] of links(page(entry.path))) {
        const key = `${setKey(entry)} ${action}`;
        if (!expected.has(key)) expected.set(key, url);
      }
    }
    let linked = 0;
    let linkedWithPages = 0;
    for (const [key, set] of Object.entries(snapshot.sets)) {
      for (const [action, errors] of Object.entries(set.actions ?? {})) {
        expect(errors.url, `${key} ${action}`).toBe(expected.get(`${key} ${action}`));
        if (errors.url === undefined) continue;
        linked++;
        if (Object.values(errors.codes).some((from) => typeof from === "string" && from.includes("pages"))) linkedWithPages++;
        // An action's entry in actions.ts says where its page is.
        const [service, version] = [key.slice(0, key.indexOf("@")), `v${key.slice(key.indexOf("@") + 1).replace(/-/g, "")}`];
        const pages = result.files!.get(`${service}/${version}/actions.ts`)!.split("ActionPages:")[1]!.replace(/\s+/g, " ");
        expect(pages, `${key} ${action}`).toContain(` ${action}: ${JSON.stringify(errors.url)},`);
      }
    }
    expect(linked).toBeGreaterThan(790);
    expect(linkedWithPages).toBeGreaterThan(770);
  });
});
