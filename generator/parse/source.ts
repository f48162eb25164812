import { diagnostic } from "../model/diagnostics.js";
import type { Diagnostic } from "../model/types.js";

/** Pages larger than this are refused: no real error-code page comes near it. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;

export type DecodedPage =
  | { readonly ok: true; readonly text: string; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Turns a page's bytes into text: strict UTF-8, byte-order mark removed
 * (editors do not count it as a column, so positions stay right).
 */
export function decodePage(file: string, bytes: Uint8Array): DecodedPage {
  const start = { file, line: 1, column: 1 };
  if (bytes.byteLength > MAX_PAGE_BYTES) {
    return {
      ok: false,
      diagnostics: [
        diagnostic("D2E103", start, `page is ${bytes.byteLength} bytes; the limit is ${MAX_PAGE_BYTES}`),
      ],
    };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, diagnostics: [diagnostic("D2E101", invalidUtf8Position(file, bytes), "page is not valid UTF-8")] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const diagnostics = text.trim() === "" ? [diagnostic("D2E102", start, "page is empty")] : [];
  return { ok: true, text, diagnostics };
}

/** Line and column (in UTF-16 code units, as unist positions count) of the first byte that is not valid UTF-8. */
function invalidUtf8Position(file: string, bytes: Uint8Array): { file: string; line: number; column: number } {
  let lo = 0;
  let hi = bytes.byteLength;
  // The longest valid prefix, found by bisection over prefix lengths.
  const valid = (n: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valid(mid)) lo = mid;
    else hi = mid - 1;
  }
  // Streaming: an incomplete sequence at the end of the valid prefix is not a character yet.
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(0, lo), { stream: true });
  const lines = prefix.split("\n");
  const last = lines[lines.length - 1] ?? "";
  return { file, line: lines.length, column: last.length + 1 };
}
