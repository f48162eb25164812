import { readFileSync, readdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parsePage } from "../generator/parse/page.js";

/**
 * Real pages of the public docs (test/fixtures/corpus/pages, byte for byte;
 * origins in SOURCES.tsv), each compared with an independent human reading
 * of its error-code tables (test/fixtures/corpus/reading/<id>.json, made by
 * reading the page, without the generator). Where the two differ on
 * purpose, KNOWN_DIFFERENCES says how and why; README "Known limits" too.
 */
const DIR = new URL("./fixtures/corpus/", import.meta.url);

interface Reading {
  page: string;
  errorTables: number;
  codes: string[];
  rows: number;
  samples: { code: string; message: string }[];
}

interface Source {
  id: string;
  file: string;
  repo: string;
  commit: string;
  original_path: string;
  bytes: string;
  sha256: string;
}

const KNOWN_DIFFERENCES: Record<string, { missing: string[]; rows: number; reason: string }> = {
  // The "Error Code" header spans two columns: a code and, for codes 18 and
  // 21, sub-codes in the second column. The generator reads one code column
  // per header, so the sub-codes (and the rows that only differ by them) are
  // not codes of their own.
  p07: {
    missing: [
      "100", "101", "102", "103", "104", "200", "201", "202", "203", "300", "301", "302", "303", "304",
      "305", "306", "307", "308", "309", "400", "401", "500", "501", "502", "503", "600", "601",
    ],
    rows: 64,
    reason: "sub-codes under a code header that spans two columns",
  },
};

const sources: Source[] = (() => {
  const [head, ...lines] = readFileSync(new URL("SOURCES.tsv", DIR), "utf8").trim().split("\n");
  const keys = head!.split("\t");
  return lines.map((line) => Object.fromEntries(line.split("\t").map((v, i) => [keys[i], v])) as unknown as Source);
})();

const readings: Reading[] = readdirSync(new URL("reading/", DIR))
  .sort()
  .map((name) => JSON.parse(readFileSync(new URL(`reading/${name}`, DIR), "utf8")) as Reading);

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

describe("real pages", () => {
  it("are at least 30, each copied byte for byte from its recorded origin", () => {
    expect(sources.length).toBeGreaterThanOrEqual(30);
    expect(readings.map((r) => r.page)).toEqual(sources.map((s) => s.id));
    for (const source of sources) {
      const bytes = readFileSync(new URL(source.file, DIR));
      expect(bytes.length, source.id).toBe(Number(source.bytes));
      expect(createHash("sha256").update(bytes).digest("hex"), source.id).toBe(source.sha256);
      expect(source.repo).toBe("tencentyun/intlcloud-documents");
    }
  });

  it("cover the oddities of real docs", () => {
    const all = sources.map((s) => readFileSync(new URL(s.file, DIR)));
    const text = all.map((b) => b.toString("utf8"));
    expect(all.some((b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)).toBe(true); // BOM
    expect(text.some((t) => t.includes("\r\n"))).toBe(true); // CRLF
    expect(text.some((t) => /rowspan/i.test(t))).toBe(true);
    expect(text.some((t) => /colSpan|rowSpan/.test(t))).toBe(true); // camel-case attributes
    expect(text.some((t) => t.includes("\\|"))).toBe(true); // escaped pipes
    expect(text.some((t) => t.includes("\u00a0"))).toBe(true); // no-break spaces
    expect(text.some((t) => t.includes("\u200b"))).toBe(true); // zero-width spaces
    expect(text.some((t) => /<li>/.test(t))).toBe(true);
    expect(text.some((t) => /&(amp|lt|gt|quot);/.test(t))).toBe(true);
    expect(text.some((t) => /^[A-Za-z.]+ \| /m.test(t))).toBe(true); // a row without outer pipes
    expect(readings.some((r) => r.errorTables === 0)).toBe(true); // pages without error tables
    expect(readings.some((r) => r.errorTables > 2)).toBe(true); // several error tables
  });
});

describe("names and values on real pages", () => {
  // Pages whose tables give names of codes beside their values, in four wordings.
  it.each([
    ["p45", "エラーコードの名称 | エラーコードの値", "7004", "AV_ERR_NET_REQUEST_FALLED"],
    ["p46", "错误码 | 错误码值", "-1", "HY_VERIFI_FAIL"],
    ["p47", "错误码ID | 数值", "-7001000", "TXLIVE_ERROR_NOT_SUPPORTED"],
    ["p51", "에러 코드 이름 | 에러 코드 값", "1001", "AV_ERR_REPEATED_OPERATION"],
  ])("%s (%s): each code's name is its field `name`", (id, _headers, code, name) => {
    const page = parsePage(`${id}.md`, readFileSync(new URL(`pages/${id}.md`, DIR)));
    const rows = page.errorTables.flatMap((table) => table.rows);
    expect(rows.every((row) => /^[A-Z][A-Z0-9_]+$/.test(row.fields["name"] ?? ""))).toBe(true);
    expect(rows.find((row) => row.code === code)?.fields["name"]).toBe(name);
  });
});

describe.each(readings)("$page", (reading) => {
  const page = parsePage(`${reading.page}.md`, readFileSync(new URL(`pages/${reading.page}.md`, DIR)));
  const rows = page.errorTables.flatMap((table) => table.rows);
  const known = KNOWN_DIFFERENCES[reading.page];

  it("has the error-code tables a reader finds, and skips the others", () => {
    expect(page.errorTables).toHaveLength(reading.errorTables);
    expect(page.tableCount).toBeGreaterThanOrEqual(reading.errorTables);
  });

  it("yields exactly the codes a reader reads", () => {
    const expected = reading.codes.filter((code) => !known?.missing.includes(code));
    expect([...new Set(rows.map((row) => row.code))].sort()).toEqual(expected);
    expect(rows).toHaveLength(known?.rows ?? reading.rows);
  });

  it("gives each sampled code the reader's message", () => {
    for (const sample of reading.samples) {
      if (known?.missing.includes(sample.code)) continue;
      const messages = rows.filter((row) => row.code === sample.code).map((row) => normalize(row.message));
      expect(messages, sample.code).toContain(normalize(sample.message));
    }
  });

  it("reports nothing as an error", () => {
    expect(page.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
