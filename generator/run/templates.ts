import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Templates } from "../emit/banner.js";
import { compareStrings } from "../model/diagnostics.js";

/** The project's templates/ folder: what every output is made from besides the docs. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** The templates a generation plans its files from (see emit/banner.ts), read from `dir`. */
export function readTemplates(dir: string = TEMPLATES_DIR): Templates {
  const read = (name: string) => readFileSync(`${dir}${name}`, "utf8");
  const modules = (folder: string) =>
    new Map(
      readdirSync(`${dir}${folder}/`)
        .filter((name) => name.endsWith(".ts"))
        .sort(compareStrings)
        .map((name) => [name, read(`${folder}/${name}`)] as const),
    );
  return {
    header: read("header.txt"),
    packageJson: read("package.json"),
    readme: read("README.md"),
    license: read("LICENSE"),
    notice: read("NOTICE"),
    tsconfig: read("tsconfig.json"),
    runtime: modules("runtime"),
    cli: modules("cli"),
  };
}
