import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { Project, StructureKind, type SourceFileStructure } from "ts-morph";
import type { Cache } from "../cache.js";
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

/**
 * Prints structures to text. One in-memory project for the whole run; each
 * file is created once from a complete structure, never edited.
 */
export class Printer {
  readonly #project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  readonly #prettier: prettier.Options;
  readonly #cache: Cache | undefined;

  private constructor(options: prettier.Options, cache: Cache | undefined) {
    this.#prettier = { ...options, parser: "typescript" };
    this.#cache = cache;
  }

  /** Resolves the project's prettier config once. With a cache, a file whose structure was printed before is not printed again. */
  static async create(cache?: Cache): Promise<Printer> {
    const options = (await prettier.resolveConfig(PRETTIER_CONFIG, { config: PRETTIER_CONFIG, editorconfig: false })) ?? {};
    return new Printer(options, cache);
  }

  async print(path: string, structure: Omit<SourceFileStructure, "kind">): Promise<string> {
    const render = () => {
      const file = this.#project.createSourceFile(path, separateImports(structure), { overwrite: true });
      const text = file.getFullText();
      this.#project.removeSourceFile(file);
      return prettier.format(text, this.#prettier);
    };
    return this.#cache ? this.#cache.get(this.#cache.key("print", path, JSON.stringify(structure)), render) : render();
  }

  format(text: string): Promise<string> {
    const render = () => prettier.format(text, this.#prettier);
    return this.#cache ? this.#cache.get(this.#cache.key("format", text), render) : render();
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
