import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeText } from "../generator/parse/cell-text.js";
import { headerKey, rangeContext, readCode } from "../generator/parse/error-table.js";
import { parsePage } from "../generator/parse/page.js";
import { decodePage, MAX_PAGE_BYTES } from "../generator/parse/source.js";
import { expectJsonFile } from "./helpers/fixtures.js";

const FIXTURES = new URL("./fixtures/parse/", import.meta.url);

describe("parse fixtures (input.md → expected.json; UPDATE=1 rewrites)", () => {
  const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const name of cases.map((entry) => entry.name).sort()) {
    it(name, () => {
      const bytes = readFileSync(new URL(`${name}/input.md`, FIXTURES));
      const { file: _file, ...page } = parsePage(`${name}/input.md`, bytes);
      expectJsonFile(new URL(`${name}/expected.json`, FIXTURES).pathname, page);
    });
  }
});

describe("parsePage", () => {
  const parse = (text: string) => parsePage("page.md", new TextEncoder().encode(text));

  it("classifies tables by the nearest section heading", () => {
    const page = parse(readFileSync(new URL("gfm-sections/input.md", FIXTURES), "utf8"));
    expect(page.errorTables.map((t) => t.section)).toEqual(["common", "service"]);
    expect(page.errorTables[1]!.rows.map((r) => r.code)).toEqual(["9003", "InvalidParameter.InstanceNotFound"]);
  });

  it("keeps the position of every row's code cell", () => {
    const page = parse("x\n\n| Code | Description |\n|---|---|\n| A.B | one |\n|  C | two |\n");
    expect(page.errorTables[0]!.rows.map((r) => [r.code, r.position])).toEqual([
      ["A.B", { line: 5, column: 1 }],
      ["C", { line: 6, column: 1 }],
    ]);
  });

  it("maps HTML cell positions to the page, not to the HTML fragment", () => {
    const page = parse("# T\n\n<table>\n<tr><td>Code</td><td>Description</td></tr>\n<tr><td>E1</td><td>x</td></tr>\n</table>\n");
    expect(page.errorTables[0]!.rows[0]!.position).toEqual({ line: 5, column: 5 });
  });

  it("expands rowspan and colspan into a grid", () => {
    const page = parse(readFileSync(new URL("html-spans/input.md", FIXTURES), "utf8"));
    const rows = page.errorTables[0]!.rows;
    expect(rows.map((r) => [r.code, r.fields["httpStatus"], r.message])).toEqual([
      ["InvalidArgument", "400", "Invalid argument."],
      ["InvalidBucketName", "400", "Invalid bucket name."],
      ["AccessDenied", "403", ""],
      ["NoSuchKey", "404", ""],
    ]);
  });

  it("reads an HTML table that blank lines split into several markdown blocks", () => {
    const page = parse(readFileSync(new URL("html-split-by-blank-lines/input.md", FIXTURES), "utf8"));
    expect(page.errorTables).toHaveLength(1);
    expect(page.errorTables[0]!.rows.map((r) => r.code)).toEqual(["4000", "4100"]);
    expect(page.errorTables[0]!.section).toBe("common");
  });

  it("skips tables without a code column and reports nothing for them", () => {
    const page = parse(readFileSync(new URL("no-error-table/input.md", FIXTURES), "utf8"));
    expect(page.tableCount).toBe(2);
    expect(page.errorTables).toEqual([]);
    expect(page.diagnostics).toEqual([]);
  });

  it("reports an unclosed HTML table at its place and still reads it", () => {
    const page = parse(readFileSync(new URL("html-unclosed/input.md", FIXTURES), "utf8"));
    expect(page.diagnostics.map((d) => [d.code, d.position.line, d.position.column])).toEqual([["D2E204", 3, 1]]);
    expect(page.errorTables[0]!.rows.map((r) => r.code)).toEqual(["E1"]);
  });

  it("reports a row without a code and a table without a description column", () => {
    const page = parse("| Error Code | Other |\n|---|---|\n|  | x |\n| A | y |\n");
    expect(page.diagnostics.map((d) => `${d.code}@${d.position.line}:${d.position.column}`)).toEqual([
      "D2E201@1:1",
      "D2E202@3:1",
    ]);
    expect(page.errorTables[0]!.rows).toMatchObject([{ code: "A", message: "", fields: { Other: "y" } }]);
  });

  it("merges nothing and skips nothing silently: repeated header rows inside HTML bodies are dropped", () => {
    const page = parse("<table><tr><th>Code</th><th>Description</th></tr><tr><td>A</td><td>a</td></tr><tr><th>Code</th><th>Description</th></tr><tr><td>B</td><td>b</td></tr></table>\n");
    expect(page.errorTables[0]!.rows.map((r) => r.code)).toEqual(["A", "B"]);
  });
});

