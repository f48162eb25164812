import { diagnostic } from "./diagnostics.js";
import type { Diagnostic, Locale, PageSpec, Statement } from "./types.js";

/**
 * Where a page belongs: its service, API version and (for an action page)
 * action, from what the page states and never from a guess.
 *
 * The statements (see `parse/statements.ts`): the endpoint host
 * (`cvm.tencentcloudapi.com`), the `Version` and `Action` rows of the
 * input parameters, an API Explorer link, plus the upstream folder when it
 * has the `<service>-<YYYY-MM-DD>` form (`cdb-2017-03-20`, anything may
 * follow the date: `es-2018-04-16-doc-20190531`, `live-2018-08-01_intl`).
 *
 * - An **action page** is a page with an error-code table under an "Error
 *   Codes" heading that states its action. It is placed when its statements
 *   name exactly one action, one service and one version.
 * - An **error-code page** (`错误码*.md`, `error_codes*.md` under
 *   `API/API 3.0/`) is placed when its statements (in practice its folder)
 *   name exactly one service and one version.
 * - A **legacy page** is an error-code page under `API/API文档公用部分/`.
 * - An **overview page** (`API 概览*.md` under `API/API 3.0/`) links each
 *   action of a service to its page. It is placed at the service and version
 *   its folder states or, in a folder that states none, at the one every
 *   action page of docs/ from that folder (or below) is placed at; when it
 *   links no action, it is not read.
 *
 * When statements disagree, or a page states too little, the page is left
 * out with a diagnostic; a reviewer may place it by an explicit manifest
 * entry (`"placement": "why"`).
 */

/**
 * A path as the upstream names a file: relative, `/`-separated, no `.` or
 * `..` segment, no backslash or control characters. Paths from a listing or
 * a manifest are checked before anything is fetched with them.
 */
export function isUpstreamPath(path: string): boolean {
  if (path === "" || path.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(path)) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/** Folders of generated/ that are not services. */
export const RESERVED_SERVICES: ReadonlyMap<string, string> = new Map([
  ["common", "the common codes"],
  ["legacy", "the legacy codes"],
  ["runtime", "the runtime support"],
  ["dist", "the build output"],
]);

/** The locale of each upstream file-name suffix (`错误码_intl_jp.md` → `ja`); no suffix is Chinese. */
export const LOCALE_SUFFIXES: readonly (readonly [suffix: string, locale: Locale])[] = [
  ["", "zh-CN"],
  ["_intl", "en"],
  ["_intl_en", "en"],
  ["_intl_zh", "zh-CN"],
  ["_intl_cn", "zh-CN"],
  ["_intl_jp", "ja"],
  ["_intl_ja", "ja"],
  ["_intl_ko", "ko"],
  ["_intl_pt", "pt"],
  ["_intl_id", "id"],
  ["_intl_ind", "id"],
];

/** The locale an upstream file name says, or undefined for a suffix not in `LOCALE_SUFFIXES` (`_intl_xx`). */
export function localeOfUpstreamPath(path: string): Locale | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");
  const suffix = /_intl(?:_[a-z]+)?$/i.exec(name)?.[0].toLowerCase() ?? "";
  return LOCALE_SUFFIXES.find(([known]) => known === suffix)?.[1];
}

/** An upstream folder named `<service>-<YYYY-MM-DD>`, anything after the date. */
const VERSIONED_FOLDER = /^([a-z][a-z0-9]*)-(\d{4}-\d{2}-\d{2})(?:[-_].*)?$/;

/** What the innermost `<service>-<YYYY-MM-DD>` folder of an upstream path states. */
export function folderStatements(upstreamPath: string): Statement[] {
  const folders = upstreamPath.split("/").slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) {
    const match = VERSIONED_FOLDER.exec(folders[i]!);
    if (!match) continue;
    const position = { line: 1, column: 1 };
    return [
      { what: "service", value: match[1]!, source: "upstream folder", position },
      { what: "apiVersion", value: match[2]!, source: "upstream folder", position },
    ];
  }
  return [];
}

