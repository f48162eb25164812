import { compareStrings } from "./diagnostics.js";
import { codeSpan, markdownText } from "./escape.js";
import type { Snapshot, SnapshotAction } from "./snapshot.js";

/** What changed between two generations, per code set and locale. */
export interface ChangeReport {
  readonly from: string | null;
  readonly to: string;
  readonly setsAdded: readonly string[];
  readonly setsRemoved: readonly string[];
  /** Services whose newest API version (what their unversioned import means) changed. */
  readonly newestMoved: readonly { readonly service: string; readonly from: string; readonly to: string }[];
  readonly sets: readonly SetChanges[];
  /** The package version this generation makes (see release.ts); absent when nothing is released. */
  readonly release?: { readonly version: string; readonly bump: string };
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
  /** Actions whose errors changed, by name. */
  readonly actions: readonly ActionChanges[];
}

/** What changed in the errors one action's pages list. */
export interface ActionChanges {
  readonly action: string;
  /** `added`: a new action page; `deprecated`: no page documents the action (kept until `until`); `removed`: its deprecation is over; `restored`: documented again. */
  readonly status?: "added" | "deprecated" | "removed" | "restored";
  readonly until?: string;
  readonly added: readonly string[];
  /** Codes the action's pages no longer list: kept as deprecated. */
  readonly deprecated: readonly { code: string; until: string }[];
  readonly removed: readonly string[];
  readonly restored: readonly string[];
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
    const actions = diffActions(old[id]?.actions ?? {}, after.sets[id]?.actions ?? {});
    if (added.length + deprecated.length + removed.length + restored.length + messagesChanged.length + actions.length > 0) {
      sets.push({ id, added, deprecated, removed, restored, messagesChanged, actions });
    }
  }
  return {
    from: before?.revision ?? null,
    to: after.revision,
    setsAdded: Object.keys(after.sets).filter((id) => !old[id]).sort(compareStrings),
    setsRemoved: Object.keys(old).filter((id) => !after.sets[id]).sort(compareStrings),
    newestMoved: newestMoved(Object.keys(old), Object.keys(after.sets)),
    sets,
  };
}

/** `cvm@2017-03-12` keys → the newest version of each service. */
function newest(keys: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const key of keys) {
    const at = key.indexOf("@");
    if (at < 0) continue;
    const [service, version] = [key.slice(0, at), key.slice(at + 1)];
    if (compareStrings(version, result.get(service) ?? "") > 0) result.set(service, version);
  }
  return result;
}

function newestMoved(before: readonly string[], after: readonly string[]): ChangeReport["newestMoved"] {
  const was = newest(before);
  const is = newest(after);
  return [...is]
    .filter(([service, version]) => was.has(service) && was.get(service) !== version)
    .map(([service, to]) => ({ service, from: was.get(service)!, to }))
    .sort((a, b) => compareStrings(a.service, b.service));
}

function diffActions(before: Readonly<Record<string, SnapshotAction>>, after: Readonly<Record<string, SnapshotAction>>): ActionChanges[] {
  const changes: ActionChanges[] = [];
  for (const action of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareStrings)) {
    const x = before[action];
    const y = after[action];
    const status = !x ? "added" : !y ? "removed" : !x.deprecated && y.deprecated ? "deprecated" : x.deprecated && !y.deprecated ? "restored" : undefined;
    const a = x?.codes ?? {};
    const b = y?.codes ?? {};
    const added: string[] = [];
    const deprecated: { code: string; until: string }[] = [];
    const removed: string[] = [];
    const restored: string[] = [];
    for (const code of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings)) {
      const was = a[code];
      const is = b[code];
      if (was === undefined && is !== undefined) {
        if (status !== "added") added.push(code);
      } else if (was !== undefined && is === undefined) {
        if (status !== "removed") removed.push(code);
      } else if (!was && is) {
        if (status !== "deprecated") deprecated.push({ code, until: is.until });
      } else if (was && !is) restored.push(code);
    }
    if (status === undefined && added.length + deprecated.length + removed.length + restored.length === 0) continue;
    changes.push({
      action,
      ...(status !== undefined && { status }),
      ...(status === "deprecated" && y?.deprecated && { until: y.deprecated.until }),
      added,
      deprecated,
      removed,
      restored,
    });
  }
  return changes;
}

