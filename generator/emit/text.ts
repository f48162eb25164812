/**
 * Doc text into TypeScript, safely: whatever a description holds (quotes,
 * backticks, `${`, `*\/`, line separators, lone surrogates, emoji) it ends
 * up as data, never as code.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A double-quoted string literal. JSON escaping covers quotes, backslashes, controls and lone surrogates. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Text for a JSDoc block: `*\/` cannot close the comment, a line cannot start
 * a tag, line separators become plain line breaks, lone surrogates (not
 * representable in a UTF-8 file) become U+FFFD.
 */
export function docText(value: string): string {
  return value
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/\*\//g, "*\\/")
    .replace(/^(\s*)@/gm, "$1\\@")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "\uFFFD");
}

/** A line comment's text: one line, nothing that ends it. */
export function lineCommentText(value: string): string {
  return docText(value).replace(/\n/g, " ");
}