describe("cell text", () => {
  it("normalises whitespace and drops invisible characters", () => {
    expect(normalizeText("  a \u00a0 b\u200b c \n\n  d\u3000e ")).toBe("a b c\nd e");
  });

  it("reads </br> as the line break it is, in GFM and HTML cells, and a markdown code span in an HTML cell as in a GFM cell", () => {
    const text = [
      "| 错误码 | 描述 |",
      "|---|---|",
      "| A1 | first</br>second `code` |",
      "",
      "<table><tr><th>错误码</th><th>描述</th></tr><tr><td>B1</td><td>first</BR>second `code`, ``a`b`` and a lone ` tick</td></tr></table>",
      "",
    ].join("\n");
    const rows = parsePage("x.md", Buffer.from(text)).errorTables.flatMap((table) => table.rows.map((row) => [row.code, row.message]));
    expect(rows).toEqual([
      ["A1", "first\nsecond code"],
      ["B1", "first\nsecond code, a`b and a lone ` tick"],
    ]);
  });

  it("compares header texts without case, spaces or parenthesised asides", () => {
    expect(headerKey("エラーコード（ErrorCode）")).toBe("エラーコード");
    expect(headerKey("오류 코드(ErrorCode)")).toBe("오류코드");
    expect(headerKey(" Error  Code ")).toBe("errorcode");
  });
});

describe("decodePage", () => {
  it("strips a byte-order mark", () => {
    const result = decodePage("a.md", new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));
    expect(result).toMatchObject({ ok: true, text: "A" });
  });

  it("rejects invalid UTF-8 with the place of the first bad byte", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("ok\nab"), 0xff, 0x41]);
    const result = decodePage("a.md", bytes);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "D2E101", position: { file: "a.md", line: 2, column: 3 } });
  });

  it("warns about an empty page", () => {
    expect(decodePage("a.md", new TextEncoder().encode(" \n")).diagnostics[0]?.code).toBe("D2E102");
  });
});

