/**
 * Text from the docs or from a server, made inert where it is shown: on a
 * terminal (diagnostics, progress, reports) and in markdown (the change
 * report, which becomes a pull-request body). The TypeScript side is
 * emit/text.ts.
 */

/**
 * Control characters (C0, DEL, C1), bidirectional controls (U+061C,
 * U+200E–U+200F, U+202A–U+202E, U+2066–U+2069: the "Trojan Source" trick)
 * and line and paragraph separators.
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** The bidirectional controls alone. */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const escapeOne = (char: string) => {
  const code = char.charCodeAt(0);
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};

/**
 * `text` as a terminal may show it: every character of `UNSAFE_CHARACTERS`
 * written as an escape (`ESC [2J` → `\x1b[2J`), a backslash doubled only
 * where it would read as one of those escapes. One line, whatever the text.
 */
export function terminalText(text: string): string {
  return text.replace(/\\(?=[xunrt])/g, "\\\\").replace(UNSAFE_CHARACTERS, escapeOne);
}

/**
 * Doc text inside markdown, inert: markdown punctuation backslash-escaped
 * (no emphasis, link, image, heading, table cell or code span can start),
 * `<`, `>` and `&` as entities (no raw HTML), `@` followed by a zero-width
 * joiner (no mention), control and bidi characters escaped, one line.
 */
export function markdownText(text: string): string {
  return terminalText(text.replace(/\s+/g, " "))
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (char) => `\\${char}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "@\u2060");
}

/**
 * A markdown code span holding `text` exactly: the fence is one backtick
 * longer than the longest run of backticks inside, with a space of padding
 * when the text starts or ends with a backtick. Controls are escaped and `@`
 * needs nothing: code spans make no mentions, links or HTML.
 */
export function codeSpan(text: string): string {
  const inner = terminalText(text.replace(/\s+/g, " "));
  const longest = Math.max(0, ...[...inner.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(inner) ? " " : "";
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/**
 * JSON with DEL, C1, line and paragraph separators and bidirectional
 * controls written as `\uXXXX` escapes (JSON.stringify escapes only C0):
 * still the same JSON, but inert in a terminal or a reviewed diff.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
