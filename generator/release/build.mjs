#!/usr/bin/env node
/**
 * `npm run build [-- <folder>]`: builds the package in generated/ (or
 * <folder>): ES modules in `dist/esm/`, CommonJS in `dist/cjs/` (marked
 * `"type": "commonjs"`, since the package is ESM), each with the same
 * declarations. `npm run pack [-- <destination> [<folder>]]` builds, then packs the
 * tarball that is published. The tarball needs no build step where it is
 * installed.
 *
 * TypeScript checks the whole package (strict) and writes the declarations
 * once: they are the same text for both module formats. esbuild writes the
 * JavaScript of each format, file by file: what TypeScript would, without
 * the doc comments (the declarations carry them).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** The package's TypeScript sources below `dir` (not its build, not what is installed there). */
function sources(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !/[/\\](dist|node_modules)[/\\]/.test(file.slice(dir.length)))
    .sort();
}

/**
 * The runtime and the command line, copied from templates/: their JavaScript
 * keeps its lines in both formats, for stack traces and for whoever reads
 * it. The CommonJS of every module the generator wrote (codes, messages,
 * actions, error classes, entry points) is written without whitespace or
 * comments: its declarations carry the docs, and what installing the
 * package puts on disk stays within its budget (INTERNALS.md). The ES
 * modules keep theirs, since esbuild drops the `@__PURE__` annotations
 * with the whitespace, and bundlers need them to leave out what an app does
 * not use.
 */
function isWrittenByHand(dir, file) {
  const [folder, name, ...deeper] = relative(dir, file).split(sep);
  return deeper.length === 0 && (folder === "runtime" || (folder === "cli" && name !== "sets.ts"));
}

/** Builds the package in `dir`; returns `dir`. */
export function build(dir = join(PROJECT, "generated")) {
  const dist = join(dir, "dist");
  rmSync(dist, { recursive: true, force: true });
  // Checks everything, writes the declarations (dist/esm/**/*.d.ts, as tsconfig.json says).
  execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--emitDeclarationOnly"], { stdio: "inherit" });
  for (const entry of readdirSync(join(dist, "esm"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const to = join(dist, "cjs", entry.parentPath.slice(join(dist, "esm").length), entry.name);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(entry.parentPath, entry.name), to);
  }
  const all = sources(dir);
  const asWritten = all.filter((file) => isWrittenByHand(dir, file));
  const generated = all.filter((file) => !isWrittenByHand(dir, file));
  for (const format of ["esm", "cjs"]) {
    for (const [entryPoints, minifyWhitespace] of [[asWritten, false], [generated, format === "cjs"]]) {
      if (entryPoints.length === 0) continue;
      buildSync({
        entryPoints,
        outdir: join(dist, format),
        outbase: dir,
        format,
        bundle: false,
        platform: "neutral",
        target: "es2022",
        minifyWhitespace,
        legalComments: "none",
        logLevel: "warning",
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
      });
    }
  }
  writeFileSync(join(dist, "cjs/package.json"), '{ "type": "commonjs" }\n');
  return dir;
}

/** Builds the package in `dir` and packs it into `destination`; returns the tarball's path. */
export function pack(dir = join(PROJECT, "generated"), destination = join(PROJECT, ".cache/pack")) {
  build(dir);
  mkdirSync(destination, { recursive: true });
  const output = execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], { cwd: dir, encoding: "utf8" });
  return join(destination, output.trim().split("\n").pop());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, target, folder] = process.argv.slice(2);
  if (command === "pack") console.log(pack(folder ? resolve(folder) : undefined, target ? resolve(target) : undefined));
  else build(command ? resolve(command) : undefined);
}
