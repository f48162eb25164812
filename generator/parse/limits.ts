import type { Point } from "../model/types.js";

/**
 * What a page may hold, checked on its text before it is parsed: a hostile
 * page (a table of 100,000 rows, 50,000 columns, tags nested thousands deep)
 * would otherwise take minutes, gigabytes, or the call stack. The real pages
 * are far below (the largest known: 1,978 table rows, 9 columns, 8,023 cells,
 * HTML nested 65 deep, blockquotes 2 deep).
 */
export const LIMITS = {
  /** Table rows in a page: pipe-table lines and `<tr>`s. */
  rows: 10_000,
  /** Cells in one row. */
  columns: 64,
  /** Cells in a page. */
  cells: 100_000,
  /** Open HTML elements at any point (void elements aside). */
  htmlDepth: 500,
  /** `>` blockquote markers at the start of a line. */
  quoteDepth: 100,
  /**
   * Emphasis delimiters (`*`, `_`, `~`) in one block (lines between blank
   * lines) and in a page: markdown resolves them pairwise, so that their
   * cost grows with the square of their number in one block (the figures,
   * and what the real pages hold: README, "Faults and hostile input").
   */
  delimitersPerBlock: 1_000,
  delimiters: 5_000,
  /** `[` in one block and in a page, for the same reason. */
  bracketsPerBlock: 300,
  brackets: 2_000,
  /** `&` (character references) in a page: their cost grows with their number too. */
  ampersands: 10_000,
} as const;

/** The characters of one line that make the inline parse slow: emphasis delimiters, brackets, ampersands. */
function countInline(line: string): { delimiters: number; brackets: number; ampersands: number } {
  let delimiters = 0;
  let brackets = 0;
  let ampersands = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x2a || c === 0x5f || c === 0x7e) delimiters++;
    else if (c === 0x5b) brackets++;
    else if (c === 0x26) ampersands++;
  }
  return { delimiters, brackets, ampersands };
}

/** The limits of what makes the inline parse slow, counted in one block and in the page, each with what is said of a page over it. */
const INLINE_LIMITS: readonly (readonly [over: (block: { delimiters: number; brackets: number }, page: { delimiters: number; brackets: number; ampersands: number }) => boolean, message: string])[] = [
  [(block) => block.delimiters > LIMITS.delimitersPerBlock, `more than ${LIMITS.delimitersPerBlock} emphasis delimiters (*, _, ~) in one block`],
  [(_, page) => page.delimiters > LIMITS.delimiters, `more than ${LIMITS.delimiters} emphasis delimiters (*, _, ~)`],
  [(block) => block.brackets > LIMITS.bracketsPerBlock, `more than ${LIMITS.bracketsPerBlock} brackets ([) in one block`],
  [(_, page) => page.brackets > LIMITS.brackets, `more than ${LIMITS.brackets} brackets ([)`],
  [(_, page) => page.ampersands > LIMITS.ampersands, `more than ${LIMITS.ampersands} ampersands (character references)`],
];

/** HTML elements that have no end tag. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

export interface OverLimit {
  readonly position: Point;
  readonly message: string;
}

/** The first place where `text` goes over a limit, or undefined. Linear in the text. */
export function overLimits(text: string): OverLimit | undefined {
  let rows = 0;
  let cells = 0;
  let line = 1;
  let lineStart = 0;
  const at = (offset: number): Point => {
    // Lines before `offset` are counted as the scan goes; only the column is left to find.
    return { line, column: offset - lineStart + 1 };
  };
  let block = { delimiters: 0, brackets: 0 };
  const page = { delimiters: 0, brackets: 0, ampersands: 0 };
  // Markdown: pipe-table lines, blockquote depth and inline delimiters, line by line.
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const content = text.slice(start, end);
    const quote = /^(?:[ \t]*>)*/.exec(content)![0];
    const depth = quote.split(">").length - 1;
    lineStart = start;
    if (depth > LIMITS.quoteDepth) return { position: at(start), message: `blockquotes nested ${depth} deep (the limit is ${LIMITS.quoteDepth})` };
    const rest = content.slice(quote.length);
    // What makes the inline parse slow, counted by block (a blank line ends one) and by page.
    if (rest.trim() === "") block = { delimiters: 0, brackets: 0 };
    const found = countInline(content);
    block.delimiters += found.delimiters;
    block.brackets += found.brackets;
    page.delimiters += found.delimiters;
    page.brackets += found.brackets;
    page.ampersands += found.ampersands;
    const inline = INLINE_LIMITS.find(([over]) => over(block, page))?.[1];
    if (inline !== undefined) return { position: at(start), message: inline };
    if (/^\s*\|/.test(rest)) {
      rows++;
      const columns = (rest.match(/(?<!\\)\|/g)?.length ?? 1) - 1;
      cells += columns;
      if (rows > LIMITS.rows) return { position: at(start), message: `more than ${LIMITS.rows} table rows` };
      if (columns > LIMITS.columns) return { position: at(start), message: `a table row of ${columns} cells (the limit is ${LIMITS.columns})` };
      if (cells > LIMITS.cells) return { position: at(start), message: `more than ${LIMITS.cells} table cells` };
    }
    line++;
    start = end + 1;
  }
  // HTML: element depth, rows and cells, tag by tag.
  let depth = 0;
  let rowCells = 0;
  line = 1;
  lineStart = 0;
  let counted = 0;
  const advance = (offset: number) => {
    for (let i = text.indexOf("\n", counted); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    counted = offset;
  };
  // A hand-written scan, linear whatever the text: from each "<" to the next ">".
  for (let open = text.indexOf("<"); open >= 0; ) {
    const start = open;
    const close = text.indexOf(">", start + 1);
    if (close < 0) break;
    const tag = /^<(\/?)([a-zA-Z][\w-]*)/.exec(text.slice(start, Math.min(close, start + 64)));
    if (tag === null) {
      open = text.indexOf("<", start + 1);
      continue;
    }
    open = text.indexOf("<", close + 1);
    const name = tag[2]!.toLowerCase();
    const selfClosing = text[close - 1] === "/";
    if (VOID.has(name) || selfClosing) continue;
    if (tag[1] === "/") {
      depth = Math.max(0, depth - 1);
      continue;
    }
    depth++;
    if (name === "tr") {
      rows++;
      rowCells = 0;
    } else if (name === "td" || name === "th") {
      rowCells++;
      cells++;
    }
    const problem =
      depth > LIMITS.htmlDepth
        ? `HTML elements nested ${depth} deep (the limit is ${LIMITS.htmlDepth})`
        : rows > LIMITS.rows
          ? `more than ${LIMITS.rows} table rows`
          : rowCells > LIMITS.columns
            ? `a table row of more than ${LIMITS.columns} cells`
            : cells > LIMITS.cells
              ? `more than ${LIMITS.cells} table cells`
              : undefined;
    if (problem !== undefined) {
      advance(start);
      return { position: at(start), message: problem };
    }
  }
  return undefined;
}
