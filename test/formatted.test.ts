import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { codesModule } from "../generator/emit/codes.js";
import { messagesModule } from "../generator/emit/messages.js";
import { memberNames } from "../generator/emit/naming.js";
import { formatTypeScript } from "../generator/emit/format.js";
import { prettierOptions, printModules } from "../generator/emit/print.js";
import { printKey, printString } from "../generator/emit/text.js";
import type { CodeSet, ErrorCode } from "../generator/model/types.js";

/**
 * Printed modules are formatted with prettier's `babel-ts` parser, their keys
 * and strings written as prettier quotes them (`printKey`, `printString`).
 * These tests hold the result to prettier's own output with the project's
 * config and the `typescript` parser: run on it, prettier changes nothing.
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

async function printAll(set: CodeSet): Promise<string[]> {
  const options = await prettierOptions();
  const format = (text: string) => formatTypeScript(text, options);
  const { names } = memberNames(set.id, set.codes);
  const structures = [codesModule(set, names, "../../"), ...set.locales.map((locale) => messagesModule(set, locale, "../../"))];
  return printModules(structures.map((structure) => ({ structure })), format);
}

async function expectStable(set: CodeSet): Promise<void> {
  for (const text of await printAll(set)) expect(await prettier.format(text, CONFIG)).toBe(text);
}

// Characters prettier measures differently: wide (2 columns), combining (0), emoji (2), controls, quotes.
const TEXT_PIECES = ["a", "Z", " ", "中", "エ", "오", "😀", "👩‍💻", "\u0301", "\u200b", "\t", "\n", '"', "'", "\\", "`", "${", "*/", "\u2028", "\u00a0", "\u3000", "@"];
const text = fc.array(fc.oneof(fc.constantFrom(...TEXT_PIECES), fc.string({ maxLength: 3 })), { maxLength: 60 }).map((parts) => parts.join(""));
const code = fc.stringMatching(/^[\x21-\x7E]{1,40}$/);

describe("printed modules are as prettier formats them", () => {
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
