/**
 * The output folder (generated/), owned here and nowhere else: its lock,
 * the recovery of an interrupted write, the previous snapshot, the listing
 * and hashes of what is there, the comparison with a run's files, and the
 * write (`OutputFolder` below is what the command line uses).
 *
 * Writing generated/ is one transaction that survives being killed at any
 * instant, one run at a time, never through a symlink that leads out.
 *
 * The transaction lives in `<out>/.doc2errors-write/`:
 * 1. every new content is written under `new/<path>`, then flushed to the
 *    disk;
 * 2. `journal.json` names every file to put and to remove, written to a
 *    temporary name and renamed: from here on the change is decided;
 * 3. each file to replace or remove is moved to `old/<path>`, and each new
 *    file is renamed into place;
 * 4. `journal.json` is renamed `done.json`, then the folder is removed.
 *
 * `recover` runs before anything else reads or writes the folder: with no
 * journal (killed during 1 or 2) it rolls back, deleting what was staged,
 * which the output never saw; with a journal (killed during 3) it rolls
 * forward, renaming what is left of `new/` into place and removing what was
 * to be removed; with `done.json` it only tidies up. Either way the folder
 * ends up wholly old or wholly new, snapshot included. A failure that is no
 * kill (a full disk, a folder where a file must go) rolls back at once, from
 * `old/`, and says which file failed.
 */
import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import type { FileMap } from "../emit/emit.js";
import { flushFolder, flushPath, listFiles, readInput, readOptional, sha256, symlinkChecker } from "./files.js";
import { compareStrings } from "../model/diagnostics.js";
import { SNAPSHOT_FILE } from "../model/snapshot.js";

/** Why the output folder cannot be used as asked, said to the user as is; `status` 2 is a usage error. */
export class OutputError extends Error {
  override readonly name = "OutputError";
  constructor(
    message: string,
    readonly status: 1 | 2,
  ) {
    super(message);
  }
}

/** The snapshot of docs/ with the API catalog is about 14 MiB. */
const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;
/** No generated file is larger (the largest of docs/ is about 1 MiB). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * An output folder as a run uses it. A run that writes opens it with
 * `forWriting`: the lock taken, then an interrupted write completed or
 * undone before any other check (a write killed as it replaced
 * snapshot.json leaves a folder that looks like no output until it is
 * completed), then no file there that no output wrote. A run that only reads
 * it (`--check`, `--report`) opens it with `forReading`.
 */
export class OutputFolder {
  readonly #lock: Lock | undefined;
  #listing: ReadonlySet<string> | undefined;

  private constructor(
    /** The folder, absolute. */
    readonly dir: string,
    /** How it was named (`generated`), for messages. */
    readonly name: string,
    /** What the recovery of an interrupted write did, if there was one. */
    readonly recovered: ReturnType<typeof recover>,
    held?: Lock,
  ) {
    this.#lock = held;
  }

  /** For a run that writes; throws `OutputError` when another run holds it, or it holds files no output wrote. */
  static forWriting(dir: string, name: string): OutputFolder {
    let held: Lock;
    try {
      held = lock(dir);
    } catch (error) {
      if (error instanceof LockError) throw new OutputError(error.message, 1);
      throw error;
    }
    try {
      const recovered = recover(dir);
      const foreign = foreignFiles(dir);
      if (foreign.length > 0) {
        const shown = `${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? `, and ${foreign.length - 3} more` : ""}`;
        throw new OutputError(
          `--out: ${JSON.stringify(name)} holds files no output of doc2errors wrote (${shown}); a run would replace or remove them: write into an empty folder, or the folder of a previous output`,
          2,
        );
      }
      return new OutputFolder(dir, name, recovered, held);
    } catch (error) {
      held.release();
      throw error;
    }
  }

  /** For a run that reads it only; with `check`, refused while a write of it is interrupted (the command that completes it is said). */
  static forReading(dir: string, name: string, options: { readonly check?: boolean } = {}): OutputFolder {
    if (options.check && nodeFs.existsSync(join(dir, TRANSACTION_DIR))) {
      throw new OutputError(`a write of ${name}/ was interrupted; run \`npm run generate\` to complete it`, 1);
    }
    return new OutputFolder(dir, name, undefined);
  }

  /** Where the previous snapshot is, as the user names it. */
  get snapshotPath(): string {
    return `${this.name.replace(/\/+$/, "")}/${SNAPSHOT_FILE}`;
  }

