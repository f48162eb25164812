import { diagnostic } from "../model/diagnostics.js";
import { BIDI_CONTROLS } from "../model/escape.js";
import type { Diagnostic, ErrorRow, ErrorTable, Section, UnreadRow } from "../model/types.js";
import type { Cell, Table } from "./grid.js";
import {
  CODE_TERMS,
  codeTierOf,
  COMMON_HEADING,
  DESCRIPTION_TERMS,
  BARE_VALUE_HEADERS,
  CODE_TIERS,
  ERROR_CODES_HEADING,
  FIELD_NAMES,
  headerKey,
  IGNORED_HEADERS,
  isFaqHeading,
  isValueHeader,
  LANGUAGE_TERMS,
  MESSAGE_TIERS,
  PLACEHOLDER,
  REFERENCE_TERMS,
  SERVICE_HEADING,
  tierOf,
} from "./vocabulary.js";

export { headerKey };
export type { ErrorRow, ErrorTable, Section };

function sectionOf(headings: readonly string[]): Section | undefined {
  for (let i = headings.length - 1; i >= 0; i--) {
    const heading = headings[i]!;
    // An FAQ's question ("What are the common errors?", "…and Solutions") names no section.
    if (isFaqHeading(heading)) continue;
    if (COMMON_HEADING.test(heading)) return "common";
    if (SERVICE_HEADING.test(heading)) return "service";
  }
  return undefined;
}

/** How many leading rows may precede the header row (a caption row, say). */
const HEADER_SEARCH_ROWS = 3;

/** The column of the best tier in `keys` (first on a tie), or -1. */
function bestColumn(tierOfKey: (key: string) => number, keys: readonly string[], exclude: number): number {
  let best = -1;
  let bestTier = Infinity;
  keys.forEach((key, i) => {
    const tier = tierOfKey(key);
    if (i !== exclude && tier >= 0 && tier < bestTier) [best, bestTier] = [i, tier];
  });
  return best;
}

const isCodeHeader = (cell: Cell) => codeTierOf(headerKey(cell.text)) >= 0;

/**
 * The code column, and the column of the codes' names when the table gives
 * both (names and values): the values are the codes the API returns. A
 * names column is one of names' tier (`错误码名称`, `错误码ID`), or the bare
 * term beside the same term with a value qualifier (`错误码` beside
 * `错误码值`); its values are in the qualified column, or in a column headed
 * by "value" alone (`数值`) beside names. -1 for no names column.
 */
function codeColumns(keys: readonly string[]): { code: number; names: number } {
  const values = keys.findIndex((key) => isValueHeader(key));
  const bare = keys.findIndex((key, i) => i !== values && tierOf(CODE_TIERS, key) === 0);
  if (values >= 0 && bare >= 0) return { code: values, names: bare };
  const best = bestColumn(codeTierOf, keys, -1);
  if (codeTierOf(keys[best]!) === 1) {
    const value = keys.findIndex((key) => BARE_VALUE_HEADERS.has(key));
    if (value >= 0) return { code: value, names: best };
  }
  return { code: best, names: keys.findIndex((key, i) => i !== best && codeTierOf(key) === 1) };
}

/**
 * When no header is a message column of the vocabulary: the one that holds a
 * description, meaning or cause term (`错误码含义`, `简要描述`, `原因と解決策`);
 * among several, the one that names the header's own language
 * (`错误中文描述` in a Chinese header), else one that names no other language,
 * else the first. -1 for none.
 */
