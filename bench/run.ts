/**
 * `npm run bench`: generate against the bare parse, on the real docs/ (every
 * page of the manifest), on the corpus of other real pages and on scaled sets
 * built from it; on docs/ also each thread count (`--threads`) and the bare
 * parse dealt to two threads; then what the package costs its users
 * (bench/consumer.ts). Writes bench/results/latest.json and prints the tables. Sizes:
 * BENCH_SIZES=500,1000,5000 (default; empty: docs/ and the corpus only).
 * Every figure is of a whole process, start-up included. On docs/ and
 * below 1,000 pages, BENCH_REPEAT rounds (default 3) each measure a bare
 * parse and a cold generate side by side, and the round of the median ratio
 * is kept. On docs/, a rerun after one page changed is measured too; from
 * 1,000 pages, a cold run (an empty cache) into the output already there.
 *
 * The bare reading of docs/ also reads the API catalog: the SDKs' errors.go
 * and client.go (../shared/api-catalog/), each split into its comment
 * blocks; when that folder is absent the bench says so and parses the stored
 * catalog files of docs/ instead. On docs/, a rerun after one catalog release
 * (a code added to three service versions' stored files, the repository's
 * release in the manifest moved a day on) is measured too.
 *
 * The corpus and scaled sets read ../shared/corpus/pages; when it is absent
 * the bench says so and measures docs/ alone.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { placeOf } from "../generator/emit/layout.js";
import { parsePage } from "../generator/parse/page.js";
import { HOSTILE_PAGES, ROWSPAN_HOLES } from "../test/helpers/hostile-pages.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CORPUS = join(ROOT, "../shared/corpus/pages");
const API_CATALOG = join(ROOT, "../shared/api-catalog");
const haveCatalog = existsSync(API_CATALOG);
if (!haveCatalog) console.log(`bench: ${API_CATALOG} is absent: the bare reading parses docs/catalog/ instead of the SDKs' Go files.`);
/** The catalog files the bare reading reads: the Go files it is derived from, or (without them) the stored files of `docs`. */
const catalogFiles = (docs: string) =>
  haveCatalog
    ? readdirSync(API_CATALOG, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && (e.name === "errors.go" || e.name === "client.go"))
        .map((e) => join(e.parentPath, e.name))
        .sort()
    : readdirSync(join(docs, "catalog"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(".json"))
        .map((e) => join(e.parentPath, e.name))
        .sort();
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.log(`bench: ${CORPUS} is absent: only docs/ is measured (the corpus and the scaled sets need it).`);

const LOCALES: Record<string, string> = { en: "en", zh: "zh-CN", ja: "ja", ko: "ko", id: "id" };
const pages = (haveCorpus ? readdirSync(CORPUS, { recursive: true, withFileTypes: true }) : [])
  .filter((e) => e.isFile() && e.name.endsWith(".md"))
  .map((e) => join(e.parentPath, e.name))
  .sort();
// Pages with at least one error table: the ones a real run of the generator is about.
const errorPages = pages.filter((file) => parsePage(file, readFileSync(file)).errorTables.length > 0);

interface Measure { wallMs: number; cpuMs: number; maxRssMiB: number }
/**
 * Runs `node <args>` as its own process and measures all of it, start-up
 * and module loading included: wall time from spawn to exit, and the CPU
 * time and peak RSS the process reports of itself as it exits (usage.mjs).
 */
function measure(env: Record<string, string>, ...args: string[]): Measure {
  const usageFile = join(tmpdir(), `doc2errors-bench-usage-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--import", join(ROOT, "bench/usage.mjs"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
  });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`bench: ${args.join(" ")} failed: ${result.stderr.slice(-2000)}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as Omit<Measure, "wallMs">;
  rmSync(usageFile, { force: true });
  return { wallMs, ...usage };
}

/** A docs folder of `count` pages: the real error pages replicated under distinct service names. */
function buildDocs(count: number): { docs: string; files: string[] } {
  const docs = mkdtempSync(join(tmpdir(), `doc2errors-bench-${count}-`));
  const entries = [];
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = errorPages[i % errorPages.length]!;
    const locale = LOCALES[source.slice(CORPUS.length + 1).split("/")[0]!] ?? "en";
    const service = `svc${String(i).padStart(5, "0")}`;
    const path = `services/${service}/2020-01-01/${locale}.md`;
    mkdirSync(dirname(join(docs, path)), { recursive: true });
    cpSync(source, join(docs, path));
    files.push(join(docs, path));
    entries.push({ path, kind: "service", service, apiVersion: "2020-01-01", locale });
  }
  writeFileSync(join(docs, "sources.json"), JSON.stringify({ revision: "2026-01-01", pages: entries }));
  return { docs, files };
}

// The command line is bundled from its sources on its first run after a change (bin.mjs): done here, outside the measures.
spawnSync(process.execPath, [join(ROOT, "generator/bin.mjs"), "--help"], { cwd: ROOT, stdio: "ignore" });

const sizes = (process.env["BENCH_SIZES"] ?? "500,1000,5000").split(",").filter(Boolean).map(Number);
/** Rounds on docs/ and at sizes under 1,000 pages (the round of the median ratio is kept): the machine's speed drifts. */
const repeat = Number(process.env["BENCH_REPEAT"] ?? 3);
/** Of rounds that each measured a bare parse and a generate side by side, the one whose ratio is the median. */
const medianRound = <T extends { parse: Measure; generate: Measure }>(rounds: readonly T[]): T => {
  const sorted = [...rounds].sort((a, b) => a.generate.wallMs / a.parse.wallMs - b.generate.wallMs / b.parse.wallMs);
  return sorted[(sorted.length - 1) >> 1]!;
};
/** One round on one input: a bare parse, a cold generate and an unchanged rerun beside it. */
interface Round {
  parse: Measure;
  generate: Measure;
  regenerate: Measure;
  /** From 1,000 pages: cold (an empty cache) into the output of the runs before, as a fresh clone of a repository that commits its output runs. */
  coldOverOutput?: Measure;
}
interface Row extends Round {
  pages: number;
  label: string;
  runs: number;
  onePageChanged?: Measure;
  /** On docs/: a rerun after one catalog release (three service versions changed). */
  catalogRelease?: Measure;
  /** On docs/: the catalog files its bare reading read. */
  catalogFiles?: number;
}
const rows: Row[] = [];
const threadRows: { threads: number; parse: Measure; generate: Measure }[] = [];
let parseOnTwo: { one: Measure; two: Measure } | undefined;

{
  // docs/ as it is: a copy, so that the run writes its own output and cache.
  const docs = mkdtempSync(join(tmpdir(), "doc2errors-bench-docs-"));
  cpSync(join(ROOT, "docs"), docs, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(docs, "sources.json"), "utf8")) as { pages: { path: string; kind: string; service: string; apiVersion: string }[] };
  const list = join(docs, "..", "docs-list.txt");
  writeFileSync(list, [...manifest.pages.map((page) => join(docs, page.path)), ...catalogFiles(docs)].join("\n"));
  // Cold runs, each into a fresh output with a fresh cache, each beside a
  // bare parse: the machine's speed drifts, so a ratio is read from a pair
  // measured side by side, and the round of the median ratio is kept.
  const rounds = Array.from({ length: repeat }, () => {
    const out = mkdtempSync(join(tmpdir(), "doc2errors-bench-out-"));
    const cache = mkdtempSync(join(tmpdir(), "doc2errors-bench-cache-"));
    const parse = measure({}, join(ROOT, "bench/parse.mjs"), list);
    const generate = measure({ DOC2ERRORS_CACHE_DIR: cache }, join(ROOT, "generator/bin.mjs"), "--docs", docs, "--out", out, "--quiet");
    return { parse, generate, out, cache };
  });
  const { parse, generate, out, cache } = medianRound(rounds);
  for (const round of rounds) if (round.out !== out) for (const dir of [round.out, round.cache]) rmSync(dir, { recursive: true, force: true });
  const run = () => measure({ DOC2ERRORS_CACHE_DIR: cache }, join(ROOT, "generator/bin.mjs"), "--docs", docs, "--out", out, "--quiet");
  const regenerate = run();
  // One action page changes: a code is added to its error table, so that
  // its service's files (codes, actions), the changelog and the version
  // change; only what depends on that page should be redone.
  const ERROR_TABLE = /(\| Error Code \| Description \|\n\|[-| ]+\|\n)/;
  const changed = manifest.pages.find((p) => p.kind === "action" && ERROR_TABLE.test(readFileSync(join(docs, p.path), "utf8")));
  if (changed === undefined) throw new Error("bench: no action page of docs/ has an English error table to add a code to");
  const page = join(docs, changed.path);
  writeFileSync(page, readFileSync(page, "utf8").replace(ERROR_TABLE, "$1| FailedOperation.AddedByTheBench | A code the bench adds. |\n"));
  const onePageChanged = run();
  const codes = readFileSync(join(out, placeOf({ kind: "service", id: changed.service, apiVersion: changed.apiVersion }).folder, "codes.ts"), "utf8");
  if (!codes.includes("AddedByTheBench")) throw new Error(`bench: the code added to ${changed.path} is not in the output`);
  // One catalog release, as fetch-docs --catalog would write it: a code added
  // to three service versions' stored files, which name the new commit, and
  // the repository's release in the manifest moved to that commit and a day
  // later (the docs' date, which dates deprecations, moves with it).
  const commit = "b".repeat(40);
  const stored = readdirSync(join(docs, "catalog/tencentcloud-sdk-go"), { recursive: true, encoding: "utf8" }).filter((p) => p.endsWith(".json")).sort().slice(0, 3);
  for (const path of stored) {
    const file = join(docs, "catalog/tencentcloud-sdk-go", path);
    const data = JSON.parse(readFileSync(file, "utf8")) as { commit: string; codes: Record<string, string> };
    data.commit = commit;
    data.codes = Object.fromEntries([...Object.entries(data.codes), ["FailedOperation.AddedByTheBenchRelease", "基准测试。"]].sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)));
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  }
  const manifestPath = join(docs, "sources.json");
  const sources = JSON.parse(readFileSync(manifestPath, "utf8")) as { catalog: Record<string, { release?: string; commit: string; date: string }> };
  const release = sources.catalog["tencentcloud-sdk-go"];
  if (release === undefined) throw new Error("bench: docs/sources.json records no release of tencentcloud-sdk-go");
  const next = new Date(`${[...Object.values(sources.catalog).map((r) => r.date)].sort().at(-1)!}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  sources.catalog["tencentcloud-sdk-go"] = { ...release, release: `${release.release ?? "v0"}-bench`, commit, date: next.toISOString().slice(0, 10) };
  writeFileSync(manifestPath, `${JSON.stringify(sources, null, 2)}\n`);
  const catalogRelease = run();
  const [service, version] = stored[0]!.replace(/\.json$/, "").split(/[\\/]/);
  if (!readFileSync(join(out, service!, version!, "codes.ts"), "utf8").includes("AddedByTheBenchRelease")) throw new Error(`bench: the code the release added to ${stored[0]} is not in the output`);
  rows.push({ pages: manifest.pages.length, label: "docs", runs: rounds.length, parse, generate, regenerate, onePageChanged, catalogRelease, catalogFiles: catalogFiles(docs).length });
  // Each thread count this machine has cores for (two at least), cold, each with a cache of its own;
  // beside each, the bare parse again (the machine's speed drifts: ratios are read side by side).
  for (let threads = 1; threads <= Math.max(2, availableParallelism()); threads++) {
    const threadCache = mkdtempSync(join(tmpdir(), "doc2errors-bench-cache-"));
    const threadOut = mkdtempSync(join(tmpdir(), "doc2errors-bench-out-"));
    const bare = measure({}, join(ROOT, "bench/parse.mjs"), list);
    const cold = measure({ DOC2ERRORS_CACHE_DIR: threadCache }, join(ROOT, "generator/bin.mjs"), "--docs", docs, "--out", threadOut, "--quiet", "--threads", String(threads));
    threadRows.push({ threads, parse: bare, generate: cold });
    for (const dir of [threadCache, threadOut]) rmSync(dir, { recursive: true, force: true });
  }
  parseOnTwo = { one: measure({}, join(ROOT, "bench/parse.mjs"), list), two: measure({}, join(ROOT, "bench/parse.mjs"), list, "2") };
  console.error(`bench: docs/ (${manifest.pages.length} pages) done`);
  for (const dir of [docs, out, cache]) rmSync(dir, { recursive: true, force: true });
  rmSync(list, { force: true });
}

for (const size of haveCorpus ? [errorPages.length, ...sizes] : []) {
  const { docs, files } = buildDocs(size);
  const list = join(docs, "..", `${size}-list.txt`);
  writeFileSync(list, files.join("\n"));
  const runs: Round[] = [];
  for (let i = 0; i < (size < 1000 ? repeat : 1); i++) {
    const out = mkdtempSync(join(tmpdir(), "doc2errors-bench-out-"));
    // A cache of its own, empty for the cold run, so that no earlier run makes it warm.
    const cache = mkdtempSync(join(tmpdir(), "doc2errors-bench-cache-"));
    const env = { DOC2ERRORS_CACHE_DIR: cache };
    const parse = measure(env, join(ROOT, "bench/parse.mjs"), list);
    // What `npm run generate` runs.
    const run = () => measure(env, join(ROOT, "generator/bin.mjs"), "--docs", docs, "--out", out, "--quiet");
    const generate = run();
    const regenerate = run();
    let coldOverOutput: Measure | undefined;
    if (size >= 1000) {
      rmSync(cache, { recursive: true, force: true });
      coldOverOutput = run();
    }
    runs.push({ parse, generate, regenerate, ...(coldOverOutput && { coldOverOutput }) });
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
  rows.push({ pages: size, label: size === errorPages.length ? "corpus" : "scaled", runs: runs.length, ...medianRound(runs) });
  console.error(`bench: ${size} pages done`);
  rmSync(docs, { recursive: true, force: true });
  rmSync(list, { force: true });
}

const f = (n: number) => n.toFixed(0);
console.log(
  "| pages | parse wall ms | parse CPU ms | parse RSS MiB | generate wall ms | generate CPU ms | generate RSS MiB | ratio (wall) | ms/page | unchanged rerun wall ms | rerun / cold | one page changed wall ms | one catalog release wall ms (/ cold) |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.pages}${r.label === "scaled" ? "" : ` (${r.label}${r.catalogFiles ? ` + ${r.catalogFiles} catalog files` : ""})`} | ${f(r.parse.wallMs)} | ${f(r.parse.cpuMs)} | ${f(r.parse.maxRssMiB)} | ${f(r.generate.wallMs)} | ${f(r.generate.cpuMs)} | ${f(r.generate.maxRssMiB)} | ${(r.generate.wallMs / r.parse.wallMs).toFixed(2)} | ${(r.generate.wallMs / r.pages).toFixed(1)} | ${f(r.regenerate.wallMs)} | ${((100 * r.regenerate.wallMs) / r.generate.wallMs).toFixed(1)}% | ${r.onePageChanged ? f(r.onePageChanged.wallMs) : "—"} | ${r.catalogRelease ? `${f(r.catalogRelease.wallMs)} (${((100 * r.catalogRelease.wallMs) / r.generate.wallMs).toFixed(1)}%)` : "—"} |`,
  );
}

