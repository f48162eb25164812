import type { Nodes, Root } from "mdast";
import type { Statement } from "../model/types.js";
import type { Point, Table } from "./grid.js";

export type { Statement };

/** A service as an endpoint's first label or an explorer's `Product` names it. */
const SERVICE = /^[a-z][a-z0-9]*$/;
/** An action as the API names it: `AllocateHosts`. */
const ACTION = /^[A-Z][A-Za-z0-9]*$/;
/** `…: value` at the end of a description cell, a full stop after it allowed. */
const STATED_VALUE = /[:：]\s*([^\s:：]+?)\s*[.。]?\s*$/;
/** `<service>.tencentcloudapi.com`, and no more labels before it. */
const HOST = /(?<![\w.-])([a-z][a-z0-9]*)\.tencentcloudapi\.com(?![\w-])/gi;
/** Cheap tests first: most texts name no endpoint, most HTML holds no link. */
const HOST_ANYWHERE = /tencentcloudapi\.com/i;
const HREF_ANYWHERE = /href/i;

/**
 * A date as the Version row writes it, as `YYYY-MM-DD`: `2017-03-12`,
 * `2017/03/20`, and `2/28/2018` (month first, as the English pages write
 * it) when it cannot be read the other way round. Undefined otherwise.
 */
export function readDate(text: string): string | undefined {
  let match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  let [year, month, day] = match ? [match[1]!, match[2]!, match[3]!] : ["", "", ""];
  if (!match) {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!match) return undefined;
    [month, day, year] = [match[1]!, match[2]!, match[3]!];
    // 3/12/2017 could be either; only a day past 12 (or equal fields) settles it.
    if (Number(day) <= 12 && month !== day) return undefined;
  }
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/**
 * What a page says about itself: which service, API version and action it
 * documents. Only explicit statements count; nothing is inferred from prose.
 *
 * - `action row`, `version row`: the `Action` and `Version` rows of the
 *   input-parameter table, whose description ends with the value this API
 *   uses (`Common parameter. The value used for this API: AllocateHosts`,
 *   `公共参数，本接口取值：2017-03-12`);
 * - `endpoint`: a host `<service>.tencentcloudapi.com` anywhere in the page
 *   (the request domain, the example requests). Hosts with a region
 *   (`cvm.ap-shanghai-fsi.tencentcloudapi.com`) are examples of regional
 *   domains, copied from page to page, and hosts of a region alone
 *   (`ap-guangzhou.tencentcloudapi.com`) name no service: neither counts;
 * - `explorer link`: a link to the API Explorer
 *   (`…/api/explorer?Product=cvm&Version=2017-03-12&Action=AllocateHosts`).
 *
 * Returns the statements of a page: its tables' rows first, then the rest of
 * the page, each in document order.
 */
export function readStatements(tree: Root, tables: readonly Table[]): Statement[] {
  const found: Statement[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      // Every row of every table comes here: nothing is allocated for the many that are no Action or Version row.
      if (row.length < 2) continue;
      const name = row[0]!;
      const last = row[row.length - 1]!;
      if (last === name) continue;
      const key = name.text.trim();
      if (key !== "Action" && key !== "Version") continue;
      const value = STATED_VALUE.exec(last.text.replace(/\u200B/g, ""))?.[1];
      if (value === undefined) continue;
      if (key === "Action" && ACTION.test(value)) {
        found.push({ what: "action", value, source: "action row", position: last.position });
      } else if (key === "Version" && readDate(value) !== undefined) {
        // A value that is no date (`2008R2`: a parameter of the API that happens to be called Version) states nothing.
        found.push({ what: "apiVersion", value: readDate(value)!, source: "version row", position: last.position });
      }
    }
  }
  // Every node is visited: allocate nothing for the many that state nothing.
  const hosts = (text: string, node: Nodes) => {
    if (!HOST_ANYWHERE.test(text)) return;
    for (const match of text.matchAll(HOST)) found.push({ what: "service", value: match[1]!.toLowerCase(), source: "endpoint", position: positionOf(node) });
  };
  const visit = (node: Nodes) => {
    const link = node.type === "link" || node.type === "definition";
    if (link) found.push(...explorerStatements(node.url, node));
    if (node.type === "html" && HREF_ANYWHERE.test(node.value)) {
      for (const match of node.value.matchAll(/href\s*=\s*["']([^"']*)["']/gi)) found.push(...explorerStatements(match[1]!, node));
    }
    if ("value" in node && typeof node.value === "string") hosts(node.value, node);
    if (link) hosts(node.url, node);
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return found;
}

/** The service, version and action an API Explorer link names. */
/** Where a node starts (made only for a node that states something). */
const positionOf = (node: Nodes): Point => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });

function explorerStatements(url: string, node: Nodes): Statement[] {
  if (!/\/api\/explorer\?/i.test(url)) return [];
  const position = positionOf(node);
  let params: URLSearchParams;
  try {
    params = new URL(url, "https://console.cloud.tencent.com/").searchParams;
  } catch {
    return [];
  }
  const statements: Statement[] = [];
  const product = params.get("Product");
  const version = params.get("Version");
  const action = params.get("Action");
  if (product !== null && SERVICE.test(product)) statements.push({ what: "service", value: product, source: "explorer link", position });
  if (version !== null && readDate(version) !== undefined) {
    statements.push({ what: "apiVersion", value: readDate(version)!, source: "explorer link", position });
  }
  if (action !== null && ACTION.test(action)) statements.push({ what: "action", value: action, source: "explorer link", position });
  return statements;
}
