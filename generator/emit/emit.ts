import { readdirSync, readFileSync } from "node:fs";
import { StructureKind, type SourceFileStructure } from "ts-morph";
import { compareStrings } from "../model/diagnostics.js";
import type { Diagnostic, Model } from "../model/types.js";
import { codesModule, setDescription, type ModuleParts } from "./codes.js";
import { errorModule } from "./error-class.js";
import { messagesFile, messagesModule } from "./messages.js";
import { memberNames } from "./naming.js";
import { allMessagesModule, buildTsconfig, packageJson, servicesModule } from "./package.js";
import { header, TEMPLATES_DIR, withHeader, type Printer } from "./print.js";
import { mapLimited } from "../pool.js";

/** Generated files: path relative to `generated/` → content. */
export type FileMap = ReadonlyMap<string, string>;

export interface Emitted {
  readonly files: FileMap;
  readonly diagnostics: readonly Diagnostic[];
}

const RUNTIME_DIR = `${TEMPLATES_DIR}runtime/`;

/** The model as TypeScript modules, formatted, in path order. */
export async function emit(model: Model, printer: Printer): Promise<Emitted> {
  // Thunks, run as many at a time as the printer has threads: formatting is
  // CPU-bound, and starting every file at once would keep every file's syntax
  // trees in memory together.
  const jobs: (() => Promise<readonly [string, string]>)[] = [];
  const diagnostics: Diagnostic[] = [];
  // A module's structure is built when its job runs, not before: the
  // structures of every file at once would hold the model's text twice over.
  const add = (path: string, what: string, sources: readonly string[], build: () => ModuleParts | Omit<SourceFileStructure, "kind">) => {
    jobs.push(() => {
      const module = build();
      const { structure, rows } = "structure" in module ? module : { structure: module, rows: undefined };
      // The banner is line comments that formatting leaves as they are: it is
      // put on after, which spares prettier placing a dozen comments per file.
      return printer.print(path, structure, rows).then((text) => [path, withHeader(header(what, sources), text)] as const);
    });
  };

  const sets = [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services];
  for (const set of sets) {
    const { names, diagnostics: naming } = memberNames(set.id, set.codes);
    diagnostics.push(...naming);
    const sources = set.sources.map((source) => `docs/${source}`);
    const modules = ["./codes.js"];
    add(`${set.id}/codes.ts`, setDescription(set), sources, () => codesModule(set, names));
    for (const locale of set.locales) {
      const file = messagesFile(locale);
      const localeSources = set.codes.flatMap(({ locales }) => locales[locale]?.source.file ?? []).filter((file) => set.sources.includes(file));
      add(`${set.id}/${file}`, `Messages in ${locale}. ${setDescription(set)}`, [...new Set(localeSources)].sort(compareStrings).map((s) => `docs/${s}`), () => messagesModule(set, locale));
      modules.push(`./${file.replace(/\.ts$/, ".js")}`);
    }
    // The common catalogs come in by import: their sources are listed in
    // common/, not here (listing them in every service would grow with the
    // square of the docs).
    const catalogs = set.kind === "service" ? "Every message catalog, with the common ones from ../common/." : "Every message catalog.";
    add(`${set.id}/messages.ts`, `${catalogs} ${setDescription(set)}`, sources, () => allMessagesModule(set, model.common));
    modules.push("./messages.js");
    if (set.kind !== "common") {
      add(`${set.id}/error.ts`, `Error class. ${setDescription(set)}`, sources, () => errorModule(set));
      modules.push("./error.js");
    }
    add(`${set.id}/index.ts`, `Entry point of ${set.id}.`, sources, () => reexports(modules.sort(compareStrings)));
  }

  const runtime = readdirSync(RUNTIME_DIR).filter((name) => name.endsWith(".ts")).sort(compareStrings);
  for (const name of runtime) {
    const what = "Runtime support shared by every service, copied from the templates.";
    const banner = header(what, [`templates/runtime/${name}`]);
    const text = readFileSync(`${RUNTIME_DIR}${name}`, "utf8");
    jobs.push(() => printer.format(text).then((formatted) => [`runtime/${name}`, withHeader(banner, formatted)] as const));
  }
  const runtimeModules = runtime.filter((name) => name !== "index.ts").map((name) => `./${name.replace(/\.ts$/, ".js")}`);
  add("runtime/index.ts", "Entry point of the runtime support.", runtime.map((name) => `templates/runtime/${name}`), () => reexports(runtimeModules));
  add("services.ts", "Error classes by service name.", ["docs/sources.json"], () => servicesModule(sets));
  add(
    "index.ts",
    "Entry point: every service, the common and legacy codes and the runtime support.",
    ["docs/sources.json"],
    () => reexports(["./runtime/index.js", "./services.js", ...sets.map((set) => `./${set.id}/index.js`)]),
  );
  jobs.push(async () => ["package.json", packageJson(sets, ["runtime/index", "services"])] as const);
  jobs.push(async () => ["tsconfig.json", buildTsconfig()] as const);

  const printed = await mapLimited(jobs, printer.parallelism, (job) => job());
  const files = new Map(printed.sort(([a], [b]) => compareStrings(a, b)));
  return { files, diagnostics };
}

function reexports(modules: readonly string[]): Omit<SourceFileStructure, "kind"> {
  return {
    statements: modules.map((moduleSpecifier) => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier })),
  };
}
