/**
 * Doc text into TypeScript, safely: whatever a description holds (quotes,
 * backticks, `${`, `*\/`, line separators, lone surrogates, emoji) it ends
 * up as data, never as code.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Characters a string literal holds as escapes although JSON would not:
 * DEL and C1 controls, line and paragraph separators, and bidirectional
 * controls (which could make code read otherwise than it runs: "Trojan
 * Source").
 */
const ESCAPED_IN_LITERALS = /[\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** A double-quoted string literal. JSON escaping covers quotes, backslashes, C0 controls and lone surrogates. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(ESCAPED_IN_LITERALS, unicodeEscape);
}

/**
 * Text for a JSDoc block: `*\/` cannot close the comment, a line cannot start
 * a tag, line separators become plain line breaks, lone surrogates (not
 * representable in a UTF-8 file) and other controls become U+FFFD, and
 * bidirectional controls are written as their escape (`\u202e`), visible.
 */
export function docText(value: string): string {
  return value
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/\*\//g, "*\\/")
    .replace(/^(\s*)@/gm, "$1\\@")
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, unicodeEscape)
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "\uFFFD");
}

/** A line comment's text: one line, nothing that ends it. */
export function lineCommentText(value: string): string {
  return docText(value).replace(/\n/g, " ");
}
