import * as tsMorph from "ts-morph";

import { describe, expect, it } from "vitest";
import { codesModule } from "../generator/emit/codes.js";
import { formatTypeScript } from "../generator/print/format.js";
import { StructureKind, VariableDeclarationKind } from "../generator/emit/kinds.js";
import { messagesModule } from "../generator/emit/messages.js";
import { memberNames } from "../generator/emit/naming.js";
import { prettierOptions } from "../generator/print/print.js";
import { printModules } from "./helpers/print.js";
import type { CodeSet } from "../generator/model/types.js";

const options = await prettierOptions();
const format = (text: string) => formatTypeScript(text, options);

describe("modules", () => {
  it("print with their rows where the structure holds the placeholder", async () => {
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
    const [codes, messages] = await printModules(
      [codesModule(set, memberNames(set.id, set.codes).names, "../../"), messagesModule(set, "en", "../../")],
      format,
    );
    expect(codes).toContain('  A_B = "A.B",\n');
    expect(messages).toContain('    "A.B": { message: "m" },\n');
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
