import { compareStrings, diagnostic } from "./diagnostics.js";
import { checkPlacement } from "./placement.js";
import type {
  ActionErrors,
  ActionLink,
  CatalogInput,
  CodeSet,
  Diagnostic,
  ErrorCode,
  ErrorRow,
  ErrorTable,
  Locale,
  UnreadRow,
  LocalizedEntry,
  Model,
  PageSpec,
  Statement,
} from "./types.js";

/** A page as the model sees it: what the manifest says it is, and the error tables found in it (for an overview page, its action links). */
export interface PageInput {
  readonly spec: PageSpec;
  readonly tables: readonly ErrorTable[];
  readonly links?: readonly ActionLink[];
  /** What the page states of itself (its service, version, action): a page that states another place than its entry is left out (see placement.ts). */
  readonly statements?: readonly Statement[];
}

export interface BuiltModel {
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
}

/** code → locale → entry, filled in precedence order: the first writer wins. */
type Collector = Map<string, Map<Locale, LocalizedEntry>>;

/** code → the docs/ files that list it. */
type Listed = Map<string, Set<string>>;

const list = (listed: Listed, code: string, file: string) => {
  const files = listed.get(code);
  if (files) files.add(file);
  else listed.set(code, new Set([file]));
};

/** An action in the making: its codes and where each is listed, its pages and catalog files, and its codes by locale. */
interface GatheredAction {
  readonly codes: Listed;
  readonly sources: Set<string>;
  readonly byLocale: Map<Locale, LocaleCodes>;
}

/** One code set in the making. */
interface Gathered {
  readonly service: string;
  readonly apiVersion: string;
  readonly specs: PageSpec[];
  readonly codes: Collector;
  readonly listed: Listed;
  /** The stored catalog files that contributed. */
  readonly catalog: string[];
  /** The codes of its error-code pages (their own sections), by locale. */
  readonly errorPages: Map<Locale, LocaleCodes>;
  readonly actions: Map<string, GatheredAction>;
  /** Each action's page as the first overview page to link it gives it, with where. */
  readonly links: Map<string, { readonly url: string; readonly file: string; readonly position: ActionLink["position"] }>;
  /** The overview pages that were read. */
  readonly overviews: string[];
}

/** The codes the pages of one locale list, and the first of those pages (where a warning points). */
interface LocaleCodes {
  readonly codes: Set<string>;
  readonly first: string;
}

function localeCodes(byLocale: Map<Locale, LocaleCodes>, spec: PageSpec): LocaleCodes {
  let codes = byLocale.get(spec.locale);
  if (!codes) byLocale.set(spec.locale, (codes = { codes: new Set(), first: spec.path }));
  return codes;
}

const NUMERIC_CODE = /^-?\d+$/;

/** Error-code pages before action pages, each kind in path order: the order in which pages give a code its wording. */
const PRECEDENCE: Readonly<Record<PageSpec["kind"], number>> = { common: 0, legacy: 1, service: 1, action: 2, overview: 3 };

/**
 * Merges pages and the API catalog into the model.
 *
 * - Each API version of a service is a code set of its own.
 * - The API catalog (its stored files, `catalog`) adds to a service version
 *   its codes and each action's codes: a service version's codes are those
 *   of its pages and of the catalog, an action's those its page lists and
 *   those its catalog list names. Its descriptions give a code's text only
 *   in the locales no page gives one in (the catalog's are zh-CN and en).
 * - Every code and every action's code keeps the docs/ files that list it
 *   (`sources`): pages and stored catalog files.
 * - A service's codes are those of its error-code pages and of its action
 *   pages: a code only an action page lists is a code of the service. For
 *   each code and locale the first page gives the text: error-code pages
 *   first, then action pages, each in path order.
 * - An action's errors are the rows of its pages' tables under an "Error
 *   Codes" heading.
 * - A service page's tables under a "common" heading feed the common codes;
 *   all its other tables are the service's own codes. A code a service lists
 *   itself stays the service's even when it is also a common code.
 * - Common codes: for each locale, pages of kind `common` win; the common
 *   sections of service pages (in path order) fill codes and locales those
 *   pages lack.
 * - Within one page a code listed twice is merged when both rows agree and
 *   reported (first row wins) when they do not.
 * - An action's page (`url`) is the one its service version's overview pages
 *   link it to: the first in path order, another link reported (D2E305). An
 *   overview page adds no action: links to actions with no errors listed
 *   are left.
 * - A page that states another place than its manifest entry (its title or
 *   text names another service, version or action) is left out, reported
 *   (see placement.ts).
 */
