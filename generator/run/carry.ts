/**
 * Service versions carried over from the last run on this output: a run
 * whose inputs differ from the last one in a few catalog files (a catalog
 * release) or action pages builds, compares and plans only the service
 * versions those files belong to. Each other version keeps, as they are, its files (on disk, or
 * in the cache), its part of the snapshot and the diagnostics of its files,
 * and the package-wide files take it from its summary (`SetSummary`).
 *
 * A version's output depends on its own pages and catalog files, on the
 * common codes (which any service's error-code page can bring, under a
 * "common" heading: a version's catalog of messages imports the common
 * catalog of every locale they have), the manifest's titles and deprecation
 * policy, the generator (in every cache key), and its part of the previous
 * snapshot (for deprecations). The last run keeps, under the sha256 of the
 * snapshot it wrote (so the previous snapshot is the one it made), each
 * version's key: the pages that can bring common codes (the common, legacy
 * and error-code pages of every service) with their hashes, the titles, the
 * policy, and the version's own pages (all the manifest says of each) and
 * catalog files with theirs; and the revision (which dates and ends
 * deprecations) only when something of the version, or of the common codes,
 * is deprecated (a deprecated code keeps its locales among the common
 * codes' until it goes). Otherwise a version whose inputs did not change is
 * the same whatever the revision: the output is a fixed point of its inputs
 * (the deprecation rules applied to their own output give it again), which
 * the record of a whole run (record.ts) relies on too, and a test holds
 * carried runs to full ones.
 */
import type { CatalogInput, Diagnostic, Model, PageSpec, SetSummary } from "../model/types.js";
import { compareStrings } from "../model/diagnostics.js";
import { setKey } from "../model/snapshot.js";
import { hasDeprecations, summarize } from "../model/summary.js";
import { placeOf } from "../emit/layout.js";
import type { Cache } from "./cache.js";
import type { Docs } from "./docs.js";
import { sha256 } from "./files.js";
import type { OutputFolder } from "./output.js";

/** One service version as the last run left it. */
export interface CarriedSet {
  /** Its inputs' key (see `setInputsKey`). */
  readonly key: string;
  /** Whether anything of it is deprecated: its key then holds the revision. */
  readonly dated: boolean;
  readonly summary: SetSummary;
  /** Its files: path, cache key of the text, sha256 of the text, and the cache key of the module's formatted skeleton ("" for none). */
  readonly files: readonly (readonly [path: string, key: string, sha256: string, skeleton: string])[];
  /** The diagnostics of its files (a member name taken twice). */
  readonly diagnostics: readonly Diagnostic[];
}

/** What the cache keeps of a run for the next one, under the sha256 of the snapshot it wrote: its service versions, by `setKey`. */
export interface CarryRecord {
  readonly sets: Readonly<Record<string, CarriedSet>>;
}

/** A service version taken over, with its files' texts: a `Buffer` for one found in the output folder as recorded (the writer need not touch it), a string for one from the cache. */
export interface Carried {
  readonly set: CarriedSet;
  readonly texts: readonly (readonly [path: string, text: string | Buffer])[];
}

/** A page as a version's key holds it: all the manifest says of it, and its sha256. */
const pageInput = (spec: PageSpec, hashes: ReadonlyMap<string, string>) => `${JSON.stringify(spec)}\0${hashes.get(spec.path) ?? ""}`;

/** Pages that can bring common codes (or legacy ones), and so are in every version's key. */
const isShared = (spec: PageSpec) => spec.kind === "common" || spec.kind === "legacy" || spec.kind === "service";

/**
 * The part of every version's key that all versions share: the pages that
 * can bring common codes, the titles and the deprecation policy; and the
 * revision when the common codes have something deprecated (`commonDated`).
 */
