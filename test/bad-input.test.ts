import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { main } from "../generator/cli.js";
import { copyGolden, goldenTree, readTree, SAMPLE, tempDir } from "./helpers/generate.js";

/**
 * Every kind of bad argument and bad file, run through the command line's
 * `main` in this process: each ends with exit status 1 or 2 and a message
 * that names what is wrong (the file, with line and column, when there is
 * one); none throws (which a process reports as "internal error" with a
 * stack trace), and none changes docs/ or a previous output.
 */
async function cli(root: string, ...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return mainOutput(root, ["--threads", "1", "--no-cache", ...argv]);
}

async function mainOutput(root: string, argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    // A throw here is what `run` would print as an internal error: the test fails on it.
    const status = await main(argv, root);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const PAGE = "docs/services/cdb/2017-03-20/ja.md";

/** A fresh copy of the sample docs/ and its committed output, for each case. */
function fresh(): string {
  const work = tempDir("bad-input");
  cpSync(join(SAMPLE, "docs"), join(work, "docs"), { recursive: true });
  copyGolden(SAMPLE, join(work, "generated"));
  return work;
}

describe("bad arguments: exit status 2, the usage, nothing written", () => {
  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["positional"], "Unexpected argument 'positional'"],
    [["--threads", "0"], "--threads takes a whole number from 1"],
    [["--threads", "two"], "--threads takes a whole number from 1"],
    [["--report", "xml"], '--report takes "json" or "summary"'],
    [["--pages", "docs"], "--pages goes with --report json"],
    [["--report", "json", "--pages", "/no/such/folder"], '--pages: no file or folder "/no/such/folder"'],
    [["--changes", "html"], '--changes takes "md" or "json"'],
    [["--changes", "md", "--changes-file", "no/such/folder/changes.md"], '--changes-file: no folder for "no/such/folder/changes.md"'],
    [["--bump", "huge"], '--bump takes "major", "minor" or "patch"'],
    [["--revision", "yesterday"], "--revision takes a date such as 2026-11-23"],
    [["--docs", "docs/sources.json"], '--docs: "docs/sources.json" is not a folder'],
    [["--out", "docs/sources.json"], '--out: "docs/sources.json" is not a folder'],
    // An output folder that is, holds or sits in the docs: a run would remove the docs.
    [["--out", ""], '--out: "" and --docs "docs" overlap'],
    [["--out", "."], '--out: "." and --docs "docs" overlap'],
    [["--out", "docs"], '--out: "docs" and --docs "docs" overlap'],
    [["--out", "docs/out"], '--out: "docs/out" and --docs "docs" overlap'],
  ])("%j", async (argv, message) => {
    const root = fresh();
    const result = await cli(root, ...argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage:");
    expect(readTree(join(root, "docs"))).toEqual(readTree(join(SAMPLE, "docs")));
    expect(readTree(join(root, "generated"))).toEqual(goldenTree(SAMPLE));
  });

  it("refuses an output folder of other files, which a run would replace or remove", async () => {
    const root = fresh();
    mkdirSync(join(root, "notes"));
    writeFileSync(join(root, "notes/todo.txt"), "mine\n");
    const result = await cli(root, "--out", "notes");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--out: "notes" holds files no output of doc2errors wrote (todo.txt)');
    expect(readFileSync(join(root, "notes/todo.txt"), "utf8")).toBe("mine\n");
  });
});

