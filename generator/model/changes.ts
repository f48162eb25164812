import { compareStrings } from "./diagnostics.js";
import type { Snapshot } from "./snapshot.js";

/** What changed between two generations, per code set and locale. */
export interface ChangeReport {
  readonly from: string | null;
  readonly to: string;
  readonly setsAdded: readonly string[];
  readonly setsRemoved: readonly string[];
  readonly sets: readonly SetChanges[];
}

export interface SetChanges {
  readonly id: string;
  readonly added: readonly string[];
  /** Codes the docs dropped: kept as deprecated. */
  readonly deprecated: readonly { code: string; until: string }[];
  /** Codes gone from the output (their deprecation ended). */
  readonly removed: readonly string[];
  /** Codes listed again after being deprecated. */
  readonly restored: readonly string[];
  readonly messagesChanged: readonly { code: string; locale: string; before: string | null; after: string | null }[];
}

export function diffSnapshots(before: Snapshot | undefined, after: Snapshot): ChangeReport {
  const old = before?.sets ?? {};
  const ids = [...new Set([...Object.keys(old), ...Object.keys(after.sets)])].sort(compareStrings);
  const sets: SetChanges[] = [];
  for (const id of ids) {
    const a = old[id]?.codes ?? {};
    const b = after.sets[id]?.codes ?? {};
    if (!old[id] || !after.sets[id]) continue;
    const codes = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
    const added: string[] = [];
    const deprecated: { code: string; until: string }[] = [];
    const removed: string[] = [];
    const restored: string[] = [];
    const messagesChanged: SetChanges["messagesChanged"][number][] = [];
    for (const code of codes) {
      const x = a[code];
      const y = b[code];
      if (!x && y) added.push(code);
      else if (x && !y) removed.push(code);
      else if (x && y) {
        if (!x.deprecated && y.deprecated) deprecated.push({ code, until: y.deprecated.until });
        if (x.deprecated && !y.deprecated) restored.push(code);
        for (const locale of [...new Set([...Object.keys(x.messages), ...Object.keys(y.messages)])].sort(compareStrings)) {
          const m = x.messages[locale] ?? null;
          const n = y.messages[locale] ?? null;
          if (m !== n) messagesChanged.push({ code, locale, before: m, after: n });
        }
      }
    }
    if (added.length + deprecated.length + removed.length + restored.length + messagesChanged.length > 0) {
      sets.push({ id, added, deprecated, removed, restored, messagesChanged });
    }
  }
  return {
    from: before?.revision ?? null,
    to: after.revision,
    setsAdded: Object.keys(after.sets).filter((id) => !old[id]).sort(compareStrings),
    setsRemoved: Object.keys(old).filter((id) => !after.sets[id]).sort(compareStrings),
    sets,
  };
}

export const isEmptyReport = (report: ChangeReport) =>
  report.setsAdded.length + report.setsRemoved.length + report.sets.length === 0;

const inline = (text: string | null) => (text === null ? "—" : `“${text.replace(/\s+/g, " ").replace(/\|/g, "\\|")}”`);

/** The report as markdown, e.g. for a pull request body. */
export function changesMarkdown(report: ChangeReport): string {
  const lines = [`## Error code changes (docs ${report.from ?? "first generation"} → ${report.to})`, ""];
  if (isEmptyReport(report)) return `${[...lines, "No code or message changed."].join("\n")}\n`;
  if (report.setsAdded.length) lines.push(`New services: ${report.setsAdded.map((id) => `\`${id}\``).join(", ")}`, "");
  if (report.setsRemoved.length) lines.push(`Services no longer documented (removed): ${report.setsRemoved.map((id) => `\`${id}\``).join(", ")}`, "");
  for (const set of report.sets) {
    lines.push(`### \`${set.id}\``, "");
    for (const code of set.added) lines.push(`- added \`${code}\``);
    for (const { code, until } of set.deprecated) lines.push(`- no longer documented: \`${code}\` (kept as deprecated until ${until})`);
    for (const code of set.restored) lines.push(`- documented again: \`${code}\``);
    for (const code of set.removed) lines.push(`- removed \`${code}\` (deprecation period over)`);
    if (set.messagesChanged.length) {
      lines.push("", "| code | locale | before | after |", "| --- | --- | --- | --- |");
      for (const change of set.messagesChanged) {
        lines.push(`| \`${change.code}\` | ${change.locale} | ${inline(change.before)} | ${inline(change.after)} |`);
      }
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** One line for the console. */
export function changesSummary(report: ChangeReport): string {
  if (isEmptyReport(report)) return "changes: none";
  const count = (key: "added" | "deprecated" | "removed" | "restored" | "messagesChanged") =>
    report.sets.reduce((n, set) => n + set[key].length, 0);
  return `changes: ${count("added")} added, ${count("deprecated")} deprecated, ${count("restored")} restored, ${count("removed")} removed, ${count("messagesChanged")} messages changed; services +${report.setsAdded.length} -${report.setsRemoved.length}`;
}
