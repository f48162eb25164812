import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { copyGolden, generateFrom, ROOT, runCliEnv, SAMPLE, tempDir } from "./helpers/generate.js";

const DOCS = join(SAMPLE, "docs");

/** A copy of the sample docs whose manifest holds no hashes, so that its pages can change. */
function changeableDocs(name: string): { docs: string; manifestPath: string } {
  const docs = tempDir(name);
  cpSync(DOCS, docs, { recursive: true });
  const manifestPath = join(docs, "sources.json");
  writeFileSync(manifestPath, readFileSync(manifestPath, "utf8").replace(/,\s*"sha256": "[0-9a-f]+"/g, ""));
  return { docs, manifestPath };
}

/** Adds `code` to the error table of an action's page (cdb's CreateAccounts, en, unless said), after the row `after`: rows change, no structure. */
function addCode(docs: string, code = "FailedOperation.AddedByTheTest", path = "services/cdb/2017-03-20/actions/CreateAccounts/en.md", after = "| InvalidParameter | Parameter error. |\n"): void {
  const page = join(docs, path);
  const text = readFileSync(page, "utf8");
  if (!text.includes(after)) throw new Error(`${path} has no row to add a code after`);
  writeFileSync(page, text.replace(after, `$&| ${code} | Added. |\n`));
}

/**
 * The whole docs/ is held to generated/ by test/docs.test.ts. Here, on the
 * sample docs (real pages, test/integration/sample/), what must hold
 * whatever the run: the order of the manifest, the cache, the threads.
 */
describe("output", () => {
  it("is byte-identical across runs and whatever order the manifest lists pages in", async () => {
    const first = await generateFrom(DOCS);
    const shuffled = tempDir("shuffled");
    cpSync(DOCS, shuffled, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(shuffled, "sources.json"), "utf8"));
    manifest.pages.reverse();
    writeFileSync(join(shuffled, "sources.json"), JSON.stringify(manifest));
    const second = await generateFrom(shuffled);
    expect([...second.files!.keys()]).toEqual([...first.files!.keys()]);
    for (const [path, content] of first.files!) expect(second.files!.get(path), path).toBe(content);
  });
});