describe("readCode: the stated rule for suspicious codes", () => {
  it.each([
    ["InvalidParameter.InstanceNotFound", ["InvalidParameter.InstanceNotFound"], undefined],
    ["InvaildInstanceStatus", ["InvaildInstanceStatus"], undefined],
    ["-1", ["-1"], undefined],
    ["2-67", ["2-67"], undefined],
    ["MK:0012", ["MK:0012"], undefined],
    ["0x4001", ["0x4001"], undefined],
    ["FailedOperation.", ["FailedOperation"], "ends with a dot"],
    ["InternalError。", ["InternalError"], "ends with a dot"],
    ["InvalidParameter. SAMLMetadataDocument", ["InvalidParameter.SAMLMetadataDocument"], "has spaces around a dot"],
    ["MK: 0017", ["MK:0017"], "has a full-width colon or spaces around a colon"],
    ["DB：0140", ["DB:0140"], "has a full-width colon or spaces around a colon"],
    ["3004/3005", ["3004", "3005"], "lists several codes"],
    // A slash that separates no codes is part of the code, and nothing is reported.
    ["${x}*/", ["${x}*/"], undefined],
    ["a/", ["a/"], undefined],
    ["A、B", ["A", "B"], "lists several codes"],
    ["120001 - 130000", [], "is a range, not a code"],
    ["112～116", [], "is a range, not a code"],
    ["其他", [], "is not a code"],
    ["Request has expired", [], "is not a code"],
    ["A\nB", [], "spans several lines"],
    ["A B\nC", [], "spans several lines"],
    ["AV_ERR_REPEATED\n_OPERATION", ["AV_ERR_REPEATED_OPERATION"], "is wrapped over lines, its pieces joined"],
    ["FailedOperation.\nNotFound", ["FailedOperation.NotFound"], "is wrapped over lines, its pieces joined"],
    ["MK:\n0012", ["MK:0012"], "is wrapped over lines, its pieces joined"],
    // A break anywhere else is not a wrap: two codes, or a code and a remark.
    ["InternalError\nRetry", [], "spans several lines"],
    ["FailedOperation.\nNotFound.", ["FailedOperation.NotFound"], "is wrapped over lines, its pieces joined and ends with a dot"],
    // Numbers on lines of their own: several codes sharing the row.
    ["-30300\n-31001\n-31002", ["-30300", "-31001", "-31002"], "lists several codes, one a line"],
    ["500\nInternalError", [], "spans several lines"],
    // A template's placeholders.
    ["xxx", [], "is a placeholder, not a code"],
    ["YYYY", [], "is a placeholder, not a code"],
  ])("%j → %j (%s)", (text, codes, note) => {
    const read = readCode(text);
    expect(read.codes).toEqual(codes);
    expect(read.note || undefined).toBe(note);
  });

  it.each([
    // The table writes ranges elsewhere: a bare hyphen between ascending numbers is one too.
    ["13-19", ["1 - 9", "13-19"], [], "is a range, not a code (its table writes ranges)"],
    // No range elsewhere: a code as written (`2-67` is a code on its page).
    ["13-19", ["1", "13-19"], ["13-19"], undefined],
    // A family of codes sharing the left part: codes, even beside ranges.
    ["2-67", ["1 - 9", "2-67", "2-68"], ["2-67"], undefined],
    // Descending numbers are no range.
    ["19-13", ["1 - 9", "19-13"], ["19-13"], undefined],
  ])("%j in a table of %j → %j (%s)", (text, cells, codes, note) => {
    const read = readCode(text, rangeContext(cells));
    expect(read.codes).toEqual(codes);
    expect(read.note).toBe(note);
  });

  it.each([
    ["参见公共错误码", [], 'is a range its row refers elsewhere ("参见公共错误码"), not a code'],
    ["Refer to Common Error Codes.", [], 'is a range its row refers elsewhere ("Refer to Common Error Codes."), not a code'],
    ["共通エラーコードを参照してください", [], 'is a range its row refers elsewhere ("共通エラーコードを参照してください"), not a code'],
    // A message that points nowhere: a code as written.
    ["无效参数", ["4000-7000"], undefined],
  ])("4000-7000 with the message %j → %j", (message, codes, note) => {
    const read = readCode("4000-7000", rangeContext(["4000-7000", "1000"]), message);
    expect(read.codes).toEqual(codes);
    expect(read.note).toBe(note);
  });

  it("reports every change at the code cell", () => {
    const page = parsePage("p.md", new TextEncoder().encode("| Code | Description |\n|---|---|\n| Foo. | a |\n| 1 - 9 | b |\n| Bar | c |\n"));
    expect(page.errorTables[0]!.rows.map((r) => r.code)).toEqual(["Foo", "Bar"]);
    expect(page.diagnostics.map((d) => `${d.code}@${d.position.line}:${d.position.column} ${d.message}`)).toEqual([
      'D2E203@3:1 code "Foo." ends with a dot; read as "Foo"',
      'D2E203@4:1 code "1 - 9" is a range, not a code; the row is skipped',
    ]);
  });
});

