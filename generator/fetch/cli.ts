import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../model/diagnostics.js";
import { terminalText as t } from "../model/escape.js";
import { existsSync } from "node:fs";
import { DEFAULT_LISTING_URL, discoverDocs } from "./discover.js";
import { DEFAULT_BASE_URL, DEFAULT_REF, DEFAULTS, fetchDocs, ManifestError, type PageEvent } from "./fetch-docs.js";
import { directoryUpstream, httpUpstream, isRefName } from "./upstream.js";

const USAGE = `Usage: npm run fetch-docs -- [options]

Updates the pages of docs/ that have an "upstream" in docs/sources.json from
the upstream documentation repository, and records each page's sha256 and
ETag in the manifest. A page is only ever replaced by a complete, non-empty,
valid UTF-8 download; anything else leaves it as it was and is reported.

Options:
  --docs <dir>         docs folder (default: docs)
  --base-url <url>     where pages are fetched from: <url>/<ref>/<upstream path>
                       (default: $DOC2ERRORS_BASE_URL, else
                       ${DEFAULT_BASE_URL})
  --ref <ref>          branch, tag or commit (default: $DOC2ERRORS_REF, else ${DEFAULT_REF})
  --only <path>        only this page (path relative to the docs folder); may be repeated
  --timeout-ms <n>     per request (default: ${DEFAULTS.timeoutMs})
  --retries <n>        retries after a network error, timeout, 429 or 5xx (default: ${DEFAULTS.retries})
  --backoff-ms <n>     delay before the first retry, doubled each time (default: ${DEFAULTS.backoffMs})
  --concurrency <n>    requests at a time (default: ${DEFAULTS.concurrency})
  --discover           first look for pages the manifest lacks in a listing of
                       the upstream repository (API/API 3.0/ and the legacy
                       API/API文档公用部分/): error-code pages, action pages
                       with an error table, legacy pages; each is placed by
                       what it states (endpoint, Version and Action rows, a
                       <service>-<YYYY-MM-DD> folder) or left out with a
                       diagnostic (see README, "Where a page belongs")
  --listing-url <url>  the listing for --discover; {ref} is replaced by the ref
                       (default: the repository's Git tree from the GitHub API)
  --upstream-dir <dir> read pages from a local checkout of the upstream
                       repository instead of over HTTP (the listing is every
                       file below it)
  --commit <sha>       with --discover: the upstream commit the pages come
                       from, recorded in the manifest
  --force              replace pages even when edited locally (their bytes no
                       longer match the sha256 in sources.json)
  -h, --help           show this help

Exit status: 0 success, 1 some page failed (the others are saved), 2 bad usage,
130 interrupted (pages finished so far are saved).`;

interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export async function main(
  argv: readonly string[],
  root = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
  stderr: Output = process.stderr,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        docs: { type: "string", default: "docs" },
        "base-url": { type: "string" },
        ref: { type: "string" },
        only: { type: "string", multiple: true },
        "timeout-ms": { type: "string" },
        retries: { type: "string" },
        "backoff-ms": { type: "string" },
        concurrency: { type: "string" },
        force: { type: "boolean", default: false },
        discover: { type: "boolean", default: false },
        "listing-url": { type: "string" },
        "upstream-dir": { type: "string" },
        commit: { type: "string" },
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
    process.stdout.write(`${USAGE}\n`);
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
      return usage(`--${name} takes a whole number${min > 0 ? ` of at least ${min}` : ""}, not "${text}"`);
    }
    numbers[name] = Number(text);
  }
  const baseUrl = values["base-url"] ?? (env["DOC2ERRORS_BASE_URL"] || undefined);
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) return usage(`the base URL must be an http(s) URL, not "${baseUrl}"`);
  }
  const ref = values.ref ?? (env["DOC2ERRORS_REF"] || undefined);
  if (ref !== undefined && !isRefName(ref)) return usage(`${JSON.stringify(ref)} is not a branch, tag or commit name`);
  if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit)) return usage("--commit takes a full commit hash (40 hex digits)");

  const docsPrefix = values.docs.replace(/^\.\//, "").replace(/\/+$/, "");
  const docsDir = resolve(root, values.docs);
  // A path relative to the docs folder, or (as the shell completes it) a path to a file in it: `docs/x.md`.
  const only = values.only?.map((path) => {
    const inDocs = relative(docsDir, resolve(root, path));
    return inDocs !== "" && !inDocs.startsWith("..") && !isAbsolute(inDocs) ? inDocs.split(sep).join("/") : path.replace(/^\.\//, "");
  });

  const upstreamDir = values["upstream-dir"] === undefined ? undefined : resolve(root, values["upstream-dir"]);
  if (upstreamDir !== undefined && !existsSync(upstreamDir)) return usage(`--upstream-dir: no folder ${values["upstream-dir"]}`);
  const http = { timeoutMs: numbers["timeout-ms"] ?? DEFAULTS.timeoutMs, retries: numbers["retries"] ?? DEFAULTS.retries, backoffMs: numbers["backoff-ms"] ?? DEFAULTS.backoffMs };
  const upstream =
    upstreamDir !== undefined
      ? directoryUpstream(upstreamDir)
      : values.discover
        ? httpUpstream({ listingUrl: values["listing-url"] ?? DEFAULT_LISTING_URL, baseUrl: baseUrl ?? DEFAULT_BASE_URL, ref: ref ?? DEFAULT_REF, http })
        : undefined;

  if (values.discover) {
    try {
      const found = await discoverDocs({
        docsDir,
        upstream: upstream!,
        concurrency: numbers["concurrency"],
        ...(values.commit !== undefined && { commit: values.commit }),
      });
      for (const path of found.added) stderr.write(`fetch-docs: discovered ${t(docsPrefix)}/${t(path)}\n`);
      for (const { path, sameAs } of found.duplicates) stderr.write(`fetch-docs: ${t(path)} has the bytes of ${t(sameAs)}; not added again\n`);
      for (const d of found.leftOut) stderr.write(`${formatDiagnostic(d, "")}\n`);
      for (const { path, reason } of found.failed) stderr.write(`fetch-docs: cannot add ${t(path)}: ${t(reason)}\n`);
      stderr.write(
        `fetch-docs: discovery added ${found.added.length} page(s); ${found.leftOut.length} left out, ${found.duplicates.length} duplicate(s), ${found.failed.length} failed\n`,
      );
    } catch (error) {
      if (error instanceof ManifestError) for (const d of error.diagnostics) stderr.write(`${formatDiagnostic(d, docsPrefix)}\n`);
      stderr.write(`fetch-docs: discovery failed: ${t((error as Error).message)}\n`);
      return 1;
    }
  }

  const progress = new Progress(stderr);
  const controller = new AbortController();
  const onSigint = () => {
    progress.line("fetch-docs: interrupted; stopping and keeping the pages finished so far (press Ctrl-C again to quit at once)");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  let result;
  try {
    result = await fetchDocs({
      docsDir,
      baseUrl,
      ref,
      only,
      upstream,
      timeoutMs: numbers["timeout-ms"],
      retries: numbers["retries"],
      backoffMs: numbers["backoff-ms"],
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
    throw error;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
  progress.clear();
  for (const { path, reason } of result.failed) {
    if (!progress.reported.has(path)) stderr.write(`failed: ${t(path)}: ${t(reason)}\n`);
  }
  stderr.write(
    `fetch-docs: ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.failed.length} failed` +
      (result.failed.length > 0 ? `; failed pages were left as they were\n` : "\n"),
  );
  if (controller.signal.aborted) return 130;
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
