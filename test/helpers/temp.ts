import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Folders `tempDir` made in this test file, removed after it (see setup.ts). */
export const madeDirs: string[] = [];

/** A new folder in the system's temp folder, removed when the test file is done. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `doc2errors-${prefix}-`));
  madeDirs.push(dir);
  return dir;
}
