import { compareStrings } from "./diagnostics.js";
import { codeSpan, markdownText } from "./escape.js";
import { unionOf, type Deprecation, type Snapshot, type SnapshotAction } from "./snapshot.js";

/** What changed between two generations, per code set and locale. */
export interface ChangeReport {
  /** The docs revision (the date of the upstream commit) before; null for a first generation. */
  readonly from: string | null;
  readonly to: string;
  /** The upstream commits the docs were read at, when the manifest names them. */
  readonly fromCommit?: string | null;
  readonly toCommit?: string | null;
  /** The API catalog's releases before and after (see snapshot.ts `catalogName`). */
  readonly fromCatalog?: string | null;
  readonly toCatalog?: string | null;
  readonly setsAdded: readonly string[];
  /** Sets gone from the output: their deprecation ended (a service version whose pages went is kept, deprecated, first). */
  readonly setsRemoved: readonly string[];
  /** Sets no page documents any more: kept whole, deprecated, until `until`; `from`: where it was documented (`pages`, `catalog`, `pages catalog`). */
  readonly setsDeprecated?: readonly { readonly id: string; readonly until: string; readonly from?: string }[];
  /** Deprecated sets documented again. */
  readonly setsRestored?: readonly string[];
  /** Services whose newest API version (what their unversioned import means) changed. */
  readonly newestMoved: readonly { readonly service: string; readonly from: string; readonly to: string }[];
  readonly sets: readonly SetChanges[];
  /** The package version this generation makes (see release.ts); absent when nothing is released. */
  readonly release?: { readonly version: string; readonly bump: string };
}

export interface SetChanges {
  readonly id: string;
  readonly added: readonly string[];
  /** Where each added code is documented: `pages`, `catalog` or `pages catalog` (see snapshot.ts). */
  readonly origins?: Readonly<Record<string, string>>;
  /** Codes the docs dropped: kept as deprecated; `from`: where they were documented. */
  readonly deprecated: readonly { code: string; until: string; from?: string }[];
  /** Codes still documented whose sources changed (a code the catalog came to list, or a page no longer lists). */
  readonly sourcesChanged?: readonly SourceChange[];
  /** Codes gone from the output (their deprecation ended). */
  readonly removed: readonly string[];
  /** Codes listed again after being deprecated. */
  readonly restored: readonly string[];
  /** A code's message in a locale that had one, now another; `catalog` when the new one is the API catalog's, `catalogBefore` when the old one was. */
  readonly messagesChanged: readonly { code: string; locale: string; before: string; after: string; catalog?: boolean; catalogBefore?: boolean }[];
  /** A locale a code had no message in (a new translation of its page, a page in a new language, the API catalog's). */
  readonly translationsAdded: readonly { code: string; locale: string; text: string; catalog?: boolean }[];
  /** A locale the code's pages (or the API catalog: `catalog`) no longer give; the code is still documented. */
  readonly translationsRemoved: readonly { code: string; locale: string; text: string; catalog?: boolean }[];
  /** Actions whose errors changed, by name. */
  readonly actions: readonly ActionChanges[];
}

/** What changed in the errors one action's pages list. */
export interface ActionChanges {
  readonly action: string;
  /** `added`: a new action page; `deprecated`: no page documents the action (kept until `until`); `removed`: its deprecation is over; `restored`: documented again. */
  readonly status?: "added" | "deprecated" | "removed" | "restored";
  readonly until?: string;
  /** Codes its pages list that they did not (every code, for a new action). */
  readonly added: readonly string[];
  /** Where the action's listing of each added code is documented: `pages`, `catalog` or `pages catalog`. */
  readonly origins?: Readonly<Record<string, string>>;
  /** Codes the action's pages no longer list: kept as deprecated; `from`: where the listing was documented. */
  readonly deprecated: readonly { code: string; until: string; from?: string }[];
  readonly removed: readonly string[];
  readonly restored: readonly string[];
  /** For `status: "deprecated"`: where the action was documented. */
  readonly from?: string;
  /** Codes it still lists whose sources changed. */
  readonly sourcesChanged?: readonly SourceChange[];
  /** Set when the page that documents the action changed: linked (`to` alone), moved, or no longer linked (`from` alone). */
  readonly page?: { readonly from?: string; readonly to?: string };
}

/** A code (or an action's listing of it) documented before and after, by other sources: `pages`, `catalog` or `pages catalog` each. */
export interface SourceChange {
  readonly code: string;
  readonly before: string;
  readonly after: string;
}

