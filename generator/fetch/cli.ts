import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../model/diagnostics.js";
import { terminalText as t } from "../model/escape.js";
import { existsSync } from "node:fs";
import { DEFAULT_BASE_URL, DEFAULT_REF, DEFAULTS, fetchDocs, ManifestError, UnknownDateError, upstreamRepository, type FetchDocsResult, type PageEvent } from "./fetch-docs.js";
import { recoverDocs, DocsChangeError } from "./transaction.js";
import { DEFAULT_API_URL, directoryUpstream, isRefName, latestRelease, type Upstream } from "./upstream.js";
import { CATALOG_ROOTS, CatalogError, fetchCatalog } from "./catalog.js";
import { CATALOG_REPOSITORIES } from "../model/catalog.js";

const USAGE = `Usage: npm run fetch-docs -- [options]

Brings docs/ to a commit of the upstream documentation repository: updates
the pages of docs/sources.json that have an "upstream" and, with --discover,
adds the pages the manifest lacks, follows pages that moved and removes
pages deleted upstream. The docs revision becomes the date of that commit,
and every page read records the commit. A page is only ever replaced by a
complete, non-empty, valid UTF-8 download; anything else leaves it as it was
and is reported.

Options:
  --docs <dir>         docs folder (default: docs)
  --ref <ref>          branch, tag or commit to read (default: $DOC2ERRORS_REF,
                       else ${DEFAULT_REF}); over HTTP, resolved to a commit by the API
  --commit <sha>       the commit to read (over HTTP, instead of --ref); with
                       --upstream-dir, the commit the folder holds
  --date <YYYY-MM-DD>  the date of that commit, when the upstream cannot tell it
                       (a folder that is no Git checkout): the docs revision
  --recover            complete a change of docs/ an interrupted run began, and stop
                       (every run does so first)
  --resolve            print the commit --ref names and its date, as
                       "commit=<sha>" and "date=<YYYY-MM-DD>" lines, and stop
  --discover           read the upstream's listing (API/API 3.0/ and the legacy
                       API/API文档公用部分/): add the error-code, action and
                       legacy pages the manifest lacks, each placed by what it
                       states (see README, "Where a page belongs") or left out
                       with a diagnostic; follow pages that moved; remove
                       pages deleted upstream (see README, "Keeping up with the docs")
  --upstream-dir <dir> read a local copy of the upstream repository instead of
                       HTTP (a Git checkout is dated by its HEAD)
  --base-url <url>     over HTTP: pages are read from <url>/<commit>/<path>
                       (default: $DOC2ERRORS_BASE_URL, else ${DEFAULT_BASE_URL})
  --api-url <url>      over HTTP: the GitHub API (default: $DOC2ERRORS_API_URL, else
                       ${DEFAULT_API_URL} for the default base URL, none otherwise);
                       $GITHUB_TOKEN, if set, is sent to it and nowhere else
  --listing-url <url>  over HTTP: the listing for --discover; {ref} is replaced by
                       the commit (default: the repository's Git tree from the API)
  --catalog <name>     bring the API error catalog of docs/ (docs/catalog/<name>/) to
                       a commit of the SDK repository <name> instead of the pages:
                       tencentcloud-sdk-go (zh-CN) or tencentcloud-sdk-go-intl-en (en);
                       over HTTP from GitHub (github.com/TencentCloud/<name>), or from
                       a checkout of it (--upstream-dir); --ref, --commit, --date,
                       --resolve and --recover work as for the pages
  --release <tag>      with --catalog: the release the commit is (v1.3.107), recorded;
                       without --ref or --commit, the catalog is read at the latest
                       release the GitHub API names, and that release is recorded
                       (over HTTP, raw files from $DOC2ERRORS_CATALOG_BASE_URL, where
                       {repo} is the repository, else raw.githubusercontent.com)
  --only <path>        only this page (path relative to the docs folder); may be repeated
  --timeout-ms <n>     per request (default: ${DEFAULTS.timeoutMs})
  --retries <n>        retries after a network error, timeout, 429 or 5xx (default: ${DEFAULTS.retries})
  --backoff-ms <n>     delay before the first retry, doubled each time (default: ${DEFAULTS.backoffMs})
  --concurrency <n>    requests at a time (default: ${DEFAULTS.concurrency})
  --force              replace or delete pages even when edited locally (their
                       bytes no longer match the sha256 in sources.json)
  -h, --help           show this help

Exit status: 0 success, 1 some page failed (the others are saved), 2 bad usage
(or a change whose date is not known: nothing written), 130 interrupted (pages
read so far are saved).`;

interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export async function main(
  argv: readonly string[],
  root = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
  stderr: Output = process.stderr,
  stdout: Output = process.stdout,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        docs: { type: "string", default: "docs" },
        "base-url": { type: "string" },
        "api-url": { type: "string" },
        ref: { type: "string" },
        commit: { type: "string" },
        date: { type: "string" },
        resolve: { type: "boolean", default: false },
        recover: { type: "boolean", default: false },
        only: { type: "string", multiple: true },
        "timeout-ms": { type: "string" },
        retries: { type: "string" },
        "backoff-ms": { type: "string" },
        concurrency: { type: "string" },
        force: { type: "boolean", default: false },
        discover: { type: "boolean", default: false },
        "listing-url": { type: "string" },
        "upstream-dir": { type: "string" },
        catalog: { type: "string" },
        release: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }

  const usage = (message: string): number => {
    stderr.write(`fetch-docs: ${message}\n\n${USAGE}\n`);
    return 2;
  };
  const numbers: Record<string, number | undefined> = {};
  for (const [name, min] of [["timeout-ms", 1], ["retries", 0], ["backoff-ms", 0], ["concurrency", 1]] as const) {
    const text = values[name];
    if (text === undefined) continue;
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
      return usage(`--${name} takes a whole number${min > 0 ? ` of at least ${min}` : ""}, not "${t(text)}"`);
    }
    numbers[name] = Number(text);
  }
  const urlOption = (name: string, value: string | undefined): string | number | undefined => {
    if (value === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    return url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") ? usage(`${name} must be an http(s) URL, not "${t(value)}"`) : value;
  };
  const baseUrl = urlOption("the base URL", values["base-url"] ?? (env["DOC2ERRORS_BASE_URL"] || undefined));
  const apiUrl = urlOption("the API URL", values["api-url"] ?? (env["DOC2ERRORS_API_URL"] || undefined));
  const listingUrl = urlOption("the listing URL", values["listing-url"]);
  for (const value of [baseUrl, apiUrl, listingUrl]) if (typeof value === "number") return value;
  const ref = values.ref ?? (env["DOC2ERRORS_REF"] || undefined);
  if (ref !== undefined && !isRefName(ref)) return usage(`${JSON.stringify(t(ref))} is not a branch, tag or commit name`);
  if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit)) return usage("--commit takes a full commit hash (40 hex digits)");
  if (values.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || Number.isNaN(Date.parse(`${values.date}T00:00:00Z`)))) {
    return usage(`--date takes a date such as 2024-12-24, not "${t(values.date)}"`);
  }
  if (values.commit !== undefined && values.ref !== undefined) return usage("--ref and --commit name the same thing: give one");
  if (values.only !== undefined && values.discover) return usage("--only and --discover do not go together: discovery looks at every page");

  const docsPrefix = values.docs.replace(/^\.\//, "").replace(/\/+$/, "");
  const docsDir = resolve(root, values.docs);
  // A path relative to the docs folder, or (as the shell completes it) a path to a file in it: `docs/x.md`.
  const only = values.only?.map((path) => {
    const inDocs = relative(docsDir, resolve(root, path));
    return inDocs !== "" && !inDocs.startsWith("..") && !isAbsolute(inDocs) ? inDocs.split(sep).join("/") : path.replace(/^\.\//, "");
  });

  const upstreamDir = values["upstream-dir"] === undefined ? undefined : resolve(root, values["upstream-dir"]);
  if (upstreamDir !== undefined && !existsSync(upstreamDir)) return usage(`--upstream-dir: no folder ${t(values["upstream-dir"]!)}`);
  if (upstreamDir !== undefined && (baseUrl !== undefined || values["api-url"] !== undefined || listingUrl !== undefined || values.ref !== undefined)) {
    return usage("--upstream-dir reads a local copy: --ref, --base-url, --api-url and --listing-url are for HTTP");
  }
  const controller = new AbortController();
  const http = {
    timeoutMs: numbers["timeout-ms"] ?? DEFAULTS.timeoutMs,
    retries: numbers["retries"] ?? DEFAULTS.retries,
    backoffMs: numbers["backoff-ms"] ?? DEFAULTS.backoffMs,
    signal: controller.signal,
  };
  const token = env["GITHUB_TOKEN"] || undefined;
  const catalog = values.catalog;
  if (catalog !== undefined && CATALOG_REPOSITORIES[catalog] === undefined) {
    return usage(`--catalog takes ${Object.keys(CATALOG_REPOSITORIES).join(" or ")}, not "${t(catalog)}"`);
  }
  if (values.release !== undefined && (catalog === undefined || !isRefName(values.release))) return usage("--release takes a release tag, with --catalog");
  if (catalog !== undefined && (values.only !== undefined || values.discover || values.force || values["listing-url"] !== undefined)) {
    return usage("--catalog reads every service version of the repository: --only, --discover, --force and --listing-url are for the pages");
  }
  // The catalog is read at a release: the latest one, unless a ref or commit is given.
  let release = values.release;
  let catalogRef = values.commit ?? values.ref;
  if (catalog !== undefined && upstreamDir === undefined && catalogRef === undefined && !values.recover) {
    const api = (apiUrl as string | undefined) ?? DEFAULT_API_URL;
    const latest = await latestRelease({ apiUrl: api, repo: CATALOG_REPOSITORIES[catalog]!.repo, token, http });
    if ("problem" in latest) {
      stderr.write(`fetch-docs: ${t(latest.problem)}\n`);
      return 1;
    }
    catalogRef = latest.tag;
    release ??= latest.tag;
  }
  const catalogBase = (baseUrl as string | undefined) ?? (env["DOC2ERRORS_CATALOG_BASE_URL"] || undefined);
  const upstream =
    catalog !== undefined
      ? upstreamDir !== undefined
        ? directoryUpstream(upstreamDir, { commit: values.commit, date: values.date, roots: CATALOG_ROOTS })
        : upstreamRepository({
            repo: CATALOG_REPOSITORIES[catalog]!.repo,
            roots: CATALOG_ROOTS,
            baseUrl: catalogBase?.replace("{repo}", CATALOG_REPOSITORIES[catalog]!.repo),
            apiUrl: apiUrl as string | undefined,
            // Resolved above to the latest release; `--recover` reads nothing.
            ref: catalogRef ?? "HEAD",
            date: values.date,
            token,
            http,
          })
      : upstreamDir !== undefined
      ? directoryUpstream(upstreamDir, { commit: values.commit, date: values.date })
      : upstreamRepository({
          baseUrl: baseUrl as string | undefined,
          apiUrl: apiUrl as string | undefined,
          listingUrl: listingUrl as string | undefined,
          ref: values.commit ?? ref ?? DEFAULT_REF,
          date: values.date,
          token,
          http,
        });

  if (values.recover) {
    try {
      const completed = recoverDocs(docsDir);
      stderr.write(completed ? `fetch-docs: completed the change of ${t(docsPrefix)}/ an interrupted run had begun\n` : `fetch-docs: no interrupted change in ${t(docsPrefix)}/\n`);
      return 0;
    } catch (error) {
      stderr.write(`fetch-docs: ${t((error as Error).message)}\n`);
      return 1;
    }
  }
  if (values.resolve) {
    const revision = await upstream.revision();
    if (revision.commit === undefined || revision.date === undefined) {
      stderr.write(`fetch-docs: cannot resolve ${t(values.commit ?? ref ?? DEFAULT_REF)} to a commit and its date: ${t(revision.unknown ?? "unknown")}\n`);
      return 1;
    }
    stdout.write(`commit=${revision.commit}\ndate=${revision.date}\n`);
    return 0;
  }

  if (catalog !== undefined) return catalogRun(catalog, docsDir, docsPrefix, upstream, release, numbers["concurrency"], stderr);

  const progress = new Progress(stderr);
  const onSigint = () => {
    progress.line("fetch-docs: interrupted; stopping and keeping the pages finished so far (press Ctrl-C again to quit at once)");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  let result: FetchDocsResult;
  try {
    result = await fetchDocs({
      docsDir,
      upstream,
      commit: values.commit,
      date: values.date,
      discover: values.discover,
      only,
      concurrency: numbers["concurrency"],
      force: values.force,
      signal: controller.signal,
      onStart: (total) => progress.start(total),
      onPage: (event) => progress.page(event),
      onRetry: (path, { attempt, error, delayMs }) =>
        progress.line(`fetch-docs: ${t(path)}: ${t(error.message)}; retry ${attempt} of ${numbers["retries"] ?? DEFAULTS.retries} in ${delayMs} ms`),
    });
  } catch (error) {
    progress.clear();
    if (error instanceof ManifestError) {
      for (const d of error.diagnostics) stderr.write(`${formatDiagnostic(d, docsPrefix)}\n`);
      stderr.write(`fetch-docs: ${t(error.message)}\n`);
      return 1;
    }
    if (error instanceof UnknownDateError) {
      stderr.write(`fetch-docs: ${t(error.message)}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
  progress.clear();
  const docs = (path: string) => `${t(docsPrefix)}/${t(path)}`;
  if (result.recovered) stderr.write("fetch-docs: completed a change of the docs an interrupted run had begun\n");
  for (const { path, upstream } of result.added) stderr.write(`fetch-docs: added ${docs(path)} (${t(upstream)})\n`);
  for (const { path, from, to, edited } of result.moved) stderr.write(`fetch-docs: moved upstream${edited ? ", and edited" : ""}: ${docs(path)} (${t(from)} → ${t(to)})\n`);
  for (const { path, upstream, emptied } of result.deleted) {
    stderr.write(`fetch-docs: ${emptied ? "emptied upstream (no error-code table left)" : "deleted upstream"}, removed: ${docs(path)} (${t(upstream)})\n`);
  }
  for (const { from, to } of result.renumbered) stderr.write(`fetch-docs: renumbered ${docs(from)} → ${docs(to)}\n`);
  for (const { path, reason } of result.kept) stderr.write(`fetch-docs: ${docs(path)}: ${t(reason)}\n`);
  for (const { path, sameAs } of result.duplicates) stderr.write(`fetch-docs: ${t(path)} has the bytes of ${docs(sameAs)}; not added again\n`);
  for (const d of result.leftOut) stderr.write(`${formatDiagnostic(d, "")}\n`);
  for (const { path, reason } of result.unread) stderr.write(`fetch-docs: cannot read ${t(path)}: ${t(reason)}\n`);
  for (const { path, reason } of result.failed) {
    if (!progress.reported.has(path)) stderr.write(`failed: ${t(path)}: ${t(reason)}\n`);
  }
  const at = result.commit === undefined ? "" : ` at ${result.commit.slice(0, 7)}${result.date === undefined ? "" : ` (${result.date})`}`;
  stderr.write(
    `fetch-docs${at}: ${result.updated.length} updated, ${result.added.length} added, ${result.moved.length} moved, ${result.deleted.length} deleted, ${result.unchanged.length} unchanged, ${result.failed.length} failed` +
      (values.discover ? `; ${result.leftOut.length} left out, ${result.duplicates.length} duplicate(s)` : "") +
      (result.changed ? `; docs revision ${result.date}` : "; docs/ unchanged") +
      (result.failed.length + result.unread.length > 0 ? `; failed pages were left as they were\n` : "\n"),
  );
  if (controller.signal.aborted) return 130;
  return result.failed.length + result.unread.length > 0 ? 1 : 0;
}

/** `--catalog`: one repository of the API error catalog brought to the commit read. */
async function catalogRun(
  repository: string,
  docsDir: string,
  docsPrefix: string,
  upstream: Upstream,
  release: string | undefined,
  concurrency: number | undefined,
  stderr: Output,
): Promise<number> {
  let result;
  try {
    recoverDocs(docsDir);
    result = await fetchCatalog({ docsDir, repository, upstream, release, concurrency });
  } catch (error) {
    if (!(error instanceof CatalogError || error instanceof DocsChangeError)) throw error;
    stderr.write(`fetch-docs: ${t(error.message)}\n`);
    return 1;
  }
  const docs = (path: string) => `${t(docsPrefix)}/${t(path)}`;
  for (const d of result.diagnostics) stderr.write(`${formatDiagnostic(d, "")}\n`);
  for (const path of result.added) stderr.write(`fetch-docs: added ${docs(path)}\n`);
  for (const path of result.updated) stderr.write(`fetch-docs: updated ${docs(path)}\n`);
  for (const path of result.removed) stderr.write(`fetch-docs: deleted upstream, removed: ${docs(path)}\n`);
  for (const path of result.odd) stderr.write(`fetch-docs: not a service version's errors.go and client.go: ${t(path)}\n`);
  for (const { path, reason } of result.failed) stderr.write(`failed: ${docs(path)}: ${t(reason)}; the stored file is kept\n`);
  stderr.write(
    `fetch-docs: ${t(repository)} at ${result.commit.slice(0, 7)} (${result.date}): ${result.updated.length} updated, ${result.added.length} added, ${result.removed.length} removed, ${result.unchanged} unchanged, ${result.failed.length} failed\n`,
  );
  return result.failed.length > 0 ? 1 : 0;
}

/** One line updated in place on a terminal; one line per page otherwise. */
class Progress {
  private total = 0;
  private status = "";
  /** Pages whose result was printed as it came. */
  readonly reported = new Set<string>();

  constructor(private readonly out: Output) {}

  start(total: number): void {
    this.total = total;
    this.draw(`fetch-docs: 0/${total}`);
  }

  page(event: PageEvent): void {
    const count = `${event.done}/${event.total}`;
    if (!this.out.isTTY) {
      this.out.write(`fetch-docs: ${count} ${event.outcome}: ${t(event.path)} (${t(event.detail)})\n`);
      this.reported.add(event.path);
      return;
    }
    if (event.outcome === "failed") {
      this.line(`failed: ${t(event.path)}: ${t(event.detail)}`);
      this.reported.add(event.path);
    }
    this.draw(`fetch-docs: ${count} ${t(event.path)}`);
  }

  /** A message that stays, printed above the progress line. */
  line(text: string): void {
    if (!this.out.isTTY) {
      this.out.write(`${text}\n`);
      return;
    }
    const status = this.status;
    this.clear();
    this.out.write(`${text}\n`);
    if (status) this.draw(status);
  }

  clear(): void {
    if (this.out.isTTY && this.status) this.out.write("\r\x1b[K");
    this.status = "";
  }

  private draw(status: string): void {
    if (!this.out.isTTY || this.total === 0) return;
    const width = (this.out as { columns?: number }).columns ?? 80;
    this.status = status.length >= width ? `${status.slice(0, Math.max(0, width - 2))}…` : status;
    this.out.write(`\r\x1b[K${this.status}`);
  }
}

if (
  (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) ||
  process.argv[1]?.endsWith("generator/fetch/cli.ts")
) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`fetch-docs: internal error: ${(error instanceof Error ? (error.stack ?? error.message) : String(error)).split("\n").map(t).join("\n")}\n`);
      process.exitCode = 1;
    },
  );
}