const over = rows.filter((r) => r.coldOverOutput !== undefined);
if (over.length > 0) {
  console.log("\nCold (an empty cache) into the output of the runs before, as on a fresh clone of a repository that commits its output:\n");
  console.log("| pages | wall ms | CPU ms | RSS MiB |\n| ---: | ---: | ---: | ---: |");
  for (const r of over) console.log(`| ${r.pages} | ${f(r.coldOverOutput!.wallMs)} | ${f(r.coldOverOutput!.cpuMs)} | ${f(r.coldOverOutput!.maxRssMiB)} |`);
}

console.log("\n`--threads` on docs/ (cold; the bare parse measured just before each):\n");
console.log("| threads | generate wall ms | generate CPU ms | generate RSS MiB | bare parse wall ms | ratio (wall) |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of threadRows) {
  console.log(`| ${r.threads} | ${f(r.generate.wallMs)} | ${f(r.generate.cpuMs)} | ${f(r.generate.maxRssMiB)} | ${f(r.parse.wallMs)} | ${(r.generate.wallMs / r.parse.wallMs).toFixed(2)} |`);
}
if (parseOnTwo) {
  console.log(
    `\nBare parse of docs/ on one thread: ${f(parseOnTwo.one.wallMs)} ms wall, ${f(parseOnTwo.one.cpuMs)} ms CPU; dealt to two worker threads: ${f(parseOnTwo.two.wallMs)} ms wall, ${f(parseOnTwo.two.cpuMs)} ms CPU.`,
  );
}

