import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeAtomically } from "./files.js";

const PROJECT = fileURLToPath(new URL("../", import.meta.url));
const SOURCES_ENTRY = fileURLToPath(new URL("./worker.ts", import.meta.url));
const LOADER_ENTRY = new URL("./worker.mjs", import.meta.url);

/**
 * The script a worker thread runs: the worker's code (worker.ts, the parser,
 * the formatter and their libraries) bundled into one ES module.
 *
 * The generator runs from TypeScript sources under a loader that worker
 * threads do not inherit. A worker that registers it again starts a loader
 * thread of its own and resolves and transforms every module through it:
 * about 0.5 s of CPU before its first task, and as much again when the
 * formatter loads. A bundle starts in under 0.1 s. It is built with esbuild
 * (the transformer the loader itself uses, so the code is the same) and kept
 * in `dir`, named by the generator version (which hashes the generator's
 * sources and the lockfile), so it is built once per version and a stale one
 * is never run; without a `dir` it is built for the run and handed over as a
 * `data:` URL. If esbuild is missing, workers run the sources through the
 * loader (worker.mjs): slower to start, same results.
 */
export async function workerScript(dir: string | undefined, version: string): Promise<URL> {
  const file = dir === undefined ? undefined : join(dir, `${version}.mjs`);
  if (file !== undefined && existsSync(file)) return pathToFileURL(file);
  let code: Uint8Array;
  try {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      entryPoints: [SOURCES_ENTRY],
      absWorkingDir: PROJECT,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    code = result.outputFiles[0]!.contents;
  } catch {
    return LOADER_ENTRY;
  }
  if (file === undefined) return new URL(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  writeAtomically(file, code);
  // Bundles of other versions will not be run again.
  for (const name of readdirSync(dir!)) if (join(dir!, name) !== file && !name.includes(".tmp-")) rmSync(join(dir!, name), { force: true });
  return pathToFileURL(file);
}