describe("the cache", () => {
  it("gives byte-identical output cold, warm and without it, and never stale output", async () => {
    const { generate } = await import("../generator/run/generate.js");
    const cacheDir = tempDir("cache");
    const plain = await generate({ docsDir: DOCS });
    const cold = await generate({ docsDir: DOCS, cacheDir });
    const warm = await generate({ docsDir: DOCS, cacheDir });
    for (const run of [cold, warm]) expect(Object.fromEntries(run.files!)).toEqual(Object.fromEntries(plain.files!));
    expect(JSON.stringify(warm.model)).toBe(JSON.stringify(plain.model));

    // A changed page misses the cache: its new text is in the output.
    const docs = tempDir("cache-docs");
    cpSync(DOCS, docs, { recursive: true });
    const page = join(docs, "services/cdb/2017-03-20/ja.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("param error。", "changed text。"));
    const changed = await generate({ docsDir: docs, cacheDir });
    expect(changed.files!.get("cdb/v20170320/messages.ja.ts")).toContain('"changed text。"');
    expect(changed.files!.get("cdb/v20170320/messages.ja.ts")).not.toContain('"param error。"');
  });

  it("serves a rerun on its own output whole, as a full run would give it, deprecations included", async () => {
    const { generate } = await import("../generator/run/generate.js");
    const { rmSync } = await import("node:fs");
    const cacheDir = tempDir("cache-rerun");
    const docs = tempDir("rerun-docs");
    cpSync(join(ROOT, "test/integration/minimal/docs"), docs, { recursive: true });
    const page = join(docs, "services/demo/2021-01-01/en.md");
    // Without the manifest's hash, so the page can change.
    const manifest = join(docs, "sources.json");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/,\s*"sha256": "[0-9a-f]+"/, ""));
    const rerun = async (previous: string | undefined, revision: string) => {
      const run = await generate({ docsDir: docs, cacheDir, previousSnapshot: previous, revision });
      const full = await generate({ docsDir: docs, previousSnapshot: previous, revision });
      expect(Object.fromEntries(run.files!)).toEqual(Object.fromEntries(full.files!));
      expect(run.diagnostics).toEqual(full.diagnostics);
      expect(run.changes).toEqual(full.changes);
      return run;
    };

    const first = await rerun(undefined, "2026-01-01");
    expect(first.model).toBeDefined();
    const again = await rerun(first.files!.get("snapshot.json"), "2026-01-01");
    // Served whole: nothing was built.
    expect(again.model).toBeUndefined();
    expect(again.changes!.sets).toEqual([]);

    // A code the docs drop: deprecated by the run after, which a rerun on its output serves whole.
    writeFileSync(page, readFileSync(page, "utf8").replace("| InvalidParameter | Parameter error. |\n", ""));
    const dropped = await rerun(again.files!.get("snapshot.json"), "2026-02-01");
    expect(dropped.model).toBeDefined();
    expect(dropped.files!.get("demo/v20210101/codes.ts")).toContain("@deprecated");
    const kept = await rerun(dropped.files!.get("snapshot.json"), "2026-02-01");
    expect(kept.model).toBeUndefined();
    expect(kept.files!.get("demo/v20210101/codes.ts")).toContain("@deprecated");

    // Another previous snapshot, another revision, a changed page, a file gone from the cache: a full run.
    expect((await rerun(first.files!.get("snapshot.json"), "2026-02-01")).model).toBeDefined();
    expect((await rerun(dropped.files!.get("snapshot.json"), "2026-03-01")).model).toBeDefined();
    const lastSnapshot = (await rerun(dropped.files!.get("snapshot.json"), "2026-02-01")).files!.get("snapshot.json");
    writeFileSync(page, readFileSync(page, "utf8").replace("Demo failed.", "Demo failed again."));
    const changed = await rerun(lastSnapshot, "2026-02-01");
    expect(changed.model).toBeDefined();
    expect(changed.files!.get("demo/v20210101/messages.en.ts")).toContain("Demo failed again.");
    rmSync(join(cacheDir, "packs"), { recursive: true, force: true });
    expect((await rerun(changed.files!.get("snapshot.json"), "2026-02-01")).model).toBeDefined();
  });

  it("writes a change of rows alone (a code added) from the cached skeletons, with no printing worker, as a full run gives it", async () => {
    const { generate, workerScript } = await import("../generator/run/generate.js");
    const cacheDir = tempDir("cache-rows");
    const { docs, manifestPath } = changeableDocs("rows-docs");
    // A worker script that notes each start of a worker before it runs the real one.
    const started = join(tempDir("rows-worker"), "started");
    const wrapper = join(dirname(started), "worker.mjs");
    writeFileSync(wrapper, `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(started)}, "started\\n");\nawait import(${JSON.stringify((await workerScript()).href)});\n`);
    const starts = () => (existsSync(started) ? readFileSync(started, "utf8").split("\n").length - 1 : 0);
    const run = async (previousSnapshot: string | undefined) => {
      const cached = await generate({ docsDir: docs, cacheDir, previousSnapshot, threads: 2, workerScript: pathToFileURL(wrapper) });
      const full = await generate({ docsDir: docs, previousSnapshot });
      expect([...cached.files!]).toEqual([...full.files!]);
      return cached;
    };

    const first = await run(undefined);
    expect(starts()).toBe(1);
    // A code added to an action's table: rows change in codes.ts (the enum and the union of categories), actions.ts and messages.en.ts.
    addCode(docs);
    const added = await run(first.files!.get("snapshot.json"));
    expect(added.files!.get("cdb/v20170320/codes.ts")).toContain('  FailedOperation_AddedByTheTest = "FailedOperation.AddedByTheTest",\n');
    expect(added.files!.get("cdb/v20170320/actions.ts")).toContain('"FailedOperation.AddedByTheTest"');
    expect(starts()).toBe(1);
    // A code of a category the service had none of: a new member of the union of categories, a row too.
    expect(added.files!.get("cdb/v20170320/codes.ts")).not.toContain('"AddedCategory"');
    addCode(docs, "AddedCategory.ByTheTest");
    const category = await run(added.files!.get("snapshot.json"));
    expect(category.files!.get("cdb/v20170320/codes.ts")).toMatch(/\n {2}\| "AddedCategory"\n/);
    expect(starts()).toBe(1);
    // A code added to another service, whose files the runs since the first took whole from the cache: its skeletons were kept for it.
    addCode(docs, "FailedOperation.AddedByTheTest", "services/cvm/2017-03-12/actions/CreateKeyPair/en.md", "| InternalServerError | Internal operation error. |\n");
    const other = await run(category.files!.get("snapshot.json"));
    expect(other.files!.get("cvm/v20170312/codes.ts")).toContain('  FailedOperation_AddedByTheTest = "FailedOperation.AddedByTheTest",\n');
    expect(starts()).toBe(1);
    // A service's title is in the skeleton of its codes.ts (the enum's doc): printed, on a worker started for it.
    writeFileSync(manifestPath, readFileSync(manifestPath, "utf8").replace('"TencentDB for MySQL"', '"TencentDB for MySQL, renamed"'));
    const renamed = await run(other.files!.get("snapshot.json"));
    expect(renamed.files!.get("cdb/v20170320/codes.ts")).toContain("/** Error codes of TencentDB for MySQL, renamed (`cdb`, API 2017-03-20). */");
    expect(starts()).toBe(2);
  });

  it("takes a cached skeleton without its placeholders, its index entry intact, as damaged: printed again, as a full run gives it", async () => {
    const { generate } = await import("../generator/run/generate.js");
    const cacheDir = tempDir("cache-skeletons");
    const { docs } = changeableDocs("skeletons-docs");
    await generate({ docsDir: docs, cacheDir });
    // Every skeleton (a text holding a placeholder) rewritten without it, into a pack of its own that the index points to with the right hashes.
    const indexPath = join(cacheDir, "index.json");
    const index = JSON.parse(readFileSync(indexPath, "utf8")) as { format: number; entries: Record<string, [string, number, number, string]> };
    const pack = "2-0123456789ab.pack";
    const pieces: Buffer[] = [];
    let offset = 0;
    for (const [key, [name, at, length]] of Object.entries(index.entries)) {
      const entry = JSON.parse(readFileSync(join(cacheDir, "packs", name)).subarray(at, at + length).toString("utf8")) as { kind: string; value: unknown };
      if (entry.kind !== "text" || typeof entry.value !== "string" || !entry.value.includes("$$rows$$")) continue;
      const bytes = Buffer.from(JSON.stringify({ ...entry, value: entry.value.replaceAll("$$rows$$", "rows") }));
      index.entries[key] = [pack, offset, bytes.length, createHash("sha256").update(bytes).digest("hex")];
      pieces.push(bytes);
      offset += bytes.length;
    }
    expect(pieces.length).toBeGreaterThan(10);
    writeFileSync(join(cacheDir, "packs", pack), Buffer.concat(pieces));
    writeFileSync(indexPath, JSON.stringify(index));
    // A code added: the modules whose rows changed look their skeletons up.
    addCode(docs);
    const run = await generate({ docsDir: docs, cacheDir, threads: 2 });
    expect(run.cacheDamaged).toBe(3);
    expect([...run.files!]).toEqual([...(await generate({ docsDir: docs })).files!]);
  });

  it("serves a rerun from the files on disk that hash as recorded, and from the cache what differs", async () => {
    const { generate } = await import("../generator/run/generate.js");
    const { compareWithDisk, OutputFolder, writeFiles } = await import("../generator/run/output.js");
    const { rmSync, symlinkSync } = await import("node:fs");
    const cacheDir = tempDir("cache-on-disk");
    const out = tempDir("on-disk-out");
    const first = await generate({ docsDir: DOCS, cacheDir });
    await writeFiles(out, first.files!);
    const rerun = () => generate({ docsDir: DOCS, cacheDir, previousSnapshot: first.files!.get("snapshot.json"), output: OutputFolder.forReading(out, "out") });
    const index = () => statSync(join(cacheDir, "index.json"), { bigint: true });
    const before = index();
    const again = await rerun();
    expect(again.model).toBeUndefined();
    // Served whole, the run stored nothing: the cache's index is not written again.
    const after = index();
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
    // Every file checked on disk, the snapshot too; texts decoded when asked, in path order.
    expect(new Set(again.onDisk)).toEqual(new Set(first.files!.keys()));
    expect([...again.files!]).toEqual([...first.files!]);
    expect(again.files!.get("cdb/v20170320/messages.ja.ts")).toMatch(/[\u3040-\u30ff]/);

    // One file edited, one removed, one a symlink to its very text outside: each taken from the cache, none trusted.
    const [edited, removed, linked] = ["cdb/v20170320/messages.ja.ts", "cdb/v20170320/codes.ts", "cdb/v20170320/messages.en.ts"];
    writeFileSync(join(out, edited), "edited");
    rmSync(join(out, removed));
    const outside = join(tempDir("on-disk-outside"), "copy.ts");
    writeFileSync(outside, first.files!.get(linked)!);
    rmSync(join(out, linked));
    symlinkSync(outside, join(out, linked));
    const third = await rerun();
    expect(third.model).toBeUndefined();
    expect([edited, removed, linked].filter((path) => third.onDisk.has(path))).toEqual([]);
    expect(third.onDisk.size).toBe(again.onDisk.size - 3);
    expect([...third.files!]).toEqual([...first.files!]);
    expect(compareWithDisk(out, third.files!, third.onDisk)).toEqual({ stale: [edited], missing: [removed, linked].sort(), extra: [] });
    rmSync(join(out, linked));
    await writeFiles(out, third.files!, { onDisk: third.onDisk });
    expect(compareWithDisk(out, first.files!)).toEqual({ stale: [], missing: [], extra: [] });
    expect(readFileSync(outside, "utf8")).toBe(first.files!.get(linked));
  });

  it("keeps entries in packs, treats a damaged entry as a miss and drops what a run did not use", async () => {
    const { generate } = await import("../generator/run/generate.js");
    const cacheDir = tempDir("cache-packs");
    const packs = () => readdirSync(join(cacheDir, "packs")).sort();
    const index = () => JSON.parse(readFileSync(join(cacheDir, "index.json"), "utf8")) as { entries: Record<string, [string, number, number, string]> };
    const plain = await generate({ docsDir: DOCS });
    const cold = await generate({ docsDir: DOCS, cacheDir });
    // A parsed page per listed page, a printed file per generated module, all in the run's one pack.
    const entries = Object.keys(index().entries);
    expect(entries.length).toBeGreaterThan(cold.files!.size);
    expect(packs()).toHaveLength(1);
    const [pack] = packs();
    expect(new Set(Object.values(index().entries).map(([name]) => name))).toEqual(new Set([pack]));

    // Damaged: every entry unreadable. The run computes them again, into a new pack; the old one goes.
    const packFile = join(cacheDir, "packs", pack!);
    writeFileSync(packFile, "x".repeat(statSync(packFile).size));
    // An entry no run uses, in a pack of its own.
    writeFileSync(join(cacheDir, "packs", "1-000000000000.pack"), "{}");
    const withUnused = index();
    withUnused.entries["0".repeat(64)] = ["1-000000000000.pack", 0, 2, createHash("sha256").update("{}").digest("hex")];
    writeFileSync(join(cacheDir, "index.json"), JSON.stringify({ format: 2, ...withUnused }));
    const damaged = await generate({ docsDir: DOCS, cacheDir });
    expect(Object.fromEntries(damaged.files!)).toEqual(Object.fromEntries(plain.files!));
    expect(packs()).toHaveLength(1);
    expect(packs()).not.toContain(pack);
    expect(Object.keys(index().entries).sort()).toEqual([...entries].sort());

    // A run that stops early keeps what it did not ask for.
    await generate({ docsDir: DOCS, cacheDir, parseOnly: true });
    expect(Object.keys(index().entries).sort()).toEqual([...entries].sort());

    // Another docs folder: most of the pack is dead, so its live entries (the
    // runtime files) move to the new run's pack and the old pack goes.
    const other = join(ROOT, "test/integration/minimal/docs");
    const first = await generate({ docsDir: other, cacheDir });
    expect(packs()).toHaveLength(1);
    expect(Object.keys(index().entries).length).toBeLessThan(entries.length);
    const warm = await generate({ docsDir: other, cacheDir });
    expect(Object.fromEntries(warm.files!)).toEqual(Object.fromEntries(first.files!));
    expect(Object.fromEntries(warm.files!)).toEqual(Object.fromEntries((await generate({ docsDir: other })).files!));
  });
});

