import { terminalText } from "./escape.js";
import type { Diagnostic, Severity, SourcePosition } from "./types.js";

/**
 * Every diagnostic the generator can report. Identifiers are stable: tools and
 * people may grep for them, so a code is never reused for another meaning.
 */
export const DIAGNOSTICS = {
  // The manifest (docs/sources.json) and the docs folder.
  D2E001: { severity: "error", title: "manifest is not valid" },
  D2E002: { severity: "error", title: "page listed in the manifest is missing" },
  D2E003: { severity: "warning", title: "page is not listed in the manifest" },
  D2E004: { severity: "error", title: "page path does not match the docs layout" },
  D2E005: { severity: "warning", title: "page content differs from the manifest hash" },
  D2E006: { severity: "warning", title: "page states another service, version or action than its manifest entry" },
  D2E007: { severity: "warning", title: "upstream page could not be placed" },
  D2E008: { severity: "error", title: "page is a symlink leading out of the docs folder" },
  D2E009: { severity: "error", title: "the reviewed-warnings baseline is not valid" },
  D2E010: { severity: "warning", title: "a reviewed warning no longer occurs" },
  D2E011: { severity: "error", title: "docs/ holds a change of fetch-docs that was interrupted" },
  // Reading a page.
  D2E101: { severity: "error", title: "page is not valid UTF-8" },
  D2E102: { severity: "warning", title: "page is empty" },
  D2E103: { severity: "error", title: "page is too large" },
  D2E104: { severity: "error", title: "page is over a limit (table rows, cells, nesting)" },
  D2E105: { severity: "error", title: "page could not be read" },
  // Tables.
  D2E201: { severity: "warning", title: "error-code table has no description column" },
  D2E202: { severity: "warning", title: "row has no code" },
  D2E203: { severity: "warning", title: "suspicious code" },
  D2E204: { severity: "warning", title: "HTML table is not closed" },
  D2E205: { severity: "warning", title: "page has no error-code table" },
  D2E206: { severity: "warning", title: "row has fewer cells than the header" },
  D2E207: { severity: "warning", title: "cell holds bidirectional control characters" },
  D2E208: { severity: "warning", title: "header speaks of error codes but is no column the vocabulary knows" },
  // Merging into the model.
  D2E301: { severity: "warning", title: "same code listed twice with different text" },
  D2E302: { severity: "warning", title: "code of a numeric table is not a number" },
  D2E304: { severity: "warning", title: "pages in different locales list different codes" },
  D2E305: { severity: "warning", title: "overview pages link an action to different pages" },
  // D2E303 (pages disagree on a service's API version) is retired: each version is a code set of its own.
  // The API error catalog (errors.go and client.go of the SDKs, and their stored form under docs/catalog/).
  D2E601: { severity: "error", title: "catalog file is not in the comment form the reader knows" },
  D2E602: { severity: "warning", title: "catalog code has no description" },
  D2E603: { severity: "warning", title: "catalog code is defined twice" },
  D2E604: { severity: "warning", title: "catalog action has no comment" },
  D2E605: { severity: "warning", title: "catalog action lists a code errors.go does not define as listed" },
  D2E606: { severity: "error", title: "stored catalog file is not valid" },
  // Emitting.
  D2E401: { severity: "warning", title: "identifier collision" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export function diagnostic(code: DiagnosticCode, position: SourcePosition, message: string, subject?: string): Diagnostic {
  return { severity: DIAGNOSTICS[code].severity, code, message, position, ...(subject !== undefined && { subject }) };
}

/**
 * `docs/path.md:12:3: warning D2E203: message`: the format compilers and
 * editors understand. One line, whatever the message quotes from a page:
 * control characters are escaped (see escape.ts).
 */
export function formatDiagnostic(d: Diagnostic, docsPrefix = "docs"): string {
  const file = docsPrefix ? `${docsPrefix}/${d.position.file}` : d.position.file;
  return `${terminalText(file)}:${d.position.line}:${d.position.column}: ${d.severity} ${d.code}: ${terminalText(d.message)}`;
}

/** Sort by file, line, column, code, message: output order never depends on processing order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareStrings(a.position.file, b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}

/** Code-unit order, independent of the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
