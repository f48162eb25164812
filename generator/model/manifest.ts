import { diagnostic } from "./diagnostics.js";
import { jsonErrorOffset } from "./json-position.js";
import type { Diagnostic, PageKind, PageSpec, SourcePosition } from "./types.js";

export const MANIFEST_FILE = "sources.json";

const SERVICE_ID = /^[a-z][a-z0-9]*$/;
const API_VERSION = /^(\d{4}-\d{2}-\d{2}|\d+\.\d+)$/;
/** BCP 47 as the Tencent SDKs use it: `ja`, `ko`, `en`, `zh-CN`, `zh-TW`. */
const LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const KINDS: readonly PageKind[] = ["service", "common", "legacy"];

/** Where a page of this kind must live under `docs/`: the path says what the page is. */
export function layoutPath(spec: Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale">): string {
  const folder = spec.kind === "service" ? `services/${spec.service}` : spec.kind;
  return `${folder}/${spec.apiVersion}/${spec.locale}.md`;
}

export interface Manifest {
  readonly pages: readonly PageSpec[];
  /** The docs revision date (`YYYY-MM-DD`): dates deprecations. */
  readonly revision: string;
  /** How long a code the docs dropped stays, deprecated. */
  readonly keepDays: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads `docs/sources.json`. Every entry states a page's kind, service, API
 * version and locale; the page's path must agree with them.
 */
export function readManifest(text: string): Manifest {
  const at = (offset: number): SourcePosition => positionAt(text, offset);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const found = offset < text.length ? JSON.stringify(text[offset]) : "end of file";
    return { ...DEFAULTS, pages: [], diagnostics: [diagnostic("D2E001", at(offset), `not valid JSON: unexpected ${found}`)] };
  }
  const pagesValue = isRecord(data) ? data["pages"] : undefined;
  if (!Array.isArray(pagesValue)) {
    return { ...DEFAULTS, pages: [], diagnostics: [diagnostic("D2E001", at(0), 'expected an object with a "pages" array')] };
  }
  const root = data as Record<string, unknown>;
  const revision = root["revision"] ?? DEFAULTS.revision;
  const deprecation = root["deprecation"];
  const keepDays = isRecord(deprecation) ? deprecation["keepDays"] : DEFAULTS.keepDays;
  const settingsProblems: Diagnostic[] = [];
  if (typeof revision !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(revision)) {
    settingsProblems.push(diagnostic("D2E001", at(Math.max(0, text.indexOf('"revision"'))), '"revision" must be a date such as "2026-11-23"'));
  }
  if (typeof keepDays !== "number" || !Number.isInteger(keepDays) || keepDays < 0) {
    settingsProblems.push(diagnostic("D2E001", at(Math.max(0, text.indexOf('"deprecation"'))), '"deprecation.keepDays" must be a whole number of days'));
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
    const { path, kind, service, apiVersion, locale, title, upstream, sha256 } = entry;
    if (typeof path !== "string" || !path.endsWith(".md")) return problem('"path" must be a .md path relative to docs/');
    if (typeof kind !== "string" || !KINDS.includes(kind as PageKind)) return problem(`"kind" must be one of ${KINDS.join(", ")}`);
    if (typeof service !== "string" || !SERVICE_ID.test(service)) return problem('"service" must be a lower-case identifier such as "cdb"');
    if (kind !== "service" && service !== kind) return problem(`"service" of a ${kind} page must be "${kind}"`);
    if (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion)) return problem('"apiVersion" must look like "2017-03-20" or "3.0"');
    if (typeof locale !== "string" || !LOCALE.test(locale)) return problem('"locale" must be a BCP 47 tag such as "ja" or "zh-CN"');
    if (title !== undefined && typeof title !== "string") return problem('"title" must be a string');
    if (sha256 !== undefined && (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256))) return problem('"sha256" must be 64 hex digits');
    if (upstream !== undefined && !isUpstream(upstream)) return problem('"upstream" must be {"repo", "path", "commit"?} strings');
    if (seen.has(path)) return problem(`"${path}" is listed twice`);
    seen.add(path);
    const spec: PageSpec = {
      path,
      kind: kind as PageKind,
      service,
      apiVersion,
      locale,
      ...(title !== undefined && { title }),
      ...(upstream !== undefined && { upstream }),
      ...(sha256 !== undefined && { sha256 }),
    };
    const expected = layoutPath(spec);
    if (expected !== path) {
      diagnostics.push(diagnostic("D2E004", where, `"${path}" should be "${expected}" for a ${kind} page of ${service} ${apiVersion} in ${locale}`));
      return;
    }
    pages.push(spec);
  });
  pages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    pages,
    diagnostics,
    revision: typeof revision === "string" ? revision : DEFAULTS.revision,
    keepDays: typeof keepDays === "number" ? keepDays : DEFAULTS.keepDays,
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
    typeof value["path"] === "string" &&
    (value["commit"] === undefined || typeof value["commit"] === "string")
  );
}

function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { file: MANIFEST_FILE, line: before.split("\n").length, column: before.length - lineStart + 1 };
}
