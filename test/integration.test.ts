import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { placeOf } from "../generator/emit/layout.js";
import { formatDiagnostic } from "../generator/model/diagnostics.js";
import { expectJsonFile, UPDATE } from "./helpers/fixtures.js";
import { generateFrom, goldenTree, isSharedFile, readTree, tempDir, typecheck, writeTree } from "./helpers/generate.js";

/**
 * Each folder under test/integration/ holds `docs/` (input), `generated/`
 * (the committed output, but for the files every output holds as they are:
 * the runtime and the command's code, whose one copy is the repository's
 * `generated/`) and `diagnostics.json`. The test regenerates and compares;
 * UPDATE=1 rewrites the committed output for review.
 */
const CASES = new URL("./integration/", import.meta.url).pathname;

describe.each(readdirSync(CASES).sort())("integration case %s", (name) => {
  const dir = join(CASES, name);

  it("regenerates exactly the committed output", async () => {
    const result = await generateFrom(join(dir, "docs"));
    expect(result.files, result.diagnostics.map((d) => formatDiagnostic(d)).join("\n")).toBeDefined();
    expectJsonFile(join(dir, "diagnostics.json"), result.diagnostics.map((d) => formatDiagnostic(d)));
    const own = new Map([...result.files!].filter(([path]) => !isSharedFile(path)));
    if (UPDATE) writeTree(join(dir, "generated"), own);
    expect(Object.fromEntries(own)).toEqual(Object.fromEntries(readTree(join(dir, "generated"))));
    // The shared files, as the repository's generated/ holds them.
    const shared = [...result.files!.keys()].filter(isSharedFile);
    expect(shared).toContain("runtime/error.ts");
    expect(Object.fromEntries([...result.files!].filter(([path]) => isSharedFile(path)))).toEqual(
      Object.fromEntries([...goldenTree(dir)].filter(([path]) => isSharedFile(path))),
    );
  });

  it("imports at run time and holds exactly the text of the docs", async () => {
    const { model } = await generateFrom(join(dir, "docs"));
    // The committed output, whole (the shared files from generated/).
    const whole = tempDir(`${name}-whole`);
    writeTree(whole, goldenTree(dir));
    for (const set of [model!.common, ...(model!.legacy ? [model!.legacy] : []), ...model!.services]) {
      const folder = join(whole, placeOf(set).folder);
      const codes = await import(join(folder, "codes.ts"));
      const enumValues = Object.values(codes[`${set.id[0]!.toUpperCase()}${set.id.slice(1)}ErrorCode`] as object);
      for (const { code } of set.codes) expect(enumValues).toContain(set.numeric ? Number(code) : code);
      for (const locale of set.locales) {
        const module = await import(join(folder, `messages.${locale}.ts`));
        const catalog = Object.values(module)[0] as { locale: string; messages: Record<string, unknown> };
        expect(catalog.locale).toBe(locale);
        const expected = Object.fromEntries(
          set.codes.flatMap(({ code, locales }) =>
            locales[locale]
              ? [[code, { message: locales[locale]!.message, ...locales[locale]!.fields, ...(locales[locale]!.links.some((link) => /^https?:\/\//.test(link)) && { links: [...new Set(locales[locale]!.links.filter((link) => /^https?:\/\/\S+$/.test(link)))].join(" ") }) }]]
              : [],
          ),
        );
        expect(Object.getPrototypeOf(catalog.messages)).toBe(Object.prototype);
        expect(Object.keys(catalog.messages).sort()).toEqual(Object.keys(expected).sort());
        for (const [code, entry] of Object.entries(expected)) expect(catalog.messages[code]).toEqual(entry);
      }
      if (set.kind !== "service") continue;
      // Each action's codes, as the model has them.
      const actions = await import(join(folder, "actions.ts"));
      const actionCodes = actions[`${set.id}ActionCodes`] as Record<string, readonly string[]>;
      expect(Object.keys(actionCodes)).toEqual(set.actions.map((action) => action.name));
      for (const action of set.actions) expect(actionCodes[action.name]).toEqual(action.codes.map(({ code }) => code));
      // Each action's page, as the model has it.
      expect(actions[`${set.id}ActionPages`]).toEqual(Object.fromEntries(set.actions.flatMap((action) => (action.url === undefined ? [] : [[action.name, action.url]]))));
    }
  });

  it("holds no raw control or bidirectional control character (they are escapes in literals and comments)", () => {
    for (const [path, content] of goldenTree(dir)) {
      expect(content, path).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    }
  });

  it("type-checks under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and isolatedModules", async () => {
    const out = tempDir(name);
    writeTree(out, goldenTree(dir));
    expect(typecheck(out)).toEqual([]);
  });
});
