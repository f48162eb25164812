import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { actionsModule } from "../generator/emit/actions.js";
import { codesModule } from "../generator/emit/codes.js";
import { messagesModule } from "../generator/emit/messages.js";
import { memberNames } from "../generator/emit/naming.js";
import { formatTypeScript } from "../generator/emit/format.js";
import { prettierOptions } from "../generator/emit/print.js";
import { printModules } from "./helpers/print.js";
import { printKey, printString } from "../generator/emit/fill-rows.js";
import type { ActionErrors, CodeSet, ErrorCode } from "../generator/model/types.js";

/**
 * Rows (enum members, catalog entries) are written in prettier's form
 * without going through prettier. These tests hold that form to prettier's
 * own output: prettier, run on the result with the project's config and the
 * `typescript` parser, must change nothing.
 */
const CONFIG = { printWidth: 100, endOfLine: "lf" as const, parser: "typescript" };
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

  it("for the union of categories: on one line, below its head, or one member a line, at the exact widths", async () => {
    // `export type XCategory = CommonCategory | "…";` is 44 columns plus the code: 56 fits;
    // `  CommonCategory | "…";` is 22 columns plus the code: 78 fits below the head.
    const union = async (code: string) => {
      const set = codeSet([{ code, messages: { en: { message: "m" } } }]);
      await expectStable(set);
      const [codes] = await printAll(set);
      return codes!.slice(codes!.indexOf("export type XCategory"), codes!.indexOf("/** Every documented x code"));
    };
    const code = (length: number) => "c".repeat(length);
    expect(await union(code(56))).toBe(`export type XCategory = CommonCategory | "${code(56)}";\n`);
    for (const length of [57, 78]) expect(await union(code(length))).toBe(`export type XCategory =\n  CommonCategory | "${code(length)}";\n`);
    expect(await union(code(79))).toBe(`export type XCategory =\n  | CommonCategory\n  | "${code(79)}";\n`);
    // Quotes as prettier prefers them.
    expect(await union('say"hi"')).toBe(`export type XCategory = CommonCategory | 'say"hi"';\n`);
  });

  it("only where the placeholders are: a title that reads like one changes nothing", async () => {
    const title = "T\n$$rows$$,\n$$rows$$: 0,\nexport type XCategory = $$rows$$;\nx = $$rows$$;";
    const set = { ...codeSet([{ code: "A.B", messages: { en: { message: "m" } } }]), title };
    await expectStable(set);
    const [codes] = await printAll(set);
    expect(codes).toContain(" * $$rows$$,\n * $$rows$$: 0,\n * export type XCategory = $$rows$$;\n * x = $$rows$$; (`x`, API 2020-01-01).\n");
    expect(codes).toContain('  A_B = "A.B",\n');
    expect(codes).toContain('export type XCategory = CommonCategory | "A" | "A.B";\n');
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

  it("for the errors of each action: one line up to 100 columns, one code a line past it, doc comments as prettier indents them", async () => {
    const deprecated = { since: "2026-12-01", until: "2027-05-30" };
    const codes = (n: number, width: number) => Array.from({ length: n }, (_, i) => `E.${String(i).padStart(width - 2, "x")}`);
    // `  Fits: ["…"],` is 13 columns plus the code: 87 fits, 88 does not.
    const actions: ActionErrors[] = [
      { name: "Fits", codes: codes(1, 87).map((code) => ({ code })), sources: ["services/x/2020-01-01/actions/Fits/en.md"] },
      { name: "Over", codes: codes(1, 88).map((code) => ({ code })), sources: ["services/x/2020-01-01/actions/Over/en.md"] },
      { name: "Many", codes: codes(12, 10).map((code, i) => (i % 5 === 0 ? { code, deprecated } : { code })), sources: ["services/x/2020-01-01/actions/Many/en.md", "services/x/2020-01-01/actions/Many/ja.md"] },
      { name: "Gone", codes: [{ code: 'Q."quoted"', deprecated }], deprecated, sources: [] },
      { name: "None", codes: [], sources: ["services/x/2020-01-01/actions/None/en.md"] },
    ];
    const [printed] = await printModules([actionsModule({ ...codeSet([{ code: "A", messages: { en: { message: "m" } } }]), actions }, "../../")], format);
    expect(printed).toContain(`\n  Fits: ["${codes(1, 87)[0]}"],\n`);
    expect(printed).toContain(`\n  Over: [\n    "${codes(1, 88)[0]}",\n  ],\n`);
    expect(printed).toContain(`\n  Gone: ['Q."quoted"'],\n`);
    expect(printed).toContain("\n  None: [],\n");
    expect(printed).toMatch(/\n {2}\/\*\* The codes `Many` may return \(common codes aside\), listed by the action's page\.\n {3}\*\n {3}\* No longer listed, kept as deprecated:\n/);
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
        const [printed] = await printModules([actionsModule({ ...codeSet([{ code: "A", messages: { en: { message: "m" } } }]), actions }, "../../")], format);
        expect(await prettier.format(printed!, CONFIG)).toBe(printed);
      }),
      { numRuns: 60, seed: 20261202 },
    );
  });

  it("for numeric (legacy) codes", async () => {
    await expectStable(codeSet([{ code: "-1", messages: { en: { message: "x" } } }, { code: "4000", messages: { en: { message: 'y "z"' } } }], true));
  });

  it("everywhere in the committed output", async () => {
    const dirs = [join(ROOT, "generated"), ...readdirSync(join(ROOT, "test/integration")).map((name) => join(ROOT, "test/integration", name, "generated"))];
    let checked = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts") || /^(dist|node_modules)\//.test(file)) continue;
        const text = readFileSync(join(dir, file), "utf8");
        expect(await prettier.format(text, CONFIG), file).toBe(text);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(90);
  });
});
