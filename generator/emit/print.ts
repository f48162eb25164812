import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import type { SourceFileStructure } from "ts-morph";
import { StructureKind } from "./kinds.js";
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

/** A module to print: its structure. */
export interface Module {
  readonly structure: Omit<SourceFileStructure, "kind">;
}

/**
 * Modules as formatted text: ts-morph prints each structure straight to
 * text (no project, no syntax tree: formatting parses the text anyway), and
 * `format` formats each.
 *
 * Two tricks once spared prettier work here: rows (enum members, catalog
 * entries) written in prettier's layout after formatting, and the modules of
 * a service formatted in one call behind marker comments. Measured on the
 * full docs/ (378 modules, warm, one thread), printing took 509 ms with both,
 * 503 ms without the second (no gain) and 943 ms with neither: 0.4 s of a
 * 15 s cold run, under a tenth of it, so the plain way stays.
 */
export async function printModules(modules: readonly Module[], format: (text: string) => Promise<string>): Promise<string[]> {
  const { printStructure } = await loadTsMorph();
  return Promise.all(modules.map(({ structure }) => format(printStructure({ ...separateImports(structure), kind: StructureKind.SourceFile }))));
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
