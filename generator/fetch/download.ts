/** What a downloaded page must be before it may replace one of docs/. */
import { parsePage } from "../parse/page.js";
import { MAX_PAGE_BYTES } from "../parse/source.js";

/** Where `bytes` stops being valid UTF-8, in words; undefined when it is valid. */
export function invalidUtf8(bytes: Uint8Array): string | undefined {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // The longest prefix that is valid, allowing it to end inside a character: validity is monotone.
    let low = 0;
    let high = bytes.byteLength;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        low = mid;
      } catch {
        high = mid - 1;
      }
    }
    return low >= bytes.byteLength ? "the last character is incomplete" : `invalid byte at offset ${low}`;
  }
}

/** How an HTML document starts, where a markdown page is expected: an error or login page served with 200. */
const HTML_START = /^(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

/** Whether `text` is an HTML document: its start, past a byte order mark and any comments before it (`<!-- cdn -->`), is a doctype or a document element. */
function isHtmlDocument(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, "");
  for (let comments = 0; comments < 1000; comments++) {
    rest = rest.trimStart();
    if (!rest.startsWith("<!--")) break;
    const end = rest.indexOf("-->", 4);
    if (end < 0) return false;
    rest = rest.slice(end + 3);
  }
  return HTML_START.test(rest.trimStart());
}

/**
 * Why a download must not replace a page, or undefined when it may: it must
 * be whole, non-empty, valid UTF-8 within the page limit, and markdown rather
 * than an HTML document.
 */
export function refuse(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength === 0) return "empty body";
  if (bytes.byteLength > MAX_PAGE_BYTES) return `the body is ${bytes.byteLength} bytes, over the page limit of ${MAX_PAGE_BYTES}`;
  const invalid = invalidUtf8(bytes);
  if (invalid !== undefined) return `body is not valid UTF-8 (${invalid})`;
  const text = new TextDecoder().decode(bytes);
  if (isHtmlDocument(text)) return "the body is an HTML document, not a markdown page (an error page?)";
  return undefined;
}

/** Less than this share of the page's bytes is taken for a page cut short. */
const SHRUNK_SHARE = 0.5;

/**
 * What a download lost of the page on disk, each page parsed once; undefined
 * when nothing a cut would lose:
 *
 * - `tables`: every error-code table (how many the page has): a page cut
 *   short, or emptied upstream (which happens: a page's text replaced by a
 *   note that it is deleted);
 * - `shrunk`: what only a page cut short loses (a body cut with no
 *   Content-Length to tell): more than half its bytes, or error-code rows
 *   with its last line cut (no final line break where the page on disk has
 *   one). Upstream drops codes too: a download that lists fewer rows but ends
 *   as a whole file does is none of these (the codes it dropped are
 *   deprecated).
 */
export function lostContent(bytes: Uint8Array, local: Uint8Array | undefined): { readonly tables: number } | { readonly shrunk: string } | undefined {
  if (local === undefined || local.byteLength === 0) return undefined;
  const before = parsePage("local", local).errorTables;
  const after = parsePage("download", bytes).errorTables;
  if (before.length > 0 && after.length === 0) return { tables: before.length };
  if (bytes.byteLength < local.byteLength * SHRUNK_SHARE) return { shrunk: `the download is ${bytes.byteLength} bytes where the page has ${local.byteLength}` };
  const endsWhole = (page: Uint8Array) => page[page.byteLength - 1] === 0x0a;
  if (endsWhole(bytes) || !endsWhole(local)) return undefined;
  const rows = (tables: typeof before) => tables.reduce((n, table) => n + table.rows.length, 0);
  return rows(after) < rows(before) ? { shrunk: `the download lists ${rows(after)} error-code rows where the page has ${rows(before)}, and its last line is cut` } : undefined;
}