export function sharedInputsKey(cache: Cache, docs: Pick<Docs, "manifest" | "unlisted">, hashes: ReadonlyMap<string, string>, commonDated: boolean, revision: string): string {
  const { manifest } = docs;
  return cache.key(
    "carry",
    commonDated ? revision : "",
    manifest.pages.flatMap((spec) => (isShared(spec) ? [pageInput(spec, hashes)] : [])).join("\n"),
    JSON.stringify(Object.entries(manifest.titles).sort(([a], [b]) => compareStrings(a, b))),
    String(manifest.keepDays),
    docs.unlisted.join("\n"),
  );
}

/** A version's key: the shared part, its own inputs (see `inputsBySet`) and, if `dated`, the revision. */
export function setInputsKey(cache: Cache, shared: string, inputs: readonly string[], dated: boolean, revision: string): string {
  return cache.key("carry-set", shared, inputs.join("\n"), dated ? revision : "");
}

/**
 * The inputs of each service version (by `setKey`), as its key holds them,
 * sorted: its pages (error-code pages too, though the shared part holds
 * them) and its catalog files, each with its sha256.
 */
export function inputsBySet(pages: readonly PageSpec[], catalog: readonly CatalogInput[], hashes: ReadonlyMap<string, string>): Map<string, string[]> {
  const bySet = new Map<string, string[]>();
  const add = (service: string, apiVersion: string, input: string) => {
    const key = setKey({ kind: "service", id: service, apiVersion });
    bySet.get(key)?.push(input) ?? bySet.set(key, [input]);
  };
  for (const spec of pages) if (spec.kind === "service" || spec.kind === "action" || spec.kind === "overview") add(spec.service, spec.apiVersion, pageInput(spec, hashes));
  for (const input of catalog) add(input.service, input.apiVersion, `${input.file}\0${hashes.get(input.file) ?? ""}`);
  for (const inputs of bySet.values()) inputs.sort(compareStrings);
  return bySet;
}

/**
 * The service versions of the last run (the one that wrote `snapshot`) that
 * this run takes over: those whose key is the one it recorded, and whose
 * every file is in the output folder as recorded or in the cache. Their
 * cache entries are kept for later runs.
 */
export function findCarried(
  cache: Cache,
  snapshot: string,
  keyOf: (setKey: string, dated: boolean) => string | undefined,
  output: Pick<OutputFolder, "fileWithHash"> | undefined,
): Map<string, Carried> {
  const carried = new Map<string, Carried>();
  // A record with a set that is not what it should be is damaged (a miss, counted): none of it is taken.
  const record = cache.lookup<CarryRecord>("sets", recordKey(cache, snapshot), ({ sets }) => Object.entries(sets).every(([key, set]) => isCarriedSet(key, set)));
  if (record === undefined) return carried;
  for (const [key, set] of Object.entries(record.sets)) {
    if (keyOf(key, set.dated) !== set.key) continue;
    const texts: (readonly [string, string | Buffer])[] = [];
    for (const [path, textKey, digest] of set.files) {
      const text = output?.fileWithHash(path, digest) ?? cache.lookup<string>("text", textKey);
      if (text === undefined) break;
      texts.push([path, text]);
    }
    if (texts.length < set.files.length) continue;
    for (const [, textKey, , skeleton] of set.files) {
      cache.retain(textKey);
      if (skeleton !== "") cache.retain(skeleton);
    }
    carried.set(key, { set, texts });
  }
  return carried;
}

/**
 * The service versions of this run as the next run may take them over
 * (`rememberSets`): those carried over as they were, and each one built from
 * its pages and catalog files (a version that is there only as deprecated is
 * not). `files`: the key and sha256 of each file of the run (see record.ts
 * `remember`).
 */