/** What `diffSnapshots(snapshot, snapshot)` gives, without comparing anything: the report of a run that changed nothing. */
export function unchangedReport(snapshot: Snapshot): ChangeReport {
  return {
    from: snapshot.revision,
    to: snapshot.revision,
    fromCommit: snapshot.commit ?? null,
    toCommit: snapshot.commit ?? null,
    fromCatalog: snapshot.catalog ?? null,
    toCatalog: snapshot.catalog ?? null,
    setsAdded: [],
    setsRemoved: [],
    setsDeprecated: [],
    setsRestored: [],
    newestMoved: [],
    sets: [],
  };
}

export function diffSnapshots(before: Snapshot | undefined, after: Snapshot): ChangeReport {
  const old = before?.sets ?? {};
  const ids = [...new Set([...Object.keys(old), ...Object.keys(after.sets)])].sort(compareStrings);
  const sets: SetChanges[] = [];
  for (const id of ids) {
    const a = old[id]?.codes ?? {};
    const b = after.sets[id]?.codes ?? {};
    // A set carried over from the last run is the previous snapshot's own (run/carry.ts): nothing of it changed.
    if (!old[id] || !after.sets[id] || old[id] === after.sets[id]) continue;
    const codes = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
    const added: string[] = [];
    const deprecated: { code: string; until: string; from?: string }[] = [];
    const sourcesChanged: SourceChange[] = [];
    const removed: string[] = [];
    const restored: string[] = [];
    const messagesChanged: SetChanges["messagesChanged"][number][] = [];
    const translationsAdded: SetChanges["translationsAdded"][number][] = [];
    const translationsRemoved: SetChanges["translationsRemoved"][number][] = [];
    const origins: Record<string, string> = {};
    for (const code of codes) {
      const x = a[code];
      const y = b[code];
      const fromCatalog = (locale: string) => (y?.catalog?.split(" ").includes(locale) ? { catalog: true } : {});
      const wasCatalog = (locale: string) => x?.catalog?.split(" ").includes(locale) === true;
      if (!x && y) {
        added.push(code);
        if (y.from !== undefined) origins[code] = y.from;
      }
      else if (x && !y) removed.push(code);
      else if (x && y) {
        if (!x.deprecated && y.deprecated) deprecated.push({ code, until: y.deprecated.until, ...(x.from !== undefined && { from: x.from }) });
        if (x.deprecated && !y.deprecated) restored.push(code);
        if (!x.deprecated && !y.deprecated && x.from !== undefined && y.from !== undefined && x.from !== y.from) sourcesChanged.push({ code, before: x.from, after: y.from });
        for (const locale of [...new Set([...Object.keys(x.messages), ...Object.keys(y.messages)])].sort(compareStrings)) {
          const m = x.messages[locale];
          const n = y.messages[locale];
          if (m === undefined && n !== undefined) translationsAdded.push({ code, locale, text: n, ...fromCatalog(locale) });
          else if (m !== undefined && n === undefined) translationsRemoved.push({ code, locale, text: m, ...(wasCatalog(locale) && { catalog: true }) });
          else if (m !== n) messagesChanged.push({ code, locale, before: m!, after: n!, ...fromCatalog(locale), ...(wasCatalog(locale) && { catalogBefore: true }) });
        }
      }
    }
    const actions = diffActions(old[id]?.actions ?? {}, after.sets[id]?.actions ?? {});
    if (added.length + deprecated.length + sourcesChanged.length + removed.length + restored.length + messagesChanged.length + translationsAdded.length + translationsRemoved.length + actions.length > 0) {
      sets.push({
        id,
        added,
        ...(Object.keys(origins).length > 0 && { origins }),
        deprecated,
        ...(sourcesChanged.length > 0 && { sourcesChanged }),
        removed,
        restored,
        messagesChanged,
        translationsAdded,
        translationsRemoved,
        actions,
      });
    }
  }
  const setsDeprecated = ids.flatMap((id) => {
    const deprecated = after.sets[id]?.deprecated;
    if (!old[id] || old[id].deprecated || !deprecated) return [];
    const from = unionOf(Object.values(old[id].codes).map((code) => code.from));
    return [{ id, until: deprecated.until, ...(from !== undefined && { from }) }];
  });
  const setsRestored = ids.filter((id) => old[id]?.deprecated && after.sets[id] && !after.sets[id].deprecated);
  return {
    from: before?.revision ?? null,
    to: after.revision,
    fromCommit: before?.commit ?? null,
    toCommit: after.commit ?? null,
    fromCatalog: before?.catalog ?? null,
    toCatalog: after.catalog ?? null,
    setsAdded: Object.keys(after.sets).filter((id) => !old[id]).sort(compareStrings),
    setsRemoved: Object.keys(old).filter((id) => !after.sets[id]).sort(compareStrings),
    setsDeprecated,
    setsRestored,
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
    const origins: Record<string, string> = {};
    const deprecated: { code: string; until: string; from?: string }[] = [];
    const sourcesChanged: SourceChange[] = [];
    const removed: string[] = [];
    const restored: string[] = [];
    /** A pair's deprecation; a listed pair has its origin (or, before the catalog, null) instead. */
    const deprecation = (value: Deprecation | string | null | undefined) => (value !== null && typeof value === "object" ? value : undefined);
    for (const code of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings)) {
      const was = a[code];
      const is = b[code];
      if (was === undefined && is !== undefined) {
        added.push(code);
        if (typeof is === "string") origins[code] = is;
      } else if (was !== undefined && is === undefined) {
        if (status !== "removed") removed.push(code);
      } else if (!deprecation(was) && deprecation(is)) {
        if (status !== "deprecated") deprecated.push({ code, until: deprecation(is)!.until, ...(typeof was === "string" && { from: was }) });
      } else if (deprecation(was) && !deprecation(is)) restored.push(code);
      else if (typeof was === "string" && typeof is === "string" && was !== is) sourcesChanged.push({ code, before: was, after: is });
    }
    // A deprecated action keeps the link it had; one gone says nothing of it.
    const page = status === "removed" || x?.url === y?.url ? undefined : { ...(x?.url !== undefined && { from: x.url }), ...(y?.url !== undefined && { to: y.url }) };
    if (status === undefined && page === undefined && added.length + deprecated.length + removed.length + restored.length + sourcesChanged.length === 0) continue;
    const documentedBy = status === "deprecated" ? unionOf(Object.values(x?.codes ?? {}).map((value) => (typeof value === "string" ? value : undefined))) : undefined;
    changes.push({
      action,
      ...(status !== undefined && { status }),
      ...(status === "deprecated" && y?.deprecated && { until: y.deprecated.until }),
      ...(documentedBy !== undefined && { from: documentedBy }),
      ...(sourcesChanged.length > 0 && { sourcesChanged }),
      added,
      ...(Object.keys(origins).length > 0 && { origins }),
      deprecated,
      removed,
      restored,
      ...(page !== undefined && { page }),
    });
  }
  return changes;
}