/** The folders of the upstream repository discovery reads: the API 3.0 docs and the legacy API's common part. */
export const UPSTREAM_ROOTS: readonly string[] = ["API/API 3.0/", "API/API文档公用部分/"];

/** What an upstream path is, by name alone: a legacy or API 3.0 error-code page, an API 3.0 overview page, or any other page (a possible action page). */
export function upstreamRole(path: string): "legacy" | "error-codes" | "overview" | "other" | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const errorCodes = /^(错误码|error_codes)(_intl(_[a-z]+)?)?\.md$/i.test(name);
  if (path.startsWith(UPSTREAM_ROOTS[1]!)) return errorCodes ? "legacy" : undefined;
  if (!path.startsWith(UPSTREAM_ROOTS[0]!)) return undefined;
  if (/^api ?概览(_intl(_[a-z]+)?)?\.md$/i.test(name)) return "overview";
  return errorCodes ? "error-codes" : "other";
}

type What = Statement["what"];
const WHAT_NAMES: Record<What, string> = { service: "service", apiVersion: "API version", action: "action" };

/** Each distinct value stated for `what`, with where it was stated first. */
function valuesOf(statements: readonly Statement[], what: What): Map<string, Statement> {
  const values = new Map<string, Statement>();
  for (const statement of statements) if (statement.what === what && !values.has(statement.value)) values.set(statement.value, statement);
  return values;
}

const describe = (statement: Statement) =>
  `${statement.source}${statement.source === "upstream folder" ? "" : `, line ${statement.position.line}`}`;

/** `"cvm" (endpoint, line 3) and "eip" (endpoint, line 49)`. */
const listValues = (values: ReadonlyMap<string, Statement>) =>
  [...values].map(([value, statement]) => `"${value}" (${describe(statement)})`).join(" and ");