  /**
   * The previous `snapshot.json`, undefined when there is none. It holds the
   * versions, changelog and deprecations of earlier runs: one that cannot be
   * read (a symlink out, over the limit, not a file) throws `OutputError`
   * rather than being taken for none.
   */
  previousSnapshot(): string | undefined {
    const read = readOptional(this.dir, SNAPSHOT_FILE, "the output folder", MAX_SNAPSHOT_BYTES);
    if ("problem" in read) throw new OutputError(`${this.snapshotPath}:1:1: error: cannot read the previous snapshot: ${read.problem}`, 1);
    return read.text;
  }

  /**
   * The bytes of `path` if the folder holds it, a regular file reached
   * through no symlink (the listing follows none), whose sha256 is `digest`;
   * undefined otherwise.
   */
  fileWithHash(path: string, digest: string): Buffer | undefined {
    if (this.#listing === undefined) {
      try {
        this.#listing = new Set(listFiles(this.dir));
      } catch {
        this.#listing = new Set(); // Not a folder that can be listed: the writer says what it finds.
      }
    }
    if (!this.#listing.has(path)) return undefined;
    try {
      const bytes = readInput(join(this.dir, path), MAX_OUTPUT_BYTES);
      return sha256(bytes) === digest ? bytes : undefined;
    } catch {
      return undefined; // Unreadable: the writer says what it finds.
    }
  }

  /** How the folder differs from `files` (`onDisk`: files known to be there as they are). */
  compare(files: FileMap, onDisk?: ReadonlySet<string>): Drift {
    return compareWithDisk(this.dir, files, onDisk);
  }

  /** Brings the folder to exactly `files`, in one transaction (see above); throws `WriteError`. */
  write(files: FileMap, onDisk?: ReadonlySet<string>): Promise<Drift> {
    return writeFiles(this.dir, files, onDisk === undefined ? {} : { onDisk });
  }

  release(): void {
    this.#lock?.release();
  }
}

export interface Drift {
  /** On disk with other content. */
  readonly stale: readonly string[];
  /** Not on disk. */
  readonly missing: readonly string[];
  /** On disk but no longer generated (a removed service, say). */
  readonly extra: readonly string[];
}

export const hasDrift = (drift: Drift) => drift.stale.length + drift.missing.length + drift.extra.length > 0;

/** The transaction folder and the lock, inside the output folder. */
export const TRANSACTION_DIR = ".doc2errors-write";
export const LOCK_FILE = ".doc2errors.lock";

/** What the generator does not own in its output folder: build output, installed packages, its own bookkeeping. */
const UNMANAGED = /^(dist|node_modules|\.doc2errors-write)\/|^\.doc2errors\.lock$/;

/** The file operations a write uses: Node's, or a test's that fails on purpose. */
export type WriteFs = Pick<
  typeof nodeFs,
  "writeFileSync" | "renameSync" | "mkdirSync" | "rmSync" | "openSync" | "fsyncSync" | "closeSync" | "existsSync" | "readFileSync"
>;

/** A write that could not be done; `generated/` is as it was. */
export class WriteError extends Error {
  override readonly name = "WriteError";
  constructor(
    message: string,
    /** The files (relative to the output folder) the failure is about. */
    readonly files: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Whether `text`, written as UTF-8, is `bytes`. Compared as bytes: a file
 * whose bytes are not UTF-8 but decode to the text (U+FFFD) is not the
 * text; and the bytes read stay outside the JavaScript heap (INTERNALS.md, "Memory").
 */
function sameBytes(bytes: Buffer, text: string): boolean {
  return bytes.equals(Buffer.from(text, "utf8"));
}

/**
 * Compares what would be written with what is in `outDir`. Reads only, and
 * not the files of `onDisk`: known to be there as they are in `files` (see
 * generate.ts), so long as the folder still lists them. `listed`: the
 * folder's listing (`listFiles`), if the caller has it.
 */
export function compareWithDisk(outDir: string, files: FileMap, onDisk: ReadonlySet<string> = new Set(), listed = listFiles(outDir)): Drift {
  const existing = new Set(listed.filter((path) => !UNMANAGED.test(path)));
  const stale: string[] = [];
  const missing: string[] = [];
  for (const path of files.keys()) {
    if (!existing.has(path)) missing.push(path);
    else if (!onDisk.has(path) && !sameBytes(nodeFs.readFileSync(join(outDir, path)), files.get(path)!)) stale.push(path);
  }
  const extra = [...existing].filter((path) => !files.has(path)).sort(compareStrings);
  return { stale, missing, extra };
}

/**
 * The files of `outDir` no output of the generator wrote: everything it
 * manages, when the folder does not hold a previous output's snapshot (an
 * empty or missing folder holds none). A write removes the files it no longer
 * generates, so it must never be pointed at a folder of other files (the
 * docs, a checkout: `--out ""`); these are the files it would remove there.
 * `listed`: as for `compareWithDisk`.
 */
export function foreignFiles(outDir: string, listed?: readonly string[]): string[] {
  if (!nodeFs.existsSync(outDir) || nodeFs.existsSync(join(outDir, SNAPSHOT_FILE))) return [];
  return (listed ?? listFiles(outDir)).filter((path) => !UNMANAGED.test(path));
}

interface Journal {
  readonly put: readonly string[];
  readonly remove: readonly string[];
}

/**
 * Completes or undoes a write that was interrupted (see the top of this
 * file). Returns what it did, for the run to report; undefined when there
 * was nothing to do.
 */
export function recover(outDir: string, fs: WriteFs = nodeFs): "rolled back" | "rolled forward" | "tidied" | undefined {
  const dir = join(outDir, TRANSACTION_DIR);
  if (!fs.existsSync(dir)) return undefined;
  let outcome: "rolled back" | "rolled forward" | "tidied" = "rolled back";
  if (fs.existsSync(join(dir, "done.json"))) outcome = "tidied";
  else if (fs.existsSync(join(dir, "journal.json"))) {
    const journal = readJournal(fs, join(dir, "journal.json"));
    if (journal !== undefined) {
      for (const path of journal.put) {
        const staged = join(dir, "new", path);
        if (!fs.existsSync(staged)) continue; // Already in place.
        fs.mkdirSync(dirname(join(outDir, path)), { recursive: true });
        fs.renameSync(staged, join(outDir, path));
      }
      for (const path of journal.remove) fs.rmSync(join(outDir, path), { force: true });
      outcome = "rolled forward";
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  removeEmptyDirs(outDir, true);
  return outcome;
}

/** A journal is ours only if it is whole and names paths inside the folder. */
function readJournal(fs: WriteFs, file: string): Journal | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Journal>;
    const paths = (list: unknown) => Array.isArray(list) && list.every((p) => typeof p === "string" && isInsidePath(p));
    return paths(data.put) && paths(data.remove) ? (data as Journal) : undefined;
  } catch {
    return undefined;
  }
}

const isInsidePath = (path: string) => path !== "" && !path.startsWith("/") && path.split("/").every((s) => s !== "" && s !== "." && s !== "..") && !path.includes("\\");

/**
 * Brings `outDir` to exactly `files` (see the top of this file). Unchanged
 * files are not touched; those of `onDisk` are known to be unchanged (see
 * `compareWithDisk`). Throws a `WriteError` naming the files at fault when
 * the write cannot be done; the folder is then as it was.
 */
export async function writeFiles(
  outDir: string,
  files: FileMap,
  { fs = nodeFs, onDisk }: { readonly fs?: WriteFs; readonly onDisk?: ReadonlySet<string> } = {},
): Promise<Drift> {
  let listed = listFiles(outDir);
  const leadsOut = symlinkChecker(outDir, listed);
  const escaping = [...files.keys()].map(leadsOut).filter((path): path is string => path !== undefined);
  if (escaping.length > 0) {
    const unique = [...new Set(escaping)].sort(compareStrings);
    throw new WriteError(`${unique.join(", ")} ${unique.length === 1 ? "is a symlink" : "are symlinks"} leading out of the output folder; nothing was written`, unique);
  }
  if (recover(outDir, fs) !== undefined) listed = listFiles(outDir);
  const foreign = foreignFiles(outDir, listed);
  if (foreign.length > 0) {
    throw new WriteError(
      `${outDir} holds files no output of doc2errors wrote (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? `, and ${foreign.length - 3} more` : ""}); nothing was written: write into an empty folder, or the folder of a previous output`,
      foreign,
    );
  }
  const drift = compareWithDisk(outDir, files, onDisk, listed);
  const put = [...drift.stale, ...drift.missing].sort(compareStrings);
  const remove = [...drift.extra];
  if (put.length + remove.length === 0) return drift;

  const dir = join(outDir, TRANSACTION_DIR);
  // 1. Stage.
  let current = "";
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const path of put) {
      current = path;
      const staged = join(dir, "new", path);
      fs.mkdirSync(dirname(staged), { recursive: true });
      fs.writeFileSync(staged, files.get(path)!, "utf8");
    }
    for (const path of put) {
      current = path;
      flushPath(join(dir, "new", path), fs);
    }
    // 2. Decide.
    current = join(TRANSACTION_DIR, "journal.json");
    const temp = join(dir, `journal.${randomBytes(4).toString("hex")}.tmp`);
    fs.writeFileSync(temp, JSON.stringify({ put, remove } satisfies Journal), "utf8");
    flushPath(temp, fs);
    fs.renameSync(temp, join(dir, "journal.json"));
    flushFolder(dir, fs);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new WriteError(`cannot write ${current}: ${(error as Error).message}; nothing was changed`, [current]);
  }

