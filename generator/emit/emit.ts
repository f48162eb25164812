import type { SourceFileStructure } from "ts-morph";
import { StructureKind } from "./kinds.js";
import { compareStrings } from "../model/diagnostics.js";
import type { CodeSet, Diagnostic, Model, SetSummary } from "../model/types.js";
import { codesModule, setDescription, type ModuleParts } from "./codes.js";
import { MANIFEST_FILE } from "../model/manifest.js";
import { setKey, SNAPSHOT_FILE } from "../model/snapshot.js";
import { summarize } from "../model/summary.js";
import { actionsModule } from "./actions.js";
import { errorModule } from "./error-class.js";
import { newestVersions, placeOf, versionFolder } from "./layout.js";
import { messagesFile, messagesModule } from "./messages.js";
import { memberNames } from "./naming.js";
import { allMessagesModule, packageJson, packageReadme, servicesModule } from "./package.js";
import { changelogMarkdown, type Release } from "../model/release.js";
import { bannerWriter, withHeader, type Templates } from "./banner.js";
import type { Rows } from "./rows.js";
import { stringLiteral } from "./text.js";

/** A module to print: its structure, and the rows that go where it holds `ROWS_HOLE`, one set per placeholder (see rows.ts, print/fill-rows.ts). */
export interface Module {
  readonly structure: Omit<SourceFileStructure, "kind">;
  readonly rows?: readonly Rows[] | undefined;
}

/** Generated files: path relative to `generated/` → content. */
export type FileMap = ReadonlyMap<string, string>;

/**
 * A file of the output, as the emitters plan it: a module to print (then
 * format), TypeScript to format as it is, or text final as it stands. Each
 * goes under its banner once formatted (line comments that formatting leaves
 * as they are).
 */
export type PlannedFile =
  | (Module & { readonly path: string; readonly banner: string })
  | { readonly path: string; readonly banner: string; readonly typescript: string }
  | { readonly path: string; readonly text: string };

/**
 * The files of one group, planned when asked for: a group's modules are
 * printed together (one service's, see `printSkeletons`), and planning them
 * only when the group is printed spares holding the structures of every file
 * at once (they would hold the model's text twice over).
 */
export type FileGroup = () => readonly PlannedFile[];

export interface Emitted {
  /** Every file of the output but the snapshot (and the files of the sets carried over), in groups. */
  readonly groups: readonly FileGroup[];
  readonly diagnostics: readonly Diagnostic[];
  /** The diagnostics of each set's files (part of `diagnostics`), by `setKey`. */
  readonly setDiagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
}


/**
 * The model as the files of the output, planned from it and the project's
 * templates: what each file holds, not yet printed (who prints, where and
 * whether from a cache, is the printing stage's business: see
 * print/printer.ts). `carried`: service versions whose files the last run
 * made and this one keeps as they are (see run/carry.ts), not in `model`:
 * only the package-wide files name them.
 */
export function emit(model: Model, release: Pick<Release, "version" | "changelog">, templates: Templates, carried: readonly SetSummary[] = []): Emitted {
  const groups: FileGroup[] = [];
  const diagnostics: Diagnostic[] = [];
  const setDiagnostics = new Map<string, readonly Diagnostic[]>();
  const header = bannerWriter(templates);
  const plan = planner(header);
  const add = (...files: File[]) => {
    groups.push(plan(files));
  };

  for (const set of [model.common, ...(model.legacy ? [model.legacy] : []), ...model.services]) {
    const files = setFiles(set, model.common, plan);
    groups.push(files.group);
    diagnostics.push(...files.diagnostics);
    setDiagnostics.set(setKey(set), files.diagnostics);
  }
  const services = [...model.services.map(summarize), ...carried].sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.apiVersion, b.apiVersion));
  const sets = [summarize(model.common), ...(model.legacy ? [summarize(model.legacy)] : []), ...services];

  // `<service>/`: the newest API version the docs describe, under the service's own name.
  const newest = newestVersions(services);
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

  /** The modules of a folder of templates, copied as they are under the folder of the same name (less `except`). */
  const copied = (folder: "runtime" | "cli", what: string, except?: string) => {
    const names = [...templates[folder].keys()].filter((name) => name !== except).sort(compareStrings);
    for (const name of names) {
      const banner = header(what, [`templates/${folder}/${name}`]);
      groups.push(() => [{ path: `${folder}/${name}`, banner, typescript: templates[folder].get(name)! }]);
    }
    return names;
  };
  const runtime = copied("runtime", "Runtime support shared by every service.");
  // The package's command (`explain`): its modules as the templates have them, and the codes of every set it looks a code up in.
  // `sets.ts` of the templates holds the shape of the data alone: the generated one holds the data.
  copied("cli", "The package's command, `tencentcloud-error-codes explain <code>`.", "sets.ts");
  groups.push(() => [
    { path: "cli/sets.ts", text: codeSetsModule(sets, header("Every code set and its codes, where `explain` looks a code up.", ["docs/sources.json"])) },
  ]);
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
      // Every service is an entry point of its own (and all of them, by name, `services`): the root stays light to type-check, whatever the number of services.
      what: "Entry point: the runtime support, the common codes and the legacy codes.",
      sources: ["docs/sources.json"],
      build: () => reexports(["./runtime/index.js", ...[model.common, ...(model.legacy ? [model.legacy] : [])].map((set) => `./${set.id}/index.js`)]),
    },
  );
  groups.push(() => [
    { path: "package.json", text: packageJson(templates, sets, ["runtime/index", "services"], release.version) },
    { path: "tsconfig.json", text: `${header("Build configuration of this package.", ["templates/tsconfig.json"])}\n${templates.tsconfig}` },
    { path: "README.md", text: packageReadme(templates, sets, release.version) },
    { path: "CHANGELOG.md", text: changelogMarkdown(release.changelog) },
    { path: "LICENSE", text: templates.license },
    { path: "NOTICE", text: templates.notice },
  ]);
  return { groups, diagnostics, setDiagnostics };
}