describe("column roles", () => {
  const parse = (text: string) => parsePage("page.md", new TextEncoder().encode(text)).errorTables[0]!;

  it("prefers an error-code column over a status-code column, and a description over an API message", () => {
    const table = parse("| HTTP Status Code | Error Code | Error Message | Description |\n|-|-|-|-|\n| 400 | Bad.Thing | bad thing | Something was bad. |\n");
    expect(table.rows[0]).toMatchObject({ code: "Bad.Thing", message: "Something was bad.", fields: { httpStatus: "400", apiMessage: "bad thing" } });
  });

  it("uses the error type as the message when there is no description (legacy pages)", () => {
    const table = parse("| エラーコード | エラータイプ | 対処方法 |\n|-|-|-|\n| 4000 | 不正なリクエスト | 確認してください |\n");
    expect(table.rows[0]).toMatchObject({ code: "4000", message: "不正なリクエスト", fields: { resolution: "確認してください" } });
  });

  // One rule in every language: beside a column of values, a column of names is the `name` field.
  it.each([
    ["zh", "错误码名称", "错误码", "含义"],
    ["zh", "错误码名", "错误码值", "描述"],
    ["ja", "エラーコード名", "エラーコード値", "意味"],
    ["ja", "エラーコード名称", "エラーコード", "説明"],
    ["ko", "오류 코드명", "오류 코드", "설명"],
    ["en", "Error Code Name", "Error Code Value", "Description"],
    ["en", "Error Code Name", "Error Code", "Meaning"],
    ["pt", "Nome do erro", "Código do erro", "Descrição do erro"],
    // A possessive between the term and its qualifier (の, 的, 의).
    ["ja", "エラーコードの名称", "エラーコードの値", "意味"],
    ["zh", "错误码的名称", "错误码的值", "含义"],
    ["ko", "에러 코드 이름", "에러 코드 값", "설명"],
    ["ko", "에러코드 명칭", "에러코드 값", "설명"],
    // The bare term beside the same term qualified by "value": names and values.
    ["zh", "错误码", "错误码值", "错误码含义"],
    // The ID of a constant beside a column headed by "value" alone.
    ["zh", "错误码ID", "数值", "含义说明"],
    ["en", "Error Code ID", "Value", "Description"],
  ])("%s: %s | %s → the codes are the values, in either column order", (_locale, names, values, description) => {
    const forward = parse(`| ${names} | ${values} | ${description} |\n|-|-|-|\n| AV_ERR_FAILED | 1 | failed |\n`);
    const backward = parse(`| ${values} | ${description} | ${names} |\n|-|-|-|\n| 1 | failed | AV_ERR_FAILED |\n`);
    for (const table of [forward, backward]) {
      expect(table.rows).toMatchObject([{ code: "1", message: "failed", fields: { name: "AV_ERR_FAILED" } }]);
    }
  });

  it("does not take a column headed by \"value\" alone for codes unless names of codes stand beside it", () => {
    expect(parse("| 事件ID | 数值 | 含义说明 |\n|-|-|-|\n| EVT_PLAY | 0 | playing |\n")).toBeUndefined();
    expect(parse("| 错误码 | 数值 | 含义 |\n|-|-|-|\n| 1001 | 3 | failed |\n").rows).toMatchObject([{ code: "1001", message: "failed", fields: { 数值: "3" } }]);
  });

  it.each([
    ["Motivo", "Solução recomendada"],
    ["Alasan", "Solusi yang Direkomendasikan"],
    ["errmsg", "제안된 솔루션"],
    ["原因", "推奨アクション"],
  ])("reads %s as the message and %s as the resolution", (message, resolution) => {
    const table = parse(`| Code | ${message} | ${resolution} |\n|-|-|-|\n| InvalidUrl | bad link | fix it |\n`);
    expect(table.rows).toMatchObject([{ code: "InvalidUrl", message: "bad link", fields: { resolution: "fix it" } }]);
  });

  it("takes a column of names for the codes when there is no column of values", () => {
    expect(parse("| エラーコード名 | 説明 |\n|-|-|\n| AV_ERR_FAILED | failed |\n").rows).toMatchObject([{ code: "AV_ERR_FAILED", message: "failed" }]);
  });

  it("does not take a parameter named code for a header", () => {
    const page = parsePage("p.md", new TextEncoder().encode("| Parameter | Type | Description |\n|-|-|-|\n| code | Int | 0 is success |\n"));
    expect(page.errorTables).toEqual([]);
  });
});

describe("limits", () => {
  it("refuses a huge page with a diagnostic", () => {
    const result = decodePage("big.md", new Uint8Array(MAX_PAGE_BYTES + 1));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "D2E103", severity: "error" });
  });
});

describe("headings", () => {
  it("reads a heading written with an ideographic space after the hashes", () => {
    const page = parsePage("p.md", new TextEncoder().encode("###\u3000共通エラーコード\n\n| エラーコード | 説明 |\n|-|-|\n| A | a |\n\n### 業務エラーコード\n\n| エラーコード | 説明 |\n|-|-|\n| B | b |\n"));
    expect(page.errorTables.map((t) => [t.section, t.headings.at(-1)])).toEqual([
      ["common", "共通エラーコード"],
      ["service", "業務エラーコード"],
    ]);
  });
});
