import type { Diagnostic } from "../model/types.js";
import { readErrorTable, type ErrorTable } from "./error-table.js";
import { decodePage } from "./source.js";
import { readStatements, type Statement } from "./statements.js";
import { extractTables, parseMarkdown } from "./table.js";

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
  readonly diagnostics: readonly Diagnostic[];
}

/** Page bytes → error-code tables with positions. Knows nothing of services or TypeScript. */
export function parsePage(file: string, bytes: Uint8Array): ParsedPage {
  const decoded = decodePage(file, bytes);
  if (!decoded.ok) return { file, readable: false, tableCount: 0, errorTables: [], statements: [], diagnostics: decoded.diagnostics };
  const diagnostics = [...decoded.diagnostics];
  const tree = parseMarkdown(decoded.text);
  const { tables, diagnostics: tableDiagnostics } = extractTables(file, decoded.text, tree);
  diagnostics.push(...tableDiagnostics);
  const errorTables = tables.flatMap((table) => readErrorTable(file, table, diagnostics) ?? []);
  return { file, readable: true, tableCount: tables.length, errorTables, statements: readStatements(tree, tables), diagnostics };
}
