import { describe, expect, it } from "vitest";
import { codeDoc, codePrefixes } from "../generator/emit/codes.js";
import { summarizeSources } from "../generator/emit/emit.js";
import { memberName, memberNames } from "../generator/emit/naming.js";
import { docText, stringLiteral } from "../generator/emit/text.js";
import type { ErrorCode } from "../generator/model/types.js";
import { tempDir, typecheck } from "./helpers/generate.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

describe("memberName", () => {
  it.each([
    ["InvalidParameter.InstanceNotFound", "InvalidParameter_InstanceNotFound"],
    ["InternalError", "InternalError"],
    ["9003", "Code9003"],
    ["-1", "Minus1"],
    ["120001 - 130000", "Code120001_130000"],
    ["Weird-Code.With Space", "Weird_Code_With_Space"],
    ["FailedOperation.", "FailedOperation_"],
    ["错误", "_"],
    ["", "Code"],
    ["__proto__", "__proto___"],
  ])("%j → %s", (code, name) => {
    expect(memberName(code)).toBe(name);
    expect(name).toMatch(IDENTIFIER);
  });

  it("always yields a valid identifier", () => {
    const samples = ["a.b.c", "1.2", "$x", "ü", "a\u0000b", "😀", " ", ".", "..", "a..b", "x-y-z", "\\u0041"];
    for (const code of samples) expect(memberName(code)).toMatch(IDENTIFIER);
  });
});

describe("memberNames", () => {
  const code = (c: string, line: number): ErrorCode => ({
    code: c,
    actions: [],
    locales: { ja: { message: "", fields: {}, links: [], source: { file: "p.md", line, column: 1 } } },
  });

  it("resolves collisions in code order, whatever the input order, and reports them", () => {
    const forward = memberNames("cdb", [code("Foo.Bar", 1), code("Foo_Bar", 2), code("Foo-Bar", 3)]);
    const backward = memberNames("cdb", [code("Foo-Bar", 3), code("Foo_Bar", 2), code("Foo.Bar", 1)]);
    expect(Object.fromEntries(forward.names)).toEqual({ "Foo-Bar": "Foo_Bar", "Foo.Bar": "Foo_Bar_2", Foo_Bar: "Foo_Bar_3" });
    expect(Object.fromEntries(backward.names)).toEqual(Object.fromEntries(forward.names));
    expect(forward.diagnostics.map((d) => [d.code, d.position.line])).toEqual([
      ["D2E401", 1],
      ["D2E401", 2],
    ]);
  });

  it("does not let a suffixed name collide with a real code", () => {
    const { names } = memberNames("x", [code("A.B", 1), code("A_B", 2), code("A_B_2", 3)]);
    expect(new Set(names.values()).size).toBe(3);
  });
});

describe("text safety", () => {
  const hostile = "*/ `${x}` \"q\" 'q' \\ \u2028 \u2029 \uD800 😀 \n@tag </script>";

  it("string literals round-trip any text", () => {
    const literal = stringLiteral(hostile);
    expect(literal).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(literal)).toBe(hostile);
  });

  it("doc text cannot close its comment or start a tag", () => {
    const text = docText(hostile);
    expect(text).not.toContain("*/");
    expect(text).not.toMatch(/^\s*@/m);
    expect(text).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
  });
});

describe("code doc comments", () => {
  const withActions = (actions: string[]): ErrorCode => ({
    code: "InvalidParameter",
    actions,
    locales: { en: { message: "Bad.", fields: {}, links: [], source: { file: "p.md", line: 1, column: 1 } } },
  });

  it("name the actions whose pages list the code, a handful at most, then how many more", () => {
    expect(codeDoc(withActions([]))).not.toContain("Actions:");
    expect(codeDoc(withActions(["A", "B"]))).toContain("Actions: A, B.");
    expect(codeDoc(withActions(["A", "B", "C", "D", "E"]))).toContain("Actions: A, B, C, D, E.");
    expect(codeDoc(withActions(["A", "B", "C", "D", "E", "F", "G"]))).toContain("Actions: A, B, C, D, E and 2 more.");
  });
});

describe("categories", () => {
  it("spells out every dot-separated prefix short of a code, once each, sorted", () => {
    expect(codePrefixes(["InvalidParameter.Malformed.Name", "InvalidParameter.Other", "FailedOperation", "B.A"])).toEqual([
      "B",
      "InvalidParameter",
      "InvalidParameter.Malformed",
    ]);
    expect(codePrefixes(["NoDots", "AlsoNone"])).toEqual([]);
  });
});

describe("banner sources", () => {
  it("count action pages per service version and list every other source", () => {
    expect(
      summarizeSources([
        "docs/services/cvm/2017-03-12/actions/RunInstances/en.md",
        "docs/services/cvm/2017-03-12/actions/RunInstances/zh-CN.md",
        "docs/services/cvm/2017-03-12/actions/StopInstances/en.md",
        "docs/services/cvm/2017-03-12/en.md",
        "docs/services/cbs/2017-03-12/actions/CreateDisks/en.md",
      ]),
    ).toEqual(["docs/services/cbs/2017-03-12/actions/ (1 page)", "docs/services/cvm/2017-03-12/actions/ (3 pages)", "docs/services/cvm/2017-03-12/en.md"]);
  });
});

describe("typecheck helper", () => {
  it("fails on a type error, so the integration checks can fail", () => {
    const dir = tempDir("tc");
    expect(typecheck(dir, { "bad.ts": "export const x: number = 'a';\n" })).toHaveLength(1);
  });
});
