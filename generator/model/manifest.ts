import { diagnostic } from "./diagnostics.js";
import { jsonErrorOffset } from "./json-position.js";
import { isUpstreamPath, RESERVED_SERVICES } from "./placement.js";
import type { Diagnostic, PageKind, PageSpec, SourcePosition } from "./types.js";
import { CATALOG_REPOSITORIES, type CatalogRelease } from "./catalog.js";

export const MANIFEST_FILE = "sources.json";

/** The journal of a change of docs/ by fetch-docs under way (fetch/transaction.ts): while it is there, docs/ is half changed. */
export const DOCS_JOURNAL = ".fetch-docs-journal";

const SERVICE_ID = /^[a-z][a-z0-9]*$/;
const API_VERSION = /^(\d{4}-\d{2}-\d{2}|\d+\.\d+)$/;
/** An API action: `AllocateHosts`. */
const ACTION = /^[A-Z][A-Za-z0-9]*$/;
/** BCP 47 as the Tencent SDKs use it: `ja`, `ko`, `en`, `zh-CN`, `zh-TW`. */
const LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
/** A full Git commit hash. */
const COMMIT = /^[0-9a-f]{40}$/;
const KINDS: readonly PageKind[] = ["service", "action", "overview", "common", "legacy"];

/**
 * Where a page must live under `docs/`: the path says what the page is.
 * - a service's error-code page: `services/<service>/<version>/<locale>.md`
 * - an action's page: `services/<service>/<version>/actions/<Action>/<locale>.md`
 * - a service's API overview page: `services/<service>/<version>/overview/<locale>.md`
 * - `common/3.0/<locale>.md`, `legacy/2.0/<locale>.md`
 * A further upstream page for the same place is `<locale>.<part>.md`.
 */
export function layoutPath(
  spec: Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale"> & { readonly action?: string | undefined; readonly part?: number | undefined },
): string {
  const folder =
    spec.kind === "common" || spec.kind === "legacy" ? `${spec.kind}/${spec.apiVersion}` : `services/${spec.service}/${spec.apiVersion}`;
  const action = spec.kind === "action" ? `actions/${spec.action}/` : spec.kind === "overview" ? "overview/" : "";
  return `${folder}/${action}${spec.locale}${spec.part === undefined ? "" : `.${spec.part}`}.md`;
}

