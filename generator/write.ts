import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { FileMap } from "./emit/emit.js";
import { compareStrings } from "./model/diagnostics.js";

export interface Drift {
  /** On disk with other content. */
  readonly stale: readonly string[];
  /** Not on disk. */
  readonly missing: readonly string[];
  /** On disk but no longer generated (a removed service, say). */
  readonly extra: readonly string[];
}

export const hasDrift = (drift: Drift) => drift.stale.length + drift.missing.length + drift.extra.length > 0;

/** Compares what would be written with what is in `outDir`. Reads only. */
export async function compareWithDisk(outDir: string, files: FileMap): Promise<Drift> {
  const existing = new Set(await listFiles(outDir));
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of files) {
    if (!existing.has(path)) missing.push(path);
    else if ((await readFile(join(outDir, path), "utf8")) !== content) stale.push(path);
  }
  const extra = [...existing].filter((path) => !files.has(path)).sort(compareStrings);
  return { stale, missing, extra };
}

/**
 * Brings `outDir` to exactly `files`. Each file is written to a temporary
 * name beside it and renamed into place, so no file is ever half-written;
 * unchanged files are not touched; files no longer generated are removed.
 */
export async function writeFiles(outDir: string, files: FileMap): Promise<Drift> {
  const drift = await compareWithDisk(outDir, files);
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const changed = [...drift.stale, ...drift.missing];
  const written: string[] = [];
  try {
    for (const path of changed) {
      const target = join(outDir, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target + suffix, files.get(path)!, "utf8");
      written.push(target + suffix);
    }
  } catch (error) {
    await Promise.all(written.map((temp) => rm(temp, { force: true })));
    throw error;
  }
  for (const path of changed) await rename(join(outDir, path) + suffix, join(outDir, path));
  for (const path of drift.extra) await rm(join(outDir, path), { force: true });
  await removeEmptyDirs(outDir, true);
  return drift;
}

/** Folders of the output folder the generator does not own: build output and installed packages. */
const UNMANAGED = /^(dist|node_modules)\//;

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
      .filter((path) => !UNMANAGED.test(path))
      .sort(compareStrings);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function removeEmptyDirs(dir: string, keep = false): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const entry of entries) {
    if (entry.isDirectory() && (await removeEmptyDirs(join(dir, entry.name)))) continue;
    empty = false;
  }
  if (empty && !keep) await rmdir(dir).catch(() => undefined);
  return empty;
}
