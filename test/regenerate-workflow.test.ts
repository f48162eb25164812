import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fakeGitHub, type FakeGitHub } from "./helpers/github.js";
import { goFiles, type StoredFile } from "./helpers/catalog.js";
import { parsePage } from "../generator/parse/page.js";
import { docsManifest, ROOT, tempDir, type ManifestEntry as Entry } from "./helpers/generate.js";

/**
 * The regenerate workflow's own steps, read from .github/workflows/regenerate.yml
 * (so that this cannot drift from it), run on a fresh clone of this repository
 * against a local stand-in for GitHub serving a snapshot of the upstream newer
 * than docs/: resolve, fetch and generate as the workflow does, then the
 * tests that depend on the docs (`npm run test:docs`; not the whole suite,
 * which would run this test again), and the pull request it would open.
 */
interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly with?: Readonly<Record<string, string>>;
}
const workflow = parse(readFileSync(join(ROOT, ".github/workflows/regenerate.yml"), "utf8")) as { jobs: { regenerate: { steps: Step[] } } };
const steps = workflow.jobs.regenerate.steps;

const NEW = "c0ffee5e0a6f0f6e2f2b58c3e4d9a07b1a2c3d4e";
const NEW_DATE = "2025-01-06";
/** A code the newer upstream documents. */
const NEW_CODE = "FailedOperation.Doc2errorsWorkflowTest";
const manifest = docsManifest();
/** The committed output's snapshot: the revision and catalog releases the change report starts from. */
const before = JSON.parse(readFileSync(join(ROOT, "generated/snapshot.json"), "utf8")) as { revision: string; catalog?: string };

/** The API catalog's newer releases: docs/catalog/ as it is, written back as Go files, with a code added and a service version gone. */
const CATALOG_DATE = "2026-06-08";
const CATALOG_CODE = "FailedOperation.Doc2errorsCatalogTest";
const CATALOG = {
  "tencentcloud-sdk-go": { repo: "TencentCloud/tencentcloud-sdk-go", commit: "ca7a1096000000000000000000000000000000a1", tag: "v1.3.108" },
  "tencentcloud-sdk-go-intl-en": { repo: "TencentCloud/tencentcloud-sdk-go-intl-en", commit: "ca7a1096000000000000000000000000000000e2", tag: "v3.0.1416" },
} as const;
function newerCatalog() {
  const files = Object.fromEntries(Object.keys(CATALOG).map((repository) => [repository, new Map<string, Uint8Array>()])) as Record<keyof typeof CATALOG, Map<string, Uint8Array>>;
  const stored = (repository: string) =>
    readdirSync(join(ROOT, "docs/catalog", repository), { recursive: true, encoding: "utf8" })
      .filter((path) => path.endsWith(".json"))
      .sort()
      .map((path) => JSON.parse(readFileSync(join(ROOT, "docs/catalog", repository, path), "utf8")) as StoredFile);
  const en = new Set(stored("tencentcloud-sdk-go-intl-en").map((file) => `${file.service}/${file.version}`));
  const paged = new Set(manifest.pages.map((page) => page.service));
  // A service version only the Chinese catalog documents, gone upstream: kept, deprecated.
  const gone = stored("tencentcloud-sdk-go").find((file) => !en.has(`${file.service}/${file.version}`) && !paged.has(file.service))!;
  for (const repository of Object.keys(CATALOG) as (keyof typeof CATALOG)[]) {
    for (const file of stored(repository)) {
      if (repository === "tencentcloud-sdk-go" && file.service === gone.service && file.version === gone.version) continue;
      let written: StoredFile = file;
      if (repository === "tencentcloud-sdk-go" && file.service === "cvm" && file.version === "v20170312") {
        const [first, codes] = Object.entries(file.actions)[0]!;
        written = { ...file, codes: { ...file.codes, [CATALOG_CODE]: "工作流测试。" }, actions: { ...file.actions, [first]: [...codes, CATALOG_CODE].sort() } };
      }
      const go = goFiles(written);
      files[repository].set(`tencentcloud/${file.service}/${file.version}/errors.go`, Buffer.from(go.errors));
      files[repository].set(`tencentcloud/${file.service}/${file.version}/client.go`, Buffer.from(go.client));
    }
  }
  return { files, gone: `${gone.service}@${gone.version.slice(1, 5)}-${gone.version.slice(5, 7)}-${gone.version.slice(7)}` };
}