export const isEmptyReport = (report: ChangeReport) =>
  report.setsAdded.length + report.setsRemoved.length + report.newestMoved.length + report.sets.length === 0;

/** A message in a table cell of the report: inert markdown (see escape.ts). */
const inline = (text: string | null) => (text === null ? "—" : `“${markdownText(text)}”`);

/** The report as markdown, e.g. for a pull request body. */
export function changesMarkdown(report: ChangeReport): string {
  const lines = [`## Error code changes (docs ${report.from ?? "first generation"} → ${report.to})`, ""];
  if (report.release !== undefined) lines.push(`Package version ${report.release.version} (${report.release.bump === "first" ? "first release" : `${report.release.bump} release`}).`, "");
  if (isEmptyReport(report)) return `${[...lines, "No code or message changed."].join("\n")}\n`;
  if (report.setsAdded.length) lines.push(`New services: ${report.setsAdded.map(codeSpan).join(", ")}`, "");
  if (report.setsRemoved.length) lines.push(`Services no longer documented (removed): ${report.setsRemoved.map(codeSpan).join(", ")}`, "");
  for (const { service, from, to } of report.newestMoved) {
    lines.push(`The unversioned import of ${codeSpan(service)} now means API ${to} (it meant ${from}, still importable as ${codeSpan(`${service}/v${from.replace(/-/g, "")}`)}).`, "");
  }
  for (const set of report.sets) {
    lines.push(`### ${codeSpan(set.id)}`, "");
    for (const code of set.added) lines.push(`- added ${codeSpan(code)}`);
    for (const { code, until } of set.deprecated) lines.push(`- no longer documented: ${codeSpan(code)} (kept as deprecated until ${until})`);
    for (const code of set.restored) lines.push(`- documented again: ${codeSpan(code)}`);
    for (const code of set.removed) lines.push(`- removed ${codeSpan(code)} (deprecation period over)`);
    for (const change of set.actions) lines.push(`- ${actionLine(change)}`);
    if (set.messagesChanged.length) {
      lines.push("", "| code | locale | before | after |", "| --- | --- | --- | --- |");
      for (const change of set.messagesChanged) {
        lines.push(`| ${codeSpan(change.code).replace(/\|/g, "\\|")} | ${markdownText(change.locale)} | ${inline(change.before)} | ${inline(change.after)} |`);
      }
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function actionLine(change: ActionChanges): string {
  const name = `action ${codeSpan(change.action)}`;
  const codes = (list: readonly string[]) => list.map(codeSpan).join(", ");
  const head =
    change.status === "added"
      ? `new ${name}`
      : change.status === "deprecated"
        ? `${name} no longer documented (kept as deprecated until ${change.until})`
        : change.status === "removed"
          ? `${name} removed (deprecation period over)`
          : change.status === "restored"
            ? `${name} documented again`
            : name;
  const parts: string[] = [];
  if (change.added.length) parts.push(`lists ${codes(change.added)}`);
  if (change.deprecated.length) {
    parts.push(`no longer lists ${codes(change.deprecated.map(({ code }) => code))} (kept as deprecated until ${change.deprecated[0]!.until})`);
  }
  if (change.restored.length) parts.push(`lists again ${codes(change.restored)}`);
  if (change.removed.length) parts.push(`dropped ${codes(change.removed)} (deprecation period over)`);
  return parts.length > 0 ? `${head}: ${parts.join("; ")}` : head;
}

/** One line for the console. */
export function changesSummary(report: ChangeReport): string {
  if (isEmptyReport(report)) return "changes: none";
  const count = (key: "added" | "deprecated" | "removed" | "restored" | "messagesChanged") =>
    report.sets.reduce((n, set) => n + set[key].length, 0);
  const actions = report.sets.reduce((n, set) => n + set.actions.length, 0);
  return `changes: ${count("added")} added, ${count("deprecated")} deprecated, ${count("restored")} restored, ${count("removed")} removed, ${count("messagesChanged")} messages changed; ${actions} actions changed; services +${report.setsAdded.length} -${report.setsRemoved.length}`;
}
