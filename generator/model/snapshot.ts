import { codeOrder } from "./build.js";
import { compareStrings } from "./diagnostics.js";
import { jsonText } from "./escape.js";
import { jsonErrorOffset, lineAndColumn } from "./json-position.js";
import type { ActionErrors, CodeSet, ErrorCode, Model, ReleaseEntry } from "./types.js";
import { isCatalogFile } from "./catalog.js";

/**
 * `generated/snapshot.json`: the codes, messages and action errors of the
 * last generation, in a form made for comparing. It is the memory of the
 * generator: what the change report compares against, and where deprecated
 * codes are kept.
 */
export interface Snapshot {
  /** The docs revision: the date of the upstream commit the docs were read at. */
  readonly revision: string;
  /** That commit, when the manifest names it. */
  readonly commit?: string;
  /** The API catalog as read: its release (or commit) in each of its repositories, e.g. `tencentcloud-sdk-go v1.3.107` (see `catalogName`). */
  readonly catalog?: string;
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
  /** Set when no page documents the set any more. */
  readonly deprecated?: Deprecation;
  readonly codes: Readonly<Record<string, SnapshotCode>>;
  /** By action name. */
  readonly actions?: Readonly<Record<string, SnapshotAction>>;
}

export interface SnapshotCode {
  readonly deprecated?: Deprecation;
  /** Where the code is documented (see `originsOf`): `pages`, `catalog` or `pages catalog`; absent when deprecated. */
  readonly from?: string;
  /**
   * The doc pages that list it, its actions' pages aside (those are each
   * action's `pages`, and its actions' codes say which of them list it):
   * its service's error-code pages, or the common codes' pages. Sorted,
   * relative to docs/; absent when there are none.
   */
  readonly pages?: readonly string[];
  readonly messages: Readonly<Record<string, string>>;
  /** The locales whose message comes from the API catalog (space-separated), when any does. */
  readonly catalog?: string;
}

export interface SnapshotAction {
  /** Set when no page lists the action any more. */
  readonly deprecated?: Deprecation;
  /** The page that documents the action, as an overview page links it (see ActionErrors). */
  readonly url?: string;
  /** Its doc pages (one a language), sorted, relative to docs/; absent when the API catalog alone lists it. */
  readonly pages?: readonly string[];
  /**
   * Every code of the action, sorted: where the action's listing of it is
   * documented (`pages`, `catalog`, `pages catalog`), or its deprecation for
   * one the docs no longer list. Snapshots from before the catalog have
   * `null` for a listed code.
   */
  readonly codes: Readonly<Record<string, Deprecation | string | null>>;
}

/** Where the files of `sources` are: the doc pages, the stored API catalog, or both (`pages catalog`). */
export function originsOf(sources: readonly string[] | undefined): string | undefined {
  // On every code and pair of a run: two scans, no allocation.
  return originName(sources?.some((file) => !isCatalogFile(file)) ?? false, sources?.some(isCatalogFile) ?? false);
}

/** Where all of `origins` are (each `pages`, `catalog` or `pages catalog`): their union; undefined when none is known. */
export function unionOf(origins: Iterable<string | null | undefined>): string | undefined {
  let [pages, catalog] = [false, false];
  for (const origin of origins) {
    if (typeof origin !== "string") continue;
    pages ||= origin.includes("pages");
    catalog ||= origin.includes("catalog");
  }
  return originName(pages, catalog);
}

const originName = (pages: boolean, catalog: boolean) => (pages && catalog ? "pages catalog" : catalog ? "catalog" : pages ? "pages" : undefined);

export const SNAPSHOT_FILE = "snapshot.json";

/** How a set is known in snapshots and change reports: `cvm@2017-03-12`, `common`, `legacy`. */
export const setKey = (set: Pick<CodeSet, "kind" | "id" | "apiVersion">) => (set.kind === "service" ? `${set.id}@${set.apiVersion}` : set.id);

const sets = (model: Model): CodeSet[] => [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services];

/** The API catalog's releases as the snapshot, the change report and the changelog name them; undefined when there is no catalog. */
export function catalogName(releases: Readonly<Record<string, { readonly release?: string; readonly commit: string }>>): string | undefined {
  const names = Object.entries(releases)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([repository, { release, commit }]) => `${repository} ${release ?? commit.slice(0, 7)}`);
  return names.length > 0 ? names.join(", ") : undefined;
}

/**
 * The model as a snapshot; `carried`: the snapshot's sets of the service
 * versions carried over from the last run (not in `model`, see
 * run/carry.ts), as its snapshot holds them.
 */