// What the package costs its users (a process of its own: it builds and packs generated/).
console.error("bench: the package's users");
const consumer = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "bench/consumer.ts")], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!) as {
  buildMs: number;
  typecheckMs: Record<string, Record<string, number>>;
  bundleBytes: Record<string, { minified: number; gzipped: number }>;
  tarballBytes: number;
  installedBytes: number;
  installedFiles: number;
};
console.log(`\n\`npm run build\` of generated/: ${consumer.buildMs} ms.\n`);
const APPS = ["root entry", "one service", "ten services", "every service"] as const;
console.log(`| tsc --noEmit of a small app | without the package ms | ${APPS.map((app) => `${app} ms (extra)`).join(" | ")} |`);
console.log(`| --- | ---: | ${APPS.map(() => "---:").join(" | ")} |`);
for (const [setting, t] of Object.entries(consumer.typecheckMs)) {
  const none = t["none"]!;
  console.log(`| ${setting} | ${none} | ${APPS.map((app) => `${t[app]} (+${t[app]! - none})`).join(" | ")} |`);
}
console.log("\n| bundle | minified bytes | min+gzip bytes |\n| --- | ---: | ---: |");
for (const [what, size] of Object.entries(consumer.bundleBytes)) console.log(`| ${what} | ${size.minified} | ${size.gzipped} |`);
console.log(`\nTarball: ${consumer.tarballBytes} bytes; installed: ${consumer.installedBytes} bytes in ${consumer.installedFiles} files.`);