describe("worker threads", () => {
  it("give byte-identical output to the single-threaded and the cached runs", async () => {
    const { generate, poolOptions } = await import("../generator/run/generate.js");
    const { mkdirSync } = await import("node:fs");
    expect(poolOptions(1)).toEqual({ workers: 0 });
    // Up to two threads pages are parsed on this one; past two, on every thread. Workers print.
    expect(poolOptions(2)).toEqual({ workers: 1, onMainThread: ["parse"] });
    expect(poolOptions(3)).toEqual({ workers: 2, alsoOnMainThread: ["parse"] });
    // The real pages under many service names: enough files for every worker to print many.
    const docs = tempDir("parallel-docs");
    const manifest = JSON.parse(readFileSync(join(DOCS, "sources.json"), "utf8")) as { pages: { path: string; kind: string; locale: string }[] };
    const sources = manifest.pages.filter((page) => page.kind === "service");
    const count = 3 * sources.length;
    const pages = Array.from({ length: count }, (_, i) => {
      const source = sources[i % sources.length]!;
      const service = `svc${String(i).padStart(3, "0")}`;
      const path = `services/${service}/2020-01-01/${source.locale}.md`;
      mkdirSync(join(docs, `services/${service}/2020-01-01`), { recursive: true });
      cpSync(join(DOCS, source.path), join(docs, path));
      return { path, kind: "service", service, apiVersion: "2020-01-01", locale: source.locale };
    });
    writeFileSync(join(docs, "sources.json"), JSON.stringify({ revision: "2026-01-01", pages }));
    const cacheDir = tempDir("parallel-cache");
    const single = await generate({ docsDir: docs, threads: 1 });
    const parallel = await generate({ docsDir: docs, threads: 2 });
    const three = await generate({ docsDir: docs, threads: 3 });
    const cached = await generate({ docsDir: docs, threads: 2, cacheDir });
    const warm = await generate({ docsDir: docs, threads: 2, cacheDir });
    expect(single.files!.size).toBeGreaterThan(4 * count);
    for (const run of [parallel, three, cached, warm]) {
      expect(run.diagnostics).toEqual(single.diagnostics);
      expect([...run.files!.keys()]).toEqual([...single.files!.keys()]);
      for (const [path, content] of single.files!) expect(run.files!.get(path), path).toBe(content);
    }
  }, 300_000);
});