function descriptionColumn(header: readonly Cell[], keys: readonly string[], exclude: number): number {
  const candidates = keys.flatMap((key, i) => (i !== exclude && DESCRIPTION_TERMS.test(key) && header[i] !== header[exclude] ? [i] : []));
  if (candidates.length <= 1) return candidates[0] ?? -1;
  const all = header.map((cell) => cell.text).join(" ");
  const own = LANGUAGE_TERMS.find(([script]) => script.test(all))?.[1];
  const others = LANGUAGE_TERMS.map(([, words]) => words).filter((words) => words !== own);
  return (
    candidates.find((i) => own?.test(keys[i]!)) ??
    candidates.find((i) => !others.some((words) => words.test(keys[i]!))) ??
    candidates[0]!
  );
}

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
  if (headerIndex < 0) {
    // A header that speaks of error codes in words the vocabulary does not know: said, not skipped silently.
    const first = table.rows[0];
    const unknown = first?.find((cell) => CODE_TERMS.test(headerKey(cell.text)));
    if (unknown !== undefined) {
      diagnostics.push(
        diagnostic("D2E208", { file, ...unknown.position }, `header "${unknown.text}" speaks of error codes, but no column is a code column the vocabulary knows; the table is not read`),
      );
    }
    return undefined;
  }
  const header = table.rows[headerIndex]!;
  const keys = header.map((cell) => headerKey(cell.text));
  const { code: codeColumn, names: namesColumn } = codeColumns(keys);
  const exactMessage = bestColumn((key) => tierOf(MESSAGE_TIERS, key), keys, codeColumn);
  const messageColumn = exactMessage >= 0 ? exactMessage : descriptionColumn(header, keys, codeColumn);
  const fieldColumns = new Map<number, string>();
  keys.forEach((key, i) => {
    if (i === codeColumn || i === messageColumn || key === "" || IGNORED_HEADERS.has(key)) return;
    // A header spanning several columns names one column.
    if (header[i] === header[codeColumn] || header[i] === header[messageColumn]) return;
    const known = i === namesColumn ? "name" : FIELD_NAMES.get(key);
    if (known === undefined && CODE_TERMS.test(key)) {
      diagnostics.push(
        diagnostic("D2E208", { file, ...header[i]!.position }, `header "${header[i]!.text}" speaks of error codes, but is no column the vocabulary knows; it is kept as the field "${header[i]!.text}"`),
      );
    }
    const name = known ?? header[i]!.text;
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

  const body = table.rows.slice(headerIndex + 1);
  const context = rangeContext(body.map((row) => row[codeColumn]?.text ?? ""));
  const rows: ErrorRow[] = [];
  const unread: UnreadRow[] = [];
  for (const row of body) {
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
    const messageText = messageColumn >= 0 ? (row[messageColumn]?.text ?? "") : "";
    const read = readCode(codeCell.text, context, messageText);
    // ASCII words with a stray space (`InvalidKeyPairNameIncludeIllega l Char`): the other locales' pages decide.
    const compact = codeCell.text.replace(/\s+/g, "");
    if (read.note === NOT_A_CODE && /^[\x21-\x7E]+( [\x21-\x7E]+)+$/.test(codeCell.text) && CODE_PATTERN.test(compact)) {
      const messageCell = messageColumn >= 0 ? row[messageColumn] : undefined;
      unread.push({ text: codeCell.text, code: compact, message: messageCell?.text ?? "", fields: {}, links: [], position: codeCell.position });
      continue;
    }
    if (read.note !== undefined) {
      const outcome = read.codes.length === 0 ? "the row is skipped" : `read as ${read.codes.map((c) => `"${c}"`).join(", ")}`;
      diagnostics.push(diagnostic("D2E203", { file, ...codeCell.position }, `code "${codeCell.text}" ${read.note}; ${outcome}`, codeCell.text));
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
        const cellText = row[i]?.text ?? "";
        // A name wrapped over lines at `_` (`AV_ERR_REPEATED` / `_OPERATION`) is one name, as a code is.
        const text = name === "name" ? (wrappedCode(cellText) ?? cellText) : cellText;
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
    unread,
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
const NOT_A_CODE = "is not a code";
/** A range of numbers written with spaces or a tilde: `120001 - 130000`, `112～116`. */
const RANGE = /^-?\d+(\s+(-|–|—|to)\s+|\s*[~～]\s*)-?\d+$/;
/** Two numbers joined by a bare hyphen: `13-19` is a range or a code (`2-67`), as its table says. */
const DASHED = /^(\d+)-(\d+)$/;
const LIST_SEPARATOR = /\s*[/、，,]\s*/;

/** What a table says of its `a-b` cells (see `readCode`). */
export interface RangeContext {
  /** The table writes ranges unmistakably elsewhere (`112～116`, `1 - 9`). */
  readonly hasRanges: boolean;
  /** Left parts shared by several `a-b` cells (`2-67`, `2-68`): a family of codes, not ranges. */
  readonly families: ReadonlySet<string>;
}

export function rangeContext(codeCells: readonly string[]): RangeContext {
  const lefts = new Map<string, number>();
  for (const text of codeCells) {
    const match = DASHED.exec(text.trim());
    if (match) lefts.set(match[1]!, (lefts.get(match[1]!) ?? 0) + 1);
  }
  return {
    hasRanges: codeCells.some((text) => RANGE.test(text.trim())),
    families: new Set([...lefts].filter(([, count]) => count > 1).map(([left]) => left)),
  };
}

/** One ASCII token a line, broken where a long code may be wrapped: after or before `_`, `.` or `:`. */
function wrappedCode(text: string): string | undefined {
  const pieces = text.split(/\s*\n\s*/);
  if (pieces.length < 2 || !pieces.every((piece) => CODE_PATTERN.test(piece))) return undefined;
  for (let i = 1; i < pieces.length; i++) if (!/[_.:]$/.test(pieces[i - 1]!) && !/^[_.:]/.test(pieces[i]!)) return undefined;
  return pieces.join("");
}

/**
 * Reads a code cell. The rule, always reported as D2E203 when it changes,
 * splits or drops something:
 * - spaces around a dot are removed (`InvalidParameter. Foo` → `InvalidParameter.Foo`), likewise
 *   around a colon, and a full-width colon becomes `:` (`MK: 0017`, `DB：0140` → `MK:0017`, `DB:0140`);
 * - trailing dots (`.` or `。`) are removed;
 * - a list of codes (`3004/3005`, `A、B`) gives one row per code;
 * - a range (`120001 - 130000`, `112～116`) is not a code: the row is skipped; so is two
 *   numbers joined by a bare hyphen (`13-19`) in a table that writes other ranges
 *   unmistakably, unless its left part starts other such cells too (`2-67`, `2-68`: a
 *   family of codes);
 * - a code wrapped over lines at `_`, `.` or `:` (`AV_ERR_REPEATED` / `_OPERATION`)
 *   is joined back; numbers on lines of their own (`-30300` / `-31001`) are several
 *   codes sharing the row; other text over several lines is skipped;
 * - a range of numbers whose row points elsewhere (`4000-7000 | 参见公共错误码`)
 *   is a reference, not a code; a template's placeholder (`xxx`, `yyy`) is no code;
 * - text with spaces or characters outside printable ASCII (`其他`, `Request has expired`) is skipped.
 * Codes are otherwise kept exactly as written, typos included.
 */
export function readCode(
  text: string,
  context: RangeContext = { hasRanges: false, families: new Set() },
  message = "",
): { codes: string[]; note?: string } {
  if (PLACEHOLDER.test(text)) return { codes: [], note: "is a placeholder, not a code" };
  const dashed = DASHED.exec(text);
  if (dashed && Number(dashed[1]) < Number(dashed[2]) && REFERENCE_TERMS.test(message)) {
    return { codes: [], note: `is a range its row refers elsewhere ("${message}"), not a code` };
  }
  if (dashed && context.hasRanges && !context.families.has(dashed[1]!) && Number(dashed[1]) < Number(dashed[2])) {
    return { codes: [], note: "is a range, not a code (its table writes ranges)" };
  }
  // Anything with a slash goes through the list rule below; so does a trailing dot.
  if (CODE_PATTERN.test(text) && !/\/|[.。]$/.test(text)) return { codes: [text] };
  if (RANGE.test(text)) return { codes: [], note: "is a range, not a code" };
  if (/\n/.test(text)) {
    const joined = wrappedCode(text);
    if (joined === undefined) {
      const lines = text.split(/\s*\n\s*/);
      if (lines.every((line) => /^-?\d+$/.test(line))) return { codes: lines, note: "lists several codes, one a line" };
      return { codes: [], note: "spans several lines" };
    }
    const inner = readCode(joined, context);
    return { ...inner, note: ["is wrapped over lines, its pieces joined", ...(inner.note === undefined ? [] : [inner.note])].join(" and ") };
  }
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
  return { codes: [], note: NOT_A_CODE };
}

function uniqueLinks(cells: readonly (Cell | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const cell of cells) for (const link of cell?.links ?? []) seen.add(link);
  return [...seen];
}
