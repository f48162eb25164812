import type { Nodes, PhrasingContent } from "mdast";
import { apiVersionOf, CATALOG_FOLDER, CATALOG_REPOSITORIES, CATALOG_SERVICE, CATALOG_VERSION, STORED_ETAG, upstreamFiles, type StoredCatalog } from "../model/catalog.js";
import { compareStrings, diagnostic } from "../model/diagnostics.js";
import { jsonText } from "../model/escape.js";
import { jsonErrorOffset, lineAndColumn } from "../model/json-position.js";
import type { CatalogInput, Diagnostic, Point } from "../model/types.js";
import { mdastCellText, normalizeText, type CellText } from "./cell-text.js";
import { decodePage } from "./source.js";
import { parseMarkdown } from "./table.js";

export interface ReadCatalog {
  /** Undefined when the file is not a stored catalog file (see the diagnostics). */
  readonly input: CatalogInput | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;
const ACTION = /^[A-Z][A-Za-z0-9]*$/;
const HASH = /^[0-9a-f]{64}$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** A stored catalog file in exactly the stored form, as JSON, with its text; or why it is not. */
export type StoredForm =
  | { readonly stored: StoredCatalog; readonly text: string; readonly diagnostics?: undefined }
  | { readonly stored?: undefined; readonly diagnostics: readonly Diagnostic[] };

/**
 * Reads one stored catalog file of docs/ (`catalog/<repository>/<service>/<version>.json`,
 * as fetch/catalog.ts writes it): its codes with their descriptions read as
 * markdown (text, links kept) and its actions' codes, each with its line and
 * column in the file. The file must be exactly in the stored form (see
 * `readStoredForm`).
 */
export function readCatalogFile(file: string, bytes: Uint8Array): ReadCatalog {
  const form = readStoredForm(file, bytes);
  if (form.stored === undefined) return { input: undefined, diagnostics: form.diagnostics };
  const { stored, text } = form;
  // In the stored form, every code and action is on a line of its own, in order.
  const lines = text.split("\n");
  const codesLine = lines.indexOf('  "codes": {') + 2;
  const codes = Object.entries(stored.codes).map(([code, description], i) => {
    const { text: message, links } = descriptionText(description);
    return { code, message, links, position: { line: codesLine + i, column: 5 } };
  });
  let line = lines.indexOf('  "actions": {') + 2;
  const actions = Object.entries(stored.actions).map(([name, list]) => {
    const position: Point = { line, column: 5 };
    line += list.length === 0 ? 1 : list.length + 2;
    return { name, codes: list, position };
  });
  return { input: { file, locale: stored.locale, service: stored.service, apiVersion: apiVersionOf(stored.version)!, codes, actions }, diagnostics: [] };
}

/**
 * A stored catalog file, checked to be exactly in the stored form, so that
 * what a reviewer sees in a diff is what is read: anything else is an error
 * at the first place it departs from it. Its descriptions are not read
 * (`readCatalogFile` reads them).
 */
export function readStoredForm(file: string, bytes: Uint8Array): StoredForm {
  const decoded = decodePage(file, bytes);
  if (!decoded.ok) return { diagnostics: decoded.diagnostics };
  const { text } = decoded;
  const fail = (message: string, offset = 0): StoredForm => ({
    diagnostics: [diagnostic("D2E606", { file, ...lineAndColumn(text, offset) }, `${message}; run \`npm run fetch-docs -- --catalog <repository>\` to write it again`)],
  });
  const [folder, repository, service, name] = file.split("/");
  const version = name?.replace(/\.json$/, "");
  const known = repository === undefined ? undefined : CATALOG_REPOSITORIES[repository];
  if (folder !== CATALOG_FOLDER || known === undefined || service === undefined || version === undefined || !CATALOG_SERVICE.test(service) || !CATALOG_VERSION.test(version) || file.split("/").length !== 4) {
    return fail(`not a place of the catalog: expected ${CATALOG_FOLDER}/<${Object.keys(CATALOG_REPOSITORIES).join("|")}>/<service>/v<YYYYMMDD>.json`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail("not valid JSON", jsonErrorOffset(text));
  }
  const at = (key: string) => Math.max(0, text.indexOf(`"${key}"`));
  if (!isRecord(data)) return fail("expected an object");
  const files = upstreamFiles(service, version);
  const expect: [key: string, ok: (value: unknown) => boolean, what: string][] = [
    ["repository", (v) => v === known.repo, `"${known.repo}"`],
    ["commit", (v) => typeof v === "string" && COMMIT.test(v), "a full commit hash"],
    [
      "files",
      (v) =>
        isRecord(v) &&
        Object.keys(v).join() === "errors.go,client.go" &&
        (["errors.go", "client.go"] as const).every((f) => {
          const entry = v[f];
          return (
            isRecord(entry) &&
            ["path,sha256", "path,sha256,etag"].includes(Object.keys(entry).join()) &&
            entry["path"] === files[f === "errors.go" ? "errors" : "client"] &&
            typeof entry["sha256"] === "string" &&
            HASH.test(entry["sha256"]) &&
            (entry["etag"] === undefined || (typeof entry["etag"] === "string" && STORED_ETAG.test(entry["etag"])))
          );
        }),
      `{"errors.go": {"path": "${files.errors}", "sha256", "etag" (optional, a quoted ETag)}, "client.go": {"path": "${files.client}", "sha256", "etag"}}`,
    ],
    ["locale", (v) => v === known.locale, `"${known.locale}"`],
    ["service", (v) => v === service, `"${service}" (its folder)`],
    ["version", (v) => v === version, `"${version}" (its name)`],
    ["codes", (v) => isRecord(v) && Object.entries(v).every(([code, description]) => CODE.test(code) && typeof description === "string"), "an object of codes and their descriptions"],
    [
      "actions",
      (v) => isRecord(v) && Object.entries(v).every(([action, codes]) => ACTION.test(action) && Array.isArray(codes) && codes.every((c) => typeof c === "string" && CODE.test(c))),
      "an object of actions and the codes of each",
    ],
  ];
  const keys = Object.keys(data);
  if (keys.join() !== expect.map(([key]) => key).join()) return fail(`expected the members ${expect.map(([key]) => key).join(", ")}, in that order`);
  for (const [key, ok, what] of expect) if (!ok(data[key])) return fail(`"${key}" must be ${what}`, at(key));
  const stored = data as { codes: Record<string, string>; actions: Record<string, string[]> };
  const sorted = (list: readonly string[]) => list.every((value, i) => i === 0 || compareStrings(list[i - 1]!, value) < 0);
  if (!sorted(Object.keys(stored.codes))) return fail('the codes of "codes" must be sorted', at("codes"));
  if (!sorted(Object.keys(stored.actions))) return fail('the actions of "actions" must be sorted', at("actions"));
  for (const [action, codes] of Object.entries(stored.actions)) {
    if (!sorted(codes)) return fail(`the codes of action ${action} must be sorted, each once`, Math.max(0, text.indexOf(`"${action}"`, at("actions"))));
  }
  // The stored form, byte for byte: what a reviewer reads in a diff is what is read here.
  const canonical = jsonText(data);
  if (canonical !== text) {
    let offset = 0;
    while (offset < text.length && text[offset] === canonical[offset]) offset++;
    return fail("not written in the stored form (2-space JSON, one code a line, a final newline)", offset);
  }
  return { stored: data as unknown as StoredCatalog, text };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What may make markdown's reading of a one-line description differ from
 * the description itself: a character that starts inline syntax anywhere
 * (escapes, code, emphasis, links, HTML, entities, strikethrough, autolink
 * literals), or one that starts a block at the start of the line (headings,
 * quotes, lists, thematic breaks, tables, indented code).
 */
const MARKDOWN_INLINE = /[\\`*_[\]<>&~|\n\r]|:\/\/|www\.|@/;
const MARKDOWN_BLOCK_START = /^(?:[\s#>+\-=0-9]|$)/;

/**
 * A catalog description (markdown inline text) as the model keeps it: its
 * text and its links, as remark reads it. One with nothing markdown would
 * read differently is its own text, without a parse: most are (test/catalog.test.ts
 * holds both ways to the same result).
 */
export function descriptionText(markdown: string): CellText {
  if (!MARKDOWN_INLINE.test(markdown) && !MARKDOWN_BLOCK_START.test(markdown)) return { text: normalizeText(markdown), links: [] };
  return markdownText(markdown);
}

/** The text and links of markdown, read by remark (the pages' processor): each block's text on a line of its own. */
export function markdownText(markdown: string): CellText {
  const links: string[] = [];
  const texts: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === "code" || node.type === "html") {
      texts.push(node.value);
      return;
    }
    if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
      const cell = mdastCellText(node.children as PhrasingContent[]);
      texts.push(cell.text);
      links.push(...cell.links);
      return;
    }
    if ("children" in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(parseMarkdown(markdown));
  return { text: normalizeText(texts.join("\n")), links };
}
