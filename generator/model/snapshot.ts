import { compareStrings } from "./diagnostics.js";
import type { CodeSet, ErrorCode, Model } from "./types.js";

/**
 * `generated/snapshot.json`: the codes and messages of the last generation,
 * in a form made for comparing. It is the memory of the generator: what the
 * change report compares against, and where deprecated codes are kept.
 */
export interface Snapshot {
  readonly revision: string;
  readonly sets: Readonly<Record<string, SnapshotSet>>;
}

export interface SnapshotSet {
  readonly kind: CodeSet["kind"];
  readonly apiVersion: string;
  readonly codes: Readonly<Record<string, SnapshotCode>>;
}

export interface SnapshotCode {
  readonly deprecated?: { readonly since: string; readonly until: string };
  readonly messages: Readonly<Record<string, string>>;
}

export const SNAPSHOT_FILE = "snapshot.json";

const sets = (model: Model): CodeSet[] => [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services];

export function toSnapshot(model: Model, revision: string): Snapshot {
  const result: Record<string, SnapshotSet> = {};
  for (const set of [...sets(model)].sort((a, b) => compareStrings(a.id, b.id))) {
    const codes: Record<string, SnapshotCode> = {};
    for (const code of [...set.codes].sort((a, b) => compareStrings(a.code, b.code))) {
      codes[code.code] = {
        ...(code.deprecated && { deprecated: code.deprecated }),
        messages: Object.fromEntries(Object.entries(code.locales).map(([locale, entry]) => [locale, entry.message])),
      };
    }
    result[set.id] = { kind: set.kind, apiVersion: set.apiVersion, codes };
  }
  return { revision, sets: result };
}

export const snapshotText = (snapshot: Snapshot) => `${JSON.stringify(snapshot, null, 2)}\n`;

/** Reads a previous snapshot; undefined when there is none or it cannot be read (a first run). */
export function parseSnapshot(text: string | undefined): Snapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Snapshot;
    return typeof data === "object" && data !== null && typeof data.sets === "object" ? data : undefined;
  } catch {
    return undefined;
  }
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
 */
export function applyDeprecations(model: Model, previous: Snapshot | undefined, revision: string, policy: DeprecationPolicy): Model {
  if (!previous) return model;
  const withDeprecated = (set: CodeSet): CodeSet => {
    const before = previous.sets[set.id];
    if (!before) return set;
    const listed = new Set(set.codes.map((code) => code.code));
    const kept: ErrorCode[] = [];
    for (const [code, entry] of Object.entries(before.codes)) {
      if (listed.has(code)) continue;
      const since = entry.deprecated?.since ?? revision;
      const until = addDays(since, policy.keepDays);
      if (days(until, revision) > 0) continue;
      kept.push({
        code,
        deprecated: { since, until },
        locales: Object.fromEntries(
          Object.entries(entry.messages).map(([locale, message]) => [
            locale,
            { message, fields: {}, links: [], source: { file: SNAPSHOT_FILE, line: 1, column: 1 } },
          ]),
        ),
      });
    }
    if (kept.length === 0) return set;
    const codes = [...set.codes, ...kept].sort(
      set.numeric ? (a, b) => Number(a.code) - Number(b.code) || compareStrings(a.code, b.code) : (a, b) => compareStrings(a.code, b.code),
    );
    const locales = [...new Set([...set.locales, ...kept.flatMap((code) => Object.keys(code.locales))])].sort(compareStrings);
    return { ...set, codes, locales };
  };
  return {
    common: withDeprecated(model.common),
    legacy: model.legacy && withDeprecated(model.legacy),
    services: model.services.map(withDeprecated),
  };
}