/** What discovery makes of one upstream page. */
export type Placement =
  | { readonly placed: Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale"> & { readonly action?: string } }
  | { readonly problem: string }
  /** Not a page the generator reads (no error table, or not an API page). */
  | { readonly skipped: true };

/**
 * Where discovery puts an upstream page, by the rule above. `errorTables`:
 * how many error-code tables the page has under an error-codes heading
 * (any error-code table, for error-code and legacy pages).
 */
export function placePage(upstreamPath: string, statements: readonly Statement[], errorTables: number): Placement {
  const role = upstreamRole(upstreamPath);
  if (role === undefined || role === "overview" || errorTables === 0) return { skipped: true };
  const locale = localeOfUpstreamPath(upstreamPath);
  if (locale === undefined) return { problem: `its file name has a locale suffix with no known language (known: ${LOCALE_SUFFIXES.map(([s]) => s || "none").join(", ")})` };
  if (role === "legacy") return { placed: { kind: "legacy", service: "legacy", apiVersion: "2.0", locale } };

  const all = [...statements, ...folderStatements(upstreamPath)];
  const actions = valuesOf(all, "action");
  // A page with an error table that states no action and is no error-code page (how-to pages on signatures and responses): not an action page.
  if (role === "other" && actions.size === 0) return { skipped: true };
  const wanted: What[] = role === "other" ? ["action", "service", "apiVersion"] : ["service", "apiVersion"];
  const problems: string[] = [];
  const chosen: Partial<Record<What, string>> = {};
  for (const what of wanted) {
    const values = valuesOf(all, what);
    if (values.size === 0) problems.push(`states no ${WHAT_NAMES[what]}`);
    else if (values.size > 1) problems.push(`states several ${WHAT_NAMES[what]}s: ${listValues(values)}`);
    else chosen[what] = [...values.keys()][0]!;
  }
  if (chosen.service !== undefined && RESERVED_SERVICES.has(chosen.service)) {
    problems.push(`states the service "${chosen.service}", a name generated/ keeps for ${RESERVED_SERVICES.get(chosen.service)}`);
  }
  if (problems.length > 0) return { problem: problems.join("; ") };
  return {
    placed: {
      kind: role === "other" ? "action" : "service",
      service: chosen.service!,
      apiVersion: chosen.apiVersion!,
      locale,
      ...(chosen.action !== undefined && { action: chosen.action }),
    },
  };
}

/** An action page of docs/ (or one discovery placed), by its upstream path. */
export interface PlacedAction {
  readonly upstream: string;
  readonly service: string;
  readonly apiVersion: string;
}

/**
 * Where discovery puts an upstream overview page (see the rule above):
 * `links`, how many action links it holds; `actions`, the action pages of
 * docs/ and those discovery placed, each by its upstream path.
 */
export function placeOverviewPage(upstreamPath: string, links: number, actions: readonly PlacedAction[]): Placement {
  if (upstreamRole(upstreamPath) !== "overview" || links === 0) return { skipped: true };
  const locale = localeOfUpstreamPath(upstreamPath);
  if (locale === undefined) return { problem: `its file name has a locale suffix with no known language (known: ${LOCALE_SUFFIXES.map(([s]) => s || "none").join(", ")})` };
  const stated = folderStatements(upstreamPath);
  let service = stated.find((statement) => statement.what === "service")?.value;
  let apiVersion = stated.find((statement) => statement.what === "apiVersion")?.value;
  if (service === undefined || apiVersion === undefined) {
    const folder = upstreamPath.slice(0, upstreamPath.lastIndexOf("/") + 1);
    const near = new Set(actions.filter((action) => action.upstream.startsWith(folder)).map((action) => `${action.service} ${action.apiVersion}`));
    if (near.size !== 1) {
      return { problem: near.size === 0 ? "its folder states no service and holds no action page" : `its folder holds action pages of several service versions: ${[...near].sort().join(", ")}` };
    }
    [service, apiVersion] = [...near][0]!.split(" ") as [string, string];
  }
  if (RESERVED_SERVICES.has(service)) return { problem: `states the service "${service}", a name generated/ keeps for ${RESERVED_SERVICES.get(service)}` };
  return { placed: { kind: "overview", service, apiVersion, locale } };
}

/**
 * Checks a manifest entry against what its page states (and its upstream
 * folder): a page that contradicts its entry is left out (D2E006), unless
 * the entry was placed by hand (`placement`). A page that states nothing is
 * placed by its entry alone.
 */
export function checkPlacement(spec: PageSpec, statements: readonly Statement[]): Diagnostic[] {
  if (spec.placement !== undefined || (spec.kind !== "service" && spec.kind !== "action")) return [];
  const all = [...statements, ...(spec.upstream ? folderStatements(spec.upstream.path) : [])];
  const expected: Partial<Record<What, string>> = { service: spec.service, apiVersion: spec.apiVersion };
  // An error-code page may name actions in its text; only an action page's action is checked.
  if (spec.kind === "action" && spec.action !== undefined) expected.action = spec.action;
  const problems: string[] = [];
  const contradicting: Statement[] = [];
  for (const what of ["service", "apiVersion", "action"] as const) {
    if (expected[what] === undefined) continue;
    const values = valuesOf(all, what);
    const others = new Map([...values].filter(([value]) => value !== expected[what]));
    if (others.size === 0) continue;
    contradicting.push(...all.filter((statement) => statement.what === what && statement.value !== expected[what] && statement.source !== "upstream folder"));
    problems.push(`the manifest says ${WHAT_NAMES[what]} "${expected[what]}" but the page states ${listValues(others)}`);
  }
  if (problems.length === 0) return [];
  const first = contradicting.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column)[0];
  const position = first?.position ?? { line: 1, column: 1 };
  return [
    diagnostic(
      "D2E006",
      { file: spec.path, ...position },
      `${problems.join("; ")}; the page is left out (correct the entry, or keep it with a "placement" that says why)`,
    ),
  ];
}
