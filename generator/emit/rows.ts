/**
 * The repeated rows of a module (enum members, catalog entries) as data.
 * Most of a generated file is rows, and every row has one fixed shape, so
 * rows are written straight in the form prettier gives them instead of
 * being printed and formatted one node at a time: the file's structure
 * holds a single placeholder row (`ROWS_HOLE`), the structure is printed and
 * formatted as usual, and the rows replace the placeholder line.
 *
 * The rows are written by fill-rows.ts, loaded with the printer (it needs
 * prettier's own string functions): emitters only build them, as data.
 */
export type Rows =
  | { readonly kind: "enum-members"; readonly members: readonly EnumMemberRow[] }
  | { readonly kind: "catalog-entries"; readonly entries: readonly CatalogEntryRow[] }
  | { readonly kind: "list-entries"; readonly entries: readonly ListEntryRow[] };

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

/** A property whose value is an array of strings (an action and its codes), under a doc comment. */
export interface ListEntryRow {
  readonly key: string;
  /** JSDoc text (already made safe for a comment), one or more lines. */
  readonly doc: string;
  readonly values: readonly string[];
}

/** The placeholder an enum or object literal holds where its rows go. */
export const ROWS_HOLE = "$$rows$$";
