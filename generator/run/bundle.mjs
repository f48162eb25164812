// The generator's code as ES modules that Node runs as they are: esbuild
// bundles the TypeScript sources into .cache/doc2errors-cli/<hash>/, with two
// entries, cli.mjs (the command line) and worker.mjs (what worker threads
// run, see pool.ts).
//
// Run through a TypeScript loader, the generator spends a long while before
// it reads its first page: the loader starts a thread of its own, and every
// module is resolved and transformed through it; a worker thread that
// registers the loader again pays as much (INTERNALS.md, "Start-up"). The folder is named by a hash of generator/ and the lockfile, so it
// is built once per change of either and a stale one is never run. What the
// sources import dynamically (the parser, the printer, the formatter) goes
// into chunks of its own, loaded when first used, with the packages they
// import: a run served by the cache loads none of them. The parser's
// packages are bundled into its chunk; the printer's and formatter's stay
// outside and load from node_modules as usual (see `EXTERNAL`). Every source
// module keeps its own import.meta.url, so the paths the sources resolve
// against it (templates, the formatting config) are the same as when they
// run from the sources. esbuild is the transformer tsx itself runs on, so
// the code is the same as under tsx. Source maps beside each file map every
// stack trace back to the sources' lines.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = join(PROJECT, "generator");
const BUILD_DIR = join(PROJECT, ".cache/doc2errors-cli");

let hashed;
/** A hash of every file below generator/ (this one included) and of the lockfile: what the bundle is built from. */
export function sourcesHash() {
  if (hashed !== undefined) return hashed;
  const hash = createHash("sha256");
  const files = readdirSync(SOURCES, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(PROJECT, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
  for (const file of [...files, "package-lock.json"]) {
    const path = join(PROJECT, file);
    hash.update(file).update("\0").update(existsSync(path) ? readFileSync(path) : "").update("\0");
  }
  return (hashed = hash.digest("hex").slice(0, 20));
}

/**
 * esbuild plugin: `import.meta.url` in a source module stays that module's
 * own URL, not the bundle's; and this module is not bundled but imported
 * from where it is, so the launcher and the bundle share one (and its hash).
 */
const sourceUrls = {
  name: "source-urls",
  setup(build) {
    const self = fileURLToPath(import.meta.url);
    build.onResolve({ filter: /\/bundle\.mjs$/ }, (args) =>
      join(args.resolveDir, args.path) === self ? { path: import.meta.url, external: true } : undefined,
    );
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
      loader: "ts",
    }));
  },
};

/**
 * Packages left out of the bundle, loaded from node_modules as usual:
 * ts-morph (CommonJS, required: see print.ts) and the TypeScript compiler it
 * brings, prettier (its plugins are loaded as files of their own), esbuild.
 * The others, the parser's (unified, remark, micromark, mdast and hast
 * utilities, parse5: about 250 small ES modules), go into the chunks that
 * use them: a chunk loads in a fraction of the time Node's loader takes
 * to load them one by one (INTERNALS.md, "Start-up").
 */
const EXTERNAL = ["ts-morph", "typescript", "prettier", "prettier/*", "esbuild"];

/** The bundle's folder, built first if need be. */
export async function bundle() {
  const dir = join(BUILD_DIR, sourcesHash());
  if (existsSync(dir)) return dir;
  const esbuild = await import("esbuild");
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const result = await esbuild.build({
    // The command line, and what worker threads run (see pool.ts).
    entryPoints: { cli: join(SOURCES, "cli.ts"), worker: join(SOURCES, "run/worker.ts") },
    absWorkingDir: PROJECT,
    bundle: true,
    // What the sources import dynamically (the parser, the printer, the
    // formatter) goes into chunks of its own, loaded when first used: a run
    // served by the cache loads none of them.
    splitting: true,
    external: EXTERNAL,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: temp,
    outExtension: { ".js": ".mjs" },
    // Every stack trace names a source line: the maps point at generator/'s
    // files (bin.mjs and the worker entry turn source maps on).
    sourcemap: "linked",
    sourcesContent: false,
    write: false,
    logLevel: "silent",
    plugins: [sourceUrls],
  });
  mkdirSync(temp, { recursive: true });
  for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
  // Whole or not at all: another run may be building the same folder.
  try {
    renameSync(temp, dir);
  } catch {
    rmSync(temp, { recursive: true, force: true });
  }
  // Bundles of other sources will not be run again.
  for (const name of readdirSync(BUILD_DIR)) {
    if (join(BUILD_DIR, name) !== dir && !name.includes(".tmp-")) rmSync(join(BUILD_DIR, name), { recursive: true, force: true });
  }
  return dir;
}

