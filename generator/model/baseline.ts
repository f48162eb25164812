/**
 * The reviewed warnings of the docs: `docs/reviewed-warnings.json`.
 *
 * Some warnings are true of the docs and stay true (a code one translation
 * of a page lacks, a code listed twice): once a maintainer has read them,
 * printing them on every run hides what is new among them. The baseline
 * lists those reviewed, each with why it is accepted; a run prints the
 * warnings that are not in it, one line saying how many are, and, as a
 * warning of its own (D2E010), each entry that no longer occurs (the docs
 * changed: the entry can go).
 *
 * A warning is its page, its code and what it is about: the code listed
 * twice, the code a locale lacks, the cell misread (its `subject`), or else
 * its message. Not its line, nor the wording around its subject: a page
 * edited elsewhere keeps it reviewed, and a code a page adds is one new
 * warning for each locale that lacks it, not a new wording of every warning
 * of that locale.
 */
import { compareStrings, diagnostic, sortDiagnostics } from "./diagnostics.js";
import { codeSpan, jsonText, markdownText } from "./escape.js";
import { jsonErrorOffset, lineAndColumn } from "./json-position.js";
import type { Diagnostic, SourcePosition } from "./types.js";

export const BASELINE_FILE = "reviewed-warnings.json";

export interface BaselineEntry {
  readonly file: string;
  readonly code: string;
  /** What the warning is about (see above); the message is then what it said when it was reviewed. */
  readonly subject?: string;
  readonly message: string;
  /** Why the warning is accepted, in the reviewer's words. */
  readonly why?: string;
  /** Where the entry is in the baseline file. */
  readonly position: SourcePosition;
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[];
  /** What is wrong with the file (D2E009): a damaged baseline is an error, never read as empty. */
  readonly diagnostics: readonly Diagnostic[];
}

