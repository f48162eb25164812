import { stat } from "node:fs/promises";
import { listFiles, readPageBytes } from "./files.js";
import { join, relative, resolve, sep } from "node:path";
import { compareStrings, diagnostic, formatDiagnostic, sortDiagnostics } from "../model/diagnostics.js";
import { markdownText } from "../model/escape.js";
import { isCatalogFile } from "../model/catalog.js";
import { originsOf } from "../model/snapshot.js";
import { summarize } from "../model/summary.js";
import { duplicateRows } from "../model/build.js";
import type { CodeSet, Diagnostic, Model } from "../model/types.js";
import type { ParsedPage } from "../parse/page.js";

/** What extraction found, page by page: the audit trail of `--report json`. */
export interface Report {
  readonly pages: readonly PageReport[];
  readonly summary: { pages: number; tables: number; errorTables: number; codes: number; warnings: number; errors: number };
}

export interface PageReport {
  readonly file: string;
  /** Tables of any kind. */
  readonly tables: number;
  readonly errorTables: readonly {
    readonly line: number;
    readonly column: number;
    readonly syntax: string;
    readonly section: string | null;
    readonly headings: readonly string[];
    readonly columns: { readonly code: string; readonly message: string | null; readonly fields: Readonly<Record<string, string>> };
    readonly codes: readonly {
      readonly code: string;
      readonly message: string;
      readonly fields: Readonly<Record<string, string>>;
      readonly line: number;
      readonly column: number;
    }[];
  }[];
  readonly diagnostics: readonly string[];
}

export function buildReport(pages: readonly ParsedPage[], docsPrefix: string): Report {
  const reports = [...pages]
    .sort((a, b) => compareStrings(a.file, b.file))
    .map(
      (page): PageReport => ({
        file: page.file,
        tables: page.tableCount,
        errorTables: page.errorTables.map((table) => ({
          line: table.position.line,
          column: table.position.column,
          syntax: table.syntax,
          section: table.section ?? null,
          headings: table.headings,
          columns: { code: table.columns.code, message: table.columns.message ?? null, fields: table.columns.fields },
          codes: table.rows.map((row) => ({ code: row.code, message: row.message, fields: row.fields, ...row.position })),
        })),
        diagnostics: pageDiagnostics(page).map((d) => formatDiagnostic(d, docsPrefix)),
      }),
    );
  const all = pages.flatMap(pageDiagnostics);
  return {
    pages: reports,
    summary: {
      pages: reports.length,
      tables: reports.reduce((n, page) => n + page.tables, 0),
      errorTables: reports.reduce((n, page) => n + page.errorTables.length, 0),
      codes: reports.reduce((n, page) => n + page.errorTables.reduce((m, table) => m + table.codes.length, 0), 0),
      warnings: all.filter((d) => d.severity === "warning").length,
      errors: all.filter((d) => d.severity === "error").length,
    },
  };
}

/**
 * A page's diagnostics as a report shows it, alone: the same duplicate check
 * as a generation (D2E301); and a code cell with stray spaces, which a
 * generation reads as the code other locales list when they do
 * (model/build.ts), is here a code it skips.
 */
function pageDiagnostics(page: ParsedPage): Diagnostic[] {
  const unread = page.errorTables.flatMap((table) =>
    table.unread.map((row) => diagnostic("D2E203", { file: page.file, ...row.position }, `code "${row.text}" is not a code; the row is skipped`)),
  );
  return sortDiagnostics([...page.diagnostics, ...unread, ...duplicateRows(page.file, page.errorTables)]);
}

/** Parses every `.md` file below each of `paths` (or the file itself), outside any manifest. */
export async function parseFiles(root: string, paths: readonly string[]): Promise<ParsedPage[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(root, path);
    const isFolder = await stat(absolute).then((info) => info.isDirectory(), () => false);
    if (isFolder) {
      for (const file of listFiles(absolute)) if (file.endsWith(".md")) files.push(join(absolute, file));
    } else files.push(absolute);
  }
  const { parsePage } = await import("../parse/page.js");
  const pages: ParsedPage[] = [];
  for (const file of [...new Set(files)].sort(compareStrings)) {
    const name = relative(root, file).split(sep).join("/");
    const bytes = readPageBytes(file, name, "given with --pages");
    pages.push(bytes instanceof Uint8Array ? parsePage(name, bytes) : { file: name, readable: false, tableCount: 0, errorTables: [], statements: [], actionLinks: [], diagnostics: [bytes] });
  }
  return pages;
}

