import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FileMap } from "./emit/emit.js";
import { listFiles } from "./files.js";
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
  const existing = new Set((await listFiles(outDir)).filter((path) => !UNMANAGED.test(path)));
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of files) {
    if (!existing.has(path)) missing.push(path);
    else if (readFileSync(join(outDir, path), "utf8") !== content) stale.push(path);
  }
  const extra = [...existing].filter((path) => !files.has(path)).sort(compareStrings);
  return { stale, missing, extra };
}

/**
 * Brings `outDir` to exactly `files`, as one transaction: every new content is
 * first written to a temporary file beside its target and every file to be
 * replaced or removed is kept under a backup name; only then are the new
 * files renamed into place. If anything fails, the backups are put back and
 * the temporary files removed, so `outDir` is left exactly as it was.
 * Unchanged files are not touched.
 */
export async function writeFiles(outDir: string, files: FileMap): Promise<Drift> {
  const drift = await compareWithDisk(outDir, files);
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const backupSuffix = `.bak-${process.pid}-${randomBytes(4).toString("hex")}`;
  const changed = [...drift.stale, ...drift.missing];
  const temps: string[] = [];
  const backups: string[] = [];
  const placed: string[] = [];
  try {
    for (const path of changed) {
      const target = join(outDir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target + suffix, files.get(path)!, "utf8");
      temps.push(target + suffix);
    }
    for (const path of [...drift.stale, ...drift.extra]) {
      const target = join(outDir, path);
      renameSync(target, target + backupSuffix);
      backups.push(target);
    }
    for (const path of changed) {
      const target = join(outDir, path);
      renameSync(target + suffix, target);
      placed.push(target);
    }
  } catch (error) {
    const attempt = (step: () => void) => {
      try {
        step();
      } catch {
        // Put back as much as can be put back.
      }
    };
    const backedUp = new Set(backups);
    for (const target of placed) if (!backedUp.has(target)) attempt(() => rmSync(target, { force: true }));
    for (const target of backups) attempt(() => renameSync(target + backupSuffix, target));
    for (const temp of temps) attempt(() => rmSync(temp, { force: true }));
    removeEmptyDirs(outDir, true);
    throw error;
  }
  for (const target of backups) rmSync(target + backupSuffix, { force: true });
  removeEmptyDirs(outDir, true);
  return drift;
}

/** Folders of the output folder the generator does not own: build output and installed packages. */
const UNMANAGED = /^(dist|node_modules)\//;

function removeEmptyDirs(dir: string, keep = false): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const entry of entries) {
    if (entry.isDirectory() && removeEmptyDirs(join(dir, entry.name))) continue;
    empty = false;
  }
  if (empty && !keep) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty after all, or already gone.
    }
  }
  return empty;
}
