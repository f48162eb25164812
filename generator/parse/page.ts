import type { Diagnostic } from "../model/types.js";
import { readErrorTable, type ErrorTable } from "./error-table.js";
import { decodePage } from "./source.js";
import { extractTables } from "./table.js";

export interface ParsedPage {
  /** Relative to the docs folder. */
  readonly file: string;
  /** False when the bytes could not be read as text (see the diagnostics). */
  readonly readable: boolean;
  /** How many tables of any kind the page holds. */
  readonly tableCount: number;
  readonly errorTables: readonly ErrorTable[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Page bytes → error-code tables with positions. Knows nothing of services or TypeScript. */
export function parsePage(file: string, bytes: Uint8Array): ParsedPage {
  const decoded = decodePage(file, bytes);
  if (!decoded.ok) return { file, readable: false, tableCount: 0, errorTables: [], diagnostics: decoded.diagnostics };
  const diagnostics = [...decoded.diagnostics];
  const { tables, diagnostics: tableDiagnostics } = extractTables(file, decoded.text);
  diagnostics.push(...tableDiagnostics);
  const errorTables = tables.flatMap((table) => readErrorTable(file, table, diagnostics) ?? []);
  return { file, readable: true, tableCount: tables.length, errorTables, diagnostics };
}