describe("bad files: exit status 1, the file named with line and column, nothing written", () => {
  const cases: [string, (root: string) => void, string[], RegExp][] = [
    ["no sources.json", (root) => rmSync(join(root, "docs/sources.json")), [], /^docs\/sources\.json:1:1: error D2E001: cannot read sources\.json: it does not exist$/m],
    ["sources.json is a folder", (root) => (rmSync(join(root, "docs/sources.json")), mkdirSync(join(root, "docs/sources.json"))), [], /^docs\/sources\.json:1:1: error D2E001: cannot read sources\.json: it is a folder, not a file$/m],
    ["sources.json is a FIFO", (root) => (rmSync(join(root, "docs/sources.json")), execFileSync("mkfifo", [join(root, "docs/sources.json")])), [], /^docs\/sources\.json:1:1: error D2E001: cannot read sources\.json: it is not a regular file$/m],
    ["sources.json is not JSON", (root) => writeFileSync(join(root, "docs/sources.json"), '{\n  "pages": [,]\n}'), [], /^docs\/sources\.json:2:13: error D2E001: not valid JSON: unexpected ","$/m],
    ["sources.json nests without end", (root) => writeFileSync(join(root, "docs/sources.json"), "[".repeat(100_000)), [], /^docs\/sources\.json:1:1002: error D2E001: not valid JSON/m],
    ["sources.json is an array", (root) => writeFileSync(join(root, "docs/sources.json"), "[]"), [], /^docs\/sources\.json:1:1: error D2E001: expected an object with a "pages" array$/m],
    ["an entry leaves docs/", (root) => writeFileSync(join(root, "docs/sources.json"), '{"pages": [{"path": "../../etc/passwd.md", "kind": "service", "service": "cdb", "apiVersion": "2017-03-20", "locale": "ja"}]}'), [], /^docs\/sources\.json:1:13: error D2E004: "\.\.\/\.\.\/etc\/passwd\.md" should be "services\/cdb\/2017-03-20\/ja\.md"/m],
    ["deprecation is not an object", (root) => writeFileSync(join(root, "docs/sources.json"), '{"pages": [], "deprecation": "soon"}'), [], /^docs\/sources\.json:1:15: error D2E001: "deprecation" must be \{"keepDays": a whole number of days\}$/m],
    ["a listed page is missing", (root) => rmSync(join(root, PAGE)), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:1: error D2E002: listed in sources\.json, but it does not exist$/m],
    ["a listed page is a folder", (root) => (rmSync(join(root, PAGE)), mkdirSync(join(root, PAGE))), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:1: error D2E002: listed in sources\.json, but it is a folder, not a file$/m],
    ["a listed page is a FIFO (a read would wait forever)", (root) => (rmSync(join(root, PAGE)), execFileSync("mkfifo", [join(root, PAGE)])), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:1: error D2E002: listed in sources\.json, but it is not a regular file$/m],
    ["a listed page links to itself", (root) => (rmSync(join(root, PAGE)), symlinkSync("ja.md", join(root, PAGE))), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:1: error D2E008: /m],
    ["a listed page links out of docs/", (root) => (rmSync(join(root, PAGE)), symlinkSync("/etc/hostname", join(root, PAGE))), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:1: error D2E008: /m],
    ["a listed page is too large (refused unread)", (root) => writeFileSync(join(root, PAGE), Buffer.alloc(9 * 1024 * 1024, 0x20)), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:1: error D2E103: page is 9437184 bytes; the limit is 8388608$/m],
    ["a listed page is not UTF-8", (root) => writeFileSync(join(root, PAGE), Buffer.from([0x23, 0x20, 0xff, 0xfe])), [], /^docs\/services\/cdb\/2017-03-20\/ja\.md:1:3: error D2E101: page is not valid UTF-8$/m],
    ["the previous snapshot is not JSON", (root) => writeFileSync(join(root, "generated/snapshot.json"), '{"revision": "2026-01-01",\n oops'), [], /^generated\/snapshot\.json:2:2: error: not valid JSON: unexpected "o"\ngenerate: the previous snapshot is damaged; .*restore it \(git checkout -- generated\/snapshot\.json\)/m],
    ["the previous snapshot has another shape", (root) => writeFileSync(join(root, "generated/snapshot.json"), '{"revision": "2026-01-01", "sets": {"cdb@2017-03-20": {"kind": "service", "apiVersion": "2017-03-20", "codes": {"A": 5}}}}'), [], /^generated\/snapshot\.json:1:1: error: "sets"\["cdb@2017-03-20"\]\["codes"\]\["A"\] must be/m],
    ["the previous snapshot, with --check", (root) => writeFileSync(join(root, "generated/snapshot.json"), "null"), ["--check"], /^generated\/snapshot\.json:1:1: error: expected an object$/m],
    ["the previous snapshot links out of generated/", (root) => (rmSync(join(root, "generated/snapshot.json")), symlinkSync("/etc/hostname", join(root, "generated/snapshot.json"))), [], /^generated\/snapshot\.json:1:1: error: cannot read the previous snapshot: it is a symlink leading out of the output folder$/m],
  ];

  it.each(cases)("%s", async (_name, damage, argv, message) => {
    const root = fresh();
    damage(root);
    const before = readTree(join(root, "generated"));
    const result = await cli(root, ...argv);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readTree(join(root, "generated"))).toEqual(before);
  });

  it("the previous snapshot damaged, with the cache on: checked unless a recorded run is served (whose output it is, byte for byte)", async () => {
    const root = fresh();
    // The cache's folder, `.cache/doc2errors`, is below `root`.
    const run = () => mainOutput(root, ["--threads", "1"]);
    expect((await run()).status).toBe(0);
    expect((await run()).stdout).toMatch(/generated\/ is up to date/);
    const snapshot = join(root, "generated/snapshot.json");
    writeFileSync(snapshot, readFileSync(snapshot, "utf8").replace('"revision"', '"revision" oops'));
    const before = readTree(join(root, "generated"));
    const result = await run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^generated\/snapshot\.json:2:\d+: error: not valid JSON: unexpected "o"\ngenerate: the previous snapshot is damaged; /m);
    expect(readTree(join(root, "generated"))).toEqual(before);
  });

  it("--report json --pages reports a page it cannot read, and reads the others", async () => {
    const root = fresh();
    execFileSync("mkfifo", [join(root, "docs/waiting.md")]);
    const result = await cli(root, "--report", "json", "--pages", "docs/waiting.md", "--pages", PAGE);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { pages: { file: string; diagnostics: string[] }[] };
    expect(report.pages.map((page) => [page.file, page.diagnostics.filter((d) => d.includes("D2E002"))])).toEqual([
      [PAGE, []],
      ["docs/waiting.md", ["docs/waiting.md:1:1: error D2E002: given with --pages, but it is not a regular file"]],
    ]);
  });
});
