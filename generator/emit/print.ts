import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import type { SourceFileStructure } from "ts-morph";
import { StructureKind } from "./kinds.js";
import { fillRows, type Rows } from "./rows.js";
import { lineCommentText } from "./text.js";

export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));
/** The project's own prettier config: output looks the same whoever runs the generator, from wherever. */
const PRETTIER_CONFIG = fileURLToPath(new URL("../../.prettierrc.json", import.meta.url));
const HEADER = readFileSync(`${TEMPLATES_DIR}header.txt`, "utf8");

/** The "generated, do not edit" banner: what the file is and the files it comes from. No dates, no versions. */
export function header(what: string, sources: readonly string[]): string {
  return HEADER.replace("{{what}}", lineCommentText(what)).replace(
    "{{sources}}",
    sources.map((source) => `//   ${lineCommentText(source)}`).join("\n"),
  );
}

/** A formatted file under its banner, a blank line between: as prettier leaves a leading comment block. */
export function withHeader(banner: string, text: string): string {
  return `${banner.trimEnd()}\n\n${text}`;
}

/** The project's prettier config, resolved once for the whole run. */
export async function prettierOptions(): Promise<prettier.Options> {
  return (await prettier.resolveConfig(PRETTIER_CONFIG, { config: PRETTIER_CONFIG, editorconfig: false })) ?? {};
}

let tsMorph: Promise<typeof import("ts-morph")> | undefined;
/** ts-morph, loaded on first use: building a structure needs none of it (kinds.ts), and a run served by the cache prints nothing. */
export const loadTsMorph = () => (tsMorph ??= import("ts-morph"));

/** A module to print: its structure, and the rows that go where it holds `ROWS_HOLE` (see rows.ts). */
export interface Module {
  readonly structure: Omit<SourceFileStructure, "kind">;
  readonly rows?: Rows | undefined;
}

/**
 * Modules as formatted text. ts-morph prints each structure straight to text
 * (no project, no syntax tree: formatting parses the text anyway), `format`
 * formats them all in one call (see `formatTogether`), and the rows go where
 * each structure holds `ROWS_HOLE`.
 */
export async function printModules(modules: readonly Module[], format: (text: string) => Promise<string>): Promise<string[]> {
  const { printStructure } = await loadTsMorph();
  const texts = modules.map(({ structure }) => printStructure({ ...separateImports(structure), kind: StructureKind.SourceFile }));
  return (await formatTogether(texts, format)).map((text, i) => {
    const rows = modules[i]!.rows;
    return rows ? fillRows(text, rows) : text;
  });
}

/** Stands between two modules formatted together. */
const NEXT_MODULE = "// @doc2errors next module";
const NEXT_MODULE_LINE = /^\/\/ @doc2errors next module\n/m;

/**
 * Formats several modules in one call to `format`, as if each were formatted
 * alone. Prettier's cost per call (options, parser and printer set-up) is
 * most of the cost of a small module, and a service has several. Modules are
 * sequences of top-level statements, which prettier lays out one by one, so
 * they can stand one after another, each behind a line comment that marks
 * where it begins; the formatted text is cut at those comments. Should the
 * joined text not come back in as many modules (or not format at all), each
 * is formatted alone: the same result, or the error of the module at fault.
 * Tests hold the result to formatting each module alone, on every file the
 * generator writes and on random hostile ones.
 */
export async function formatTogether(texts: readonly string[], format: (text: string) => Promise<string>): Promise<string[]> {
  if (texts.length <= 1) return Promise.all(texts.map(format));
  const alone = () => Promise.all(texts.map(format));
  let formatted: string;
  try {
    formatted = await format(texts.map((text) => `${NEXT_MODULE}\n${text}`).join("\n"));
  } catch {
    return alone();
  }
  const [before, ...modules] = formatted.split(NEXT_MODULE_LINE);
  if (before !== "" || modules.length !== texts.length) return alone();
  // Each as prettier ends a file: no blank line before the first statement, one line break after the last.
  return modules.map((module) => `${module.replace(/^\n+/, "").replace(/\n+$/, "")}\n`);
}

/** A blank line between the imports and the first declaration. */
function separateImports(structure: Omit<SourceFileStructure, "kind">): Omit<SourceFileStructure, "kind"> {
  const statements = Array.isArray(structure.statements) ? structure.statements : [];
  const first = statements.findIndex(
    (statement) => typeof statement === "object" && statement.kind !== StructureKind.ImportDeclaration,
  );
  if (first <= 0) return structure;
  const copy = [...statements];
  const target = copy[first] as { leadingTrivia?: unknown };
  copy[first] = { ...target, leadingTrivia: "\n" } as (typeof copy)[number];
  return { ...structure, statements: copy };
}