/** One row of the coverage summary: a code set and what the docs give it. */
export interface CoverageRow {
  readonly service: string;
  readonly apiVersion: string;
  readonly title: string;
  /** Its codes (deprecated ones aside), and of those: listed by the pages alone, by the API catalog alone, by both. */
  readonly codes: number;
  readonly fromPages: number;
  readonly fromCatalog: number;
  readonly fromBoth: number;
  /** Actions with documented errors. */
  readonly actions: number;
  /** Action-code pairs (deprecated ones aside), and of those: listed by the actions' pages alone, by the API catalog alone, by both. */
  readonly pairs: number;
  readonly pairsFromPages: number;
  readonly pairsFromCatalog: number;
  readonly pairsFromBoth: number;
  readonly locales: readonly string[];
  /** Doc pages read (stored catalog files aside). */
  readonly pages: number;
}

export function coverage(model: Model): CoverageRow[] {
  const row = (set: CodeSet): CoverageRow => {
    // The counts the package's README shows of the set, and what only the coverage shows.
    const { listed, actions } = summarize(set);
    const pairs = set.actions.flatMap((action) => action.codes.filter((code) => !code.deprecated).map((code) => originsOf(code.sources)));
    return {
      service: set.id,
      apiVersion: set.apiVersion,
      title: set.title ?? "",
      codes: listed.codes,
      fromPages: listed.pages,
      fromCatalog: listed.catalog,
      fromBoth: listed.both,
      actions,
      pairs: pairs.length,
      pairsFromPages: pairs.filter((from) => from === "pages").length,
      pairsFromCatalog: pairs.filter((from) => from === "catalog").length,
      pairsFromBoth: pairs.filter((from) => from === "pages catalog").length,
      locales: set.locales,
      pages: set.sources.filter((file) => !isCatalogFile(file)).length,
    };
  };
  return [...model.services.map(row), row(model.common), ...(model.legacy ? [row(model.legacy)] : [])];
}

/** `--report summary`: the coverage as a markdown table, with a line of totals. */
export function coverageMarkdown(rows: readonly CoverageRow[]): string {
  const lines = [
    "| service | API version | product | codes | pages only | catalog only | both | actions | action codes | pages only | catalog only | both | locales | pages |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  ];
  for (const row of rows) {
    const name = row.service === "common" || row.service === "legacy" ? row.service : `\`${row.service}\``;
    lines.push(
      `| ${name} | ${row.apiVersion} | ${markdownText(row.title)} | ${row.codes} | ${row.fromPages} | ${row.fromCatalog} | ${row.fromBoth} | ${row.actions} | ${row.pairs} | ${row.pairsFromPages} | ${row.pairsFromCatalog} | ${row.pairsFromBoth} | ${row.locales.join(", ")} | ${row.pages} |`,
    );
  }
  const services = rows.filter((row) => row.service !== "common" && row.service !== "legacy");
  const sum = (key: "codes" | "fromPages" | "fromCatalog" | "fromBoth" | "actions" | "pairs" | "pairsFromPages" | "pairsFromCatalog" | "pairsFromBoth" | "pages") =>
    services.reduce((n, row) => n + row[key], 0);
  lines.push(
    "",
    `${new Set(services.map((row) => row.service)).size} services, ${services.length} API versions: ${sum("codes")} codes (${sum("fromPages")} listed by the doc pages alone, ${sum("fromCatalog")} by the API catalog alone, ${sum("fromBoth")} by both), ${sum("actions")} actions with documented errors, ${sum("pairs")} action-code pairs (${sum("pairsFromPages")} listed by the actions' pages alone, ${sum("pairsFromCatalog")} by the API catalog alone, ${sum("pairsFromBoth")} by both), from ${sum("pages")} pages and the API catalog.`,
  );
  return `${lines.join("\n")}\n`;
}
