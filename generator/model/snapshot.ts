import { codeOrder } from "./build.js";
import { compareStrings } from "./diagnostics.js";
import { jsonText } from "./escape.js";
import type { ReleaseEntry } from "./release.js";
import type { ActionErrors, CodeSet, ErrorCode, Model } from "./types.js";

/**
 * `generated/snapshot.json`: the codes, messages and action errors of the
 * last generation, in a form made for comparing. It is the memory of the
 * generator: what the change report compares against, and where deprecated
 * codes are kept.
 */
export interface Snapshot {
  readonly revision: string;
  /** The package version of this generation (see release.ts); absent in snapshots from before versions. */
  readonly version?: string;
  /** Every release so far, newest first: what CHANGELOG.md shows. */
  readonly changelog?: readonly ReleaseEntry[];
  /** By `setKey`. */
  readonly sets: Readonly<Record<string, SnapshotSet>>;
}

export interface Deprecation {
  readonly since: string;
  readonly until: string;
}

export interface SnapshotSet {
  readonly kind: CodeSet["kind"];
  readonly apiVersion: string;
  readonly codes: Readonly<Record<string, SnapshotCode>>;
  /** By action name. */
  readonly actions?: Readonly<Record<string, SnapshotAction>>;
}

export interface SnapshotCode {
  readonly deprecated?: Deprecation;
  readonly messages: Readonly<Record<string, string>>;
}

export interface SnapshotAction {
  /** Set when no page lists the action any more. */
  readonly deprecated?: Deprecation;
  /** Every code of the action, sorted; `null` for a listed code, its deprecation for one the pages no longer list. */
  readonly codes: Readonly<Record<string, Deprecation | null>>;
}

export const SNAPSHOT_FILE = "snapshot.json";

/** How a set is known in snapshots and change reports: `cvm@2017-03-12`, `common`, `legacy`. */
export const setKey = (set: Pick<CodeSet, "kind" | "id" | "apiVersion">) => (set.kind === "service" ? `${set.id}@${set.apiVersion}` : set.id);

const sets = (model: Model): CodeSet[] => [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services];

export function toSnapshot(model: Model, revision: string): Snapshot {
  const result: Record<string, SnapshotSet> = {};
  for (const set of [...sets(model)].sort((a, b) => compareStrings(setKey(a), setKey(b)))) {
    const codes: Record<string, SnapshotCode> = {};
    for (const code of [...set.codes].sort((a, b) => compareStrings(a.code, b.code))) {
      codes[code.code] = {
        ...(code.deprecated && { deprecated: code.deprecated }),
        messages: Object.fromEntries(Object.entries(code.locales).map(([locale, entry]) => [locale, entry.message])),
      };
    }
    const actions: Record<string, SnapshotAction> = {};
    for (const action of set.actions) {
      actions[action.name] = {
        ...(action.deprecated && { deprecated: action.deprecated }),
        codes: Object.fromEntries(action.codes.map(({ code, deprecated }) => [code, deprecated ?? null])),
      };
    }
    result[setKey(set)] = { kind: set.kind, apiVersion: set.apiVersion, codes, ...(set.actions.length > 0 && { actions }) };
  }
  return { revision, sets: result };
}

/** The snapshot as JSON, bidirectional and other invisible controls written as escapes (it is reviewed in diffs). */
export const snapshotText = (snapshot: Snapshot) => jsonText(snapshot);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a previous snapshot; undefined when there is none or it cannot be
 * read (a first run). Snapshots from before versions were sets of their own
 * keyed services by name alone: they are read under `setKey`.
 */
export function parseSnapshot(text: string | undefined): Snapshot | undefined {
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || !isRecord(data["sets"]) || typeof data["revision"] !== "string") return undefined;
  const result: Record<string, SnapshotSet> = {};
  for (const [key, set] of Object.entries(data["sets"])) {
    if (!isRecord(set) || !isRecord(set["codes"]) || typeof set["apiVersion"] !== "string") continue;
    const typed = set as unknown as SnapshotSet;
    result[typed.kind === "service" && !key.includes("@") ? `${key}@${typed.apiVersion}` : key] = typed;
  }
  const version = typeof data["version"] === "string" && /^\d+\.\d+\.\d+$/.test(data["version"]) ? data["version"] : undefined;
  const changelog = Array.isArray(data["changelog"])
    ? (data["changelog"] as unknown[]).filter(
        (entry): entry is ReleaseEntry =>
          isRecord(entry) && typeof entry["version"] === "string" && typeof entry["revision"] === "string" && typeof entry["bump"] === "string" && typeof entry["notes"] === "string",
      )
    : undefined;
  return { revision: data["revision"], ...(version !== undefined && { version }), ...(changelog !== undefined && { changelog }), sets: result };
}

