import type { Html, Nodes, Parents, Root, RootContent, TableCell } from "mdast";
import { fromHtml } from "hast-util-from-html";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { location } from "vfile-location";
import { deferAutolinkLiterals, linkLiterals } from "./autolinks.js";
import { diagnostic } from "../model/diagnostics.js";
import type { Diagnostic } from "../model/types.js";
import type { Cell, Point, Table } from "./grid.js";
import { mdastCellText, normalizeText } from "./cell-text.js";
import { htmlTableGrid, outerTables } from "./html-table.js";

export interface PageTables {
  readonly tables: readonly Table[];
  readonly diagnostics: readonly Diagnostic[];
}

const processor = deferAutolinkLiterals(unified().use(remarkParse).use(remarkGfm));

/** A page's markdown syntax tree (remark-parse with GFM; its autolink literals found as autolinks.ts says). */
export function parseMarkdown(text: string): Root {
  const tree = processor.parse(text);
  linkLiterals(tree);
  return tree;
}

/** Every table a page holds, pipe tables and raw HTML tables alike. `tree` is the page's (see `parseMarkdown`). */
export function extractTables(file: string, text: string, tree: Root = parseMarkdown(text)): PageTables {
  const place = location(text);
  const toPoint = (offset: number): Point => {
    const point = place.toPoint(offset);
    return point ? { line: point.line, column: point.column } : { line: 1, column: 1 };
  };
  const tables: Table[] = [];
  const diagnostics: Diagnostic[] = [];
  const headings: string[] = [];

  const visit = (parent: Parents) => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      const heading = headingOf(node);
      if (heading) {
        headings.length = heading.depth - 1;
        headings[heading.depth - 1] = heading.text;
      } else if (node.type === "table") {
        const rows = node.children.map((row, r) => row.children.map((cell) => gfmCell(cell, r === 0)));
        tables.push({ syntax: "gfm", position: startOf(node), headings: present(headings), rows });
      } else if (node.type === "html" && opensTable(node)) {
        const end = closingSibling(children, i);
        if (end === undefined) {
          diagnostics.push(
            diagnostic("D2E204", { file, ...startOf(node) }, "<table> is not closed; reading it up to the end of its block"),
          );
        }
        const last = children[end ?? children.length - 1]!;
        const from = node.position?.start.offset ?? 0;
        const to = last.position?.end.offset ?? text.length;
        const fragment = fromHtml(text.slice(from, to), { fragment: true });
        const mapOffset = (offset: number | undefined) => toPoint(from + (offset ?? 0));
        for (const table of outerTables(fragment)) {
          tables.push({
            syntax: "html",
            position: mapOffset(table.position?.start.offset),
            headings: present(headings),
            rows: htmlTableGrid(table, mapOffset),
          });
        }
        i = end ?? children.length - 1;
      } else if ("children" in node) {
        visit(node);
      }
    }
  };
  visit(tree as Root);
  return { tables, diagnostics };
}

/** A GFM table cell: its text and links as a reader takes them, and where it starts. */
function gfmCell(node: TableCell, header: boolean): Cell {
  const { text, links } = mdastCellText(node.children);
  return { header, text, links, position: startOf(node) };
}

function startOf(node: Nodes): Point {
  const start = node.position?.start;
  return start ? { line: start.line, column: start.column } : { line: 1, column: 1 };
}

const present = (headings: readonly (string | undefined)[]) =>
  headings.filter((h): h is string => h !== undefined && h !== "");

// A block-level tag scan: only to know where an HTML block that opens a
// table ends. The table itself is read by the HTML parser.
const OPEN = /<table\b/gi;
const CLOSE = /<\/table\s*>/gi;
const depthChange = (html: string) => (html.match(OPEN)?.length ?? 0) - (html.match(CLOSE)?.length ?? 0);

const opensTable = (node: Html) => /<table\b/i.test(node.value);

/**
 * A raw HTML table may be split by markdown into several sibling blocks (a
 * blank line inside the table ends an HTML block). Returns the index of the
 * sibling where the table closes, or undefined when it never does.
 */
function closingSibling(children: readonly RootContent[], start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < children.length; i++) {
    const node = children[i]!;
    const html = node.type === "html" ? node.value : "";
    depth += depthChange(html);
    if (depth <= 0) return i;
  }
  return undefined;
}

/**
 * A heading, including the ones real pages write with an ideographic space
 * after the hashes (`###　共通エラーコード`), which CommonMark reads as a
 * paragraph but every reader sees as a heading.
 */
function headingOf(node: RootContent): { depth: number; text: string } | undefined {
  if (node.type === "heading") return { depth: node.depth, text: normalizeText(toString(node)) };
  if (node.type !== "paragraph") return undefined;
  const match = /^(#{1,6})\u3000+([^\n]*)$/.exec(toString(node));
  return match ? { depth: match[1]!.length, text: normalizeText(match[2]!) } : undefined;
}
