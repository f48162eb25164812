/** A set as the package-wide files see it (see `SetSummary`). */
import { originsOf, type SnapshotSet } from "./snapshot.js";
import type { CodeSet, SetSummary } from "./types.js";

export function summarize(set: CodeSet): SetSummary {
  const codes = set.codes.filter((code) => !code.deprecated);
  const count = (origin: string) => codes.filter((code) => originsOf(code.sources) === origin).length;
  return {
    kind: set.kind,
    id: set.id,
    apiVersion: set.apiVersion,
    ...(set.title !== undefined && { title: set.title }),
    locales: set.locales,
    codes: set.codes.map(({ code }) => code),
    listed: { codes: codes.length, pages: count("pages"), catalog: count("catalog"), both: count("pages catalog") },
    actions: set.actions.filter((action) => !action.deprecated).length,
    hasActions: set.actions.length > 0,
  };
}

/** Whether anything of the set is deprecated (the set, a code, an action or an action's code): what it becomes then depends on the revision. */
export function hasDeprecations(set: CodeSet): boolean {
  return (
    set.deprecated !== undefined ||
    set.codes.some((code) => code.deprecated !== undefined) ||
    set.actions.some((action) => action.deprecated !== undefined || action.codes.some((code) => code.deprecated !== undefined))
  );
}

/** `hasDeprecations` of a set as a snapshot holds it (an action's code holds its deprecation, an object, or where it is listed). */
export function snapshotHasDeprecations(set: SnapshotSet | undefined): boolean {
  return (
    set !== undefined &&
    (set.deprecated !== undefined ||
      Object.values(set.codes).some((code) => code.deprecated !== undefined) ||
      Object.values(set.actions ?? {}).some((action) => action.deprecated !== undefined || Object.values(action.codes).some((code) => code !== null && typeof code === "object")))
  );
}