export const isEmptyReport = (report: ChangeReport) =>
  report.setsAdded.length + report.setsRemoved.length + (report.setsDeprecated?.length ?? 0) + (report.setsRestored?.length ?? 0) + report.newestMoved.length + report.sets.length === 0;

/** A message in a table cell of the report: inert markdown (see escape.ts). */
const inline = (text: string) => `“${markdownText(text)}”`;

/** `2024-12-24, upstream commit `02ec31c``: a docs revision as the report names it. */
export function revisionName(date: string, commit: string | null | undefined, catalog?: string | null): string {
  const docs = commit ? `${date}, upstream commit ${codeSpan(commit.slice(0, 7))}` : date;
  return catalog ? `${docs}; API catalog ${catalog.split(", ").map(codeSpan).join(", ")}` : docs;
}

/**
 * The report as markdown, e.g. for a pull request body: what breaks code
 * that uses the package first (removed), then what it should move away from
 * (deprecated), then what is new, then the wording (messages changed,
 * translations added and removed, a table per code set).
 */
export function changesMarkdown(report: ChangeReport): string {
  const from = report.from === null ? "first generation" : revisionName(report.from, report.fromCommit, report.fromCatalog);
  const lines = [`## Error code changes (docs ${from} → ${revisionName(report.to, report.toCommit, report.toCatalog)})`, ""];
  if (report.release !== undefined) lines.push(`Package version ${report.release.version} (${report.release.bump === "first" ? "first release" : `${report.release.bump} release`}).`, "");
  if (isEmptyReport(report)) return `${[...lines, "No code or message changed."].join("\n")}\n`;
  const codes = (list: readonly string[]) => list.map(codeSpan).join(", ");
  /** Sources (`pages`, `catalog`, `pages catalog`) in words, each with `article` before it; before the catalog, everything came from the pages. */
  const sourceName = (value: string | undefined, article = "") =>
    (value ?? "pages")
      .split(" ")
      .map((part) => `${article}${part === "catalog" ? "API catalog" : "doc pages"}`)
      .join(" and ");
  /** Where an added code or listing is documented. */
  const origin = (value: string | undefined) => ` (${sourceName(value)})`;
  /** Where a code or listing no longer documented was. */
  const previously = (value: string | undefined) => ` (was: ${sourceName(value)})`;
  /** Codes with where each is (or was) documented, grouped so that a long list stays one line per source. */
  const codesFrom = (list: readonly string[], origins: Readonly<Record<string, string>> | undefined, label = origin) => {
    const groups = new Map<string, string[]>();
    for (const code of list) groups.set(origins?.[code] ?? "pages", [...(groups.get(origins?.[code] ?? "pages") ?? []), code]);
    return [...groups].map(([from, group]) => `${codes(group)}${label(from)}`).join("; ");
  };
  /** Where sources changed: the codes of each change of sources, one group a change. */
  const sourceChanges = (changes: readonly SourceChange[]) => {
    const groups = new Map<string, string[]>();
    for (const { code, before, after } of changes) groups.set(`${before}>${after}`, [...(groups.get(`${before}>${after}`) ?? []), code]);
    return [...groups].map(([key, group]) => {
      const [before, after] = key.split(">") as [string, string];
      return `${group.length === 1 ? "code" : "codes"} ${codes(group)}: now listed by ${sourceName(after, "the ")} (was by ${sourceName(before, "the ")})`;
    });
  };
  const setName = (id: string) => (id.includes("@") ? `service version ${codeSpan(id)}` : `the ${codeSpan(id)} codes`);
  const removed: string[] = report.setsRemoved.map((id) => `${setName(id)} (its deprecation is over)`);
  const moved: string[] = report.newestMoved.map(
    ({ service, from: was, to }) =>
      `the unversioned import of ${codeSpan(service)} now means API ${to} (it meant ${was}, still importable as ${codeSpan(`${service}/v${was.replace(/-/g, "")}`)})`,
  );
  const deprecated: string[] = (report.setsDeprecated ?? []).map(
    ({ id, until, from }) => `${setName(id)}: no longer documented${previously(from)}; kept as deprecated, with its codes and actions, until ${until}`,
  );
  const sources: string[] = [];
  const added: string[] = [...report.setsAdded.map(setName), ...(report.setsRestored ?? []).map((id) => `${setName(id)} (documented again)`)];
  const pages: string[] = [];
  // A set deprecated or documented again as a whole is one line, not one a code.
  const whole = new Set([...(report.setsDeprecated ?? []).map(({ id }) => id), ...(report.setsRestored ?? [])]);
  for (const set of report.sets) {
    const item = (text: string) => `${codeSpan(set.id)}: ${text}`;
    if (whole.has(set.id)) {
      for (const code of set.removed) removed.push(item(`code ${codeSpan(code)} (its deprecation is over)`));
      for (const code of set.added) added.push(item(`code ${codeSpan(code)}`));
      continue;
    }
    for (const code of set.removed) removed.push(item(`code ${codeSpan(code)} (its deprecation is over)`));
    for (const { code, until, from } of set.deprecated) deprecated.push(item(`code ${codeSpan(code)}${previously(from)}, kept as deprecated until ${until}`));
    for (const change of sourceChanges(set.sourcesChanged ?? [])) sources.push(item(change));
    for (const code of set.added) added.push(item(`code ${codeSpan(code)}${origin(set.origins?.[code])}`));
    for (const code of set.restored) added.push(item(`code ${codeSpan(code)} (documented again)`));
    for (const change of set.actions) {
      const name = `action ${codeSpan(change.action)}`;
      if (change.status === "removed") removed.push(item(`${name} (its deprecation is over)`));
      if (change.removed.length) removed.push(item(`${name} dropped ${codes(change.removed)} (their deprecation is over)`));
      if (change.status === "deprecated") deprecated.push(item(`${name}: no longer documented${previously(change.from)}; kept as deprecated, with its codes, until ${change.until}`));
      if (change.deprecated.length) {
        const was = Object.fromEntries(change.deprecated.flatMap(({ code, from }) => (from === undefined ? [] : [[code, from]])));
        deprecated.push(item(`${name} no longer lists ${codesFrom(change.deprecated.map(({ code }) => code), was, previously)}, kept as deprecated until ${change.deprecated[0]!.until}`));
      }
      for (const text of sourceChanges(change.sourcesChanged ?? [])) sources.push(item(`${name}, ${text}`));
      if (change.status === "added") added.push(item(`new ${name}${change.added.length ? `, listing ${codesFrom(change.added, change.origins)}` : ""}`));
      if (change.status === "restored") added.push(item(`${name} (documented again)`));
      if (change.status !== "added" && change.added.length) added.push(item(`${name} lists ${codesFrom(change.added, change.origins)}`));
      if (change.restored.length) added.push(item(`${name} lists again ${codes(change.restored)}`));
      // Both URLs are of the one form a snapshot may hold (see snapshot.ts `API_DOCUMENT_URL`).
      const { from: was, to } = change.page ?? {};
      if (to !== undefined) pages.push(item(`${name} is documented at <${to}>${was !== undefined ? ` (was <${was}>)` : ""}`));
      else if (was !== undefined) pages.push(item(`${name}: no overview page links its page any more (was <${was}>)`));
    }
  }
  const section = (title: string, items: readonly string[]) => {
    if (items.length > 0) lines.push(`### ${title}`, "", ...items.map((text) => `- ${text}`), "");
  };
  section("Removed", [...removed, ...moved]);
  section("No longer documented (deprecated)", deprecated);
  section("Added", added);
  section("Where it is documented (a source came to list it, or no longer does; it is still documented)", sources);
  section("Documentation pages", pages);
  const tables = (title: string, header: string, rows: (set: SetChanges) => readonly string[]) => {
    const bySet = report.sets.filter((set) => rows(set).length > 0);
    if (bySet.length === 0) return;
    lines.push(`### ${title}`, "");
    for (const set of bySet) lines.push(`#### ${codeSpan(set.id)}`, "", header, header.replace(/[^|]+/g, " --- "), ...rows(set), "");
  };
  const cell = (code: string) => codeSpan(code).replace(/\|/g, "\\|");
  // A locale is a BCP 47 tag (the manifest holds no other): shown as it is, unless it is not one; then where its message is from.
  const messageSource = (catalog: boolean | undefined) => (catalog ? "API catalog" : "doc pages");
  const locale = (tag: string, catalog: boolean | undefined, before?: boolean) =>
    `${/^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(tag) ? tag : markdownText(tag)} (${messageSource(catalog)}${before !== undefined && before !== (catalog ?? false) ? `; was ${messageSource(before)}` : ""})`;
  tables("Messages changed", "| code | locale | before | after |", (set) =>
    set.messagesChanged.map((change) => `| ${cell(change.code)} | ${locale(change.locale, change.catalog, change.catalogBefore ?? false)} | ${inline(change.before)} | ${inline(change.after)} |`),
  );
  tables("Translations added", "| code | locale | message |", (set) =>
    set.translationsAdded.map((change) => `| ${cell(change.code)} | ${locale(change.locale, change.catalog)} | ${inline(change.text)} |`),
  );
  tables("Translations removed (no page, nor the API catalog, gives it in that language any more; the code is still documented)", "| code | locale | last message |", (set) =>
    set.translationsRemoved.map((change) => `| ${cell(change.code)} | ${locale(change.locale, change.catalog)} | ${inline(change.text)} |`),
  );
  return `${lines.join("\n").trimEnd()}\n`;
}

/** One line for the console. */
export function changesSummary(report: ChangeReport): string {
  if (isEmptyReport(report)) return "changes: none";
  const count = (key: "added" | "deprecated" | "removed" | "restored" | "messagesChanged" | "translationsAdded" | "translationsRemoved") =>
    report.sets.reduce((n, set) => n + set[key].length, 0);
  const actions = report.sets.reduce((n, set) => n + set.actions.length, 0);
  const sources = report.sets.reduce((n, set) => n + (set.sourcesChanged?.length ?? 0) + set.actions.reduce((m, action) => m + (action.sourcesChanged?.length ?? 0), 0), 0);
  const sets = `services +${report.setsAdded.length} -${report.setsRemoved.length}${report.setsDeprecated?.length ? ` ~${report.setsDeprecated.length} deprecated` : ""}${report.setsRestored?.length ? ` ^${report.setsRestored.length} documented again` : ""}`;
  return `changes: ${count("added")} added, ${count("deprecated")} deprecated, ${count("restored")} restored, ${count("removed")} removed, ${count("messagesChanged")} messages changed, ${count("translationsAdded")} translations added, ${count("translationsRemoved")} removed; ${sources} sources changed; ${actions} actions changed; ${sets}`;
}
