import { diagnostic } from "../model/diagnostics.js";
import type { Diagnostic } from "../model/types.js";
import { overLimits } from "./limits.js";
import { readActionLinks, type ActionLink } from "./action-links.js";
import { readErrorTable, type ErrorTable } from "./error-table.js";
import { decodePage } from "./source.js";
import { readStatements, type Statement } from "./statements.js";
import { extractTables, parseMarkdown } from "./table.js";

// The parser's one entry point (loaded when a run first parses): the pages, and the stored API catalog.
export { readCatalogFile } from "./catalog.js";

export interface ParsedPage {
  /** Relative to the docs folder. */
  readonly file: string;
  /** False when the bytes could not be read as text (see the diagnostics). */
  readonly readable: boolean;
  /** How many tables of any kind the page holds. */
  readonly tableCount: number;
  readonly errorTables: readonly ErrorTable[];
  /** What the page says it documents: service, API version, action (see statements.ts). */
  readonly statements: readonly Statement[];
  /** For an overview page (`{ overview: true }`): the links from actions to their pages (see action-links.ts); empty otherwise. */
  readonly actionLinks: readonly ActionLink[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Page bytes → error-code tables with positions (and, for an overview page,
 * its action links). Knows nothing of services or TypeScript.
 */
export function parsePage(file: string, bytes: Uint8Array, options: { readonly overview?: boolean } = {}): ParsedPage {
  const decoded = decodePage(file, bytes);
  const unreadable = (diagnostics: readonly Diagnostic[]): ParsedPage => ({ file, readable: false, tableCount: 0, errorTables: [], statements: [], actionLinks: [], diagnostics });
  if (!decoded.ok) return unreadable(decoded.diagnostics);
  const over = overLimits(decoded.text);
  if (over !== undefined) {
    return unreadable([...decoded.diagnostics, diagnostic("D2E104", { file, ...over.position }, `page is over a limit: ${over.message}; it is not read`)]);
  }
  try {
    const diagnostics = [...decoded.diagnostics];
    const tree = parseMarkdown(decoded.text);
    const { tables, diagnostics: tableDiagnostics } = extractTables(file, decoded.text, tree);
    diagnostics.push(...tableDiagnostics);
    const errorTables = tables.flatMap((table) => readErrorTable(file, table, diagnostics) ?? []);
    const actionLinks = options.overview === true ? readActionLinks(tables) : [];
    return { file, readable: true, tableCount: tables.length, errorTables, statements: readStatements(tree, tables), actionLinks, diagnostics };
  } catch (error) {
    // Whatever a page does to the parsers, it is a diagnostic at that page, never a crash of the run.
    const reason = error instanceof RangeError ? "it is nested too deeply" : error instanceof Error ? error.message : String(error);
    return unreadable([...decoded.diagnostics, diagnostic("D2E105", { file, line: 1, column: 1 }, `page could not be read (${reason})`)]);
  }
}
