import { spawn, spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { codesModule } from "../generator/emit/codes.js";
import { memberNames } from "../generator/emit/naming.js";
import { Pool } from "../generator/run/pool.js";
import { runTask } from "../generator/run/tasks.js";
import { goldenTree, readTree, ROOT, tempDir } from "./helpers/generate.js";

/** A copy of the generator in a project folder of its own, on the project's node_modules. */
function project(): string {
  const dir = tempDir("launcher");
  for (const path of ["generator", "templates", ".prettierrc.json", "package.json", "package-lock.json"]) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const run = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(dir, "generator/bin.mjs"), ...args], { cwd: dir, encoding: "utf8" });
const builds = (dir: string) => readdirSync(join(dir, ".cache/doc2errors-cli"));
const MINIMAL = join(ROOT, "test/integration/minimal");

describe("npm run generate (generator/bin.mjs)", () => {
  it("bundles the parser's packages and leaves ts-morph, TypeScript and prettier to node_modules", async () => {
    const { bundle } = await import("../generator/run/bundle.mjs");
    const dir = await bundle();
    const files = readdirSync(dir).filter((name) => name.endsWith(".mjs"));
    const text = files.map((name) => readFileSync(join(dir, name), "utf8")).join("\n");
    const imported = new Set([...text.matchAll(/(?:from |import\(|require\(|createRequire\([^)]*\)\()"([^".][^"]*)"/g)].map((match) => match[1]!.split("/")[0]!));
    // Every package left is one of these (or Node's own, or run/bundle.mjs by its URL); the parser's are inside.
    expect([...imported].filter((name) => !name.startsWith("node:") && name !== "file:" && !["ts-morph", "prettier", "esbuild"].includes(name))).toEqual([]);
    expect(imported).toContain("ts-morph");
    expect(imported).toContain("prettier");
    const parser = files.find((name) => name.startsWith("page-"));
    expect(readFileSync(join(dir, parser!), "utf8")).toContain("function gfmAutolinkLiteralFromMarkdown");
  });

  it("bundles the command line once per change of its sources and never runs a stale bundle", () => {
    const dir = project();
    const first = run(dir, "--docs", join(MINIMAL, "docs"), "--out", "out", "--no-cache", "--quiet");
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(Object.fromEntries(readTree(join(dir, "out")))).toEqual(Object.fromEntries(goldenTree(MINIMAL)));
    const [build] = builds(dir);
    expect(builds(dir)).toHaveLength(1);
    const files = readdirSync(join(dir, ".cache/doc2errors-cli", build!));
    expect(files).toEqual(expect.arrayContaining(["cli.mjs", "worker.mjs"]));
    const cli = join(dir, ".cache/doc2errors-cli", build!, "cli.mjs");
    const built = statSync(cli);

    // Unchanged sources: the same bundle, not rebuilt.
    expect(run(dir, "--help").status).toBe(0);
    expect(builds(dir)).toEqual([build]);
    expect(statSync(cli).mtimeMs).toBe(built.mtimeMs);

    // A changed source: a new bundle that has the change, and the old one gone.
    const source = join(dir, "generator/command/arguments.ts");
    writeFileSync(source, readFileSync(source, "utf8").replace("Usage: npm run generate", "Usage (changed): npm run generate"));
    const changed = run(dir, "--help");
    expect(changed.stdout).toContain("Usage (changed): npm run generate");
    expect(builds(dir)).toHaveLength(1);
    expect(builds(dir)[0]).not.toBe(build);
  }, 120_000);

  it("names the sources' lines in a stack trace, on the main thread and in worker threads", async () => {
    const dir = project();
    // An internal error planted in a source: the report names that source's line, not a line of the bundle.
    const source = join(dir, "generator/command/arguments.ts");
    const lines = readFileSync(source, "utf8").split("\n");
    const at = lines.findIndex((line) => line.includes("if (values.help) {"));
    lines.splice(at, 0, '  if (values.help) throw new Error("planted");');
    writeFileSync(source, lines.join("\n"));
    const planted = run(dir, "--help");
    expect(planted.status).toBe(1);
    expect(planted.stderr).toContain("internal error: Error: planted");
    expect(planted.stderr).toContain(`${join(dir, "generator/command/arguments.ts")}:${at + 1}:`);
    expect(planted.stderr).not.toMatch(/\.cache\/doc2errors-cli\/[^/]+\/cli\.mjs/);

    // A task that fails in a worker thread: its stack names the module of the sources that failed.
    const script = pathToFileURL(join(dir, ".cache/doc2errors-cli", builds(dir)[0]!, "worker.mjs"));
    const pool = new Pool({ workers: 1 }, async () => script);
    try {
      const failed = await pool.run({ kind: "print", structures: null as never }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(failed).toMatch(new RegExp(`${join(dir, "generator/")}[a-z/-]+\\.ts:\\d+:\\d+`));
      expect(failed).not.toContain(".cache/doc2errors-cli");
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("finds its own worker entry when run from the bundle without the launcher", () => {
    const dir = project();
    expect(run(dir, "--help").status).toBe(0);
    const cli = pathToFileURL(join(dir, ".cache/doc2errors-cli", builds(dir)[0]!, "cli.mjs")).href;
    const script = `const { run } = await import(${JSON.stringify(cli)}); await run(process.argv.slice(1));`;
    const result = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", script, "--", "--docs", join(MINIMAL, "docs"), "--out", "out", "--no-cache", "--quiet", "--threads", "2"],
      { cwd: dir, encoding: "utf8" },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(Object.fromEntries(readTree(join(dir, "out")))).toEqual(Object.fromEntries(goldenTree(MINIMAL)));
    // One build: the bundle did not build another from a wrong project folder.
    expect(builds(dir)).toHaveLength(1);
  }, 60_000);

  it("exits with the command line's status", () => {
    const dir = project();
    expect(run(dir, "--bogus").status).toBe(2);
    const missing = run(dir, "--docs", "nowhere", "--out", "out", "--no-cache");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("sources.json:1:1: error D2E001");
  }, 60_000);

  it("lets runs that start together build the same bundle", async () => {
    const dir = project();
    const start = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [join(dir, "generator/bin.mjs"), "--help"], { cwd: dir, stdio: "ignore" });
        child.on("exit", resolve);
      });
    expect(await Promise.all([start(), start(), start()])).toEqual([0, 0, 0]);
    expect(builds(dir)).toHaveLength(1);
    expect(run(dir, "--help").status).toBe(0);
  }, 60_000);

  it("gives worker threads the bundle's worker entry, which runs every task as this thread does", async () => {
    const dir = project();
    expect(run(dir, "--help").status).toBe(0);
    const script = pathToFileURL(join(dir, ".cache/doc2errors-cli", builds(dir)[0]!, "worker.mjs"));
    const page = "docs/services/cdb/2017-03-20/ja.md";
    const set = {
      kind: "service" as const,
      id: "demo",
      apiVersion: "2021-01-01",
      codes: [{ code: "FailedOperation", actions: [], locales: { en: { message: "It failed `${x}` */", fields: {}, links: [], source: { file: "x.md", line: 1, column: 1 } } } }],
      locales: ["en"],
      sources: ["x.md"],
      numeric: false,
      actions: [],
    };
    const tasks = [
      { kind: "parse", path: page, bytes: readFileSync(join(ROOT, page)), overview: false },
      { kind: "print", structures: [codesModule(set, memberNames(set.id, set.codes).names, "../../").structure] },
      { kind: "format", text: "export const a = {b:1}" },
    ] as const;
    const here = await Promise.all(tasks.map((task) => runTask(task)));
    const pool = new Pool({ workers: 2 }, async () => script);
    try {
      expect(await Promise.all(tasks.map((task) => pool.run(task)))).toEqual(here);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
