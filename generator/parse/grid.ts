/**
 * A table as both readers give it (GFM tables in table.ts, HTML tables in
 * html-table.ts): rows of cells, each with its text and place in the page.
 */
import type { Point } from "../model/types.js";

export type { Point };

export interface Cell {
  readonly text: string;
  readonly links: readonly string[];
  /** A `<th>` cell, or any cell of a GFM table's first row. */
  readonly header: boolean;
  readonly position: Point;
}

/** A table as found in a page, before anyone decided whether it lists error codes. */
export interface Table {
  readonly syntax: "gfm" | "html";
  readonly position: Point;
  /** Texts of the headings in force where the table stands, outermost first. */
  readonly headings: readonly string[];
  /** Rectangular only for HTML tables after span expansion; GFM rows may be ragged. */
  readonly rows: readonly (readonly Cell[])[];
}
