import { compareStrings } from "../model/diagnostics.js";
import type { CodeSet } from "../model/types.js";

/**
 * Where each code set's modules go in generated/:
 * - a service's API version: `<service>/v<YYYYMMDD>/` (`cvm/v20170312/`, as
 *   the SDK names its versions), with `<service>/` re-exporting the newest
 *   version the docs describe;
 * - `common/` and `legacy/`.
 */
export interface Place {
  /** The set's folder, relative to generated/. */
  readonly folder: string;
  /** From that folder back to generated/: `../../` or `../`. */
  readonly root: string;
}

/** `2017-03-12` → `v20170312`. */
export const versionFolder = (apiVersion: string) => `v${apiVersion.replace(/[^0-9A-Za-z]/g, "")}`;

export function placeOf(set: Pick<CodeSet, "kind" | "id" | "apiVersion">): Place {
  return set.kind === "service" ? { folder: `${set.id}/${versionFolder(set.apiVersion)}`, root: "../../" } : { folder: set.id, root: "../" };
}

/** The newest API version of each service (versions are dates: the last in order), by service, in service order. */
export function newestVersions<T extends Pick<CodeSet, "id" | "apiVersion">>(services: readonly T[]): Map<string, T> {
  const newest = new Map<string, T>();
  for (const set of [...services].sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.apiVersion, b.apiVersion))) {
    newest.set(set.id, set);
  }
  return newest;
}