export function toSnapshot(model: Model, revision: string, commit?: string, catalog?: string, carried: Readonly<Record<string, SnapshotSet>> = {}): Snapshot {
  const built: Record<string, SnapshotSet> = {};
  for (const set of sets(model)) {
    const codes: Record<string, SnapshotCode> = {};
    const actionPages = new Set(set.actions.flatMap((action) => action.sources));
    for (const code of [...set.codes].sort((a, b) => compareStrings(a.code, b.code))) {
      const from = originsOf(code.sources);
      const pages = (code.sources ?? []).filter((file) => !isCatalogFile(file) && !actionPages.has(file));
      const catalog = Object.entries(code.locales)
        .filter(([, entry]) => isCatalogFile(entry.source.file))
        .map(([locale]) => locale)
        .join(" ");
      codes[code.code] = {
        ...(code.deprecated && { deprecated: code.deprecated }),
        ...(from !== undefined && { from }),
        ...(pages.length > 0 && { pages }),
        messages: Object.fromEntries(Object.entries(code.locales).map(([locale, entry]) => [locale, entry.message])),
        ...(catalog !== "" && { catalog }),
      };
    }
    const actions: Record<string, SnapshotAction> = {};
    for (const action of set.actions) {
      const pages = action.sources.filter((file) => !isCatalogFile(file));
      actions[action.name] = {
        ...(action.deprecated && { deprecated: action.deprecated }),
        ...(action.url !== undefined && { url: action.url }),
        ...(pages.length > 0 && { pages }),
        codes: Object.fromEntries(action.codes.map(({ code, deprecated, sources }) => [code, deprecated ?? originsOf(sources) ?? null])),
      };
    }
    built[setKey(set)] = {
      kind: set.kind,
      apiVersion: set.apiVersion,
      ...(set.deprecated && { deprecated: set.deprecated }),
      codes,
      ...(set.actions.length > 0 && { actions }),
    };
  }
  const all = { ...carried, ...built };
  const result = Object.fromEntries(Object.keys(all).sort(compareStrings).map((key) => [key, all[key]!]));
  return { revision, ...(commit !== undefined && { commit }), ...(catalog !== undefined && { catalog }), sets: result };
}

/** An action's page as the parser writes it (parse/action-links.ts): what a snapshot may hold, so that a report shows nothing else. */
export const API_DOCUMENT_URL = /^https:\/\/(intl\.)?cloud\.tencent\.com\/document\/api\/\d{1,9}\/\d{1,9}$/;

/** The snapshot as JSON, bidirectional and other invisible controls written as escapes (it is reviewed in diffs). */
export const snapshotText = (snapshot: Snapshot) => jsonText(snapshot);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Where and how a snapshot file is damaged. */
export interface SnapshotProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A previous snapshot that is not one: where and how (see `checkSnapshot`). */
export class DamagedSnapshotError extends Error {
  readonly problem: SnapshotProblem;

  constructor(problem: SnapshotProblem) {
    super(`the previous snapshot is damaged (${problem.line}:${problem.column}): ${problem.message}`);
    this.name = "DamagedSnapshotError";
    this.problem = problem;
  }
}

/**
 * Checks a previous snapshot before anything relies on it: it is the memory
 * of earlier runs (versions, changelog, deprecations), so a damaged one is
 * an error, never read as "no snapshot". Returns what is wrong, or undefined.
 */
export function checkSnapshot(text: string): SnapshotProblem | undefined {
  const read = readSnapshot(text);
  return "problem" in read ? read.problem : undefined;
}

/** `text` as JSON, if it is a snapshot's shape; else what is wrong. */
function readSnapshot(text: string): { data: Snapshot } | { problem: SnapshotProblem } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const found = offset < text.length ? JSON.stringify(text[offset]) : "end of file";
    return { problem: { ...lineAndColumn(text, offset), message: `not valid JSON: unexpected ${found}` } };
  }
  const problem = shapeProblem(data);
  return problem === undefined ? { data: data as Snapshot } : { problem: { line: 1, column: 1, message: problem } };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDeprecation = (value: unknown) => isRecord(value) && typeof value["since"] === "string" && DATE.test(value["since"]) && typeof value["until"] === "string" && DATE.test(value["until"]);
const isStringMap = (value: unknown) => isRecord(value) && Object.values(value).every((item) => typeof item === "string");
const isOrigin = (value: unknown) => value === "pages" || value === "catalog" || value === "pages catalog";
/** A page of docs/ as sources name it: a relative path of printable characters, no `.` or `..` segment. */
const DOCS_PAGE = /^(?:services|common|legacy)\/(?:[^\u0000-\u001f\u007f/]+\/)*[^\u0000-\u001f\u007f/]+\.md$/;
const isPages = (value: unknown) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((page, i) => typeof page === "string" && DOCS_PAGE.test(page) && !page.split("/").some((part) => part === "." || part === "..") && (i === 0 || compareStrings(value[i - 1], page) < 0));
const at = (...keys: string[]) => keys.map((key) => `[${JSON.stringify(key)}]`).join("");

