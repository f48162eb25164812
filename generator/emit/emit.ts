import { readdirSync, readFileSync } from "node:fs";
import type { SourceFileStructure } from "ts-morph";
import { StructureKind } from "./kinds.js";
import { compareStrings } from "../model/diagnostics.js";
import type { Diagnostic, Model } from "../model/types.js";
import { codesModule, setDescription, type ModuleParts } from "./codes.js";
import { MANIFEST_FILE } from "../model/manifest.js";
import { actionsModule } from "./actions.js";
import { errorModule } from "./error-class.js";
import { newestVersions, placeOf, versionFolder } from "./layout.js";
import { messagesFile, messagesModule } from "./messages.js";
import { memberNames } from "./naming.js";
import { allMessagesModule, buildTsconfig, license, packageJson, packageReadme, servicesModule } from "./package.js";
import { changelogMarkdown, type Release } from "../model/release.js";
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
export async function emit(model: Model, printer: Printer, release: Pick<Release, "version" | "changelog">): Promise<Emitted> {
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
        const banner = header(what, summarizeSources(sources));
        return "structure" in module ? { path, banner, ...module } : { path, banner, structure: module };
      });
      const texts = await printer.print(modules);
      return files.map(({ path }, i) => [path, texts[i]!] as const);
    });
  };

  const sets = [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services];
  for (const set of sets) {
    const { folder, root } = placeOf(set);
    const { names, diagnostics: naming } = memberNames(set.id, set.codes);
    diagnostics.push(...naming);
    const sources = set.sources.map((source) => `docs/${source}`);
    const files: File[] = [];
    const modules = ["./codes.js"];
    files.push({ path: `${folder}/codes.ts`, what: setDescription(set), sources, build: () => codesModule(set, names, root) });
    for (const locale of set.locales) {
      const file = messagesFile(locale);
      const localeSources = set.codes.flatMap(({ locales }) => locales[locale]?.source.file ?? []).filter((file) => set.sources.includes(file));
      files.push({
        path: `${folder}/${file}`,
        what: `Messages in ${locale}. ${setDescription(set)}`,
        sources: [...new Set(localeSources)].sort(compareStrings).map((s) => `docs/${s}`),
        build: () => messagesModule(set, locale, root),
      });
      modules.push(`./${file.replace(/\.ts$/, ".js")}`);
    }
    // The common catalogs come in by import: their sources are listed in
    // common/, not here (listing them in every service would grow with the
    // square of the docs).
    const catalogs = set.kind === "service" ? "Every message catalog, with the common ones from common/." : "Every message catalog.";
    files.push({ path: `${folder}/messages.ts`, what: `${catalogs} ${setDescription(set)}`, sources, build: () => allMessagesModule(set, model.common) });
    modules.push("./messages.js");
    if (set.kind === "service") {
      const actionSources = [...new Set(set.actions.flatMap((action) => action.sources))].sort(compareStrings).map((s) => `docs/${s}`);
      if (actionSources.length === 0) actionSources.push(`docs/${MANIFEST_FILE}`);
      files.push({ path: `${folder}/actions.ts`, what: `Errors of each action. ${setDescription(set)}`, sources: actionSources, build: () => actionsModule(set, root) });
      modules.push("./actions.js");
    }
    if (set.kind !== "common") {
      files.push({ path: `${folder}/error.ts`, what: `Error class. ${setDescription(set)}`, sources, build: () => errorModule(set, root) });
      modules.push("./error.js");
    }
    files.push({ path: `${folder}/index.ts`, what: `Entry point of ${set.id}${set.kind === "service" ? ` ${set.apiVersion}` : ""}.`, sources, build: () => reexports(modules.sort(compareStrings)) });
    add(...files);
  }

  // `<service>/`: the newest API version the docs describe, under the service's own name.
  const newest = newestVersions(model.services);
  for (const [id, set] of newest) {
    const version = versionFolder(set.apiVersion);
    const what = (module: string) => `${module} of ${id}: its newest documented API version, ${set.apiVersion} (${id}/${version}/).`;
    const sources = [`docs/${MANIFEST_FILE}`];
    add(
      { path: `${id}/index.ts`, what: what("Entry point"), sources, build: () => reexports([`./${version}/index.js`]) },
      { path: `${id}/messages.ts`, what: what("Every message catalog"), sources, build: () => reexports([`./${version}/messages.js`]) },
      ...set.locales.map((locale) => {
        const file = messagesFile(locale).replace(/\.ts$/, "");
        return { path: `${id}/${file}.ts`, what: what(`Messages in ${locale}`), sources, build: () => reexports([`./${version}/${file}.js`]) };
      }),
    );
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
      build: () =>
        reexports([
          "./runtime/index.js",
          "./services.js",
          ...[model.common, ...(model.legacy ? [model.legacy] : [])].map((set) => `./${set.id}/index.js`),
          ...[...newest.keys()].map((id) => `./${id}/index.js`),
        ]),
    },
  );
  jobs.push(async () => [
    ["package.json", packageJson(sets, ["runtime/index", "services"], release.version)] as const,
    ["tsconfig.json", buildTsconfig("tsconfig.json")] as const,
    ["tsconfig.cjs.json", buildTsconfig("tsconfig.cjs.json")] as const,
    ["README.md", packageReadme(sets, release.version)] as const,
    ["CHANGELOG.md", changelogMarkdown(release.changelog)] as const,
    ["LICENSE", license()] as const,
  ]);

  const printed = await mapLimited(jobs, printer.parallelism, (job) => job());
  const files = new Map(printed.flat().sort(([a], [b]) => compareStrings(a, b)));
  return { files, diagnostics };
}

/**
 * A file's sources as its banner lists them: action pages are counted per
 * service version (`docs/services/cvm/2017-03-12/actions/ (96 pages)`), so
 * that a banner stays a few lines whatever the number of actions.
 */
export function summarizeSources(sources: readonly string[]): string[] {
  const actions = new Map<string, number>();
  const listed: string[] = [];
  for (const source of sources) {
    const folder = /^(docs\/services\/[^/]+\/[^/]+\/actions\/)[^/]+\/[^/]+$/.exec(source)?.[1];
    if (folder === undefined) listed.push(source);
    else actions.set(folder, (actions.get(folder) ?? 0) + 1);
  }
  for (const [folder, count] of actions) listed.push(`${folder} (${count} page${count === 1 ? "" : "s"})`);
  return listed.sort(compareStrings);
}

function reexports(modules: readonly string[]): Omit<SourceFileStructure, "kind"> {
  return {
    statements: modules.map((moduleSpecifier) => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier })),
  };
}