/**
 * The upstream at its newest commit: docs/ as it was fetched, then a page deleted (an action's only page),
 * two moved (one edited), a code added to an error-code table and an action's page in a new language.
 * The pages are chosen from docs/ as it is (the first that fit, in path order), so that this holds on any state of the docs.
 */
function newerUpstream() {
  const pages = manifest.pages.filter((page) => page.upstream !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1));
  const files = new Map<string, Uint8Array>();
  for (const page of pages) files.set(page.upstream!.path, new Uint8Array(readFileSync(join(ROOT, "docs", page.path))));
  const text = (path: string) => new TextDecoder().decode(files.get(path)!);
  const actionKey = (page: Entry) => `${page.service}@${page.apiVersion} ${page.action}`;
  const pagesOf = new Map<string, Entry[]>();
  for (const page of pages) if (page.kind === "action") (pagesOf.get(actionKey(page)) ?? pagesOf.set(actionKey(page), []).get(actionKey(page))!).push(page);
  const used = new Set<Entry>();
  const pick = (test: (page: Entry) => boolean) => {
    // Pages placed by what they state (one placed by hand is followed only with its bytes).
    const page = pages.find((p) => !used.has(p) && p.placement === undefined && test(p));
    if (page === undefined) throw new Error("docs/ has no page to change so");
    used.add(page);
    return page;
  };
  // An action's only page, deleted: the action is deprecated (one the API catalog does not list, which would still document it).
  const catalogActions = new Set(
    readdirSync(join(ROOT, "docs/catalog"), { recursive: true, encoding: "utf8" })
      .filter((path) => path.endsWith(".json"))
      .flatMap((path) => {
        const stored = JSON.parse(readFileSync(join(ROOT, "docs/catalog", path), "utf8")) as StoredFile;
        const version = `${stored.version.slice(1, 5)}-${stored.version.slice(5, 7)}-${stored.version.slice(7)}`;
        return Object.keys(stored.actions).map((action) => `${stored.service}@${version} ${action}`);
      }),
  );
  const gone = pick((page) => page.kind === "action" && pagesOf.get(actionKey(page))!.length === 1 && !catalogActions.has(actionKey(page)));
  files.delete(gone.upstream!.path);
  // A page moved to a folder of its own, with its bytes; another moved and edited.
  const movedTo = (page: Entry) => page.upstream!.path.replace(/\/([^/]+)$/, "/2025/$1");
  const moved = pick((page) => page.kind === "action" && page.locale === "en");
  files.set(movedTo(moved), files.get(moved.upstream!.path)!);
  files.delete(moved.upstream!.path);
  const edited = pick((page) => page.kind === "action" && page.locale === "en");
  files.set(movedTo(edited), new TextEncoder().encode(`${text(edited.upstream!.path)}\n<!-- Reviewed in 2025. -->\n`));
  files.delete(edited.upstream!.path);
  // A code added to an error-code table (a GFM row of the service's own codes, copied), of a service whose
  // error-code pages come in other languages too: those lack it, a new warning.
  const locales = (page: Entry) => new Set(pages.filter((p) => p.kind === "service" && p.service === page.service && p.apiVersion === page.apiVersion).map((p) => p.locale)).size;
  let row: { line: number; code: string } | undefined;
  const table = pick((page) => {
    if (page.kind !== "service" || locales(page) < 2) return false;
    const parsed = parsePage(page.path, files.get(page.upstream!.path)!);
    const found = parsed.errorTables.find((t) => t.syntax === "gfm" && t.section !== "common" && t.rows.length > 0)?.rows[0];
    row = found && { line: found.position.line, code: found.code };
    return row !== undefined;
  });
  const lines = text(table.upstream!.path).split("\n");
  lines.splice(row!.line, 0, lines[row!.line - 1]!.replace(row!.code, NEW_CODE));
  files.set(table.upstream!.path, new TextEncoder().encode(lines.join("\n")));
  // An English action page in Japanese as well (its bytes, under the Japanese file name).
  const english = pick((page) => page.kind === "action" && page.locale === "en" && /_intl\.md$/.test(page.upstream!.path) && !pagesOf.get(actionKey(page))!.some((p) => p.locale === "ja"));
  const ja = english.upstream!.path.replace(/_intl\.md$/, "_intl_jp.md");
  files.set(ja, files.get(english.upstream!.path)!);
  return { files, gone, moved: [moved, movedTo(moved)] as const, edited: [edited, movedTo(edited)] as const, table, english, ja };
}

