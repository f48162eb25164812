import type { ActionLink } from "../model/types.js";
import type { Table } from "./grid.js";

export type { ActionLink };

/** An action as the API names it: `AllocateHosts`. */
const ACTION = /^[A-Z][A-Za-z0-9]*$/;
/** The hosts of Tencent Cloud's documentation sites. */
const DOC_HOSTS: ReadonlySet<string> = new Set(["cloud.tencent.com", "intl.cloud.tencent.com"]);
/** The path of an API document: `/document/api/<product>/<document>`. */
const API_DOCUMENT = /^\/document\/api\/(\d{1,9})\/(\d{1,9})\/?$/;

/**
 * The page of an API document a link names, in one form:
 * `https://cloud.tencent.com/document/api/213/15728`. A link relative to the
 * site (`/document/api/608/37014`, as some pages write them) is read against
 * `https://cloud.tencent.com`, where the upstream pages are published; query
 * and fragment are dropped. Undefined for any other link.
 */
export function apiDocumentUrl(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, "https://cloud.tencent.com/");
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username !== "" || url.password !== "" || url.port !== "" || !DOC_HOSTS.has(url.hostname)) return undefined;
  const match = API_DOCUMENT.exec(url.pathname);
  return match ? `https://${url.hostname}/document/api/${match[1]}/${match[2]}` : undefined;
}

/**
 * The links an "API overview" page gives from an action to its page: a cell
 * whose whole text is an action's name and whose one link is an API
 * document (`| [DescribeInstances](https://cloud.tencent.com/document/api/213/15728) | 查看实例列表 |`),
 * in GFM and HTML tables alike, header rows excluded; in document order.
 */
export function readActionLinks(tables: readonly Table[]): ActionLink[] {
  const found: ActionLink[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      for (const cell of row) {
        if (cell.header || cell.links.length !== 1 || !ACTION.test(cell.text)) continue;
        const url = apiDocumentUrl(cell.links[0]!);
        if (url !== undefined) found.push({ action: cell.text, url, position: cell.position });
      }
    }
  }
  return found;
}
