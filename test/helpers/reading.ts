/**
 * Reading action pages a second, independent way: line by line, as a person
 * reads them, with none of the generator's code. An action page's errors are
 * the pipe table under its "Error Codes" heading (`## 4. Error Codes`,
 * `## 4. 错误码`, `## 4. エラーコード`, `## 4. 오류 코드`), one code per row in
 * the first column.
 */
const ERROR_HEADING = /^#{1,6}\s*(\d+\.\s*)?(错误码|error codes?|エラーコード|오류 코드|에러 코드)\s*$/i;

/** The codes of an action page's error table; undefined when the page has none. */
export function actionPageCodes(text: string): string[] | undefined {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const start = lines.findIndex((line) => ERROR_HEADING.test(line.trim()));
  if (start < 0) return undefined;
  const codes: string[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (/^#{1,6}\s/.test(trimmed)) break;
    if (!trimmed.startsWith("|")) {
      if (inTable && trimmed !== "") break;
      continue;
    }
    if (!inTable) {
      inTable = true; // the header row
      continue;
    }
    if (/^\|[\s:|-]+$/.test(trimmed)) continue; // the delimiter row
    const first = trimmed.slice(1).split("|")[0]!.replace(/`/g, "").trim();
    codes.push(first);
  }
  return inTable ? codes : undefined;
}

/**
 * What a careful reader makes of a code cell, by the README's code rule: a
 * trailing full stop is dropped, and text with spaces inside is not a code
 * (unless the page in another language lists it without them: `spacedCode`).
 */
export function readCodeCell(cell: string): string | undefined {
  const code = cell.replace(/[.。]+$/, "");
  return /^[\x21-\x7E]+$/.test(code) ? code : undefined;
}

/** A cell of ASCII words with stray spaces (`InvalidKeyPairNameIncludeIllega l Char`): the code it would be without them. */
export function spacedCode(cell: string): string | undefined {
  return /^[\x21-\x7E]+( [\x21-\x7E]+)+$/.test(cell) ? cell.replace(/ /g, "") : undefined;
}
