/**
 * The repeated rows of a module (enum members, catalog entries, each action's
 * codes, the codes in order) as data. Most of a generated file is rows, and every row has
 * one fixed shape, so rows are written straight in the form prettier gives
 * them instead of being printed and formatted one node at a time: the
 * file's structure holds a placeholder (`ROWS_HOLE`) where each set of rows
 * goes, the structure is printed and formatted as usual (its skeleton), and
 * the rows replace the placeholder lines. A skeleton does not change when
 * rows alone do (a code added to a table): the printer keeps it, and such a
 * change is written without printing or formatting anything.
 *
 * The rows are written by fill-rows.ts, loaded with the printer (it needs
 * prettier's own string functions): emitters only build them, as data.
 */
export type Rows =
  | { readonly kind: "enum-members"; readonly members: readonly EnumMemberRow[] }
  | { readonly kind: "catalog-entries"; readonly entries: readonly CatalogEntryRow[] }
  | { readonly kind: "list-entries"; readonly entries: readonly ListEntryRow[] }
  /** A type alias's tuple of string literals: `head = ["a", "b"];`, the placeholder standing for the whole tuple. */
  | { readonly kind: "tuple-members"; readonly members: readonly string[] }
  /** A type alias's union: types by name, then string literals: `head = A | B | "c";`, the placeholder standing for the whole union. */
  | { readonly kind: "union-members"; readonly types: readonly string[]; readonly literals: readonly string[] };

export interface EnumMemberRow {
  readonly name: string;
  /** A code as a string, or a number's digits. */
  readonly value: string | number;
  /** JSDoc text (already made safe for a comment), one or more lines. */
  readonly doc: string;
}

export interface CatalogEntryRow {
  readonly key: string;
  /** Property name → string value, in order. */
  readonly props: readonly (readonly [string, string])[];
}

/** A property whose value is an array of strings or of numbers (an action and its codes, or their indices), under a doc comment. */
export interface ListEntryRow {
  readonly key: string;
  /** JSDoc text (already made safe for a comment), one or more lines. */
  readonly doc: string;
  readonly values: readonly string[] | readonly number[];
}


/**
 * The placeholder an enum or object literal holds where its rows go (as a
 * member, or a property `$$rows$$: 0`), and a type alias as its whole type.
 */
export const ROWS_HOLE = "$$rows$$";
