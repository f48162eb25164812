import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { printStructure, StructureKind, type SourceFileStructure } from "ts-morph";
import type { Cache } from "../cache.js";
import type { Pool } from "../pool.js";
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

/**
 * A structure as formatted text. ts-morph prints it straight to text (no
 * project, no syntax tree: formatting parses the text anyway), `format`
 * formats it, and the rows go where the structure holds `ROWS_HOLE`.
 */
export async function printFile(
  structure: Omit<SourceFileStructure, "kind">,
  rows: Rows | undefined,
  format: (text: string) => Promise<string>,
): Promise<string> {
  const text = await format(printStructure({ ...separateImports(structure), kind: StructureKind.SourceFile }));
  return rows ? fillRows(text, rows) : text;
}

/**
 * Prints files with a cache: a file printed before from the same structure
 * (or text) is not printed again. Structures are printed to text on this
 * thread (cheap); the formatting, the costly part, runs on the pool.
 */
export class Printer {
  readonly #pool: Pool;
  readonly #cache: Cache;

  constructor(pool: Pool, cache: Cache) {
    this.#pool = pool;
    this.#cache = cache;
  }

  /** How many files may usefully be under way at once. */
  get parallelism(): number {
    return this.#pool.parallelism;
  }

  /** `rows`: what goes where the structure holds `ROWS_HOLE` (see rows.ts). */
  print(path: string, structure: Omit<SourceFileStructure, "kind">, rows?: Rows): Promise<string> {
    const run = () => printFile(structure, rows, (text) => this.#pool.run({ kind: "format", text }));
    return this.#cache.get(() => this.#cache.key("print", path, JSON.stringify(structure), JSON.stringify(rows ?? null)), run);
  }

  format(text: string): Promise<string> {
    return this.#cache.get(() => this.#cache.key("format", text), () => this.#pool.run({ kind: "format", text }));
  }
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