  // 3. Apply: old files aside, new ones in place.
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    for (const path of [...put, ...remove]) {
      current = path;
      const target = join(outDir, path);
      if (fs.existsSync(target)) {
        fs.mkdirSync(dirname(join(dir, "old", path)), { recursive: true });
        fs.renameSync(target, join(dir, "old", path));
        moved.push(path);
      }
      if (!files.has(path)) continue;
      fs.mkdirSync(dirname(target), { recursive: true });
      fs.renameSync(join(dir, "new", path), target);
      placed.push(path);
    }
  } catch (error) {
    // Not a kill: undo what was done, from old/.
    const attempt = (step: () => void) => {
      try {
        step();
      } catch {
        // Put back as much as can be put back.
      }
    };
    for (const path of placed) attempt(() => fs.rmSync(join(outDir, path), { force: true }));
    const stuck = moved.filter((path) => {
      try {
        fs.renameSync(join(dir, "old", path), join(outDir, path));
        return false;
      } catch {
        return true;
      }
    });
    if (stuck.length > 0) {
      // Nothing is lost: the journal stands, and the next run completes the write (see `recover`).
      throw new WriteError(
        `cannot write ${current}: ${(error as Error).message}; ${stuck.join(", ")} could not be put back either: the write stays in ${TRANSACTION_DIR}/ and the next run completes it`,
        [current, ...stuck.filter((path) => path !== current)],
      );
    }
    attempt(() => fs.rmSync(dir, { recursive: true, force: true }));
    removeEmptyDirs(outDir, true);
    throw new WriteError(`cannot write ${current}: ${(error as Error).message}; every file was put back as it was`, [current]);
  }
  // 4. Done.
  fs.renameSync(join(dir, "journal.json"), join(dir, "done.json"));
  fs.rmSync(dir, { recursive: true, force: true });
  removeEmptyDirs(outDir, true);
  return drift;
}

