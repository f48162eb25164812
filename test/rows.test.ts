import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { actionsModule } from "../generator/emit/actions.js";
import { codesModule } from "../generator/emit/codes.js";
import { messagesModule } from "../generator/emit/messages.js";
import { memberNames } from "../generator/emit/naming.js";
import { formatTypeScript } from "../generator/print/format.js";
import { prettierOptions } from "../generator/print/print.js";
import { printModules } from "./helpers/print.js";
import { fillRows, printKey, printString, rowLayout } from "../generator/print/fill-rows.js";
import { printSkeletons } from "../generator/print/print.js";
import type { ActionErrors, CodeSet, ErrorCode } from "../generator/model/types.js";

/** Files below `dir`, relative, without going into `dist/` or `node_modules/`. */
function sourcesBelow(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) return entry.name === "dist" || entry.name === "node_modules" ? [] : sourcesBelow(dir, `${path}/`);
    return entry.isFile() ? [path] : [];
  });
}

/**
 * Rows (enum members, catalog entries) are written in prettier's form
 * without going through prettier. These tests hold that form to prettier's
 * own output: prettier, run on the result with the project's config and the
 * `typescript` parser, must change nothing.
 */
const ROOT = new URL("../", import.meta.url).pathname;

const source = { file: "services/x/2020-01-01/en.md", line: 1, column: 1 };
function codeSet(codes: readonly { code: string; messages: Record<string, { message: string; fields?: Record<string, string> }> }[], numeric = false): CodeSet {
  const errorCodes: ErrorCode[] = codes.map(({ code, messages }) => ({
    code,
    actions: [],
    locales: Object.fromEntries(Object.entries(messages).map(([locale, m]) => [locale, { message: m.message, fields: m.fields ?? {}, links: [], source }])),
  }));
  const locales = [...new Set(codes.flatMap(({ messages }) => Object.keys(messages)))].sort();
  return numeric
    ? { kind: "legacy", id: "legacy", apiVersion: "2.0", codes: errorCodes, locales, sources: [source.file], numeric, actions: [] }
    : { kind: "service", id: "x", apiVersion: "2020-01-01", codes: errorCodes, locales, sources: [source.file], numeric, actions: [] };
}

const options = await prettierOptions();
const format = (text: string) => formatTypeScript(text, options);
/** The project's config, with prettier's own TypeScript parser. */
const CONFIG = { ...options, parser: "typescript" };

async function printAll(set: CodeSet): Promise<string[]> {
  const { names } = memberNames(set.id, set.codes);
  return printModules([codesModule(set, names, "../../"), ...set.locales.map((locale) => messagesModule(set, locale, "../../"))], format);
}

async function expectStable(set: CodeSet): Promise<void> {
  for (const text of await printAll(set)) expect(await prettier.format(text, CONFIG)).toBe(text);
}

// Characters prettier measures differently: wide (2 columns), combining (0), emoji (2), controls, quotes.
const TEXT_PIECES = ["a", "Z", " ", "中", "エ", "오", "😀", "👩‍💻", "\u0301", "\u200b", "\t", "\n", '"', "'", "\\", "`", "${", "*/", "\u2028", "\u00a0", "\u3000", "@"];
const text = fc.array(fc.oneof(fc.constantFrom(...TEXT_PIECES), fc.string({ maxLength: 3 })), { maxLength: 60 }).map((parts) => parts.join(""));
const code = fc.stringMatching(/^[\x21-\x7E]{1,40}$/);