export function buildModel(
  pages: readonly PageInput[],
  titles: Readonly<Record<string, string>> = {},
  catalog: readonly CatalogInput[] = [],
): BuiltModel {
  const diagnostics: Diagnostic[] = [];
  const placed = pages.filter(({ spec, statements }) => {
    const misplaced = checkPlacement(spec, statements ?? []);
    diagnostics.push(...misplaced);
    return misplaced.length === 0;
  });
  const ranked = [...placed].sort(
    (a, b) => PRECEDENCE[a.spec.kind] - PRECEDENCE[b.spec.kind] || compareStrings(a.spec.path, b.spec.path),
  );

  const common = new Map() as Collector;
  const commonListed: Listed = new Map();
  const commonSources = new Set<string>();
  const legacy = new Map() as Collector;
  const legacyListed: Listed = new Map();
  const legacySpecs: PageSpec[] = [];
  const services = new Map<string, Gathered>();
  const serviceOf = ({ service, apiVersion }: { service: string; apiVersion: string }) => {
    const key = `${service}\0${apiVersion}`;
    let set = services.get(key);
    if (!set) {
      services.set(key, (set = { service, apiVersion, specs: [], codes: new Map(), listed: new Map(), catalog: [], errorPages: new Map(), actions: new Map(), links: new Map(), overviews: [] }));
    }
    return set;
  };

  const unread: { spec: PageSpec; row: UnreadRow; isCommon: boolean }[] = [];
  for (const { spec, tables, links } of ranked) {
    if (spec.kind === "overview") {
      gatherLinks(serviceOf(spec), spec, links ?? [], diagnostics);
      continue;
    }
    const pageRows = { common: new Map<string, ErrorRow>(), own: new Map<string, ErrorRow>() };
    const read = spec.kind === "action" ? tables.filter((table) => table.underErrorHeading) : tables;
    const action = spec.kind === "action" ? actionOf(serviceOf(spec), spec.action!, spec.path) : undefined;
    // What this page lists in its locale, for the check across locales: an action's codes, or an error-code page's own.
    const listed = action ? localeCodes(action.byLocale, spec) : spec.kind === "service" ? localeCodes(serviceOf(spec).errorPages, spec) : undefined;
    for (const table of read) {
      const isCommon = spec.kind === "common" || (spec.kind === "service" && table.section === "common");
      const seen = isCommon ? pageRows.common : pageRows.own;
      for (const row of table.unread ?? []) unread.push({ spec, row, isCommon });
      for (const row of table.rows) {
        if (!firstOfPage(spec, seen, row, diagnostics)) continue;
        const entry = toEntry(spec, row);
        if (isCommon) {
          add(common, row.code, spec.locale, entry);
          list(commonListed, row.code, spec.path);
          commonSources.add(spec.path);
        } else if (spec.kind === "legacy") {
          if (!NUMERIC_CODE.test(row.code)) {
            diagnostics.push(diagnostic("D2E302", entry.source, `"${row.code}" is not a number; legacy codes are numeric, so the row is skipped`));
            continue;
          }
          add(legacy, row.code, spec.locale, entry);
          list(legacyListed, row.code, spec.path);
        } else {
          const set = serviceOf(spec);
          add(set.codes, row.code, spec.locale, entry);
          list(set.listed, row.code, spec.path);
          if (action) list(action.codes, row.code, spec.path);
          listed?.codes.add(row.code);
        }
      }
    }
    if (spec.kind === "legacy") legacySpecs.push(spec);
    if (spec.kind === "service" || spec.kind === "action") serviceOf(spec).specs.push(spec);
    if (read.length === 0) {
      const what = spec.kind === "action" ? "no error-code table under an error-codes heading" : "no table with an error-code column";
      diagnostics.push(diagnostic("D2E205", { file: spec.path, line: 1, column: 1 }, `${what} was found`));
    }
  }

  // A code cell with stray spaces is that code when another locale's page lists it (the same docs, in other words).
  for (const { spec, row, isCommon } of unread) {
    const codes = isCommon ? common : spec.kind === "legacy" ? legacy : serviceOf(spec).codes;
    const listedBy = isCommon ? commonListed : spec.kind === "legacy" ? legacyListed : serviceOf(spec).listed;
    const others = [...(codes.get(row.code)?.keys() ?? [])].filter((locale) => locale !== spec.locale).sort(compareStrings);
    const where = { file: spec.path, ...row.position };
    if (others.length === 0) {
      diagnostics.push(diagnostic("D2E203", where, `code "${row.text}" is not a code; the row is skipped`, row.text));
      continue;
    }
    diagnostics.push(diagnostic("D2E203", where, `code "${row.text}" has spaces inside; read as "${row.code}", which the ${others.join(", ")} pages list`, row.text));
    add(codes, row.code, spec.locale, toEntry(spec, row));
    list(listedBy, row.code, spec.path);
    if (isCommon || spec.kind === "legacy") continue;
    if (spec.kind === "action") {
      const action = serviceOf(spec).actions.get(spec.action!)!;
      list(action.codes, row.code, spec.path);
      action.byLocale.get(spec.locale)!.codes.add(row.code);
    } else {
      serviceOf(spec).errorPages.get(spec.locale)!.codes.add(row.code);
    }
  }

  // The API catalog after every page: its wording fills the locales the pages lack (see `buildModel`).
  for (const input of [...catalog].sort((a, b) => compareStrings(a.file, b.file))) {
    const set = serviceOf(input);
    set.catalog.push(input.file);
    for (const { code, message, links, position } of input.codes) {
      add(set.codes, code, input.locale, { message, fields: {}, links, source: { file: input.file, ...position } });
      list(set.listed, code, input.file);
    }
    for (const { name, codes } of input.actions) {
      const action = actionOf(set, name, input.file);
      for (const code of codes) {
        list(action.codes, code, input.file);
        // A code an action lists that the catalog's errors.go lacks is still a code of the service.
        if (!set.codes.has(code)) set.codes.set(code, new Map());
        list(set.listed, code, input.file);
      }
    }
  }

  // Like is compared with like: the error-code pages of a service version in each locale, and each action's pages.
  for (const { service, apiVersion, errorPages, actions } of services.values()) {
    diagnostics.push(...localeConsistency(service, apiVersion, errorPages, "error-code pages"));
    for (const [name, action] of [...actions].sort(([a], [b]) => compareStrings(a, b))) {
      diagnostics.push(...localeConsistency(service, apiVersion, action.byLocale, `pages of action ${name}`));
    }
  }

  const commonSpecs = ranked.filter((page) => page.spec.kind === "common").map((page) => page.spec);
  const model: Model = {
    common: codeSet("common", "common", "3.0", commonSpecs, common, commonListed, [...commonSources], false, new Map(), titles),
    legacy: legacySpecs.length
      ? codeSet("legacy", "legacy", legacySpecs[0]!.apiVersion, legacySpecs, legacy, legacyListed, legacySpecs.map((s) => s.path), true, new Map(), titles)
      : undefined,
    services: [...services.values()]
      .map((set) =>
        codeSet("service", set.service, set.apiVersion, set.specs, set.codes, set.listed, [...set.specs.map((s) => s.path), ...set.catalog, ...set.overviews], false, set.actions, titles, set.links),
      )
      .sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.apiVersion, b.apiVersion)),
  };
  return { model, diagnostics };
}

