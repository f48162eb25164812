import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as nodeFs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { symlinkChecker, symlinkOut } from "../generator/run/files.js";
import { lock, recover, WriteError, writeFiles, type WriteFs } from "../generator/run/output.js";
import { killAtRename, readTree, ROOT, runCli, runCliEnv, tempDir } from "./helpers/generate.js";

/** Faults lose nothing: a kill at any instant, two runs at once, a full disk, symlinks out of the folders. */

const MINIMAL = join(ROOT, "test/integration/minimal");
const PAGE = "docs/services/demo/2021-01-01/en.md";

/** A project with the minimal docs generated once ("old"), and the docs then changed so that a run rewrites, adds and removes files ("new"). Made once, copied for each test. */
let made: { work: string; old: Map<string, string>; next: Map<string, string> } | undefined;
function changedProject(): { work: string; old: Map<string, string>; next: Map<string, string> } {
  made ??= makeChangedProject();
  const work = tempDir("faults-copy");
  cpSync(made.work, work, { recursive: true });
  return { ...made, work };
}

function makeChangedProject(): { work: string; old: Map<string, string>; next: Map<string, string> } {
  const work = tempDir("faults");
  cpSync(join(MINIMAL, "docs"), join(work, "docs"), { recursive: true });
  const manifestFile = join(work, "docs/sources.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  delete manifest.pages[0].sha256;
  writeFileSync(manifestFile, JSON.stringify(manifest));
  expect(runCli(work, "--quiet", "--no-cache").status).toBe(0);
  const old = readTree(join(work, "generated"));
  // A message changes, a code goes (deprecated), and a new API version of demo appears: files rewritten and added.
  writeFileSync(join(work, PAGE), readFileSync(join(work, PAGE), "utf8").replace("Demo failed.", "Demo failed again.").replace("| InvalidParameter | Parameter error. |\n", ""));
  mkdirSync(join(work, "docs/services/demo/2022-01-01"), { recursive: true });
  writeFileSync(join(work, "docs/services/demo/2022-01-01/en.md"), "| Error Code | Description |\n|---|---|\n| FailedOperation.New | New. |\n");
  manifest.pages.push({ path: "services/demo/2022-01-01/en.md", kind: "service", service: "demo", apiVersion: "2022-01-01", locale: "en" });
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const copy = tempDir("faults-next");
  cpSync(work, copy, { recursive: true });
  expect(runCli(copy, "--quiet", "--no-cache").status).toBe(0);
  const next = readTree(join(copy, "generated"));
  expect(next).not.toEqual(old);
  return { work, old, next };
}

/** A child process, run to its end without blocking this thread. */
function spawnAsync(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status, signal) => resolve({ status, signal, stderr }));
  });
}

const bookkeeping = (dir: string) => readdirSync(dir).filter((name) => name.startsWith(".doc2errors"));

describe("a run killed at any instant of its write", () => {
  it("leaves generated/ wholly old or wholly new once the next run has recovered it, at every rename", async () => {
    const { work, old, next } = changedProject();
    const out = join(work, "generated");
    const outcomes: string[] = [];
    let inWrite = 0;
    // One cache for every attempt: after the first, each run mostly reads it (the cache's own tests hold it to a plain run).
    const cache = tempDir("faults-cache");
    for (let n = 1; n < 200; n++) {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      for (const [path, content] of old) {
        mkdirSync(join(out, path, ".."), { recursive: true });
        writeFileSync(join(out, path), content);
      }
      const run = await spawnAsync(process.execPath, [join(ROOT, "generator/bin.mjs"), "--quiet", "--threads", "1"], {
        cwd: work,
        env: killAtRename(n, { ...process.env, DOC2ERRORS_CACHE_DIR: cache }),
      });
      if (run.signal !== "SIGKILL") {
        // More renames asked for than the run makes: it completed.
        expect(run.status, run.stderr).toBe(0);
        expect(readTree(out)).toEqual(next);
        expect(inWrite, "the write has renames to kill at").toBeGreaterThan(5);
        break;
      }
      // What the killed run left: a lock and a transaction, which the next run takes over and completes or undoes.
      expect(bookkeeping(out)).toContain(".doc2errors.lock");
      // Recovered on a copy: wholly old or wholly new.
      const copy = tempDir(`faults-killed-${n}`);
      cpSync(out, copy, { recursive: true });
      const outcome = recover(copy);
      const tree = readTree(copy);
      tree.delete(".doc2errors.lock");
      const state = JSON.stringify([...tree]) === JSON.stringify([...old]) ? "old" : JSON.stringify([...tree]) === JSON.stringify([...next]) ? "new" : "mixed";
      expect(state, `killed at rename ${n} (${outcome})`).not.toBe("mixed");
      outcomes.push(`${n}:${state}`);
      // Killed inside the write (its transaction there): --check says the write was interrupted and what completes it;
      // killed before it (the cache's index, say): the output is the old one, and out of date.
      const check = runCli(work, "--check", "--no-cache");
      expect(check.status, `killed at rename ${n}: ${check.stderr}`).toBe(1);
      if (bookkeeping(out).includes(".doc2errors-write")) {
        expect(check.stderr).toContain("was interrupted; run `npm run generate` to complete it");
        inWrite++;
      } else {
        expect(state, `killed at rename ${n}, before the write`).toBe("old");
        expect(check.stderr).toContain("is out of date: run `npm run generate`");
      }
      // That command completes it, whatever the rename killed at (snapshot.json's included).
      const again = runCliEnv(work, { DOC2ERRORS_CACHE_DIR: cache }, "--quiet", "--threads", "1");
      expect(again.status, `killed at rename ${n}: ${again.stderr}`).toBe(0);
      expect(readTree(out), `killed at rename ${n}`).toEqual(next);
      expect(bookkeeping(out)).toEqual([]);
    }
    // Killed before the journal is in place: old; after: new.
    expect(outcomes[0]).toBe("1:old");
    expect(outcomes.at(-1)).toMatch(/:new$/);
  }, 240_000);
});