/** Held by the run that writes an output folder; `release` when done. */
export interface Lock {
  release(): void;
}

/** Another run holds the lock: nothing was written. */
export class LockError extends Error {
  override readonly name = "LockError";
}

/**
 * Takes the output folder's lock (`<out>/.doc2errors.lock`, created
 * exclusively, holding the owner's pid and host). A lock whose owner is gone
 * (same host, no such process) is taken over.
 */
export function lock(outDir: string): Lock {
  const created = nodeFs.mkdirSync(outDir, { recursive: true }) !== undefined;
  const file = join(outDir, LOCK_FILE);
  const owner = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = nodeFs.openSync(file, "wx");
      nodeFs.writeSync(fd, owner);
      nodeFs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          nodeFs.rmSync(file, { force: true });
          // A folder made only to hold the lock goes with it.
          if (created) removeEmptyDirs(outDir);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder: { pid?: unknown; host?: unknown; since?: unknown } = {};
      try {
        holder = JSON.parse(nodeFs.readFileSync(file, "utf8")) as typeof holder;
      } catch {
        // Being written, or damaged: treated as held.
      }
      // A lock of a process gone, or one never written (a run killed between creating it and writing its owner) that is not being written now.
      const unwritten = typeof holder.pid !== "number" && olderThan(file, UNWRITTEN_LOCK_MS);
      if (attempt === 0 && (unwritten || (holder.host === hostname() && typeof holder.pid === "number" && !alive(holder.pid)))) {
        nodeFs.rmSync(file, { force: true });
        continue;
      }
      const who = typeof holder.pid === "number" ? `process ${holder.pid}${typeof holder.host === "string" ? ` on ${holder.host}` : ""}` : "another run";
      throw new LockError(`${outDir} is being written by ${who}; wait for it to finish (or remove ${file} if that process is gone)`);
    }
  }
  throw new LockError(`cannot take the lock ${file}`);
}

/** How long a lock file may be without its owner before it is taken for a run killed as it took it: its owner is written straight after it is created. */
const UNWRITTEN_LOCK_MS = 10_000;

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - nodeFs.statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeEmptyDirs(dir: string, keep = false): boolean {
  let entries;
  try {
    entries = nodeFs.readdirSync(dir, { withFileTypes: true });
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
      nodeFs.rmdirSync(dir);
    } catch {
      // Not empty after all, or already gone.
    }
  }
  return empty;
}
