import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main as fetchDocsMain } from "../generator/fetch/cli.js";
import { changesMarkdown, type ChangeReport } from "../generator/model/changes.js";
import { codeSpan, markdownText, terminalText } from "../generator/model/escape.js";
import { ROOT, runCli, tempDir } from "./helpers/generate.js";
import { HOSTILE_PAGES, ROWSPAN_HOLES } from "./helpers/hostile-pages.js";

/** Text from pages and servers is data wherever it is shown: terminals, markdown, generated code. */

const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe("text shown on a terminal", () => {
  it("has its control and bidi characters escaped, on one line", () => {
    expect(terminalText("a\u001b[2Jb\u009b\u202e\u2066c\nd\\x")).toBe("a\\x1b[2Jb\\x9b\\u202e\\u2066c\\nd\\\\x");
    expect(terminalText("plain 中文 😀")).toBe("plain 中文 😀");
  });

  it("in generate's diagnostics: a code cell with escape sequences is reported escaped", () => {
    const work = tempDir("hostile-terminal");
    mkdirSync(join(work, "docs/services/demo/2021-01-01"), { recursive: true });
    writeFileSync(join(work, "docs/services/demo/2021-01-01/en.md"), "| Error Code | Description |\n|---|---|\n| Bad\u001b[2J Code\u202e | clears the screen |\n");
    writeFileSync(
      join(work, "docs/sources.json"),
      JSON.stringify({ pages: [{ path: "services/demo/2021-01-01/en.md", kind: "service", service: "demo", apiVersion: "2021-01-01", locale: "en" }] }),
    );
    const result = runCli(work, "--check");
    expect(result.stderr).toContain('D2E203: code "Bad\\x1b[2J Code\\u202e" is not a code');
    expect(result.stderr).toContain("D2E207");
    expect(result.stderr).not.toMatch(CONTROLS);
  });

  it("in fetch-docs' reports: a reason phrase with escape sequences is shown escaped", async () => {
    const server = createServer((socket) => {
      socket.once("data", () => socket.end("HTTP/1.1 500 bad\u001b[31mred\u001b[0m\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const work = tempDir("hostile-fetch");
    cpSync(join(ROOT, "test/integration/minimal/docs"), join(work, "docs"), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    manifest.pages[0].upstream = { repo: "o/r", path: "API/x_intl.md" };
    writeFileSync(join(work, "docs/sources.json"), JSON.stringify(manifest));
    let text = "";
    const out = { write: (chunk: string) => (text += chunk), isTTY: false };
    try {
      const code = await fetchDocsMain(["--retries", "0", "--base-url", `http://127.0.0.1:${(server.address() as AddressInfo).port}`], work, {}, out);
      expect(code).toBe(1);
    } finally {
      server.close();
    }
    expect(text).toContain("HTTP 500 bad\\x1b[31mred\\x1b[0m");
    expect(text).not.toMatch(CONTROLS);
  });
});

describe("text in the change report (a pull-request body)", () => {
  const hostile = "@octocat ![x](https://evil.example/x.png) <img src=x onerror=alert(1)> `code` [link](http://x) | cell **bold** # h\n2nd line \u202e";
  const report: ChangeReport = {
    from: "2026-01-01",
    to: "2026-02-01",
    setsAdded: [],
    setsRemoved: [],
    newestMoved: [],
    sets: [
      {
        id: "demo@2021-01-01",
        added: ["Code`With``Backticks", "`edge"],
        deprecated: [],
        removed: [],
        restored: [],
        messagesChanged: [{ code: "A|B", locale: "en", before: "old", after: hostile }],
        translationsAdded: [{ code: "A|B", locale: "ja", text: hostile }],
        translationsRemoved: [],
        actions: [],
      },
    ],
  };
  const md = changesMarkdown(report);

  it("makes no mention, image, link, HTML, emphasis or heading", () => {
    // A message changed and a translation added: each row of either table.
    const rows = md.split("\n").filter((line) => line.startsWith("| `A\\|B`"));
    expect(rows).toHaveLength(2);
    for (const cell of rows) {
      expect(cell).not.toMatch(/(^|[^\\])@\w/); // "@" is followed by a word joiner
      expect(cell).toContain("@\u2060octocat");
      expect(cell).not.toMatch(/<img|<\/?\w+[\s>]/);
      expect(cell).toContain("&lt;img");
      expect(cell).toContain("\\!\\[x\\]\\(https://evil\\.example/x\\.png\\)");
      expect(cell).toContain("\\*\\*bold\\*\\*");
      expect(cell).toContain("\\`code\\`");
      // The cell stays one cell: its pipe is escaped, its line break gone, the bidi control escaped.
      expect(cell.split(/(?<!\\)\|/)).toHaveLength(cell.includes("“old”") ? 6 : 5);
      expect(cell).toContain("\\\\u202e");
    }
    expect(md).not.toMatch(CONTROLS);
  });

  it("sizes code spans to their content", () => {
    expect(codeSpan("Code`With``Backticks")).toBe("```Code`With``Backticks```");
    expect(codeSpan("`edge")).toBe("`` `edge ``");
    expect(md).toContain("- `demo@2021-01-01`: code ```Code`With``Backticks```");
    expect(markdownText("a@b")).toBe("a@\u2060b");
  });
});

describe("the runtime, given bad values", () => {
  it("answers a locale that is no string with the fallback chain, not a TypeError", async () => {
    const { CdbError, cdbMessages, getMessage } = await import("./helpers/package.js");
    expect(getMessage("InternalError", undefined as unknown as string, { catalogs: [...cdbMessages] })).toMatchObject({ locale: "en" });
    const error = new CdbError("InternalError", "m");
    expect(() => error.localized(null as unknown as string, ...cdbMessages)).not.toThrow();
    expect(error.localizedMessage(undefined as unknown as string, ...cdbMessages)).not.toBe("");
  });

  it("keeps only a real HTTP status, request id and action", async () => {
    const { CdbError } = await import("./helpers/package.js");
    for (const httpStatus of [Number.NaN, 0, 99, 600, 1e9, 404.5]) expect(new CdbError("InternalError", "m", { httpStatus }).httpStatus).toBeUndefined();
    expect(new CdbError("InternalError", "m", { httpStatus: 404 }).httpStatus).toBe(404);
    expect(new CdbError("InternalError", "m", { requestId: 42 as unknown as string, action: {} as unknown as string })).toMatchObject({ requestId: undefined, action: undefined });
  });

  it("refuses a legacy code beyond 2^53 instead of rounding it", async () => {
    const { LegacyError, ResponseFormatError } = await import("./helpers/package.js");
    expect(() => LegacyError.fromResponse('{"code": 9007199254740993, "message": "m"}')).toThrow(ResponseFormatError);
    expect(() => LegacyError.fromResponse({ code: 2 ** 60 })).toThrow("beyond the integers a number holds exactly");
    expect(LegacyError.fromResponse('{"code": 5100, "message": "m"}')?.code).toBe(5100);
  });
});


describe("pages that would hurt the parser", () => {
  // Each is small, real-looking, and once took minutes, gigabytes or the call stack (how long each takes now: the bench).
  const cases = HOSTILE_PAGES;

  it.each(cases)("%s: a diagnostic at the page, from the limits checked before the parse", async (_name, text, message) => {
    const { parsePage } = await import("../generator/parse/page.js");
    const { overLimits } = await import("../generator/parse/limits.js");
    // Refused by the scan that runs before the parser, which the parse never reaches.
    expect(overLimits(text)?.message).toMatch(message);
    const page = parsePage("hostile.md", Buffer.from(text));
    expect(page.readable).toBe(false);
    expect(page.diagnostics).toMatchObject([{ code: "D2E104", severity: "error", position: { file: "hostile.md" } }]);
    expect(page.diagnostics[0]!.message).toMatch(message);
  });

  it("fills the holes of rowspans (how long it takes: the bench)", async () => {
    const { parsePage } = await import("../generator/parse/page.js");
    const page = parsePage("spans.md", Buffer.from(ROWSPAN_HOLES));
    expect(page.errorTables[0]!.rows).toHaveLength(8960);
  });

  it("holds pages exactly at the limits, and refuses one step beyond", async () => {
    const { LIMITS, overLimits } = await import("../generator/parse/limits.js");
    const table = (rows: number) => `| Error Code | Description |\n|---|---|\n${"| A | a |\n".repeat(rows - 2)}`;
    expect(overLimits(table(LIMITS.rows))).toBeUndefined();
    expect(overLimits(table(LIMITS.rows + 1))).toMatchObject({ position: { line: LIMITS.rows + 1, column: 1 } });
    const nested = (depth: number) => `text\n\n${"<div>".repeat(depth)}x`;
    expect(overLimits(nested(LIMITS.htmlDepth))).toBeUndefined();
    expect(overLimits(nested(LIMITS.htmlDepth + 1))).toMatchObject({ position: { line: 3, column: 1 + 5 * LIMITS.htmlDepth } });
    // Emphasis delimiters and brackets: by block (a blank line ends one) and by page.
    const emphasis = (n: number) => `| A | ${"*".repeat(n)} |`;
    expect(overLimits(`${emphasis(LIMITS.delimitersPerBlock)}\n\n${emphasis(LIMITS.delimitersPerBlock)}\n`)).toBeUndefined();
    expect(overLimits(`${emphasis(LIMITS.delimitersPerBlock)}\n${emphasis(1)}\n`)).toMatchObject({ position: { line: 2, column: 1 }, message: expect.stringContaining("in one block") });
    expect(overLimits(`x ${"[".repeat(LIMITS.bracketsPerBlock)}\n`)).toBeUndefined();
    expect(overLimits(`x ${"[".repeat(LIMITS.bracketsPerBlock + 1)}\n`)).toMatchObject({ position: { line: 1, column: 1 } });
    expect(overLimits("&".repeat(LIMITS.ampersands))).toBeUndefined();
    expect(overLimits(`a\n${"&".repeat(LIMITS.ampersands + 1)}`)).toMatchObject({ position: { line: 2, column: 1 } });
    // Void elements and closed ones do not nest.
    expect(overLimits("<br>".repeat(10000) + "<p>x</p>".repeat(10000))).toBeUndefined();
  });
});