export interface Manifest {
  readonly pages: readonly PageSpec[];
  /** Human-readable service names (`"cvm": "Cloud Virtual Machine"`), from the manifest's `services`. */
  readonly titles: Readonly<Record<string, string>>;
  /** The docs revision date (`YYYY-MM-DD`): the date of the upstream commit the docs were brought to; it dates deprecations. */
  readonly revision: string;
  /** The upstream commit every page was last read at, when one run read them all (fetch-docs). */
  readonly commit?: string;
  /** How long a code the docs dropped stays, deprecated. */
  readonly keepDays: number;
  /** What each repository of the API catalog was read at (fetch-docs --catalog), by its folder under `catalog/`. */
  readonly catalog: Readonly<Record<string, CatalogRelease>>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The date the docs are as of: the newest of the pages' revision and of the
 * catalog's commits. It dates deprecations, so a code the catalog drops is
 * deprecated from the day the catalog dropped it.
 */
export const docsDate = (manifest: Pick<Manifest, "revision" | "catalog">) =>
  [manifest.revision, ...Object.values(manifest.catalog).map((release) => release.date)].reduce((a, b) => (b > a ? b : a));

/**
 * Reads `docs/sources.json`. Every entry states a page's kind, service, API
 * version and locale; the page's path must agree with them.
 *
 * `docs/sources.schema.json` says the same of the structure, for editors
 * (completion and checks as one types; test/manifest-schema.test.ts holds
 * the two together). A schema validator here would still leave the rest to
 * this code (the path an entry's fields give, reserved names, duplicates)
 * and give no line and column, so the checks are written out.
 */
export function readManifest(text: string): Manifest {
  let lineStarts: number[] | undefined;
  const at = (offset: number): SourcePosition => positionAt(text, offset, (lineStarts ??= lineStartsOf(text)));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const found = offset < text.length ? JSON.stringify(text[offset]) : "end of file";
    return { ...DEFAULTS, pages: [], titles: {}, catalog: {}, diagnostics: [diagnostic("D2E001", at(offset), `not valid JSON: unexpected ${found}`)] };
  }
  const pagesValue = isRecord(data) ? data["pages"] : undefined;
  if (!Array.isArray(pagesValue)) {
    return { ...DEFAULTS, pages: [], titles: {}, catalog: {}, diagnostics: [diagnostic("D2E001", at(0), 'expected an object with a "pages" array')] };
  }
  const root = data as Record<string, unknown>;
  const revision = root["revision"] ?? DEFAULTS.revision;
  const deprecation = root["deprecation"];
  const keepDays = deprecation === undefined ? DEFAULTS.keepDays : isRecord(deprecation) ? (deprecation["keepDays"] ?? DEFAULTS.keepDays) : undefined;
  const settingsProblems: Diagnostic[] = [];
  if (typeof revision !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(revision)) {
    settingsProblems.push(diagnostic("D2E001", at(Math.max(0, text.indexOf('"revision"'))), '"revision" must be a date such as "2026-11-23"'));
  }
  const commit = root["commit"];
  if (commit !== undefined && (typeof commit !== "string" || !COMMIT.test(commit))) {
    settingsProblems.push(diagnostic("D2E001", at(Math.max(0, text.indexOf('"commit"'))), '"commit" must be a full commit hash (40 hex digits)'));
  }
  if (typeof keepDays !== "number" || !Number.isInteger(keepDays) || keepDays < 0) {
    settingsProblems.push(diagnostic("D2E001", at(Math.max(0, text.indexOf('"deprecation"'))), '"deprecation" must be {"keepDays": a whole number of days}'));
  }
  const titles: Record<string, string> = {};
  const services = root["services"];
  if (services !== undefined) {
    const where = at(Math.max(0, text.indexOf('"services"')));
    if (!isRecord(services)) settingsProblems.push(diagnostic("D2E001", where, '"services" must map service names to {"title"}'));
    else {
      for (const [id, value] of Object.entries(services)) {
        const title = isRecord(value) ? value["title"] : undefined;
        if (!SERVICE_ID.test(id) || typeof title !== "string") {
          settingsProblems.push(diagnostic("D2E001", where, `"services"."${id}" must be a service name mapping to {"title": "…"}`));
        } else titles[id] = title;
      }
    }
  }
  const catalog: Record<string, CatalogRelease> = {};
  const catalogValue = root["catalog"];
  if (catalogValue !== undefined) {
    const where = at(Math.max(0, text.indexOf('"catalog"')));
    if (!isRecord(catalogValue)) settingsProblems.push(diagnostic("D2E001", where, '"catalog" must map repositories of the API catalog to what they were read at'));
    else {
      for (const [name, value] of Object.entries(catalogValue)) {
        const known = CATALOG_REPOSITORIES[name];
        const release = isRecord(value) ? value : {};
        if (
          known === undefined ||
          release["repo"] !== known.repo ||
          release["locale"] !== known.locale ||
          typeof release["commit"] !== "string" ||
          !COMMIT.test(release["commit"]) ||
          typeof release["date"] !== "string" ||
          !/^\d{4}-\d{2}-\d{2}$/.test(release["date"]) ||
          (release["release"] !== undefined && (typeof release["release"] !== "string" || !/^[\w.+-]{1,100}$/.test(release["release"])))
        ) {
          settingsProblems.push(
            diagnostic(
              "D2E001",
              where,
              known === undefined
                ? `"catalog"."${name}" is not a repository of the API catalog (${Object.keys(CATALOG_REPOSITORIES).join(", ")})`
                : `"catalog"."${name}" must be {"repo": "${known.repo}", "locale": "${known.locale}", "release"?: a tag, "commit": a full commit hash, "date": "YYYY-MM-DD"}`,
            ),
          );
        } else {
          catalog[name] = {
            repo: known.repo,
            locale: known.locale,
            ...(typeof release["release"] === "string" && { release: release["release"] }),
            commit: release["commit"],
            date: release["date"],
          };
        }
      }
    }
  }
  const diagnostics: Diagnostic[] = [...settingsProblems];
  const pages: PageSpec[] = [];
  const seen = new Set<string>();
  let searchFrom = 0;
  pagesValue.forEach((entry: unknown, index) => {
    // Point diagnostics at the entry's "path" member (entries appear in order).
    const pathOffset = text.indexOf('"path"', searchFrom);
    if (pathOffset >= 0) searchFrom = pathOffset + 1;
    const where = at(pathOffset >= 0 ? pathOffset : 0);
    const problem = (message: string) => diagnostics.push(diagnostic("D2E001", where, `pages[${index}]: ${message}`));
    if (!isRecord(entry)) return problem("expected an object");
    const { path, kind, service, apiVersion, action, locale, part, placement, title, upstream, sha256 } = entry;
    if (typeof path !== "string" || !path.endsWith(".md")) return problem('"path" must be a .md path relative to docs/');
    if (typeof kind !== "string" || !KINDS.includes(kind as PageKind)) return problem(`"kind" must be one of ${KINDS.join(", ")}`);
    if (typeof service !== "string" || !SERVICE_ID.test(service)) return problem('"service" must be a lower-case identifier such as "cdb"');
    if ((kind === "common" || kind === "legacy") && service !== kind) return problem(`"service" of a ${kind} page must be "${kind}"`);
    if (kind !== "common" && kind !== "legacy" && RESERVED_SERVICES.has(service)) {
      return problem(`"${service}" cannot be a service name: generated/${service}/ holds ${RESERVED_SERVICES.get(service)}`);
    }
    if (kind === "action" ? typeof action !== "string" || !ACTION.test(action) : action !== undefined) {
      return problem(kind === "action" ? '"action" must name the API action, such as "AllocateHosts"' : `a ${kind} page has no "action"`);
    }
    if (part !== undefined && (typeof part !== "number" || !Number.isInteger(part) || part < 2)) return problem('"part" must be a whole number from 2');
    if (placement !== undefined && (typeof placement !== "string" || placement.trim() === "")) return problem('"placement" must say why the page is placed by hand');
    if (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion)) return problem('"apiVersion" must look like "2017-03-20" or "3.0"');
    if (typeof locale !== "string" || !LOCALE.test(locale)) return problem('"locale" must be a BCP 47 tag such as "ja" or "zh-CN"');
    if (title !== undefined && typeof title !== "string") return problem('"title" must be a string');
    if (sha256 !== undefined && (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256))) return problem('"sha256" must be 64 hex digits');
    if (upstream !== undefined && !isUpstream(upstream)) {
      return problem('"upstream" must be {"repo": "owner/name", "path": a relative path inside the repository, "commit"?: a full commit hash}');
    }
    if (seen.has(path)) return problem(`"${path}" is listed twice`);
    seen.add(path);
    const spec: PageSpec = {
      path,
      kind: kind as PageKind,
      service,
      apiVersion,
      ...(typeof action === "string" && { action }),
      locale,
      ...(typeof part === "number" && { part }),
      ...(typeof placement === "string" && { placement }),
      ...(title !== undefined && { title }),
      ...(upstream !== undefined && { upstream }),
      ...(sha256 !== undefined && { sha256 }),
    };
    const expected = layoutPath(spec);
    if (expected !== path) {
      const what = kind === "action" ? `the ${locale} page of ${service} ${apiVersion} ${String(action)}` : `a ${kind} page of ${service} ${apiVersion} in ${locale}`;
      diagnostics.push(diagnostic("D2E004", where, `"${path}" should be "${expected}" for ${what}`));
      return;
    }
    pages.push(spec);
  });
  pages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    pages,
    titles,
    diagnostics,
    revision: typeof revision === "string" ? revision : DEFAULTS.revision,
    ...(typeof commit === "string" && COMMIT.test(commit) && { commit }),
    keepDays: typeof keepDays === "number" ? keepDays : DEFAULTS.keepDays,
    catalog,
  };
}

/** Without a "revision", deprecations are dated at the epoch; the default period is 180 days. */
const DEFAULTS = { revision: "1970-01-01", keepDays: 180 } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUpstream(value: unknown): value is { repo: string; path: string; commit?: string } {
  return (
    isRecord(value) &&
    typeof value["repo"] === "string" &&
    /^[\w.-]+\/[\w.-]+$/.test(value["repo"]) &&
    typeof value["path"] === "string" &&
    isUpstreamPath(value["path"]) &&
    (value["commit"] === undefined || (typeof value["commit"] === "string" && COMMIT.test(value["commit"])))
  );
}

function positionAt(text: string, offset: number, lineStarts: number[]): SourcePosition {
  const at = Math.max(0, Math.min(offset, text.length));
  // The last line starting at or before `at`.
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return { file: MANIFEST_FILE, line: low + 1, column: at - lineStarts[low]! + 1 };
}

/** Where each line of `text` starts. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