describe("rows are written as prettier would write them", () => {
  it("prints strings and keys with prettier's quoting", () => {
    expect(printString('say "hi"')).toBe("'say \"hi\"'");
    expect(printString("it's")).toBe('"it\'s"');
    expect(printString("a\u2028b")).toBe('"a\\u2028b"');
    expect(printKey("InvalidParameter")).toBe("InvalidParameter");
    expect(printKey("a.b")).toBe('"a.b"');
    expect(printKey("4000")).toBe('"4000"');
    // A literal `__proto__` key would set the prototype.
    expect(printKey("__proto__")).toBe('["__proto__"]');
  });

  it("at the width limit: one line up to 100 columns, broken past it, wide characters counted as two", async () => {
    const entries = [];
    // `    "C.n": { message: "…" },` is 28 columns plus the message: 72 fits, 73 does not.
    for (let n = 60; n <= 80; n++) {
      entries.push({ code: `C.${n}`, messages: { en: { message: "x".repeat(n) } } });
      entries.push({ code: `W.${n}`, messages: { en: { message: "中".repeat(Math.floor(n / 2)) + "x".repeat(n % 2) } } });
      entries.push({ code: `F.${n}`, messages: { en: { message: "m".repeat(n), fields: { resolution: "r".repeat(n), name: "n".repeat(120) } } } });
    }
    const [, catalog] = await printAll(codeSet(entries));
    expect(catalog).toContain(`    "C.72": { message: "${"x".repeat(72)}" },\n`);
    expect(catalog).toContain(`    "C.73": {\n      message: "${"x".repeat(73)}",\n    },\n`);
    expect(catalog).toContain(`    "W.72": { message: "${"中".repeat(36)}" },\n`);
    expect(catalog).toContain(`    "W.73": {\n      message: "${"中".repeat(36)}x",\n    },\n`);
    expect(catalog).toContain(`      resolution:\n        "${"r".repeat(80)}",\n`);
    // A key shorter than five columns stays beside its value, however long.
    expect(catalog).toContain(`      name: "${"n".repeat(120)}",\n`);
    await expectStable(codeSet(entries));
  });

  it("with keys too long for their line: broken after the colon, at the exact width", async () => {
    // `    K…: {` is 7 columns plus the key: a key of 93 fits, 94 does not; quoted, 91 and 92.
    const bare = (n: number) => `K${"k".repeat(n - 1)}`;
    const dotted = (n: number) => `K.${"k".repeat(n - 2)}`;
    const codes = [92, 93, 94, 95, 120].flatMap((n) => [bare(n), dotted(n - 2)]);
    const entries = codes.map((c) => ({ code: c, messages: { en: { message: "a long key's message" } } }));
    const [, catalog] = await printAll(codeSet(entries));
    const kept = (key: string) => `    ${key}: {\n      message: "a long key's message",\n    },\n`;
    const broken = (key: string) => `    ${key}:\n      {\n        message: "a long key's message",\n      },\n`;
    expect(catalog).toContain(kept(bare(93)));
    expect(catalog).toContain(broken(bare(94)));
    expect(catalog).toContain(kept(`"${dotted(91)}"`));
    expect(catalog).toContain(broken(`"${dotted(92)}"`));
    await expectStable(codeSet(entries));
  });

  it("for the codes in order (a tuple type): on one line when it fits, else one code a line, at the exact widths", async () => {
    // `export type XCodeIndex = ["…"];` is 30 columns plus the code: 70 fits.
    const tuple = async (code: string) => {
      const [printed] = await printModules([actionsModule({ ...codeSet([{ code, messages: { en: { message: "m" } } }]), actions: [] }, "../../")], format);
      expect(await prettier.format(printed!, CONFIG)).toBe(printed);
      return printed!.slice(printed!.indexOf("export type XCodeIndex"), printed!.indexOf("\nconst positions"));
    };
    const code = (length: number) => "c".repeat(length);
    expect(await tuple(code(70))).toBe(`export type XCodeIndex = ["${code(70)}"];`);
    expect(await tuple(code(71))).toBe(`export type XCodeIndex = [\n  "${code(71)}",\n];`);
    expect(await tuple('say"hi"')).toBe(`export type XCodeIndex = ['say"hi"'];`);
  });

  it("for the categories (a union type): on one line when it fits, else on the next line, else a member a line, at the exact widths", async () => {
    const category = async (codes: readonly string[]) => {
      const [printed] = await printAll(codeSet(codes.map((code) => ({ code, messages: { en: { message: "m" } } }))));
      expect(await prettier.format(printed!, CONFIG)).toBe(printed);
      return printed!.slice(printed!.indexOf("export type XCategory"), printed!.indexOf("\n/** Every documented"));
    };
    const union = 'CommonCategory | XServiceCode | "';
    // `export type XCategory = ` is 24 columns, and the union 34 plus the prefix: a prefix of 41 fits; on the next line (2 columns in), one of 63.
    const prefix = (length: number) => "P".repeat(length);
    expect(await category([`${prefix(41)}.x`])).toBe(`export type XCategory = ${union}${prefix(41)}";`);
    expect(await category([`${prefix(42)}.x`])).toBe(`export type XCategory =\n  ${union}${prefix(42)}";`);
    expect(await category([`${prefix(63)}.x`])).toBe(`export type XCategory =\n  ${union}${prefix(63)}";`);
    expect(await category([`${prefix(64)}.x`])).toBe(`export type XCategory =\n  | CommonCategory\n  | XServiceCode\n  | "${prefix(64)}";`);
    // Every prefix short of a code, each once.
    expect(await category(["A.B.C", "A.D", "E"])).toBe('export type XCategory = CommonCategory | XServiceCode | "A" | "A.B";');
  });

  it("only where the placeholders are: a title that reads like one changes nothing", async () => {
    const title = "T\n$$rows$$,\n$$rows$$: 0,\nexport type XCategory = $$rows$$;\nx = $$rows$$;";
    const set = { ...codeSet([{ code: "A.B", messages: { en: { message: "m" } } }]), title };
    await expectStable(set);
    const [codes] = await printAll(set);
    expect(codes).toContain(" * $$rows$$,\n * $$rows$$: 0,\n * export type XCategory = $$rows$$;\n * x = $$rows$$; (`x`, API 2020-01-01).\n");
    expect(codes).toContain('  A_B = "A.B",\n');
    expect(codes).toContain('export type XCategory = CommonCategory | XServiceCode | "A";\n');
  });

  it("for random codes, messages and fields (fixed seed)", async () => {
    const entry = fc.record({
      code,
      messages: fc.dictionary(fc.constantFrom("en", "ja", "zh-CN"), fc.record({ message: text, fields: fc.dictionary(fc.constantFrom("resolution", "name", "httpStatus", "remarks"), text, { maxKeys: 2 }) }), { minKeys: 1, maxKeys: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entry, { selector: (e) => e.code, minLength: 1, maxLength: 12 }), async (entries) => {
        await expectStable(codeSet(entries));
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });

  it("for the errors of each action: positions on one line up to 100 columns, as many a line as fit past it, doc comments as prettier indents them", async () => {
    const deprecated = { since: "2026-12-01", until: "2027-05-30" };
    const many = Array.from({ length: 400 }, (_, i) => `E${String(i).padStart(4, "0")}`);
    const set = codeSet(many.map((code) => ({ code, messages: { en: { message: "m" } } })));
    const page = (name: string) => [`services/x/2020-01-01/actions/${name}/en.md`];
    const of = (count: number, step = 1) => Array.from({ length: count }, (_, i) => ({ code: many[i * step]! }));
    // `  Fits: [0],` is 12 columns: a key of 90 more fits, one of 91 does not; keys too long for `key: [` take the array below them.
    const actions: ActionErrors[] = [
      ...[85, 86, 90, 91, 92, 93, 95, 96, 97, 98, 99, 100].flatMap((length) => [
        { name: `K${"k".repeat(length - 1)}`, codes: of(1), sources: page("K") },
        { name: `L${"l".repeat(length - 1)}`, codes: of(2), sources: page("L") },
        { name: `M${"m".repeat(length - 1)}`, codes: of(40, 7), sources: page("M") },
      ]),
      { name: "Many", codes: of(12).map((code, i) => (i % 5 === 0 ? { ...code, deprecated } : code)), sources: [...page("Many"), "catalog/tencentcloud-sdk-go/x/v20200101.json"] },
      { name: "Wide", codes: of(200, 2), sources: page("Wide") },
      { name: "Gone", codes: [{ code: many[3]!, deprecated }], deprecated, sources: [] },
      { name: "None", codes: [], sources: page("None") },
      { name: "Linked", codes: of(3), sources: page("Linked"), url: "https://cloud.tencent.com/document/api/213/15728" },
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    const [printed] = await printModules([actionsModule({ ...set, actions }, "../../")], format);
    expect(printed).toContain("\n  Gone: [3],\n");
    expect(printed).toContain("\n  None: [],\n");
    expect(printed).toContain(`\n  ${"K" + "k".repeat(89)}: [0],\n`);
    expect(printed).toMatch(/\n {2}Wide: \[\n {4}0, 2, 4, [^\n]*,\n {4}\d/);
    expect(printed).toMatch(/\n {2}\/\*\*\n {3}\* Listed by the action's page and by the API catalog\.\n {3}\*\n {3}\* No longer listed, kept as deprecated:\n/);
    expect(printed).toContain("\n  /**\n   * Listed by the action's page.\n   *\n   * @see https://cloud.tencent.com/document/api/213/15728\n   */\n  Linked: [0, 1, 2],\n");
    expect(printed).toContain('\n  Linked: "https://cloud.tencent.com/document/api/213/15728",\n');
    expect(await prettier.format(printed!, CONFIG)).toBe(printed);
  });

  it("for random actions and codes (fixed seed)", async () => {
    const action = fc.record({
      name: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/),
      codes: fc.uniqueArray(fc.record({ code, deprecated: fc.option(fc.constant({ since: "2026-12-01", until: "2027-05-30" }), { nil: undefined }) }), { selector: (c) => c.code, maxLength: 8 }),
      gone: fc.boolean(),
      pages: fc.integer({ min: 0, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(action, { selector: (a) => a.name, minLength: 1, maxLength: 6 }), async (drawn) => {
        const actions: ActionErrors[] = drawn
          .map(({ name, codes, gone, pages }) => ({
            name,
            codes: codes.map(({ code, deprecated }) => (deprecated ? { code, deprecated } : { code })),
            ...(gone && { deprecated: { since: "2026-12-01", until: "2027-05-30" } }),
            sources: Array.from({ length: pages }, (_, i) => `services/x/2020-01-01/actions/${name}/${["en", "ja", "zh-CN"][i]}.md`),
          }))
          .sort((a, b) => (a.name < b.name ? -1 : 1));
        const codes = [...new Set(["A", ...actions.flatMap((a) => a.codes.map((c) => c.code))])].sort().map((c) => ({ code: c, messages: { en: { message: "m" } } }));
        const [printed] = await printModules([actionsModule({ ...codeSet(codes), actions }, "../../")], format);
        expect(await prettier.format(printed!, CONFIG)).toBe(printed);
      }),
      { numRuns: 60, seed: 20261202 },
    );
  });

  it("for numeric (legacy) codes", async () => {
    await expectStable(codeSet([{ code: "-1", messages: { en: { message: "x" } } }, { code: "4000", messages: { en: { message: 'y "z"' } } }], true));
  });

  it("in the committed output: every file of the integration cases, and of generated/ the shared modules and every eighth service", async () => {
    // Formatting all of generated/ (some 2,900 modules) took 21 s of the suite; every module kind is in an eighth of the services.
    const services = readdirSync(join(ROOT, "generated"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !["dist", "node_modules", "runtime", "common", "legacy"].includes(entry.name))
      .map((entry) => entry.name)
      .sort();
    const sampled = new Set(services.filter((_, i) => i % 8 === 0));
    for (const service of ["cvm", "cdb", "redis"]) sampled.add(service);
    const inSample = (dir: string, file: string) => !dir.endsWith("/generated") || dir.includes("/test/integration/") || !file.includes("/") || !services.includes(file.split("/")[0]!) || sampled.has(file.split("/")[0]!);
    const dirs = [join(ROOT, "generated"), ...readdirSync(join(ROOT, "test/integration")).map((name) => join(ROOT, "test/integration", name, "generated"))];
    let checked = 0;
    for (const dir of dirs) {
      // Not into a build (another test may be making one there).
      for (const file of sourcesBelow(dir)) {
        if (!file.endsWith(".ts") || !inSample(dir, file)) continue;
        const text = readFileSync(join(dir, file), "utf8");
        expect(await prettier.format(text, CONFIG), file).toBe(text);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
  });
});

describe("the layout of rows comes from the project's prettier config", () => {
  it("takes the print width from the config, and agrees with prettier at another width", async () => {
    expect(rowLayout(options)).toEqual({ printWidth: options.printWidth });
    const narrow = { ...options, printWidth: 60 };
    const set = codeSet([
      { code: "FailedOperation.SomethingRatherLong", messages: { en: { message: "A message long enough to be laid out over several lines at sixty columns.", fields: { resolution: "Try again later, or ask the support to look at it." } } } },
      { code: "Short", messages: { en: { message: "x" } } },
    ]);
    const { names } = memberNames(set.id, set.codes);
    const modules = [codesModule(set, names, "../../"), messagesModule(set, "en", "../../")];
    const skeletons = await printSkeletons(
      modules.map(({ structure }) => structure),
      (text) => formatTypeScript(text, narrow),
    );
    for (const [i, skeleton] of skeletons.entries()) {
      const text = fillRows(skeleton, modules[i]!.rows ?? [], rowLayout(narrow));
      expect(await prettier.format(text, { ...narrow, parser: "typescript" })).toBe(text);
      // Laid out otherwise at the project's width: the width is the config's, not a copy of it.
      if (i === 1) expect(text).not.toBe(fillRows(skeleton, modules[i]!.rows ?? [], rowLayout(options)));
    }
  });

  it.each([
    ["tabWidth", 4],
    ["useTabs", true],
    ["singleQuote", true],
    ["trailingComma", "es5"],
  ])("refuses a config that sets %s to %j, which the writer does not follow", (option, value) => {
    expect(() => rowLayout({ ...options, [option]: value })).toThrow(`the prettier config sets ${option}`);
  });
});