/** An overview page's links, kept where no page before it linked the action; a link to another page is reported. */
function gatherLinks(set: Gathered, spec: PageSpec, links: readonly ActionLink[], diagnostics: Diagnostic[]): void {
  set.overviews.push(spec.path);
  for (const { action, url, position } of links) {
    const first = set.links.get(action);
    if (first === undefined) set.links.set(action, { url, file: spec.path, position });
    else if (first.url !== url) {
      const where = first.file === spec.path ? `line ${first.position.line}` : `${first.file}:${first.position.line}:${first.position.column}`;
      diagnostics.push(diagnostic("D2E305", { file: spec.path, ...position }, `${action} is linked to ${url} here and to ${first.url} at ${where}; the first is kept`, action));
    }
  }
}

function actionOf(set: Gathered, name: string, source: string): GatheredAction {
  let action = set.actions.get(name);
  if (!action) set.actions.set(name, (action = { codes: new Map(), sources: new Set(), byLocale: new Map() }));
  action.sources.add(source);
  return action;
}

/**
 * The same docs in several languages should list the same codes: for each
 * locale whose pages (a service version's error-code pages, or an action's
 * pages) lack a code other locales' pages list, a warning at its first page
 * names it, one a code: a code a page adds is one new warning for each locale
 * that lacks it, whatever else those locales lack (see model/baseline.ts). A
 * locale with no such page is not compared.
 */
function localeConsistency(id: string, apiVersion: string, byLocale: ReadonlyMap<Locale, LocaleCodes>, what: string): Diagnostic[] {
  if (byLocale.size < 2) return [];
  const all = new Set([...byLocale.values()].flatMap(({ codes }) => [...codes]));
  const diagnostics: Diagnostic[] = [];
  for (const [locale, { codes, first }] of [...byLocale].sort(([a], [b]) => compareStrings(a, b))) {
    for (const code of [...all].filter((code) => !codes.has(code)).sort(compareStrings)) {
      const others = [...byLocale]
        .filter(([other, listed]) => other !== locale && listed.codes.has(code))
        .map(([other]) => other)
        .sort(compareStrings);
      diagnostics.push(diagnostic("D2E304", { file: first, line: 1, column: 1 }, `the ${locale} ${what} (${id} ${apiVersion}) lack "${code}", which the ${others.join(", ")} ones list`, code));
    }
  }
  return diagnostics;
}

