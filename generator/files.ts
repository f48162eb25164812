import { randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, realpathSync, renameSync, type Stats, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { compareStrings } from "./model/diagnostics.js";

/** Every file below `dir`, as `/`-separated paths relative to it, in code-unit order; none when `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort(compareStrings);
}

/** Writes `file` whole or not at all: a temporary file in the same folder, then a rename over it. */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

/**
 * The first place below `root` where `path` (relative) would be reached
 * through a symlink that leads out of `root`, or undefined. Symlinks that
 * stay inside are allowed, as is `root` itself being one.
 */
export function symlinkOut(root: string, path: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return undefined; // No folder yet: nothing to lead out of it.
  }
  let current = root;
  for (const segment of path.split("/")) {
    current = join(current, segment);
    let stat: Stats;
    try {
      stat = lstatSync(current);
    } catch {
      return undefined; // Does not exist (yet): nothing below it does either.
    }
    if (!stat.isSymbolicLink()) continue;
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      return relative(root, current).split(sep).join("/"); // A dangling symlink leads nowhere safe.
    }
    if (target !== real && !target.startsWith(real + sep)) return relative(root, current).split(sep).join("/");
  }
  return undefined;
}

/**
 * Test hook for "killed at any instant": with the environment variable
 * `DOC2ERRORS_KILL_AT_RENAME=n`, the process kills itself (SIGKILL) before
 * the n-th rename of a write (the generated files' transaction, a fetched
 * page, the manifest). Unset, it does nothing.
 */
let renames = 0;
export function killPoint(): void {
  const at = process.env["DOC2ERRORS_KILL_AT_RENAME"];
  if (at !== undefined && ++renames === Number(at)) process.kill(process.pid, "SIGKILL");
}