describe("two runs at once", () => {
  it("do not interleave: the second is told who holds the output folder and writes nothing", () => {
    const { work, old } = changedProject();
    const held = lock(join(work, "generated"));
    try {
      const second = runCli(work, "--quiet", "--no-cache");
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`is being written by process ${process.pid}`);
      const tree = readTree(join(work, "generated"));
      tree.delete(".doc2errors.lock");
      expect(tree).toEqual(old);
      // --check reads only: it needs no lock.
      expect(runCli(work, "--check", "--no-cache").status).toBe(1);
    } finally {
      held.release();
    }
    expect(runCli(work, "--quiet", "--no-cache").status).toBe(0);
  });

  it("take over a lock file with no owner in it (a run killed as it took the lock) once it is not being written, and none sooner", () => {
    const { work } = changedProject();
    const file = join(work, "generated", ".doc2errors.lock");
    writeFileSync(file, "");
    // Just made: another run may be writing its owner into it this instant.
    const fresh = runCli(work, "--quiet", "--no-cache");
    expect(fresh.status).toBe(1);
    expect(fresh.stderr).toContain("is being written by another run");
    // Left empty for a minute: taken over.
    const past = new Date(Date.now() - 60_000);
    nodeFs.utimesSync(file, past, past);
    const later = runCli(work, "--quiet", "--no-cache");
    expect(later.status, later.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it("leave nothing of a killed run for git to show: the lock and the write's journal are ignored", () => {
    const ignored = spawnSync("git", ["check-ignore", "--no-index", "generated/.doc2errors.lock", "generated/.doc2errors-write/journal.json", "docs/.fetch-docs-journal"], { cwd: ROOT, encoding: "utf8" });
    expect(ignored.stdout.trim().split("\n")).toEqual(["generated/.doc2errors.lock", "generated/.doc2errors-write/journal.json", "docs/.fetch-docs-journal"]);
  });
});

describe("a write that fails", () => {
  /** Node's file operations, failing with `code` when `when` says so. */
  const failing = (code: string, when: (op: string, path: string) => boolean): WriteFs => {
    let failed = false;
    const opened = new Map<number, string>();
    const fail = (op: string, path: unknown) => {
      if (failed || !when(op, String(path))) return;
      failed = true;
      throw Object.assign(new Error(`${code}: simulated failure, ${op} '${String(path)}'`), { code });
    };
    return {
      ...nodeFs,
      writeFileSync: ((path: nodeFs.PathOrFileDescriptor, ...rest: unknown[]) => {
        fail("write", path);
        return (nodeFs.writeFileSync as (...args: unknown[]) => void)(path, ...rest);
      }) as typeof nodeFs.writeFileSync,
      renameSync: ((from: nodeFs.PathLike, to: nodeFs.PathLike) => {
        fail("rename", to);
        nodeFs.renameSync(from, to);
      }) as typeof nodeFs.renameSync,
      // A flush to the disk that fails (the write flushes each file it opens for that alone).
      openSync: ((path: nodeFs.PathLike, ...rest: unknown[]) => {
        const fd = (nodeFs.openSync as (...args: unknown[]) => number)(path, ...rest);
        opened.set(fd, String(path));
        return fd;
      }) as typeof nodeFs.openSync,
      fsyncSync: ((fd: number) => {
        fail("flush", opened.get(fd) ?? "");
        nodeFs.fsyncSync(fd);
      }) as typeof nodeFs.fsyncSync,
    };
  };

  it.each([
    ["a full disk while staging", "ENOSPC", (op: string, path: string) => op === "write" && path.endsWith("v20220101/codes.ts"), "demo/v20220101/codes.ts"],
    ["a disk error while flushing what was staged", "EIO", (op: string, path: string) => op === "flush" && path.endsWith("v20220101/codes.ts"), "demo/v20220101/codes.ts"],
    ["a read-only file when putting it in place", "EROFS", (op: string, path: string) => op === "rename" && path.endsWith("generated/snapshot.json"), "snapshot.json"],
  ])("%s: says which file, leaves no temporary file and changes nothing", async (_what, code, when, file) => {
    const { work, old, next } = changedProject();
    const out = join(work, "generated");
    const error = await writeFiles(out, next, { fs: failing(code, when) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).files).toEqual([file]);
    expect((error as WriteError).message).toContain(code);
    expect(readTree(out)).toEqual(old);
    expect(bookkeeping(out)).toEqual([]);
  });
});

describe("symlinks that lead out of a folder", () => {
  it("are found where they lead out, each folder looked at once per run, the answers as for a path looked at alone", () => {
    const root = tempDir("symlink-tree");
    const outside = tempDir("symlink-outside");
    mkdirSync(join(root, "a/b/c"), { recursive: true });
    mkdirSync(join(outside, "x"), { recursive: true });
    writeFileSync(join(root, "a/b/c/page.md"), "");
    writeFileSync(join(outside, "x/page.md"), "");
    symlinkSync(join(root, "a/b"), join(root, "a/inside"), "dir"); // stays inside: fine
    symlinkSync(outside, join(root, "a/out"), "dir");
    symlinkSync(join(outside, "x/page.md"), join(root, "a/b/c/file-out.md"));
    symlinkSync(join(root, "missing"), join(root, "a/dangling"));
    const expected: Record<string, string | undefined> = {
      "a/b/c/page.md": undefined,
      "a/inside/c/page.md": undefined,
      "a/out/x/page.md": "a/out",
      "a/out/none.md": "a/out",
      "a/out": "a/out",
      "a/b/c/file-out.md": "a/b/c/file-out.md",
      "a/dangling": "a/dangling",
      "a/dangling/x.md": "a/dangling",
      "none/x.md": undefined,
      "a/b/none/x.md": undefined,
    };
    const paths = Object.keys(expected);
    // One checker for every path, each asked twice (the second answer from what it has seen), and each path alone.
    const check = symlinkChecker(root);
    for (const path of [...paths, ...paths]) expect(check(path), path).toBe(expected[path]);
    for (const path of paths) expect(symlinkOut(root, path), path).toBe(expected[path]);
    // A folder that does not exist yet leads nowhere.
    expect(symlinkOut(join(root, "nothing"), "a/b")).toBeUndefined();
  });

  it("are not written through in generated/", () => {
    const { work } = changedProject();
    const outside = tempDir("outside");
    rmSync(join(work, "generated/demo"), { recursive: true });
    symlinkSync(outside, join(work, "generated/demo"), "dir");
    const run = runCli(work, "--quiet", "--no-cache");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("demo is a symlink leading out of the output folder; nothing was written");
    expect(readdirSync(outside)).toEqual([]);
  });

  it("are not read through in docs/", () => {
    const work = tempDir("symlink-docs");
    cpSync(join(MINIMAL, "docs"), join(work, "docs"), { recursive: true });
    const secret = join(tempDir("outside"), "secret.md");
    writeFileSync(secret, "| Error Code | Description |\n|---|---|\n| Secret.Code | read from outside docs/ |\n");
    rmSync(join(work, PAGE));
    symlinkSync(secret, join(work, PAGE));
    const run = runCli(work, "--no-cache");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${PAGE}:1:1: error D2E008: a symlink leading out of docs/; it is not read`);
    // Not even the folder made for the lock is left.
    expect(existsSync(join(work, "generated"))).toBe(false);
  });

  it("are not written through by fetch-docs in docs/", async () => {
    const { fetchDocs } = await import("../generator/fetch/fetch-docs.js");
    const { directoryUpstream } = await import("../generator/fetch/upstream.js");
    const work = tempDir("symlink-fetch");
    cpSync(join(MINIMAL, "docs"), join(work, "docs"), { recursive: true });
    const checkout = tempDir("checkout");
    mkdirSync(join(checkout, "API"), { recursive: true });
    writeFileSync(join(checkout, "API/x_intl.md"), "| Error Code | Description |\n|---|---|\n| New.Code | new |\n");
    const manifest = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    manifest.pages[0].upstream = { repo: "o/r", path: "API/x_intl.md" };
    writeFileSync(join(work, "docs/sources.json"), JSON.stringify(manifest, null, 2));
    // The page's folder is a symlink to a folder outside docs/.
    const outside = tempDir("outside");
    cpSync(join(work, "docs/services/demo/2021-01-01"), outside, { recursive: true });
    rmSync(join(work, "docs/services/demo/2021-01-01"), { recursive: true });
    symlinkSync(outside, join(work, "docs/services/demo/2021-01-01"), "dir");
    const result = await fetchDocs({ docsDir: join(work, "docs"), upstream: directoryUpstream(checkout), force: true });
    expect(result.failed).toEqual([{ path: manifest.pages[0].path, reason: expect.stringContaining("is a symlink leading out of the docs folder") }]);
    expect(readFileSync(join(outside, "en.md"), "utf8")).not.toContain("New.Code");
  });
});