/** The first thing in `data` that is not a snapshot's shape, as a JSON path and what it should be. */
function shapeProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return "expected an object";
  if (typeof data["revision"] !== "string" || !DATE.test(data["revision"])) return '"revision" must be a date such as "2026-11-23"';
  if (data["commit"] !== undefined && (typeof data["commit"] !== "string" || !/^[0-9a-f]{40}$/.test(data["commit"]))) return '"commit" must be a full commit hash';
  if (data["catalog"] !== undefined && typeof data["catalog"] !== "string") return '"catalog" must name the API catalog\'s releases';
  if (data["version"] !== undefined && (typeof data["version"] !== "string" || !/^\d+\.\d+\.\d+$/.test(data["version"]))) return '"version" must be a version such as "1.2.3"';
  if (data["changelog"] !== undefined) {
    if (!Array.isArray(data["changelog"])) return '"changelog" must be an array';
    const bad = (data["changelog"] as unknown[]).findIndex(
      (entry) =>
        !isRecord(entry) ||
        typeof entry["version"] !== "string" ||
        typeof entry["revision"] !== "string" ||
        (entry["commit"] !== undefined && typeof entry["commit"] !== "string") ||
        (entry["catalog"] !== undefined && typeof entry["catalog"] !== "string") ||
        typeof entry["bump"] !== "string" ||
        typeof entry["notes"] !== "string",
    );
    if (bad >= 0) return `"changelog"[${bad}] must be {"version", "revision", "commit"?, "bump", "notes"}`;
  }
  if (!isRecord(data["sets"])) return '"sets" must be an object';
  for (const [key, set] of Object.entries(data["sets"])) {
    const where = `"sets"${at(key)}`;
    if (!isRecord(set) || (set["kind"] !== "service" && set["kind"] !== "common" && set["kind"] !== "legacy") || typeof set["apiVersion"] !== "string") {
      return `${where} must be {"kind", "apiVersion", "codes"}`;
    }
    if (set["deprecated"] !== undefined && !isDeprecation(set["deprecated"])) return `${where}["deprecated"] must be {"since", "until"}`;
    if (!isRecord(set["codes"])) return `${where}["codes"] must be an object`;
    for (const [code, entry] of Object.entries(set["codes"])) {
      if (
        !isRecord(entry) ||
        !isStringMap(entry["messages"]) ||
        (entry["deprecated"] !== undefined && !isDeprecation(entry["deprecated"])) ||
        (entry["from"] !== undefined && !isOrigin(entry["from"])) ||
        (entry["pages"] !== undefined && !isPages(entry["pages"])) ||
        (entry["catalog"] !== undefined && typeof entry["catalog"] !== "string")
      ) {
        return `${where}["codes"]${at(code)} must be {"from"?: "pages" | "catalog" | "pages catalog", "pages"?: [sorted pages of docs/], "messages": {locale: text}, "catalog"?: "locales", "deprecated"?: {"since", "until"}}`;
      }
    }
    if (set["actions"] === undefined) continue;
    if (!isRecord(set["actions"])) return `${where}["actions"] must be an object`;
    for (const [name, action] of Object.entries(set["actions"])) {
      const codes = isRecord(action) ? action["codes"] : undefined;
      if (
        !isRecord(action) ||
        (action["deprecated"] !== undefined && !isDeprecation(action["deprecated"])) ||
        (action["url"] !== undefined && (typeof action["url"] !== "string" || !API_DOCUMENT_URL.test(action["url"]))) ||
        (action["pages"] !== undefined && !isPages(action["pages"])) ||
        !isRecord(codes) ||
        !Object.values(codes).every((value) => value === null || isOrigin(value) || isDeprecation(value))
      ) {
        return `${where}["actions"]${at(name)} must be {"codes": {code: "pages" | "catalog" | "pages catalog" or {"since", "until"}}, "deprecated"?: {"since", "until"}, "url"?: "https://cloud.tencent.com/document/api/<n>/<n>", "pages"?: [sorted pages of docs/]}`;
      }
    }
  }
  return undefined;
}

/**
 * Reads a previous snapshot (undefined when there is none: a first run),
 * which `checkSnapshot` found sound; a damaged one throws. Snapshots from
 * before versions were sets of their own keyed services by name alone: they
 * are read under `setKey`.
 */