/** Days from `from` to `to`, both `YYYY-MM-DD`. */
function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDays(date: string, count: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + count * 86_400_000).toISOString().slice(0, 10);
}

export interface DeprecationPolicy {
  /** How long a code the docs dropped stays in the output, marked deprecated. */
  readonly keepDays: number;
}

/**
 * The deprecation policy applied to a fresh model: a code of a still
 * documented set that the previous snapshot had and the docs no longer list
 * comes back marked `deprecated` (since the docs revision that dropped it,
 * until `keepDays` later), with its last messages. Past that date it is
 * dropped. A code that reappears in the docs is no longer deprecated. A set
 * whose pages are all gone is dropped at once.
 *
 * Actions follow the same rule: a code an action's pages no longer list stays
 * in the action's errors, deprecated, for the same period; so does an action
 * no page documents any more, with all its codes.
 */
export function applyDeprecations(model: Model, previous: Snapshot | undefined, revision: string, policy: DeprecationPolicy): Model {
  if (!previous) return model;
  /** The deprecation a thing dropped now (or earlier, `before`) has at this revision; undefined once it is over. */
  const deprecation = (before: Deprecation | undefined): Deprecation | undefined => {
    const since = before?.since ?? revision;
    const until = addDays(since, policy.keepDays);
    return days(until, revision) > 0 ? undefined : { since, until };
  };
  const withDeprecated = (set: CodeSet): CodeSet => {
    const before = previous.sets[setKey(set)];
    if (!before) return set;
    const listed = new Set(set.codes.map((code) => code.code));
    const kept: ErrorCode[] = [];
    for (const [code, entry] of Object.entries(before.codes)) {
      if (listed.has(code)) continue;
      const deprecated = deprecation(entry.deprecated);
      if (!deprecated) continue;
      kept.push({
        code,
        deprecated,
        actions: [],
        locales: Object.fromEntries(
          Object.entries(entry.messages).map(([locale, message]) => [
            locale,
            { message, fields: {}, links: [], source: { file: SNAPSHOT_FILE, line: 1, column: 1 } },
          ]),
        ),
      });
    }
    const actions = actionsWithDeprecated(set.actions, before.actions ?? {}, deprecation);
    if (kept.length === 0 && actions === set.actions) return set;
    const codes = [...set.codes, ...kept].sort(codeOrder(set.numeric));
    const locales = [...new Set([...set.locales, ...kept.flatMap((code) => Object.keys(code.locales))])].sort(compareStrings);
    return { ...set, codes, locales, actions };
  };
  return {
    common: withDeprecated(model.common),
    legacy: model.legacy && withDeprecated(model.legacy),
    services: model.services.map(withDeprecated),
  };
}

function actionsWithDeprecated(
  current: readonly ActionErrors[],
  before: Readonly<Record<string, SnapshotAction>>,
  deprecation: (before: Deprecation | undefined) => Deprecation | undefined,
): readonly ActionErrors[] {
  let changed = false;
  const byName = new Map(current.map((action) => [action.name, action]));
  const result: ActionErrors[] = [];
  for (const action of current) {
    const old = before[action.name];
    const listed = new Set(action.codes.map(({ code }) => code));
    const kept = Object.entries(old?.codes ?? {}).flatMap(([code, was]) => {
      if (listed.has(code)) return [];
      // A code of an action deprecated as a whole was deprecated with it.
      const deprecated = deprecation(was ?? old?.deprecated ?? undefined);
      return deprecated ? [{ code, deprecated }] : [];
    });
    if (kept.length === 0) result.push(action);
    else {
      changed = true;
      result.push({ ...action, codes: [...action.codes, ...kept].sort((a, b) => compareStrings(a.code, b.code)) });
    }
  }
  for (const [name, old] of Object.entries(before)) {
    if (byName.has(name)) continue;
    const deprecated = deprecation(old.deprecated);
    if (!deprecated) continue;
    changed = true;
    const codes = Object.entries(old.codes).flatMap(([code, was]) => {
      const until = deprecation(was ?? deprecated);
      return until ? [{ code, deprecated: until }] : [];
    });
    result.push({ name, deprecated, codes: codes.sort((a, b) => compareStrings(a.code, b.code)), sources: [] });
  }
  return changed ? result.sort((a, b) => compareStrings(a.name, b.name)) : current;
}