// Hostile pages (test/helpers/hostile-pages.ts): how long each takes to be refused, or read, on this thread.
const hostile = [...HOSTILE_PAGES.map(([name, text]) => [name, text] as const), ["a 9,000-row table of rowspans (read, not refused)", ROWSPAN_HOLES] as const].map(([name, text]) => {
  const bytes = Buffer.from(text);
  const start = performance.now();
  parsePage("hostile.md", bytes);
  return { name, ms: performance.now() - start };
});
console.log("\n| hostile page | parse ms |\n| --- | ---: |");
for (const { name, ms } of hostile) console.log(`| ${name} | ${ms.toFixed(0)} |`);
const refused = hostile.slice(0, HOSTILE_PAGES.length);

// The budgets of the API catalog's scale (issue 28), from this run's figures.
const docsRow = rows.find((r) => r.label === "docs")!;
const strict = consumer.typecheckMs["no skipLibCheck"]!;
// Sizes in decimal megabytes (as npm reports them), the stricter reading of the budgets.
const MB = 1000 * 1000;
const budgets: [string, number, number, string][] = [
  ["cold generate / bare reading (wall)", docsRow.generate.wallMs / docsRow.parse.wallMs, 1.15, "×"],
  ["unchanged rerun / cold", docsRow.regenerate.wallMs / docsRow.generate.wallMs, 0.05, "×"],
  ["one catalog release / cold", docsRow.catalogRelease!.wallMs / docsRow.generate.wallMs, 0.1, "×"],
  ["peak RSS of a cold generate (MiB)", docsRow.generate.maxRssMiB, 1024, ""],
  ["tsc: one service, extra (ms)", strict["one service"]! - strict["none"]!, 300, ""],
  ["tsc: ten services, extra (ms)", strict["ten services"]! - strict["none"]!, 1000, ""],
  ["tsc: the root entry, extra (ms)", strict["root entry"]! - strict["none"]!, 500, ""],
  ["bundle of CvmError, min+gzip (KB)", consumer.bundleBytes["CvmError"]!.gzipped / 1000, 6, ""],
  ["tarball (MB)", consumer.tarballBytes / MB, 8, ""],
  ["installed (MB)", consumer.installedBytes / MB, 40, ""],
  // Issue 30: a page over a limit is refused in well under a second; the rowspan holes are filled in time linear in the table.
  ["slowest hostile page refused (ms)", Math.max(...refused.map(({ ms }) => ms)), 1000, ""],
  ["9,000-row table of rowspans (ms)", hostile.at(-1)!.ms, 5000, ""],
];
console.log("\n| budget | this run | at most | met |\n| --- | ---: | ---: | --- |");
for (const [what, value, limit, unit] of budgets) console.log(`| ${what} | ${value.toFixed(unit === "×" ? 3 : 1)} | ${limit} | ${value <= limit ? "yes" : "**no**"} |`);

mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/latest.json"), `${JSON.stringify({ node: process.version, rows, threadRows, parseOnTwo, consumer, hostile }, null, 2)}\n`);
console.log("\nwritten: bench/results/latest.json");
