import type { ErrorRow, ErrorTable } from "../parse/error-table.js";
import { compareStrings, diagnostic } from "./diagnostics.js";
import type { CodeSet, Diagnostic, ErrorCode, Locale, LocalizedEntry, Model, PageSpec } from "./types.js";

/** A page as the model sees it: what the manifest says it is, and the error tables found in it. */
export interface PageInput {
  readonly spec: PageSpec;
  readonly tables: readonly ErrorTable[];
}

export interface BuiltModel {
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
}

/** code → locale → entry, filled in precedence order: the first writer wins. */
type Collector = Map<string, Map<Locale, LocalizedEntry>>;

const NUMERIC_CODE = /^-?\d+$/;

/**
 * Merges pages into the model.
 *
 * - A service page's tables under a "common" heading feed the common codes;
 *   all its other tables are the service's own codes. A code a service lists
 *   itself stays the service's even when it is also a common code.
 * - Common codes: for each locale, pages of kind `common` win; the common
 *   sections of service pages (in path order) fill codes and locales those
 *   pages lack.
 * - Within one page a code listed twice is merged when both rows agree and
 *   reported (first row wins) when they do not.
 */
export function buildModel(pages: readonly PageInput[]): BuiltModel {
  const diagnostics: Diagnostic[] = [];
  const sorted = [...pages].sort((a, b) => compareStrings(a.spec.path, b.spec.path));
  const ranked = [
    ...sorted.filter((page) => page.spec.kind === "common"),
    ...sorted.filter((page) => page.spec.kind !== "common"),
  ];

  const common = new Map() as Collector;
  const commonSources = new Set<string>();
  const legacy = new Map() as Collector;
  const legacySpecs: PageSpec[] = [];
  const services = new Map<string, { specs: PageSpec[]; codes: Collector }>();
  const serviceOf = (id: string) => {
    let service = services.get(id);
    if (!service) services.set(id, (service = { specs: [], codes: new Map() }));
    return service;
  };

  for (const { spec, tables } of ranked) {
    const pageRows = { common: new Map<string, ErrorRow>(), own: new Map<string, ErrorRow>() };
    for (const table of tables) {
      const isCommon = spec.kind === "common" || (spec.kind === "service" && table.section === "common");
      const seen = isCommon ? pageRows.common : pageRows.own;
      for (const row of table.rows) {
        if (!firstOfPage(spec, seen, row, diagnostics)) continue;
        const entry = toEntry(spec, row);
        if (isCommon) {
          add(common, row.code, spec.locale, entry);
          commonSources.add(spec.path);
        } else if (spec.kind === "legacy") {
          if (!NUMERIC_CODE.test(row.code)) {
            diagnostics.push(diagnostic("D2E302", entry.source, `"${row.code}" is not a number; legacy codes are numeric, so the row is skipped`));
            continue;
          }
          add(legacy, row.code, spec.locale, entry);
        } else {
          add(serviceOf(spec.service).codes, row.code, spec.locale, entry);
        }
      }
    }
    if (spec.kind === "legacy") legacySpecs.push(spec);
    if (spec.kind === "service") {
      serviceOf(spec.service).specs.push(spec);
    }
    if (tables.length === 0) {
      diagnostics.push(diagnostic("D2E205", { file: spec.path, line: 1, column: 1 }, "no table with an error-code column was found"));
    }
  }

  const commonSpecs = sorted.filter((page) => page.spec.kind === "common").map((page) => page.spec);
  const model: Model = {
    common: codeSet("common", "common", commonSpecs, common, [...commonSources], false, diagnostics),
    legacy: legacySpecs.length
      ? codeSet("legacy", "legacy", legacySpecs, legacy, legacySpecs.map((s) => s.path), true, diagnostics)
      : undefined,
    services: [...services]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([id, { specs, codes }]) => codeSet("service", id, specs, codes, specs.map((s) => s.path), false, diagnostics)),
  };
  return { model, diagnostics };
}

/** Reports a second row for the same code in one page (and part: common or own) when its text differs. */
function firstOfPage(spec: PageSpec, seen: Map<string, ErrorRow>, row: ErrorRow, diagnostics: Diagnostic[]): boolean {
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
        `"${row.code}" is listed again with a different text; the row at line ${first.position.line} is kept`,
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

function codeSet(
  kind: CodeSet["kind"],
  id: string,
  specs: readonly PageSpec[],
  codes: Collector,
  sources: readonly string[],
  numeric: boolean,
  diagnostics: Diagnostic[],
): CodeSet {
  const versions = [...new Set(specs.map((spec) => spec.apiVersion))].sort(compareStrings);
  if (versions.length > 1) {
    for (const spec of specs.filter((s) => s.apiVersion !== versions[0])) {
      diagnostics.push(
        diagnostic("D2E303", { file: spec.path, line: 1, column: 1 }, `${id} is documented for API versions ${versions.join(" and ")}; keep one version per service in docs/`),
      );
    }
  }
  const title = specs.find((spec) => spec.title !== undefined)?.title;
  const list: ErrorCode[] = [...codes]
    .map(([code, locales]) => ({
      code,
      locales: Object.fromEntries([...locales].sort(([a], [b]) => compareStrings(a, b))),
    }))
    .sort(numeric ? (a, b) => Number(a.code) - Number(b.code) || compareStrings(a.code, b.code) : (a, b) => compareStrings(a.code, b.code));
  const locales = [...new Set(list.flatMap((code) => Object.keys(code.locales)))].sort(compareStrings);
  return {
    kind,
    id,
    apiVersion: versions[0] ?? (kind === "common" ? "3.0" : ""),
    ...(title !== undefined && { title }),
    codes: list,
    locales,
    sources: [...new Set(sources)].sort(compareStrings),
    numeric,
  };
}
