/**
 * The shape of generator/, held as the README draws it: every import
 * (static, dynamic and type-only) read from the sources, no cycles, and each
 * folder importing only from the stages it stands after.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const GENERATOR = join(ROOT, "generator");

/** Every source file of generator/, relative to it, with the modules it imports: project files (relative to generator/) and packages. */
function importGraph(): Map<string, { files: string[]; packages: string[] }> {
  const sources = readdirSync(GENERATOR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name) && !/\.d\.m?ts$/.test(entry.name))
    .map((entry) => relative(GENERATOR, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
  const graph = new Map<string, { files: string[]; packages: string[] }>();
  for (const file of sources) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(GENERATOR, file), "utf8"), true, true);
    const files: string[] = [];
    const packages: string[] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) {
        packages.push(fileName);
        continue;
      }
      const target = relative(GENERATOR, join(GENERATOR, dirname(file), fileName)).split(sep).join("/").replace(/\.js$/, ".ts");
      files.push(target);
    }
    graph.set(file, { files, packages });
  }
  return graph;
}

const graph = importGraph();

/** What loading a file loads: the modules it imports statically for their values (type-only and dynamic imports aside). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(GENERATOR, file), "utf8"), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      const typesOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((element) => element.isTypeOnly));
      if (!typesOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}
/** The folder (stage) of a file: parse, model, emit, run, fetch, release; or the file itself at the top. */
const stage = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : file);

describe("generator/'s imports", () => {
  it("are read from the sources (the reader finds what it must)", () => {
    expect(graph.get("run/generate.ts")?.files).toEqual(expect.arrayContaining(["emit/emit.ts", "model/build.ts", "run/pool.ts"]));
    expect(graph.get("run/tasks.ts")?.files).toContain("parse/page.ts"); // a dynamic import
    expect(graph.get("parse/table.ts")?.packages).toEqual(expect.arrayContaining(["remark-gfm", "unified"]));
    for (const [file, { files }] of graph) {
      for (const target of files) expect(graph.has(target), `${file} imports ${target}`).toBe(true);
    }
  });

  it("form no cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file)?.files ?? []) visit(target, [...path, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("go only from a stage to the stages before it", () => {
    // What each folder may import from, itself included.
    const allowed: Record<string, readonly string[]> = {
      model: ["model"],
      parse: ["parse", "model"],
      emit: ["emit", "model"],
      print: ["print", "emit", "model"],
      run: ["run", "parse", "model", "emit", "print"],
      fetch: ["fetch", "parse", "model", "run"],
      release: ["release"],
      command: ["command", "run", "model"],
      "cli.ts": ["command", "model"],
      "bin.mjs": ["run"],
    };
    const wrong: string[] = [];
    for (const [file, { files }] of graph) {
      const may = allowed[stage(file)];
      expect(may, `${file} is in a folder the README does not describe`).toBeDefined();
      for (const target of files) if (!may!.includes(stage(target))) wrong.push(`${file} → ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  it("keep each stage to its own tools: parsers know no TypeScript printer, emitters no parser, printer, file, thread or cache, the printer no parser, file or thread, the model no package", () => {
    const wrong: string[] = [];
    const forbid = (folder: string, test: (pkg: string) => boolean) => {
      for (const [file, { packages }] of graph) {
        if (stage(file) === folder) for (const pkg of packages) if (test(pkg)) wrong.push(`${file} imports ${pkg}`);
      }
    };
    forbid("parse", (pkg) => /^(ts-morph|prettier|typescript)(\/|$)/.test(pkg));
    forbid("emit", (pkg) => /^(unified|remark-|mdast|hast|vfile|prettier|node:fs|node:worker_threads|node:child_process)/.test(pkg));
    forbid("print", (pkg) => /^(unified|remark-|mdast|hast|vfile|node:fs|node:worker_threads|node:child_process)/.test(pkg));
    // Emitters build ts-morph's structures, naming its types only: loading ts-morph is the printer's.
    for (const [file] of graph) if (stage(file) === "emit") for (const specifier of valueImports(file)) if (/^ts-morph(\/|$)/.test(specifier)) wrong.push(`${file} loads ${specifier}`);
    forbid("model", (pkg) => !pkg.startsWith("node:"));
    expect(wrong).toEqual([]);
  });

  it("load the printer's packages only when a file is printed: a run served by the cache loads no ts-morph, TypeScript or prettier", () => {
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const load = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const specifier of valueImports(file)) {
        if (!specifier.startsWith(".")) packages.add(specifier);
        else load(relative(GENERATOR, join(GENERATOR, dirname(file), specifier)).split(sep).join("/").replace(/\.js$/, ".ts"));
      }
    };
    load("cli.ts");
    expect(loaded).toContain("run/generate.ts");
    expect(loaded).toContain("print/printer.ts");
    expect([...packages].filter((pkg) => /^(ts-morph|prettier|typescript)(\/|$)/.test(pkg))).toEqual([]);
  });
});

describe("the install", () => {
  it("reviews the install script of every package that has one (npm ci prints no warning about them)", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), "..");
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const allowed = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    const withScripts = [...new Set(Object.entries(lock.packages).flatMap(([path, entry]) => (entry.hasInstallScript ? [path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)] : [])))];
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(Object.keys(allowed), name).toContain(name);
  });
});
