import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toText } from "hast-util-to-text";
import type { PhrasingContent } from "mdast";

/** The plain text of a table cell, and the links it holds. */
export interface CellText {
  readonly text: string;
  readonly links: readonly string[];
}

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Every Unicode space but the line feed: NBSP, ideographic space, tabs, …
const SPACES = /[^\S\n]+/g;
/** What `normalizeText` has more to do with than trimming: a line break, an invisible character, two spaces, a space other than U+0020. */
const PLAIN_WORK = /[\n\r\u200B-\u200D\u2060\uFEFF\u00AD]|[^\S\n]{2}|[^\S \n]/;

/**
 * Normalises whitespace the way a reader sees it: invisible characters go,
 * runs of spaces become one, each line is trimmed and empty lines are
 * dropped. Line breaks (from `<br>`, list items) survive as `\n`.
 */
export function normalizeText(raw: string): string {
  // Most cells are one line of plain spaces: nothing to do but trim.
  if (!PLAIN_WORK.test(raw)) return raw.trim();
  return raw
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, "")
    .split("\n")
    .map((line) => line.replace(SPACES, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}

/** Text of a GFM table cell's inline content. */
export function mdastCellText(children: readonly PhrasingContent[]): CellText {
  if (children.some(hasHtml)) {
    // Inline HTML (`<br>`, `<a>`, `<b>`) is only meaningful together with the
    // text around it: rebuild the cell as HTML and read it through hast.
    return hastCellText(fromHtml(children.map(toHtml).join(""), { fragment: true }));
  }
  const links: string[] = [];
  const text = children.map((node) => phrasingText(node, links)).join("");
  return { text: normalizeText(text), links };
}

function hasHtml(node: PhrasingContent): boolean {
  if (node.type === "html") return true;
  return "children" in node && (node.children as PhrasingContent[]).some(hasHtml);
}

function phrasingText(node: PhrasingContent, links: string[]): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "break":
      return "\n";
    case "image":
      return node.alt ?? "";
    case "link":
      links.push(node.url);
      return node.children.map((child) => phrasingText(child, links)).join("");
    case "html":
      return "";
    default:
      return "children" in node ? node.children.map((child) => phrasingText(child, links)).join("") : "";
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeHtml = (value: string) => value.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);

/** `</br>`, which the docs write for a line break as often as `<br>`, and which browsers take for one. */
const CLOSING_BR = /<\/br\s*>/gi;

function toHtml(node: PhrasingContent): string {
  switch (node.type) {
    case "html":
      return node.value.replace(CLOSING_BR, "<br>");
    case "text":
    case "inlineCode":
      return escapeHtml(node.value);
    case "break":
      return "<br>";
    case "image":
      return escapeHtml(node.alt ?? "");
    case "link":
      return `<a href="${escapeHtml(node.url)}">${node.children.map(toHtml).join("")}</a>`;
    default:
      return "children" in node ? (node.children as PhrasingContent[]).map(toHtml).join("") : "";
  }
}

/** A markdown code span of one line: a run of backticks, text, the same run. */
const CODE_SPAN = /(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)/g;

/** Text of an HTML table cell (or any hast subtree). */
export function hastCellText(node: Element | HastRoot): CellText {
  const links: string[] = [];
  collectLinks(node, links);
  // `toText` follows innerText: `<br>` and block elements (`<li>`, `<p>`)
  // become line breaks, entities are already decoded by the HTML parser. A
  // code span written in markdown inside a raw HTML cell (`` `y` ``) is read
  // as in a markdown cell: its text, without the backticks.
  return { text: normalizeText(toText(node, { whitespace: "normal" }).replace(CODE_SPAN, "$2")), links };
}

function collectLinks(node: HastNodes | ElementContent, links: string[]): void {
  if (node.type === "element" && node.tagName === "a") {
    const href = node.properties["href"];
    if (typeof href === "string" && href !== "") links.push(href);
  }
  if ("children" in node) for (const child of node.children) collectLinks(child, links);
}
