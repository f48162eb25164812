import { diagnostic } from "../model/diagnostics.js";
import type { Diagnostic } from "../model/types.js";
import type { Cell, Point, Table } from "./table.js";

/** Which part of the API a table's codes belong to, read from the headings above it. */
export type Section = "common" | "service";

export interface ErrorRow {
  readonly code: string;
  readonly message: string;
  /** Extra columns by canonical field name (`resolution`, `httpStatus`, or the header's own text). */
  readonly fields: Readonly<Record<string, string>>;
  readonly links: readonly string[];
  /** Where the code cell starts. */
  readonly position: Point;
}

export interface ErrorTable {
  readonly syntax: Table["syntax"];
  readonly position: Point;
  readonly section: Section | undefined;
  readonly headings: readonly string[];
  /** The header texts as written, code column first. */
  readonly columns: { readonly code: string; readonly message: string | undefined; readonly fields: Readonly<Record<string, string>> };
  readonly rows: readonly ErrorRow[];
}

/**
 * Header keys are compared after `headerKey`: lower case, no spaces, no
 * parenthesised aside (`エラーコード（ErrorCode）` → `エラーコード`), no
 * markup characters.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\([^)]*\)/g, "")
    .replace(/[\s*_:`]/g, "");
}

const CODE_HEADERS = new Set([
  "code",
  "errorcode",
  "errorcodes",
  "errcode",
  "errorcodename",
  "エラーコード",
  "エラーコード名",
  "エラーコード名称",
  "오류코드",
  "에러코드",
  "오류코드명",
  "错误码",
  "错误代码",
  "错误码名称",
  "错误码名",
  "錯誤碼",
]);

const MESSAGE_HEADERS = new Set([
  "description",
  "errordescription",
  "message",
  "errormessage",
  "meaning",
  "説明",
  "エラー説明",
  "エラーの説明",
  "エラーメッセージ",
  "意味",
  "설명",
  "오류설명",
  "오류메시지",
  "의미",
  "描述",
  "说明",
  "错误描述",
  "错误说明",
  "错误信息",
  "含义",
]);

/** Extra columns that mean the same thing in every locale share one field name. */
const FIELD_NAMES: ReadonlyMap<string, string> = new Map([
  ...["対処方法", "対処法", "処理方法", "처리방법", "해결방법", "조치방법", "处理措施", "处理方法", "解决方法", "解决方案", "处理建议", "solution", "resolution", "suggestion", "suggestedaction", "handling"].map(
    (key) => [key, "resolution"] as const,
  ),
  ...["httpstatuscode", "httpstatus", "http状态码", "httpステータスコード", "http상태코드"].map(
    (key) => [key, "httpStatus"] as const,
  ),
  ...["errortype", "错误类型", "エラータイプ", "오류유형"].map((key) => [key, "errorType"] as const),
]);

/** Columns that carry nothing worth keeping. */
const IGNORED_HEADERS = new Set(["no.", "no", "#", "序号", "番号", "번호"]);

const COMMON_HEADING = /共通|公共|通用|공통|\bcommon\b|\bpublic\b/i;
const SERVICE_HEADING = /業務|サービス|业务|服务|비즈니스|서비스|\bservice\b|\bbusiness\b|\bproduct\b/i;

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

/**
 * Reads a table as an error-code table if one of its first rows has a code
 * column header; returns undefined for every other table (parameters,
 * quotas, …). Rows keep the position of their code cell.
 */
export function readErrorTable(
  file: string,
  table: Table,
  diagnostics: Diagnostic[],
): ErrorTable | undefined {
  const headerIndex = table.rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((row) => row.some((cell) => CODE_HEADERS.has(headerKey(cell.text))));
  if (headerIndex < 0) return undefined;
  const header = table.rows[headerIndex]!;
  const keys = header.map((cell) => headerKey(cell.text));
  const codeColumn = keys.findIndex((key) => CODE_HEADERS.has(key));
  const messageColumn = keys.findIndex((key, i) => i !== codeColumn && MESSAGE_HEADERS.has(key));
  const fieldColumns = new Map<number, string>();
  keys.forEach((key, i) => {
    if (i === codeColumn || i === messageColumn || key === "" || IGNORED_HEADERS.has(key)) return;
    // A column spanned from the code or message header is the same column.
    if (header[i] === header[codeColumn] || header[i] === header[messageColumn]) return;
    fieldColumns.set(i, FIELD_NAMES.get(key) ?? header[i]!.text);
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
    const codeCell: Cell | undefined = row[codeColumn];
    if (codeCell === undefined) {
      diagnostics.push(
        diagnostic("D2E206", { file, ...row[0]!.position }, `row has ${row.length} cells; the code column is number ${codeColumn + 1}`),
      );
      continue;
    }
    // A header row repeated inside the table body.
    if (codeCell.header && CODE_HEADERS.has(headerKey(codeCell.text))) continue;
    if (codeCell.text === "") {
      diagnostics.push(diagnostic("D2E202", { file, ...codeCell.position }, "row has no code; it is skipped"));
      continue;
    }
    const fields: Record<string, string> = {};
    for (const [i, name] of fieldColumns) {
      const text = row[i]?.text ?? "";
      if (text !== "") fields[name] = text;
    }
    const cells = [codeCell, ...(messageColumn >= 0 ? [row[messageColumn]] : []), ...[...fieldColumns.keys()].map((i) => row[i])];
    rows.push({
      code: codeCell.text,
      message: messageColumn >= 0 ? (row[messageColumn]?.text ?? "") : "",
      fields,
      links: uniqueLinks(cells),
      position: codeCell.position,
    });
  }
  return {
    syntax: table.syntax,
    position: table.position,
    section: sectionOf(table.headings),
    headings: table.headings,
    columns: {
      code: header[codeColumn]!.text,
      message: messageColumn >= 0 ? header[messageColumn]!.text : undefined,
      fields: Object.fromEntries([...fieldColumns].map(([i, name]) => [name, header[i]!.text])),
    },
    rows,
  };
}

function uniqueLinks(cells: readonly (Cell | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const cell of cells) for (const link of cell?.links ?? []) seen.add(link);
  return [...seen];
}
