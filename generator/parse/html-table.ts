import type { Element, Root, RootContent } from "hast";
import { hastCellText } from "./cell-text.js";
import type { Cell, Point } from "./grid.js";

/** Spans larger than this are clamped: real tables never come near, malformed input must not blow up. */
const MAX_SPAN = 64;

/** The `<table>` elements of a fragment that are not inside another table. */
export function outerTables(root: Root | Element): Element[] {
  const found: Element[] = [];
  const walk = (node: Root | RootContent) => {
    if (node.type === "element" && node.tagName === "table") {
      found.push(node);
      return;
    }
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(root);
  return found;
}

/** The rows of a table in document order (thead, tbody, tfoot or bare `tr`), nested tables excluded. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== "element") continue;
    if (child.tagName === "tr") rows.push(child);
    else if (child.tagName === "thead" || child.tagName === "tbody" || child.tagName === "tfoot") {
      for (const row of child.children) if (row.type === "element" && row.tagName === "tr") rows.push(row);
    }
  }
  return rows;
}

function span(element: Element, name: "rowSpan" | "colSpan"): number {
  const value = Number(element.properties[name]);
  // HTML says 0 means "to the end"; treat it, and nonsense, as 1.
  return Number.isInteger(value) && value >= 1 ? Math.min(value, MAX_SPAN) : 1;
}

/**
 * Expands a table into a rectangular grid: a cell with `rowspan`/`colspan`
 * appears in every slot it covers (same text, same position), the way a
 * reader sees it. `toPoint` maps an offset in the parsed fragment to a place
 * in the page.
 */
export function htmlTableGrid(table: Element, toPoint: (offset: number | undefined) => Point): Cell[][] {
  const grid: Cell[][] = [];
  const rows = tableRows(table);
  rows.forEach((row, r) => {
    const line = (grid[r] ??= []);
    let c = 0;
    for (const element of row.children) {
      if (element.type !== "element" || (element.tagName !== "td" && element.tagName !== "th")) continue;
      while (line[c] !== undefined) c++;
      const { text, links } = hastCellText(element);
      const cell: Cell = {
        text,
        links,
        header: element.tagName === "th",
        position: toPoint(element.position?.start.offset),
      };
      const rowSpan = Math.min(span(element, "rowSpan"), rows.length - r);
      const colSpan = span(element, "colSpan");
      for (let dr = 0; dr < rowSpan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < colSpan; dc++) target[c + dc] = cell;
      }
      c += colSpan;
    }
  });
  // Holes (a short row next to a long one) become empty cells, placed where
  // the cell before them is: one pass a row, whatever the number of holes.
  return grid.map((line) => {
    let position: Point = { line: 1, column: 1 };
    return Array.from(line, (cell) => {
      if (cell !== undefined) {
        position = cell.position;
        return cell;
      }
      return { text: "", links: [], header: false, position };
    });
  });
}
