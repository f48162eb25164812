import { createHash, randomBytes } from "node:crypto";
import { chmodSync, closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { compareStrings, diagnostic } from "../model/diagnostics.js";
import type { Diagnostic } from "../model/types.js";
import { MAX_PAGE_BYTES } from "../parse/source.js";

/** The sha256 of `data`, in hex. */
export const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** Every file below `dir`, as `/`-separated paths relative to it, in code-unit order; none when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  let entries;
  try {
    // Synchronous: a recursive listing through the asynchronous API makes a
    // round trip through the I/O threads per folder (INTERNALS.md, "Performance").
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  // Each folder's path is worked out once, not once per file.
  const folders = new Map<string, string>();
  const folderOf = (parent: string) => {
    let folder = folders.get(parent);
    if (folder === undefined) folders.set(parent, (folder = relative(dir, parent).split(sep).join("/")));
    return folder;
  };
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const folder = folderOf(entry.parentPath);
      return folder === "" ? entry.name : `${folder}/${entry.name}`;
    })
    .sort(compareStrings);
}

/**
 * Writes `file` whole or not at all, and durably: a temporary file in the
 * same folder (`.<name>.<tag>-<random>.tmp`, `tag` saying whose it is),
 * flushed, given the mode of the file it replaces, renamed over it, and the
 * folder flushed. The temporary file is removed when any step fails.
 */
export function writeAtomically(file: string, data: string | Uint8Array, tag = "doc2errors"): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), tempName(file, tag));
  try {
    writeFlushed(temp, data);
    try {
      chmodSync(temp, statSync(file).mode & 0o777);
    } catch {
      // A new file: default permissions.
    }
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
  flushFolder(dirname(file));
}

/** The name of a temporary file staged beside `file`: hidden, and ending in `.tmp`. */
export const tempName = (file: string, tag: string) => `.${basename(file)}.${tag}-${randomBytes(6).toString("hex")}.tmp`;

/** `data` written into a new file `file`, flushed to the disk. */
export function writeFlushed(file: string, data: Uint8Array | string): void {
  const fd = openSync(file, "wx");
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The file operations a flush uses: Node's, or a test's that fails on purpose (see output.ts). */
export interface FlushFs {
  openSync(path: string, flags: string): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
}
const nodeFlushFs: FlushFs = { openSync, fsyncSync, closeSync };

/** Flushes the file (or folder) `path`, written before, to the disk. */
export function flushPath(path: string, fs: FlushFs = nodeFlushFs): void {
  const fd = fs.openSync(path, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes renames in `dir` durable; not possible on every platform. */
export function flushFolder(dir: string, fs: FlushFs = nodeFlushFs): void {
  try {
    flushPath(dir, fs);
  } catch {
    // Best effort.
  }
}

/** Removes `file` if it is there. */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Not there.
  }
}

/**
 * The first place below `root` where `path` (relative) would be reached
 * through a symlink that leads out of `root`, or undefined. Symlinks that
 * stay inside are allowed, as is `root` itself being one.
 */
export function symlinkOut(root: string, path: string): string | undefined {
  return symlinkChecker(root)(path);
}

/**
 * `symlinkOut` for many paths below one root, as one run reads them: each
 * folder on the way is looked at once (`lstat`), then only each file.
 * `listed`: paths `listFiles(root)` gave, regular files reached through no
 * symlink (the listing follows none), which need no looking at. Answers are
 * kept for the checker's life: make one per run.
 */
export function symlinkChecker(root: string, listed: Iterable<string> = []): (path: string) => string | undefined {
  let real: string | undefined;
  try {
    real = realpathSync(root);
  } catch {
    // No folder yet: nothing to lead out of it.
  }
  /** Folder (or file) → the symlink leading out on the way to it, "" for none, undefined for missing. */
  const seen = new Map<string, string | undefined>(Array.from(listed, (path) => [path, ""]));
  const check = (path: string): string | undefined => {
    if (seen.has(path)) return seen.get(path);
    const slash = path.lastIndexOf("/");
    const above = slash < 0 ? "" : check(path.slice(0, slash));
    let result: string | undefined = above;
    if (above === "") {
      try {
        const stat = lstatSync(join(root, path));
        if (stat.isSymbolicLink()) {
          let target: string | undefined;
          try {
            target = realpathSync(join(root, path));
          } catch {
            // A dangling symlink leads nowhere safe.
          }
          if (target === undefined || (target !== real && !target.startsWith(real + sep))) result = path;
        }
      } catch {
        result = undefined; // Does not exist: nothing below it does either.
      }
    }
    seen.set(path, result);
    return result;
  };
  return (path) => (real === undefined ? undefined : check(path) || undefined);
}

/**
 * A file of ours that may be missing (the previous snapshot, the reviewed
 * warnings): its text, undefined when there is none, or why it cannot be
 * read (never through a symlink out of `dir`, a `folder` as messages name
 * it, nor past `limit`).
 */
export function readOptional(dir: string, name: string, folder: string, limit: number): { text: string | undefined } | { problem: string } {
  try {
    if (symlinkOut(dir, name) !== undefined) throw new InputError(`is a symlink leading out of ${folder}`, "kind");
    return { text: new TextDecoder().decode(readInput(join(dir, name), limit)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: undefined };
    return { problem: error instanceof InputError ? `it ${error.message}` : `it cannot be opened (${(error as NodeJS.ErrnoException).code ?? "unknown error"})` };
  }
}

/** Why `readInput` refused a file: said to the user as is. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    message: string,
    /** "size": over the limit; "kind": not a regular file. */
    readonly reason: "size" | "kind",
  ) {
    super(message);
  }
}

/**
 * Reads a file that comes from outside (a page, the manifest): only a regular
 * file, and at most `limit` bytes (a larger one is refused unread). Opened
 * without blocking, so a FIFO or a device in docs/ cannot hang the run.
 */
export function readInput(file: string, limit: number): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError(stat.isDirectory() ? "is a folder, not a file" : "is not a regular file", "kind");
    if (stat.size > limit) throw new InputError(`is ${stat.size} bytes; the limit is ${limit}`, "size");
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * A page's bytes, or the diagnostic that says why it cannot be read (D2E103
 * too large, D2E002 missing or not a file). `what` says where it was listed.
 */
export function readPageBytes(file: string, path: string, what: string): Uint8Array | Diagnostic {
  try {
    return readInput(file, MAX_PAGE_BYTES);
  } catch (error) {
    const start = { file: path, line: 1, column: 1 };
    if (error instanceof InputError && error.reason === "size") return diagnostic("D2E103", start, `page ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof InputError ? error.message : code === "ENOENT" ? "does not exist" : `cannot be opened (${code ?? "unknown error"})`;
    return diagnostic("D2E002", start, `${what}, but it ${reason}`);
  }
}