const keyOf = (d: { readonly file: string; readonly code: string; readonly message: string; readonly subject?: string | undefined }) =>
  d.subject === undefined ? `${d.file}\0${d.code}\0${d.message}` : `${d.file}\0${d.code}\0\0${d.subject}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads the baseline; no file is an empty one. */
export function readBaseline(text: string | undefined): Baseline {
  if (text === undefined) return { entries: [], diagnostics: [] };
  const at = (offset: number): SourcePosition => ({ file: BASELINE_FILE, ...lineAndColumn(text, offset) });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    return { entries: [], diagnostics: [diagnostic("D2E009", at(offset), `not valid JSON: unexpected ${offset < text.length ? JSON.stringify(text[offset]) : "end of file"}`)] };
  }
  const list = isRecord(data) ? data["warnings"] : undefined;
  if (!Array.isArray(list)) return { entries: [], diagnostics: [diagnostic("D2E009", at(0), 'expected an object with a "warnings" array')] };
  const entries: BaselineEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  let searchFrom = 0;
  list.forEach((entry: unknown, index) => {
    const offset = text.indexOf('"file"', searchFrom);
    if (offset >= 0) searchFrom = offset + 1;
    const position = at(offset >= 0 ? offset : 0);
    if (
      !isRecord(entry) ||
      typeof entry["file"] !== "string" ||
      typeof entry["code"] !== "string" ||
      !/^D2E\d{3}$/.test(entry["code"]) ||
      typeof entry["message"] !== "string" ||
      (entry["subject"] !== undefined && typeof entry["subject"] !== "string") ||
      (entry["why"] !== undefined && typeof entry["why"] !== "string")
    ) {
      diagnostics.push(diagnostic("D2E009", position, `warnings[${index}] must be {"file", "code": "D2E…", "subject"?, "message", "why"?}`));
      return;
    }
    entries.push({
      file: entry["file"],
      code: entry["code"],
      ...(typeof entry["subject"] === "string" && { subject: entry["subject"] }),
      message: entry["message"],
      ...(typeof entry["why"] === "string" && { why: entry["why"] }),
      position,
    });
  });
  return { entries, diagnostics };
}

export interface Reviewed {
  /** What a run shows: errors, and the warnings that are not reviewed (the baseline's own problems and stale entries among them). */
  readonly shown: readonly Diagnostic[];
  /** Warnings the baseline holds. */
  readonly reviewed: number;
  /** Warnings that are new: not in the baseline. */
  readonly fresh: readonly Diagnostic[];
  /** Entries that no longer occur. */
  readonly stale: readonly BaselineEntry[];
}

/** Sorts a run's diagnostics against the baseline (see above). */
export function review(diagnostics: readonly Diagnostic[], baseline: Baseline): Reviewed {
  const keys = new Set(baseline.entries.map(keyOf));
  const occurring = new Set<string>();
  const fresh: Diagnostic[] = [];
  let reviewed = 0;
  const shown: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.severity === "error") {
      shown.push(d);
      continue;
    }
    const key = keyOf({ file: d.position.file, code: d.code, message: d.message, subject: d.subject });
    occurring.add(key);
    if (keys.has(key)) reviewed++;
    else {
      fresh.push(d);
      shown.push(d);
    }
  }
  const stale = baseline.entries.filter((entry) => !occurring.has(keyOf(entry)));
  shown.push(
    ...baseline.diagnostics,
    ...stale.map((entry) => diagnostic("D2E010", entry.position, `the reviewed warning ${entry.code} of ${entry.file} no longer occurs: remove the entry (or run with --accept-warnings)`)),
  );
  return { shown: sortDiagnostics(shown), reviewed, fresh, stale };
}

/** The summary line of a run's warnings. */
export function reviewSummary(result: Reviewed, file: string): string {
  const stale = result.stale.length > 0 ? `; ${result.stale.length} reviewed warning(s) no longer occur (D2E010)` : "";
  return `warnings: ${result.fresh.length} new${result.fresh.length > 0 ? " (above)" : ""}, ${result.reviewed} reviewed (${file})${stale}`;
}

/**
 * The baseline that accepts every warning of `diagnostics`: entries still
 * occurring keep their `why`, new ones get an empty one for the reviewer to
 * fill; in the order of the diagnostics (by place).
 */
export function acceptedBaseline(diagnostics: readonly Diagnostic[], previous: Baseline): string {
  const why = new Map(previous.entries.map((entry) => [keyOf(entry), entry.why]));
  const seen = new Set<string>();
  const warnings: { file: string; code: string; subject?: string; message: string; why: string }[] = [];
  for (const d of diagnostics) {
    if (d.severity !== "warning" || d.code === "D2E010") continue;
    const entry = { file: d.position.file, code: d.code, ...(d.subject !== undefined && { subject: d.subject }), message: d.message };
    const key = keyOf(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    warnings.push({ ...entry, why: why.get(key) ?? "" });
  }
  warnings.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.code, b.code) || compareStrings(a.subject ?? "", b.subject ?? "") || compareStrings(a.message, b.message));
  return jsonText({
    $comment: "Warnings of docs/ a maintainer has read and accepted (README, \"Keeping up with the docs\"): generate prints only the others. Say why in \"why\".",
    warnings,
  });
}

/**
 * The warnings a maintainer has to look at, as markdown for the change report
 * (a pull request's body): the new ones and the stale entries. Empty when
 * there are none.
 */
export function warningsMarkdown(result: Reviewed, docsPrefix: string): string {
  if (result.fresh.length + result.stale.length === 0) return "";
  const place = (file: string, line: number, column: number) => codeSpan(`${docsPrefix}/${file}:${line}:${column}`);
  const lines = ["### Warnings to review", ""];
  if (result.fresh.length > 0) {
    lines.push(`New warnings of the docs (not in ${codeSpan(`${docsPrefix}/${BASELINE_FILE}`)}): fix what is wrong, or accept what is true of the docs there, saying why.`, "");
    for (const d of result.fresh) lines.push(`- ${place(d.position.file, d.position.line, d.position.column)} ${d.code}: ${markdownText(d.message)}`);
    lines.push("");
  }
  if (result.stale.length > 0) {
    lines.push(`Reviewed warnings that no longer occur (remove them from ${codeSpan(`${docsPrefix}/${BASELINE_FILE}`)}):`, "");
    for (const entry of result.stale) lines.push(`- ${codeSpan(`${docsPrefix}/${entry.file}`)} ${entry.code}: ${markdownText(entry.message)}`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
