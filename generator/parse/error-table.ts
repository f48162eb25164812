import { diagnostic } from "../model/diagnostics.js";
import { BIDI_CONTROLS } from "../model/escape.js";
import type { Diagnostic, ErrorRow, ErrorTable, Section } from "../model/types.js";
import type { Cell, Table } from "./table.js";
import {
  CODE_TIERS,
  COMMON_HEADING,
  ERROR_CODES_HEADING,
  FIELD_NAMES,
  headerKey,
  IGNORED_HEADERS,
  MESSAGE_TIERS,
  SERVICE_HEADING,
  tierOf,
} from "./vocabulary.js";

export { headerKey };
export type { ErrorRow, ErrorTable, Section };

function sectionOf(headings: readonly string[]): Section | undefined {
  for (let i = headings.length - 1; i >= 0; i--) {
    const heading = headings[i]!;
    if (COMMON_HEADING.test(heading)) return "common";
    if (SERVICE_HEADING.test(heading)) return "service";
  }
  return undefined;
}

/** How many leading rows may precede the header row (a caption row, say). */
const HEADER_SEARCH_ROWS = 3;

/** The column of the best tier in `keys` (first on a tie), or -1. */
function bestColumn(tiers: readonly (readonly string[])[], keys: readonly string[], exclude: number): number {
  let best = -1;
  let bestTier = Infinity;
  keys.forEach((key, i) => {
    const tier = tierOf(tiers, key);
    if (i !== exclude && tier >= 0 && tier < bestTier) [best, bestTier] = [i, tier];
  });
  return best;
}

const isCodeHeader = (cell: Cell) => tierOf(CODE_TIERS, headerKey(cell.text)) >= 0;

/**
 * Reads a table as an error-code table if one of its first rows has a code
 * column header; returns undefined for every other table (parameters,
 * quotas, …). Rows keep the position of their code cell.
 */
export function readErrorTable(file: string, table: Table, diagnostics: Diagnostic[]): ErrorTable | undefined {
  // The header is the first row, or a later row made only of header cells (after a caption row, say):
  // a body row whose first cell reads "code" is a parameter, not a header.
  const headerIndex = table.rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((row, i) => (i === 0 || row.every((cell) => cell.header)) && row.some(isCodeHeader));
  if (headerIndex < 0) return undefined;
  const header = table.rows[headerIndex]!;
  const keys = header.map((cell) => headerKey(cell.text));
  const codeColumn = bestColumn(CODE_TIERS, keys, -1);
  const messageColumn = bestColumn(MESSAGE_TIERS, keys, codeColumn);
  const fieldColumns = new Map<number, string>();
  keys.forEach((key, i) => {
    if (i === codeColumn || i === messageColumn || key === "" || IGNORED_HEADERS.has(key)) return;
    // A header spanning several columns names one column.
    if (header[i] === header[codeColumn] || header[i] === header[messageColumn]) return;
    const name = FIELD_NAMES.get(key) ?? header[i]!.text;
    if (![...fieldColumns.values()].includes(name)) fieldColumns.set(i, name);
  });
  if (messageColumn < 0) {
    diagnostics.push(
      diagnostic(
        "D2E201",
        { file, ...header[codeColumn]!.position },
        `table has a code column ("${header[codeColumn]!.text}") but no description column; codes are kept without messages`,
      ),
    );
  }

  const rows: ErrorRow[] = [];
  for (const row of table.rows.slice(headerIndex + 1)) {
    if (row.every((cell) => cell.text === "")) continue;
    // A caption row spanning the whole table ("Common errors"), or a repeated header row.
    if (row.length > 1 && row.every((cell) => cell === row[0])) continue;
    const codeCell: Cell | undefined = row[codeColumn];
    if (codeCell === undefined) {
      diagnostics.push(
        diagnostic("D2E206", { file, ...row[0]!.position }, `row has ${row.length} cells; the code column is number ${codeColumn + 1}`),
      );
      continue;
    }
    if (isCodeHeader(codeCell) && headerKey(codeCell.text) === keys[codeColumn]) continue;
    if (codeCell.text === "") {
      diagnostics.push(diagnostic("D2E202", { file, ...codeCell.position }, "row has no code; it is skipped"));
      continue;
    }
    const read = readCode(codeCell.text);
    if (read.note !== undefined) {
      const outcome = read.codes.length === 0 ? "the row is skipped" : `read as ${read.codes.map((c) => `"${c}"`).join(", ")}`;
      diagnostics.push(diagnostic("D2E203", { file, ...codeCell.position }, `code "${codeCell.text}" ${read.note}; ${outcome}`));
    }
    const cells = [codeCell, ...(messageColumn >= 0 ? [row[messageColumn]] : []), ...[...fieldColumns.keys()].map((i) => row[i])];
    for (const cell of new Set(cells)) {
      if (cell === undefined || !new RegExp(BIDI_CONTROLS.source).test(cell.text)) continue;
      diagnostics.push(
        diagnostic("D2E207", { file, ...cell.position }, "cell holds bidirectional control characters; the generated code writes them as escapes (\\u202e)"),
      );
    }
    const messageCell = messageColumn >= 0 ? row[messageColumn] : undefined;
    for (const code of read.codes) {
      const fields: Record<string, string> = {};
      for (const [i, name] of fieldColumns) {
        const text = row[i]?.text ?? "";
        // A cell that only repeats the code (a doubled code column) adds nothing.
        if (text !== "" && text !== code && row[i] !== codeCell) fields[name] = text;
      }
      rows.push({
        code,
        message: messageCell === undefined || messageCell === codeCell ? "" : messageCell.text,
        fields,
        links: uniqueLinks(cells),
        position: codeCell.position,
      });
    }
  }
  return {
    syntax: table.syntax,
    position: table.position,
    section: sectionOf(table.headings),
    underErrorHeading: table.headings.some((heading) => ERROR_CODES_HEADING.test(heading)),
    headings: table.headings,
    columns: {
      code: header[codeColumn]!.text,
      message: messageColumn >= 0 ? header[messageColumn]!.text : undefined,
      fields: Object.fromEntries([...fieldColumns].map(([i, name]) => [name, header[i]!.text])),
    },
    rows,
  };
}

