import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Options } from "prettier";
import type { SourceFileStructure } from "ts-morph";
import type { Module } from "../emit/emit.js";
import { StructureKind } from "../emit/kinds.js";

/** The project's own prettier config: output looks the same whoever runs the generator, from wherever. */
const PRETTIER_CONFIG = fileURLToPath(new URL("../../.prettierrc.json", import.meta.url));

/**
 * The project's prettier config, resolved once by each thread that formats
 * (see run/tasks.ts). Prettier (like ts-morph and the rows' writer) is
 * loaded only when asked for: a run served by the cache needs none of them,
 * and loading prettier's full entry takes a while.
 */
export async function prettierOptions(): Promise<Options> {
  const { resolveConfig } = await import("prettier");
  return (await resolveConfig(PRETTIER_CONFIG, { config: PRETTIER_CONFIG, editorconfig: false })) ?? {};
}

let tsMorph: typeof import("ts-morph") | undefined;
/**
 * ts-morph, loaded on first use: building a structure needs none of it
 * (kinds.ts), and a run served by the cache prints nothing. Required rather
 * than imported: it is CommonJS, and an import has Node scan its source for
 * its exports first (INTERNALS.md, "Start-up").
 */
const loadTsMorph = async () => (tsMorph ??= createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph"));

/**
 * Module structures as formatted text, their skeletons: ts-morph prints
 * each structure straight to text (no project, no syntax tree: formatting
 * parses the text anyway) and `format` formats it. The rows go in after
 * (`fillRows`): a skeleton is the same for every content of its rows.
 *
 * Writing the rows after formatting keeps prettier's memory per module
 * bounded whatever the size of a table (a 2,000-row catalog formats as a
 * one-row one) and lets a rerun whose rows alone changed print nothing (see
 * printer.ts); its figures: INTERNALS.md, "Rows written in prettier's form".
 */
export async function printSkeletons(
  structures: readonly Module["structure"][],
  format: (text: string) => Promise<string>,
): Promise<string[]> {
  const { printStructure } = await loadTsMorph();
  return Promise.all(
    structures.map(async (structure) => {
      const printed = printStructure({ ...separateImports(structure), kind: StructureKind.SourceFile });
      return format(printed);
    }),
  );
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
