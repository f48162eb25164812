import { join } from "node:path";
import fc from "fast-check";
import * as tsMorph from "ts-morph";
import { printStructure, type SourceFileStructure } from "ts-morph";
import { describe, expect, it } from "vitest";
import { actionsModule } from "../generator/emit/actions.js";
import { codesModule } from "../generator/emit/codes.js";
import { errorModule } from "../generator/emit/error-class.js";
import { formatTypeScript } from "../generator/emit/format.js";
import { StructureKind, VariableDeclarationKind } from "../generator/emit/kinds.js";
import { messagesModule } from "../generator/emit/messages.js";
import { memberNames } from "../generator/emit/naming.js";
import { allMessagesModule, servicesModule } from "../generator/emit/package.js";
import { placeOf } from "../generator/emit/layout.js";
import { formatTogether, prettierOptions, printModules } from "../generator/emit/print.js";
import { generate } from "../generator/run/generate.js";
import type { CodeSet, ErrorCode } from "../generator/model/types.js";
import { SAMPLE } from "./helpers/generate.js";

const options = await prettierOptions();
const format = (text: string) => formatTypeScript(text, options);
const print = (structure: Omit<SourceFileStructure, "kind">) => printStructure({ ...structure, kind: tsMorph.StructureKind.SourceFile });

/** Every module the generator prints for `set`, as ts-morph prints it (before formatting). */
function printedModules(set: CodeSet, common: CodeSet, all: readonly CodeSet[]): string[] {
  const { names } = memberNames(set.id, set.codes);
  const { root } = placeOf(set);
  return [
    codesModule(set, names, root).structure,
    ...set.locales.map((locale) => messagesModule(set, locale, root).structure),
    allMessagesModule(set, common),
    ...(set.kind === "service" ? [actionsModule(set, root)] : []),
    ...(set.kind === "common" ? [] : [errorModule(set, root)]),
    servicesModule(all),
  ].map(print);
}

async function expectAsAlone(texts: readonly string[]): Promise<void> {
  const alone = await Promise.all(texts.map(format));
  expect(await formatTogether(texts, format)).toEqual(alone);
}

describe("modules formatted together", () => {
  it("come out as each formatted alone, for every module of the sample docs", async () => {
    const { model } = await generate({ docsDir: join(SAMPLE, "docs"), parseOnly: true });
    const sets = [model!.common, ...(model!.legacy ? [model!.legacy] : []), ...model!.services];
    for (const set of sets) await expectAsAlone(printedModules(set, model!.common, sets));
  }, 120_000);

  it("come out as each formatted alone, for random hostile codes and texts", async () => {
    const pieces = ["a", "中", "😀", "\u0301", "\n", '"', "'", "`", "${", "*/", "// @doc2errors next module", "\\", "\u2028"];
    const text = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(""));
    const code = fc.stringMatching(/^[\x21-\x7E]{1,30}$/);
    const source = { file: "services/x/2020-01-01/en.md", line: 1, column: 1 };
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(code, text), { minLength: 1, maxLength: 6, selector: ([c]) => c }), fc.string({ maxLength: 20 }), async (rows, title) => {
        const codes: ErrorCode[] = rows.map(([c, message]) => ({ code: c, actions: ["Run"], locales: { en: { message, fields: { resolution: message }, links: [], source } } }));
        const actions = [{ name: "Run", codes: rows.map(([c]) => ({ code: c })), sources: [source.file] }];
        const set: CodeSet = { kind: "service", id: "x", apiVersion: "2020-01-01", title, codes, locales: ["en"], sources: [source.file], numeric: false, actions };
        await expectAsAlone(printedModules(set, { ...set, kind: "common", id: "common" }, [set]));
      }),
      { seed: 20261123, numRuns: 40 },
    );
  }, 120_000);

  it("fall back to formatting each alone: a module that does not parse fails with its own error", async () => {
    const good = "export const a = {b:1}\n";
    const bad = "export const = ;\n";
    await expect(formatTogether([good, bad], format)).rejects.toThrow(/Unexpected|SyntaxError/);
    await expect(format(bad)).rejects.toThrow(/Unexpected|SyntaxError/);
  });

  it("fall back to formatting each alone when a module holds the marker line itself", async () => {
    const tricky = "export const a = `\n// @doc2errors next module\n`;\n";
    await expectAsAlone([tricky, "export const b = {c:1}\n", tricky]);
  });

  it("print a structure's rows where it holds the placeholder, formatted together or alone", async () => {
    const source = { file: "x.md", line: 1, column: 1 };
    const set: CodeSet = {
      kind: "service",
      id: "x",
      apiVersion: "2020-01-01",
      codes: [{ code: "A.B", actions: [], locales: { en: { message: "m", fields: {}, links: [], source } } }],
      locales: ["en"],
      sources: ["x.md"],
      numeric: false,
      actions: [],
    };
    const modules = [codesModule(set, memberNames(set.id, set.codes).names, "../../"), messagesModule(set, "en", "../../")];
    const together = await printModules(modules, format);
    const alone = [await printModules([modules[0]!], format), await printModules([modules[1]!], format)].flat();
    expect(together).toEqual(alone);
    expect(together[0]).toContain('  A_B = "A.B",\n');
    expect(together[1]).toContain('    "A.B": { message: "m" },\n');
  });
});

describe("structure kinds", () => {
  it("are ts-morph's own values", () => {
    for (const [name, value] of Object.entries(StructureKind)) expect([name, value]).toEqual([name, tsMorph.StructureKind[name as keyof typeof tsMorph.StructureKind]]);
    for (const [name, value] of Object.entries(VariableDeclarationKind)) {
      expect([name, value]).toEqual([name, tsMorph.VariableDeclarationKind[name as keyof typeof tsMorph.VariableDeclarationKind]]);
    }
  });
});
