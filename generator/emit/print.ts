import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { Project, type SourceFileStructure } from "ts-morph";
import { lineCommentText } from "./text.js";

export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));
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

  private constructor(options: prettier.Options) {
    this.#prettier = { ...options, parser: "typescript" };
  }

  /** Resolves the repository's prettier config once. */
  static async create(configFile: string): Promise<Printer> {
    const options = (await prettier.resolveConfig(configFile, { editorconfig: false })) ?? {};
    return new Printer(options);
  }

  async print(path: string, structure: Omit<SourceFileStructure, "kind">): Promise<string> {
    const file = this.#project.createSourceFile(path, structure, { overwrite: true });
    const text = file.getFullText();
    this.#project.removeSourceFile(file);
    return this.format(text);
  }

  format(text: string): Promise<string> {
    return prettier.format(text, this.#prettier);
  }
}