/**
 * A workflow expression, as the steps use them: unknown ones fail the test, so that a step
 * the workflow grows is one this test learns to run.
 */
function evaluate(value: string, context: { outputs: Record<string, Record<string, string>>; temp: string }): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const known: Record<string, () => string> = {
      "inputs.ref || 'master'": () => "master", // a scheduled run has no inputs
      "github.token": () => "workflow-token",
      "runner.temp": () => context.temp,
      "secrets.REGENERATE_TOKEN || github.token": () => "workflow-token",
    };
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) {
      const found = context.outputs[output[1]!]?.[output[2]!];
      if (found === undefined) throw new Error(`no output ${expression}`);
      return found;
    }
    if (!(expression in known)) throw new Error(`this test does not know the workflow expression ${JSON.stringify(expression)}`);
    return known[expression]!();
  });
}

/** A step's script, as a runner runs it: bash, stopping at the first failure. */
function run(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-eo", "pipefail", "-c", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("the regenerate workflow, run on a fresh clone", () => {
  let github: FakeGitHub;
  let upstream: ReturnType<typeof newerUpstream>;
  let catalog: ReturnType<typeof newerCatalog>;
  beforeAll(async () => {
    upstream = newerUpstream();
    catalog = newerCatalog();
    const commits = new Map([
      [NEW, { date: "2025-01-06T08:00:00+08:00", files: upstream.files }],
      [CATALOG["tencentcloud-sdk-go"].commit, { date: `${CATALOG_DATE}T02:00:00Z`, files: catalog.files["tencentcloud-sdk-go"] }],
      [CATALOG["tencentcloud-sdk-go-intl-en"].commit, { date: `${CATALOG_DATE}T03:00:00Z`, files: catalog.files["tencentcloud-sdk-go-intl-en"] }],
    ]);
    const repos = Object.fromEntries(Object.values(CATALOG).map(({ repo, commit, tag }) => [repo, { refs: { [tag]: commit }, latest: tag }]));
    // GitHub gives a tree this large truncated: the listing goes folder by folder.
    github = await fakeGitHub(commits, { master: NEW }, { truncateAbove: 1000, repos });
  });
  afterAll(() => github.close());

  it("fetches the newer docs, regenerates, passes the tests that depend on the docs, and proposes the change report", async () => {
    // What a clone holds: the files git tracks (and those it would, of a working tree not yet committed), and no installed package.
    const clone = tempDir("workflow-clone");
    const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    for (const path of tracked) {
      try {
        mkdirSync(dirname(join(clone, path)), { recursive: true });
        copyFileSync(join(ROOT, path), join(clone, path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; // deleted in the working tree
      }
    }
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: clone, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "main");

    const temp = tempDir("workflow-runner");
    const outputFile = join(temp, "github-output");
    writeFileSync(outputFile, "");
    const context = { outputs: {} as Record<string, Record<string, string>>, temp };
    const env = {
      ...process.env,
      // Where GitHub is, for this run: the stand-in.
      DOC2ERRORS_API_URL: github.apiUrl,
      DOC2ERRORS_BASE_URL: github.baseUrl,
      DOC2ERRORS_CATALOG_BASE_URL: github.baseUrl,
      DOC2ERRORS_CACHE_DIR: join(clone, ".cache/doc2errors"),
      DOC2ERRORS_REF: "",
      CI: "true",
      FORCE_COLOR: "0",
    };
    const ran: string[] = [];
    let pullRequest: Step | undefined;
    for (const step of steps) {
      if (step.uses?.startsWith("actions/checkout@") || step.uses?.startsWith("actions/setup-node@")) continue; // the clone; this Node
      if (step.uses?.startsWith("peter-evans/create-pull-request@")) {
        pullRequest = step;
        continue;
      }
      expect(step.uses, "a step this test does not know how to run").toBeUndefined();
      // Installed already: the clone shares this checkout's node_modules (npm ci needs the registry).
      if (step.run === "npm ci") {
        symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
        continue;
      }
      // The tests that depend on the docs; the whole suite would run this test again.
      const script = step.run === "npm test" ? "npm run test:docs" : step.run!;
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value, context)]));
      // Asynchronously: the stand-in for GitHub answers from this process.
      const result = await run(script, { ...env, ...stepEnv, GITHUB_OUTPUT: outputFile }, clone);
      ran.push(`${step.name ?? script}: ${result.stderr}${result.stdout}`);
      expect(result.status, `${step.name ?? script}\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-4000)}`).toBe(0);
      if (step.id) {
        context.outputs[step.id] = Object.fromEntries(
          readFileSync(outputFile, "utf8")
            .split("\n")
            .filter((line) => line.includes("="))
            .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
        );
      }
    }
    expect(context.outputs["upstream"]).toEqual({ commit: NEW, date: NEW_DATE });

    // What fetch-docs did: the page deleted, the moves followed, the new page added.
    const fetchLog = ran.find((line) => line.startsWith("Fetch the docs at that commit:"))!;
    expect(fetchLog).toContain(`fetch-docs: deleted upstream, removed: docs/${upstream.gone.path} (${upstream.gone.upstream!.path})`);
    expect(fetchLog).toContain(`fetch-docs: moved upstream: docs/${upstream.moved[0].path} (${upstream.moved[0].upstream!.path} → ${upstream.moved[1]})`);
    expect(fetchLog).toContain(`fetch-docs: moved upstream, and edited: docs/${upstream.edited[0].path} (${upstream.edited[0].upstream!.path} → ${upstream.edited[1]})`);
    const jaPage = upstream.english.path.replace(/\/en\.md$/, "/ja.md");
    expect(fetchLog).toContain(`fetch-docs: added docs/${jaPage} (${upstream.ja})`);
    expect(fetchLog).toMatch(/fetch-docs at c0ffee5 \(2025-01-06\): 1 updated, 1 added, 2 moved, 1 deleted, \d+ unchanged, 0 failed; 0 left out, 0 duplicate\(s\); docs revision 2025-01-06\n/);
    const fetched = JSON.parse(readFileSync(join(clone, "docs/sources.json"), "utf8")) as { revision: string; commit: string; pages: { upstream?: { commit?: string } }[] };
    expect(fetched).toMatchObject({ revision: NEW_DATE, commit: NEW });
    expect(fetched.pages.filter((page) => page.upstream !== undefined && page.upstream.commit !== NEW)).toEqual([]);

    // The pull request: docs/ and generated/ alone, its body the change report.
    expect(pullRequest?.with?.["add-paths"]?.trim().split("\n")).toEqual(["docs/", "generated/"]);
    // (node_modules: this test's link in place of npm ci, which git sees, being no folder.)
    const changed = git("status", "--porcelain", "--untracked-files=all").split("\n").filter(Boolean).map((line) => line.slice(3)).filter((path) => path !== "node_modules");
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((path) => !path.startsWith("docs/") && !path.startsWith("generated/")), "changes the pull request would leave out").toEqual([]);
    const body = readFileSync(evaluate(pullRequest!.with!["body-path"]!, context), "utf8");
    const [major, minor] = (JSON.parse(readFileSync(join(ROOT, "generated/package.json"), "utf8")).version as string).split(".").map(Number);
    const version = `${major}.${minor! + 1}.0`;
    const releases = (which: "before" | "after") =>
      which === "before"
        ? before.catalog!.split(", ").map((name) => `\`${name}\``).join(", ")
        : Object.entries(CATALOG).map(([repository, { tag }]) => `\`${repository} ${tag}\``).join(", ");
    expect(body).toContain(
      `## Error code changes (docs ${before.revision}, upstream commit \`${manifest.commit!.slice(0, 7)}\`; API catalog ${releases("before")} → ${CATALOG_DATE}, upstream commit \`c0ffee5\`; API catalog ${releases("after")})`,
    );
    expect(body).toContain(`Package version ${version} (minor release).`);
    const { gone, table } = upstream;
    // Deprecations date from the newest of the two sources (the catalog's release, here).
    expect(body).toContain(`- \`${gone.service}@${gone.apiVersion}\`: action \`${gone.action}\`: no longer documented (was: doc pages); kept as deprecated, with its codes, until 2026-12-05\n`);
    expect(body).toContain(`- \`${table.service}@${table.apiVersion}\`: code \`${NEW_CODE}\` (doc pages)\n`);
    // What the catalog changed, said to come from it.
    const catalogLog = ran.find((line) => line.startsWith("Fetch the API catalog at its latest releases:"))!;
    expect(catalogLog).toContain(`deleted upstream, removed: docs/catalog/tencentcloud-sdk-go/${catalog.gone.replace(/@(\d{4})-(\d{2})-(\d{2})$/, "/v$1$2$3")}.json`);
    expect(body).toContain(`- \`cvm@2017-03-12\`: code \`${CATALOG_CODE}\` (API catalog)\n`);
    expect(body).toContain(`- service version \`${catalog.gone}\`: no longer documented (was: API catalog); kept as deprecated, with its codes and actions, until 2026-12-05\n`);
    const recorded = JSON.parse(readFileSync(join(clone, "docs/sources.json"), "utf8")) as { catalog: Record<string, { release: string; commit: string; date: string }> };
    for (const [repository, { commit, tag }] of Object.entries(CATALOG)) expect(recorded.catalog[repository]).toMatchObject({ release: tag, commit, date: CATALOG_DATE });
    expect(changed).toContain("docs/catalog/tencentcloud-sdk-go/cvm/v20170312.json");
    // The order of a reader: what breaks first.
    expect(body.indexOf("### No longer documented")).toBeLessThan(body.indexOf("### Added"));
    // A code one language's page lists: new among the warnings, for a maintainer to review.
    expect(body).toMatch(new RegExp(`### Warnings to review\\n\\nNew warnings of the docs[^\\n]*\\n\\n(- [^\\n]*\\n)*- \`docs/services/${table.service}/${table.apiVersion}/[^\`]*\` D2E304: [^\\n]*${NEW_CODE.replace(".", "\\\\\\.")}`));
    expect(existsSync(join(clone, "generated", upstream.english.service, `v${upstream.english.apiVersion.replace(/-/g, "")}`, "messages.ja.ts"))).toBe(true);
    expect(readFileSync(join(clone, "generated/CHANGELOG.md"), "utf8")).toContain(`## ${version} (minor; docs ${CATALOG_DATE}, upstream commit \`c0ffee5\`; API catalog ${releases("after")})`);
  }, 240_000);
});