/**
 * The D2E301 warnings of one page's tables on their own (what `--report`
 * shows without building a model): a code listed again, in the same part of
 * the page (its common tables, or the others), with another text.
 */
export function duplicateRows(file: string, tables: readonly ErrorTable[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const spec = { path: file } as PageSpec;
  const parts = { common: new Map<string, ErrorRow>(), own: new Map<string, ErrorRow>() };
  for (const table of tables) for (const row of table.rows) firstOfPage(spec, table.section === "common" ? parts.common : parts.own, row, diagnostics);
  return diagnostics;
}

/** Reports a second row for the same code in one page (and part: common or own) when its text differs. */
function firstOfPage(spec: Pick<PageSpec, "path">, seen: Map<string, ErrorRow>, row: ErrorRow, diagnostics: Diagnostic[]): boolean {
  const first = seen.get(row.code);
  if (!first) {
    seen.set(row.code, row);
    return true;
  }
  if (first.message !== row.message || JSON.stringify(first.fields) !== JSON.stringify(row.fields)) {
    diagnostics.push(
      diagnostic(
        "D2E301",
        { file: spec.path, ...row.position },
        first.position.line === row.position.line && first.position.column === row.position.column
          ? `"${row.code}" is listed again with a different text (its cell spans several rows); the first of them is kept`
          : `"${row.code}" is listed again with a different text; the row at line ${first.position.line} is kept`,
        row.code,
      ),
    );
  }
  return false;
}

function toEntry(spec: PageSpec, row: ErrorRow): LocalizedEntry {
  return { message: row.message, fields: row.fields, links: row.links, source: { file: spec.path, ...row.position } };
}

function add(codes: Collector, code: string, locale: Locale, entry: LocalizedEntry): void {
  let locales = codes.get(code);
  if (!locales) codes.set(code, (locales = new Map()));
  if (!locales.has(locale)) locales.set(locale, entry);
}

/** Code order: numeric for numeric sets, code-unit order otherwise. */
export const codeOrder = (numeric: boolean) =>
  numeric
    ? (a: { code: string }, b: { code: string }) => Number(a.code) - Number(b.code) || compareStrings(a.code, b.code)
    : (a: { code: string }, b: { code: string }) => compareStrings(a.code, b.code);

const sortedFiles = (files: Set<string> | undefined) => (files ? [...files].sort(compareStrings) : []);

function codeSet(
  kind: CodeSet["kind"],
  id: string,
  apiVersion: string,
  specs: readonly PageSpec[],
  codes: Collector,
  listed: Listed,
  sources: readonly string[],
  numeric: boolean,
  gatheredActions: Gathered["actions"],
  titles: Readonly<Record<string, string>>,
  links: Gathered["links"] = new Map(),
): CodeSet {
  const title = titles[id] ?? specs.find((spec) => spec.title !== undefined)?.title;
  const actions: ActionErrors[] = [...gatheredActions]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, { codes: listedFor, sources: pages }]): ActionErrors => ({
      name,
      codes: [...listedFor.keys()].sort(compareStrings).map((code) => ({ code, sources: sortedFiles(listedFor.get(code)) })),
      sources: [...pages].sort(compareStrings),
      ...(links.has(name) && { url: links.get(name)!.url }),
    }));
  const actionsOf = new Map<string, string[]>();
  for (const action of actions) {
    for (const { code } of action.codes) {
      let names = actionsOf.get(code);
      if (!names) actionsOf.set(code, (names = []));
      names.push(action.name);
    }
  }
  const list: ErrorCode[] = [...codes]
    .map(([code, locales]) => ({
      code,
      sources: sortedFiles(listed.get(code)),
      actions: actionsOf.get(code) ?? [],
      locales: Object.fromEntries([...locales].sort(([a], [b]) => compareStrings(a, b))),
    }))
    .sort(codeOrder(numeric));
  const locales = [...new Set(list.flatMap((code) => Object.keys(code.locales)))].sort(compareStrings);
  return {
    kind,
    id,
    apiVersion,
    ...(title !== undefined && { title }),
    codes: list,
    locales,
    sources: [...new Set(sources)].sort(compareStrings),
    numeric,
    actions,
  };
}
