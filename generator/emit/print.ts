import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import * as babel from "prettier/plugins/babel";
import * as estree from "prettier/plugins/estree";
import { format } from "prettier/standalone";
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

/** A file to print: from a structure, or text to format as it is. */
export type PrintJob =
  | { readonly kind: "print"; readonly structure: Omit<SourceFileStructure, "kind">; readonly rows?: Rows | undefined }
  | { readonly kind: "format"; readonly text: string };

/**
 * Prints and formats in this thread. A structure is printed by ts-morph
 * straight to text (no syntax tree is built: the text is formatted next, and
 * formatting parses it anyway). Prettier runs in-process through its
 * standalone entry with the plugins given, on the `babel-ts` parser: the same
 * output as the `typescript` parser on everything the generator writes (a
 * test formats all of generated/ with both), at about half the cost.
 */
export class LocalPrinter {
  readonly #prettier: prettier.Options;

  private constructor(options: prettier.Options) {
    this.#prettier = { ...options, parser: "babel-ts", plugins: [babel, estree] };
  }

  /** Resolves the project's prettier config once. */
  static async create(): Promise<LocalPrinter> {
    const options = (await prettier.resolveConfig(PRETTIER_CONFIG, { config: PRETTIER_CONFIG, editorconfig: false })) ?? {};
    return new LocalPrinter(options);
  }

  async run(job: PrintJob): Promise<string> {
    if (job.kind === "format") return format(job.text, this.#prettier);
    const text = await format(printStructure({ ...separateImports(job.structure), kind: StructureKind.SourceFile }), this.#prettier);
    return job.rows ? fillRows(text, job.rows) : text;
  }
}

/**
 * Prints files through the pool, with a cache: a file printed before from
 * the same structure (or text) is not printed again.
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
    const run = () => this.#pool.run({ kind: "print", structure, rows });
    return this.#cache.get(() => this.#cache.key("print", path, JSON.stringify(structure), JSON.stringify(rows ?? null)), run);
  }

  format(text: string): Promise<string> {
    const run = () => this.#pool.run({ kind: "format", text });
    return this.#cache.get(() => this.#cache.key("format", text), run);
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