export function setsToCarry(
  model: Model,
  carried: ReadonlyMap<string, Carried>,
  files: ReadonlyMap<string, readonly [key: string, sha256: string]>,
  run: {
    readonly keyOf: (key: string, dated: boolean) => string | undefined;
    readonly skeletons: ReadonlyMap<string, string>;
    readonly diagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
  },
): Record<string, CarriedSet> {
  const byFolder = new Map<string, string[]>();
  for (const path of files.keys()) {
    const folder = path.slice(0, path.lastIndexOf("/"));
    byFolder.get(folder)?.push(path) ?? byFolder.set(folder, [path]);
  }
  const sets: Record<string, CarriedSet> = {};
  for (const [key, { set }] of carried) sets[key] = set;
  for (const set of model.services) {
    const key = setKey(set);
    const dated = hasDeprecations(set);
    const inputs = set.deprecated ? undefined : run.keyOf(key, dated);
    const paths = byFolder.get(placeOf(set).folder);
    if (inputs === undefined || paths === undefined) continue;
    sets[key] = {
      key: inputs,
      dated,
      summary: summarize(set),
      files: paths.map((path) => [path, files.get(path)![0], files.get(path)![1], run.skeletons.get(path) ?? ""] as const),
      diagnostics: run.diagnostics.get(key) ?? [],
    };
  }
  return sets;
}

/** Keeps this run's service versions for the next run, under the snapshot it wrote. */
export function rememberSets(cache: Cache, snapshot: string, sets: Readonly<Record<string, CarriedSet>>): void {
  cache.store("sets", recordKey(cache, snapshot), { sets } satisfies CarryRecord);
}

const recordKey = (cache: Cache, snapshot: string) => cache.key("sets", sha256(snapshot));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const HASH = /^[0-9a-f]{64}$/;

/**
 * Whether a set of a record read from the cache (untrusted) is what this
 * run can take: the shape of `CarriedSet`, a service version that is the
 * one its key names, and files inside its folder alone.
 */
function isCarriedSet(key: string, value: unknown): value is CarriedSet {
  if (!isRecord(value) || typeof value["key"] !== "string" || typeof value["dated"] !== "boolean") return false;
  const summary = value["summary"];
  if (!isRecord(summary) || summary["kind"] !== "service" || typeof summary["id"] !== "string" || typeof summary["apiVersion"] !== "string") return false;
  if (setKey({ kind: "service", id: summary["id"], apiVersion: summary["apiVersion"] }) !== key) return false;
  if ((summary["title"] !== undefined && typeof summary["title"] !== "string") || !isStrings(summary["locales"]) || !isStrings(summary["codes"])) return false;
  const listed = summary["listed"];
  if (!isRecord(listed) || !["codes", "pages", "catalog", "both"].every((name) => isCount(listed[name]))) return false;
  if (!isCount(summary["actions"]) || typeof summary["hasActions"] !== "boolean") return false;
  const folder = `${placeOf({ kind: "service", id: summary["id"], apiVersion: summary["apiVersion"] }).folder}/`;
  const files = value["files"];
  const isFile = (file: unknown) =>
    Array.isArray(file) &&
    file.length === 4 &&
    typeof file[0] === "string" &&
    file[0].startsWith(folder) &&
    /^[A-Za-z0-9_.-]+$/.test(file[0].slice(folder.length)) &&
    !file[0].slice(folder.length).startsWith(".") &&
    [file[1], file[2]].every((hash) => typeof hash === "string" && HASH.test(hash)) &&
    (file[3] === "" || (typeof file[3] === "string" && HASH.test(file[3])));
  if (!Array.isArray(files) || files.length === 0 || !files.every(isFile)) return false;
  const diagnostics = value["diagnostics"];
  return (
    Array.isArray(diagnostics) &&
    diagnostics.every(
      (d) =>
        isRecord(d) &&
        (d["severity"] === "error" || d["severity"] === "warning") &&
        typeof d["code"] === "string" &&
        typeof d["message"] === "string" &&
        isRecord(d["position"]) &&
        typeof d["position"]["file"] === "string" &&
        isCount(d["position"]["line"]) &&
        isCount(d["position"]["column"]),
    )
  );
}