/** A code as the API may send it: one token of printable ASCII (`InvalidParameter.Foo`, `9003`, `-1`, `MK:0012`, `0x4001`). */
export const CODE_PATTERN = /^[\x21-\x7E]+$/;
/** A range of numbers written with spaces or a tilde: `120001 - 130000`, `112～116`. */
const RANGE = /^-?\d+(\s+(-|–|—|to)\s+|\s*[~～]\s*)-?\d+$/;
const LIST_SEPARATOR = /\s*[/、，,]\s*/;

/**
 * Reads a code cell. The rule, always reported as D2E203 when it changes,
 * splits or drops something:
 * - spaces around a dot are removed (`InvalidParameter. Foo` → `InvalidParameter.Foo`), likewise
 *   around a colon, and a full-width colon becomes `:` (`MK: 0017`, `DB：0140` → `MK:0017`, `DB:0140`);
 * - trailing dots (`.` or `。`) are removed;
 * - a list of codes (`3004/3005`, `A、B`) gives one row per code;
 * - a range (`120001 - 130000`) is not a code: the row is skipped;
 * - text with spaces or characters outside printable ASCII (`其他`, `Request has expired`) is skipped.
 * Codes are otherwise kept exactly as written, typos included.
 */
export function readCode(text: string): { codes: string[]; note?: string } {
  // Anything with a slash goes through the list rule below; so does a trailing dot.
  if (CODE_PATTERN.test(text) && !/\/|[.。]$/.test(text)) return { codes: [text] };
  if (RANGE.test(text)) return { codes: [], note: "is a range, not a code" };
  if (/\n/.test(text)) return { codes: [], note: "spans several lines" };
  const notes: string[] = [];
  let code = text;
  if (/\s\.|\.\s/.test(code)) {
    code = code.replace(/\s*\.\s*/g, ".");
    notes.push("has spaces around a dot");
  }
  if (/\s[:：]|[:：]\s|：/.test(code)) {
    code = code.replace(/\s*[:：]\s*/g, ":");
    notes.push("has a full-width colon or spaces around a colon");
  }
  if (/[.。]$/.test(code)) {
    code = code.replace(/[.。]+$/, "");
    notes.push("ends with a dot");
  }
  const parts = code.split(LIST_SEPARATOR);
  if (parts.length > 1 && parts.every((part) => CODE_PATTERN.test(part))) {
    return { codes: parts, note: [...notes, "lists several codes"].join(" and ") };
  }
  // A slash that separates nothing (`${x}*/`) is part of the code.
  if (CODE_PATTERN.test(code)) return notes.length > 0 ? { codes: [code], note: notes.join(" and ") } : { codes: [code] };
  return { codes: [], note: "is not a code" };
}

function uniqueLinks(cells: readonly (Cell | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const cell of cells) for (const link of cell?.links ?? []) seen.add(link);
  return [...seen];
}
