import type { Module } from "../../generator/emit/emit.js";
import { fillRows, rowLayout } from "../../generator/print/fill-rows.js";
import { prettierOptions, printSkeletons } from "../../generator/print/print.js";

/** Modules as formatted text, as the printer makes them without its cache: their skeletons, the rows filled in (see generator/print/printer.ts). */
export async function printModules(modules: readonly Module[], format: (text: string) => Promise<string>): Promise<string[]> {
  const skeletons = await printSkeletons(
    modules.map(({ structure }) => structure),
    format,
  );
  const layout = rowLayout(await prettierOptions());
  return skeletons.map((skeleton, i) => fillRows(skeleton, modules[i]!.rows ?? [], layout));
}