export function parseSnapshot(text: string | undefined): Snapshot | undefined {
  if (text === undefined) return undefined;
  const read = readSnapshot(text);
  if ("problem" in read) throw new DamagedSnapshotError(read.problem);
  const { data } = read;
  // fromEntries defines every key as its own property, "__proto__" too.
  const result: Record<string, SnapshotSet> = Object.fromEntries(
    Object.entries(data.sets).map(([key, set]) => [set.kind === "service" && !key.includes("@") ? `${key}@${set.apiVersion}` : key, set]),
  );
  return {
    revision: data.revision,
    ...(data.commit !== undefined && { commit: data.commit }),
    ...(data.catalog !== undefined && { catalog: data.catalog }),
    ...(data.version !== undefined && { version: data.version }),
    ...(data.changelog !== undefined && { changelog: data.changelog }),
    sets: result,
  };
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
  /** Product names by service (the manifest's `services`), for a set kept when its pages are gone. */
  readonly titles?: Readonly<Record<string, string>>;
}

/**
 * The deprecation policy applied to a fresh model: a code that the previous
 * snapshot had and the docs no longer list comes back marked `deprecated`
 * (since the docs revision that dropped it, until `keepDays` later), with its
 * last messages. Past that date it is dropped. A code that reappears in the
 * docs is no longer deprecated.
 *
 * Actions follow the same rule: a code an action's pages no longer list stays
 * in the action's errors, deprecated, for the same period; so does an action
 * no page documents any more, with all its codes. And so does a service
 * version (or the legacy codes) whose pages are all gone: kept whole, every
 * code and action deprecated, then dropped.
 */
export function applyDeprecations(model: Model, previous: Snapshot | undefined, revision: string, policy: DeprecationPolicy, carried: ReadonlySet<string> = new Set()): Model {
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
  /** A set of the previous snapshot no page documents any more: kept from the snapshot, deprecated, until its period ends. */
  const keptWhole = (key: string, before: SnapshotSet): CodeSet | undefined => {
    const setDeprecated = deprecation(before.deprecated);
    if (!setDeprecated) return undefined;
    const id = before.kind === "service" ? key.slice(0, key.lastIndexOf("@")) : key;
    const codes: ErrorCode[] = Object.entries(before.codes).flatMap(([code, entry]) => {
      const deprecated = deprecation(entry.deprecated ?? before.deprecated);
      if (!deprecated) return [];
      return [
        {
          code,
          deprecated,
          actions: [],
          locales: Object.fromEntries(
            Object.entries(entry.messages).map(([locale, message]) => [locale, { message, fields: {}, links: [], source: { file: SNAPSHOT_FILE, line: 1, column: 1 } }]),
          ),
        },
      ];
    });
    const numeric = before.kind === "legacy";
    const title = policy.titles?.[id];
    return {
      kind: before.kind,
      id,
      apiVersion: before.apiVersion,
      ...(title !== undefined && { title }),
      codes: codes.sort(codeOrder(numeric)),
      locales: [...new Set(codes.flatMap((code) => Object.keys(code.locales)))].sort(compareStrings),
      sources: [],
      numeric,
      // Its actions, each deprecated with it (from the set's date, or an earlier one of their own).
      actions: actionsWithDeprecated([], before.actions ?? {}, (was) => deprecation(was ?? before.deprecated)),
      deprecated: setDeprecated,
    };
  };
  // The sets carried over from the last run (`carried`, by `setKey`) are documented still: they are not kept from the snapshot.
  const present = new Set([...[model.common, ...(model.legacy ? [model.legacy] : []), ...model.services].map(setKey), ...carried]);
  const gone = Object.entries(previous.sets).filter(([key, set]) => !present.has(key) && set.kind !== "common");
  const legacy = model.legacy ? withDeprecated(model.legacy) : gone.flatMap(([key, set]) => (set.kind === "legacy" ? (keptWhole(key, set) ?? []) : []))[0];
  const services = [...model.services.map(withDeprecated), ...gone.flatMap(([key, set]) => (set.kind === "service" ? (keptWhole(key, set) ?? []) : []))];
  return {
    common: withDeprecated(model.common),
    legacy,
    services: services.sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.apiVersion, b.apiVersion)),
  };
}

/** A pair's value in a snapshot: its deprecation, or undefined when it was listed. */
const asDeprecation = (value: Deprecation | string | null): Deprecation | undefined => (value === null || typeof value === "string" ? undefined : value);

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
      const deprecated = deprecation(asDeprecation(was) ?? old?.deprecated ?? undefined);
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
      const until = deprecation(asDeprecation(was) ?? deprecated);
      return until ? [{ code, deprecated: until }] : [];
    });
    result.push({ name, deprecated, codes: codes.sort((a, b) => compareStrings(a.code, b.code)), sources: [], ...(old.url !== undefined && { url: old.url }) });
  }
  return changed ? result.sort((a, b) => compareStrings(a.name, b.name)) : current;
}