describe("a damaged or hostile cache", () => {
  const generated = async (cacheDir: string | undefined) => {
    const { generate } = await import("../generator/run/generate.js");
    return generate({ docsDir: DOCS, cacheDir });
  };
  const packs = (cacheDir: string) => {
    return readdirSync(join(cacheDir, "packs")).map((name) => join(cacheDir, "packs", name));
  };

  it("never changes the output: a flipped letter in a pack is a miss and a warning", async () => {
    const plain = await generated(undefined);
    const cacheDir = tempDir("cache-flip");
    await generated(cacheDir);
    // One letter of every generated text in the cache, flipped: "param error" becomes "paraM error".
    for (const pack of packs(cacheDir)) writeFileSync(pack, readFileSync(pack, "utf8").replaceAll("param error", "paraM error"));
    const warm = await generated(cacheDir);
    expect(warm.cacheDamaged).toBeGreaterThan(0);
    expect(Object.fromEntries(warm.files!)).toEqual(Object.fromEntries(plain.files!));
    // And through the command line: --check is not fooled, and says the cache was damaged.
    const work = tempDir("cache-flip-cli");
    cpSync(DOCS, join(work, "docs"), { recursive: true });
    copyGolden(SAMPLE, join(work, "generated"));
    const env = { DOC2ERRORS_CACHE_DIR: cacheDir };
    expect(runCliEnv(work, env, "--quiet").status).toBe(0);
    for (const pack of packs(cacheDir)) writeFileSync(pack, readFileSync(pack, "utf8").replaceAll("param error", "paraM error"));
    // The files on disk are the ones the last run recorded: served whole, none read from the cache.
    const intact = runCliEnv(work, env, "--check");
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stderr).not.toMatch(/damaged/);
    // One of them edited: its text is wanted from the cache, found damaged, and the run computes it again.
    const edited = join(work, "generated/cdb/v20170320/messages.ja.ts");
    writeFileSync(edited, readFileSync(edited, "utf8").replaceAll("param error", "paraM error"));
    const check = runCliEnv(work, env, "--check");
    expect(check.status, check.stderr).toBe(1);
    expect(check.stderr).toMatch(/warning: \d+ damaged cache entr(y was|ies were) not used and computed again/);
    expect(check.stderr).toContain("stale: generated/cdb/v20170320/messages.ja.ts");
    expect(runCliEnv(work, env, "--quiet").status).toBe(0);
    expect(readFileSync(edited, "utf8")).toContain("param error");
    expect(readFileSync(edited, "utf8")).not.toContain("paraM error");
  });

  it("keeps an entry a run retained without reading it, but not one it found damaged or one it did not use", async () => {
    const { Cache } = await import("../generator/run/cache.js");
    const cacheDir = tempDir("cache-retain");
    const writing = await Cache.open(cacheDir);
    for (const name of ["retained", "retained unread", "damaged", "unused"]) writing.store("text", writing.key(name), name);
    await writing.save();
    // Two entries are made damaged ones: their bytes no longer match the index.
    const index = JSON.parse(readFileSync(join(cacheDir, "index.json"), "utf8")) as { entries: Record<string, [string, number, number, string]> };
    for (const name of ["retained unread", "damaged"]) index.entries[writing.key(name)]![3] = "0".repeat(64);
    writeFileSync(join(cacheDir, "index.json"), JSON.stringify(index));
    const retaining = await Cache.open(cacheDir);
    expect(retaining.lookup("text", retaining.key("damaged"))).toBeUndefined();
    for (const name of ["retained", "retained unread", "damaged", "absent"]) retaining.retain(retaining.key(name));
    await retaining.save();
    expect(retaining.damaged).toBe(1);
    const reading = await Cache.open(cacheDir);
    expect(reading.lookup("text", reading.key("retained"))).toBe("retained");
    // An entry the index no longer holds is a plain miss; one it holds but damaged counts as damaged when looked up.
    for (const name of ["damaged", "unused", "absent"]) expect(reading.lookup("text", reading.key(name)), name).toBeUndefined();
    expect(reading.damaged).toBe(0);
    // Kept unread, so kept damaged: found so when it is looked up.
    expect(reading.lookup("text", reading.key("retained unread"))).toBeUndefined();
    expect(reading.damaged).toBe(1);
  });

  it("takes no run record naming a path that climbs out of the output", async () => {
    const { Cache } = await import("../generator/run/cache.js");
    const cacheDir = tempDir("cache-record-paths");
    const hash = "a".repeat(64);
    const record = (path: string) => ({ files: [[path, hash, hash]], diagnostics: [], changes: { sets: [] } });
    const paths = ["../x.ts", "a/../../x.ts", "/etc/x.ts", "a//x.ts", "a\\x.ts", "./x.ts", ""];
    const writing = await Cache.open(cacheDir);
    for (const path of ["a/x.ts", ...paths]) writing.store("run", writing.key("run", path), record(path));
    await writing.save();
    const reading = await Cache.open(cacheDir);
    expect(reading.lookup("run", reading.key("run", "a/x.ts"))).toEqual(record("a/x.ts"));
    for (const path of paths) expect(reading.lookup("run", reading.key("run", path)), path).toBeUndefined();
    expect(reading.damaged).toBe(paths.length);
  });

  it("reads nothing outside it, and misses what is not of the kind asked for", async () => {
    const plain = await generated(undefined);
    const cacheDir = tempDir("cache-hostile");
    await generated(cacheDir);
    const indexFile = join(cacheDir, "index.json");
    const index = JSON.parse(readFileSync(indexFile, "utf8")) as { format: number; entries: Record<string, [string, number, number, string]> };
    const outside = join(tempDir("outside"), "x.pack");
    writeFileSync(outside, JSON.stringify({ kind: "text", value: "stolen" }));
    const keys = Object.keys(index.entries);
    // One entry points out of the cache, every other at one page's entry: of another kind (a page where a text is expected), or of another key.
    const pageEntry = Object.values(index.entries).find(([pack, offset, length]) => readFileSync(join(cacheDir, "packs", pack)).subarray(offset, offset + length).toString().includes('"kind":"page"'))!;
    index.entries[keys[0]!] = [`../../${outside}`, 0, 40, "0".repeat(64)];
    for (const key of keys.slice(1)) index.entries[key] = pageEntry;
    writeFileSync(indexFile, JSON.stringify(index));
    const hostile = await generated(cacheDir);
    expect(Object.fromEntries(hostile.files!)).toEqual(Object.fromEntries(plain.files!));
    expect(hostile.cacheDamaged).toBeGreaterThan(0);
    // A file where the packs folder should be: misses, no crash.
    const { rmSync } = await import("node:fs");
    rmSync(join(cacheDir, "packs"), { recursive: true });
    writeFileSync(join(cacheDir, "packs"), "not a folder");
    const noPacks = await generated(cacheDir);
    expect(Object.fromEntries(noPacks.files!)).toEqual(Object.fromEntries(plain.files!));
  });
});

