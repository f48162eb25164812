import { readdirSync, readFileSync } from "node:fs";
import type { SourceFileStructure } from "ts-morph";
import { StructureKind } from "./kinds.js";
import { compareStrings } from "../model/diagnostics.js";
import type { Diagnostic, Model } from "../model/types.js";
import { codesModule, setDescription, type ModuleParts } from "./codes.js";
import { errorModule } from "./error-class.js";
import { messagesFile, messagesModule } from "./messages.js";
import { memberNames } from "./naming.js";
import { allMessagesModule, buildTsconfig, packageJson, servicesModule } from "./package.js";
import { header, TEMPLATES_DIR, type Printer } from "./print.js";
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
  const jobs: (() => Promise<readonly (readonly [string, string])[]>)[] = [];
  const diagnostics: Diagnostic[] = [];
  interface File {
    readonly path: string;
    readonly what: string;
    readonly sources: readonly string[];
    readonly build: () => ModuleParts | Omit<SourceFileStructure, "kind">;
  }
  // The files of one job are printed together (see Printer.print). A
  // module's structure is built when its job runs, not before: the
  // structures of every file at once would hold the model's text twice over.
  const add = (...files: File[]) => {
    jobs.push(async () => {
      const modules = files.map(({ path, what, sources, build }) => {
        const module = build();
        const banner = header(what, sources);
        return "structure" in module ? { path, banner, ...module } : { path, banner, structure: module };
      });
      const texts = await printer.print(modules);
      return files.map(({ path }, i) => [path, texts[i]!] as const);
    });
  };

  const sets = [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services];
  for (const set of sets) {
    const { names, diagnostics: naming } = memberNames(set.id, set.codes);
    diagnostics.push(...naming);
    const sources = set.sources.map((source) => `docs/${source}`);
    const files: File[] = [];
    const modules = ["./codes.js"];
    files.push({ path: `${set.id}/codes.ts`, what: setDescription(set), sources, build: () => codesModule(set, names) });
    for (const locale of set.locales) {
      const file = messagesFile(locale);
      const localeSources = set.codes.flatMap(({ locales }) => locales[locale]?.source.file ?? []).filter((file) => set.sources.includes(file));
      files.push({
        path: `${set.id}/${file}`,
        what: `Messages in ${locale}. ${setDescription(set)}`,
        sources: [...new Set(localeSources)].sort(compareStrings).map((s) => `docs/${s}`),
        build: () => messagesModule(set, locale),
      });
      modules.push(`./${file.replace(/\.ts$/, ".js")}`);
    }
    // The common catalogs come in by import: their sources are listed in
    // common/, not here (listing them in every service would grow with the
    // square of the docs).
    const catalogs = set.kind === "service" ? "Every message catalog, with the common ones from ../common/." : "Every message catalog.";
    files.push({ path: `${set.id}/messages.ts`, what: `${catalogs} ${setDescription(set)}`, sources, build: () => allMessagesModule(set, model.common) });
    modules.push("./messages.js");
    if (set.kind !== "common") {
      files.push({ path: `${set.id}/error.ts`, what: `Error class. ${setDescription(set)}`, sources, build: () => errorModule(set) });
      modules.push("./error.js");
    }
    files.push({ path: `${set.id}/index.ts`, what: `Entry point of ${set.id}.`, sources, build: () => reexports(modules.sort(compareStrings)) });
    add(...files);
  }

  const runtime = readdirSync(RUNTIME_DIR).filter((name) => name.endsWith(".ts")).sort(compareStrings);
  for (const name of runtime) {
    const what = "Runtime support shared by every service, copied from the templates.";
    const banner = header(what, [`templates/runtime/${name}`]);
    const text = readFileSync(`${RUNTIME_DIR}${name}`, "utf8");
    jobs.push(() => printer.format(`runtime/${name}`, banner, text).then((formatted) => [[`runtime/${name}`, formatted] as const]));
  }
  const runtimeModules = runtime.filter((name) => name !== "index.ts").map((name) => `./${name.replace(/\.ts$/, ".js")}`);
  add(
    {
      path: "runtime/index.ts",
      what: "Entry point of the runtime support.",
      sources: runtime.map((name) => `templates/runtime/${name}`),
      build: () => reexports(runtimeModules),
    },
    { path: "services.ts", what: "Error classes by service name.", sources: ["docs/sources.json"], build: () => servicesModule(sets) },
    {
      path: "index.ts",
      what: "Entry point: every service, the common and legacy codes and the runtime support.",
      sources: ["docs/sources.json"],
      build: () => reexports(["./runtime/index.js", "./services.js", ...sets.map((set) => `./${set.id}/index.js`)]),
    },
  );
  jobs.push(async () => [["package.json", packageJson(sets, ["runtime/index", "services"])] as const]);
  jobs.push(async () => [["tsconfig.json", buildTsconfig()] as const]);

  const printed = await mapLimited(jobs, printer.parallelism, (job) => job());
  const files = new Map(printed.flat().sort(([a], [b]) => compareStrings(a, b)));
  return { files, diagnostics };
}

function reexports(modules: readonly string[]): Omit<SourceFileStructure, "kind"> {
  return {
    statements: modules.map((moduleSpecifier) => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier })),
  };
}