/**
 * `cli/sets.ts`: each code set (service version, common, legacy) as one
 * string, its id, API version, folder, locales and codes separated by tabs
 * (the codes, and the locales, by spaces), for `explain` to look a code up
 * without loading every service's modules. Written as prettier leaves it (a
 * string a line, no quote inside, one line however long), so that a change
 * of codes prints nothing: the file is final text.
 */
function codeSetsModule(sets: readonly SetSummary[], banner: string): string {
  const rows = [...sets]
    .sort((a, b) => compareStrings(placeOf(a).folder, placeOf(b).folder))
    .map((set) => [set.id, set.apiVersion, placeOf(set).folder, set.locales.join(" "), set.codes.join(" ")].join("\t"))
    // No quote inside, so that prettier has no other quotes to prefer: `"` and `'` as escapes.
    .map((row) => `  "${stringLiteral(row).slice(1, -1).replace(/\\(.)/g, (escape, char: string) => (char === '"' ? "\\u0022" : escape)).replace(/'/g, "\\u0027")}",`);
  return withHeader(
    banner,
    [
      "/**",
      " * Every code set: its id, API version, folder, locales and codes, tab-separated (codes and locales space-separated).",
      " * @internal",
      " */",
      `export const codeSets: readonly string[] = [${rows.length > 0 ? "" : "];"}`,
      ...(rows.length > 0 ? [...rows, "];"] : []),
      "",
    ].join("\n"),
  );
}

/** A file of the output before it is planned: what it is, what it comes from, and how to build its module. */
interface File {
  readonly path: string;
  readonly what: string;
  readonly sources: readonly string[];
  readonly build: () => ModuleParts | Omit<SourceFileStructure, "kind">;
}

/** Files as a group planned when asked for, each under its banner. */
const planner =
  (header: (what: string, sources: readonly string[]) => string) =>
  (files: readonly File[]): FileGroup =>
  () =>
    files.map(({ path, what, sources, build }) => {
      const module = build();
      const banner = header(what, summarizeSources(sources));
      return "structure" in module ? { path, banner, ...module } : { path, banner, structure: module };
    });

/**
 * The files of one code set, in its folder: its codes, a catalog per
 * locale, every catalog (with the common ones, `common`'s, for a service),
 * its actions and error class (a service's), and its entry point.
 */
function setFiles(set: CodeSet, common: CodeSet, plan: (files: readonly File[]) => FileGroup): { readonly group: FileGroup; readonly diagnostics: readonly Diagnostic[] } {
  const { folder, root } = placeOf(set);
  const { names, diagnostics } = memberNames(set.id, set.codes);
  // A set no page documents any more comes from the previous output's memory.
  const kept = [`generated/${SNAPSHOT_FILE}`];
  const sources = set.deprecated ? kept : set.sources.map((source) => `docs/${source}`);
  const files: File[] = [];
  const modules = ["./codes.js"];
  files.push({ path: `${folder}/codes.ts`, what: setDescription(set), sources, build: () => codesModule(set, names, root) });
  for (const locale of set.locales) {
    const file = messagesFile(locale);
    const localeSources = set.codes.flatMap(({ locales }) => locales[locale]?.source.file ?? []).filter((file) => set.sources.includes(file));
    files.push({
      path: `${folder}/${file}`,
      what: `Messages in ${locale}. ${setDescription(set)}`,
      sources: set.deprecated ? kept : [...new Set(localeSources)].sort(compareStrings).map((s) => `docs/${s}`),
      build: () => messagesModule(set, locale, root),
    });
    modules.push(`./${file.replace(/\.ts$/, ".js")}`);
  }
  // The common catalogs come in by import: their sources are listed in
  // common/, not here (listing them in every service would grow with the
  // square of the docs).
  const catalogs = set.kind === "service" ? "Every message catalog, with the common ones from common/." : "Every message catalog.";
  files.push({ path: `${folder}/messages.ts`, what: `${catalogs} ${setDescription(set)}`, sources, build: () => allMessagesModule(set, common) });
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
  return { group: plan(files), diagnostics };
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