describe("the writer", () => {
  it("compares the disk with the output byte for byte, not as decoded text", async () => {
    const { compareWithDisk, writeFiles } = await import("../generator/run/output.js");
    const out = tempDir("bytes-out");
    const files = new Map([
      ["a/messages.ja.ts", 'export const m = "エラー \uFFFD";\n'],
      ["a/codes.ts", "export enum C { A = \"A\" }\n"],
      ["b/messages.zh-CN.ts", 'export const m = "错误 😀";\n'],
      ["snapshot.json", "{}\n"],
    ]);
    await writeFiles(out, files);
    expect(compareWithDisk(out, files)).toEqual({ stale: [], missing: [], extra: [] });
    const bytes = (path: string) => readFileSync(join(out, path));
    // Same length, one byte of a multi-byte character changed.
    const flipped = bytes("b/messages.zh-CN.ts");
    flipped[18]! ^= 1;
    writeFileSync(join(out, "b/messages.zh-CN.ts"), flipped);
    // Bytes that are not UTF-8 but decode to the very text (U+FFFD), and a byte-order mark the decoder drops.
    writeFileSync(join(out, "a/messages.ja.ts"), Buffer.concat([bytes("a/messages.ja.ts").subarray(0, -6), Buffer.from([0xff, 0x22, 0x3b, 0x0a])]));
    expect(bytes("a/messages.ja.ts").toString("utf8")).toBe(files.get("a/messages.ja.ts"));
    writeFileSync(join(out, "a/codes.ts"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes("a/codes.ts")]));
    expect(new TextDecoder().decode(bytes("a/codes.ts"))).toBe(files.get("a/codes.ts"));
    expect(compareWithDisk(out, files)).toEqual({ stale: ["a/messages.ja.ts", "a/codes.ts", "b/messages.zh-CN.ts"], missing: [], extra: [] });
    await writeFiles(out, files);
    for (const [path, text] of files) expect(bytes(path).equals(Buffer.from(text)), path).toBe(true);
  });
});
