import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CODE_PATTERN } from "../generator/parse/error-table.js";
import { parsePage } from "../generator/parse/page.js";
import { generateFrom, tempDir, typecheck, writeTree } from "./helpers/generate.js";

/**
 * Property tests: random and mutated pages never crash the parser, and
 * whatever the generator emits from random tables type-checks and holds the
 * exact text. Seeds are fixed so that a failure can be replayed.
 */
const PIECES = [
  "|", "\\|", " | ", "---", ":--", "\n", "\r\n", "\n\n", "# ", "## 公共错误码\n", "### Business\n",
  "| Error Code | Description |\n|---|---|\n", "| 错误码 | 说明 | 处理措施 |\n| - | - | - |\n",
  "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan=\"3\">", "<td colSpan=\"2\">",
  "<td rowspan=\"99999\">", "<br>", "<ul><li>", "</li></ul>", "<a href=\"x\">", "</a>", "&amp;", "&#x1F600;", "&bogus;",
  "`", "**", "*/", "${", "\"", "'", "\\", "\u2028", "\u00a0", "\u200b", "\uFEFF", "😀", "\uD800",
  "InvalidParameter", ".", "Foo.Bar", "-1", "9003", "120001 - 130000", "3004/3005", "其他", "エラーコード", "오류 코드",
];

const pageText = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })), { maxLength: 200 }).map((parts) => parts.join(""));

const encode = (text: string) => new TextEncoder().encode(text);

function checkParsed(file: string, bytes: Uint8Array) {
  const page = parsePage(file, bytes);
  const lines = new TextDecoder().decode(bytes).split("\n").length;
  for (const table of page.errorTables) {
    for (const row of table.rows) {
      expect(row.code).toMatch(CODE_PATTERN);
      expect(row.position.line).toBeGreaterThanOrEqual(1);
      expect(row.position.line).toBeLessThanOrEqual(lines);
    }
  }
  for (const d of page.diagnostics) expect(d.position.file).toBe(file);
  return page;
}

describe("the parser never crashes", () => {
  it("on random markdown and HTML made of table fragments", () => {
    fc.assert(
      fc.property(pageText, (text) => {
        checkParsed("random.md", encode(text));
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  it("on random bytes (invalid UTF-8 is a diagnostic, not an exception)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const page = parsePage("bytes.md", bytes);
        expect(Array.isArray(page.diagnostics)).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("on real pages with random cuts, copies and insertions", () => {
    const dir = new URL("./fixtures/corpus/pages/", import.meta.url);
    const pages = readdirSync(dir).sort().map((name) => readFileSync(new URL(name, dir), "utf8"));
    const mutation = fc.record({
      page: fc.nat({ max: pages.length - 1 }),
      edits: fc.array(
        fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.nat({ max: 400 }), insert: fc.oneof(fc.constantFrom(...PIECES), fc.string()) }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ page, edits }) => {
        let text = pages[page]!;
        for (const edit of edits) {
          const at = Math.floor(edit.at * text.length);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
        }
        checkParsed("mutated.md", encode(text));
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe("whatever the docs hold, the generated code type-checks and keeps the text", () => {
  const cellText = fc
    .array(fc.oneof(fc.constantFrom("*/", "${x}", "`", "\"", "'", "\\", "😀", "𠮷", "<b>", "@tag", "\u2028", "</script>", "__proto__"), fc.string({ unit: "grapheme", maxLength: 6 })), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join("").replace(/[|\n\r<>`*_\\[\]&]/g, " ").trim())
    .filter((text) => text !== "");
  const code = fc.oneof(
    fc.stringMatching(/^[A-Z][A-Za-z]{0,8}(\.[A-Z][A-Za-z0-9]{0,8}){0,2}$/),
    fc.integer({ min: -9999, max: 99999 }).map(String),
    fc.constantFrom("constructor", "toString", "__proto__", "Foo.Bar", "Foo_Bar", "MK:0012", "0x4001", "2-67"),
  );

  it("for random tables", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(code, cellText), { minLength: 1, maxLength: 40 }), async (rows) => {
        const docs = tempDir("fuzz-docs");
        mkdirSync(join(docs, "services/fuzz/2020-01-01"), { recursive: true });
        const table = rows.map(([c, m]) => `| ${c.replace(/_/g, "\\_")} | ${m} |`).join("\n");
        writeFileSync(join(docs, "services/fuzz/2020-01-01/en.md"), `| Error Code | Description |\n|---|---|\n${table}\n`);
        writeFileSync(
          join(docs, "sources.json"),
          JSON.stringify({ pages: [{ path: "services/fuzz/2020-01-01/en.md", kind: "service", service: "fuzz", apiVersion: "2020-01-01", locale: "en" }] }),
        );
        const result = await generateFrom(docs);
        expect(result.files).toBeDefined();
        const out = tempDir("fuzz-out");
        writeTree(out, result.files!);
        expect(typecheck(out)).toEqual([]);
        const { fuzzMessagesEn } = await import(join(out, "fuzz/messages.en.ts"));
        const expected = new Map<string, string>();
        for (const [c, m] of rows) if (!expected.has(c)) expected.set(c, m.replace(/\s+/g, " "));
        for (const [c, m] of expected) expect(fuzzMessagesEn.messages[c]?.message, c).toBe(m);
      }),
      { numRuns: 4, seed: 11 },
    );
  });
});
