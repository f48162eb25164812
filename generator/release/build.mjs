#!/usr/bin/env node
/**
 * `npm run build [-- <folder>]`: builds the package in generated/ (or
 * <folder>): ES modules with their declarations in `dist/esm/`, CommonJS
 * with theirs in `dist/cjs/` (marked `"type": "commonjs"`, since the package
 * is ESM). `npm run pack [-- <destination>]` builds, then packs the tarball
 * that is published. The tarball needs no build step where it is installed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** Builds the package in `dir`; returns `dir`. */
export function build(dir = join(PROJECT, "generated")) {
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  for (const config of ["tsconfig.json", "tsconfig.cjs.json"]) {
    execFileSync(process.execPath, [tsc, "-p", join(dir, config)], { stdio: "inherit" });
  }
  writeFileSync(join(dir, "dist/cjs/package.json"), '{ "type": "commonjs" }\n');
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
  const [command, target] = process.argv.slice(2);
  if (command === "pack") console.log(pack(undefined, target ? resolve(target) : undefined));
  else build(command ? resolve(command) : undefined);
}
