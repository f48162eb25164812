import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { symlinkOut } from "../run/files.js";
import { mapLimited } from "../run/pool.js";
import { compareStrings, diagnostic } from "../model/diagnostics.js";
import { layoutPath, MANIFEST_FILE, readManifest } from "../model/manifest.js";
import { placePage, upstreamRole } from "../model/placement.js";
import type { Diagnostic, PageSpec } from "../model/types.js";
import { DEFAULT_REPO, invalidUtf8, ManifestError, sha256, writeFileAtomic } from "./fetch-docs.js";
import type { Upstream } from "./upstream.js";

export { listingPaths } from "./upstream.js";

/** The default listing: the upstream repository's file tree. */
export const DEFAULT_LISTING_URL = `https://api.github.com/repos/${DEFAULT_REPO}/git/trees/{ref}?recursive=1`;

export interface DiscoverOptions {
  readonly docsDir: string;
  readonly upstream: Upstream;
  /** Recorded as `upstream.repo` of the pages added. */
  readonly repo?: string | undefined;
  /** Recorded as `upstream.commit` of the pages added, when the pages come from a known commit. */
  readonly commit?: string | undefined;
  /** The docs revision date recorded when pages are added. Default: today (UTC). */
  readonly revision?: string | undefined;
  readonly concurrency?: number | undefined;
  /** Called as each candidate page is looked at. */
  readonly onPage?: ((done: number, total: number) => void) | undefined;
}

export interface DiscoverResult {
  /** Pages written, as paths relative to the docs folder, sorted. */
  readonly added: string[];
  /** Upstream pages that could not be downloaded or read. */
  readonly failed: { path: string; reason: string }[];
  /** Upstream pages with an error table that were left out (D2E007): what they state does not place them. */
  readonly leftOut: Diagnostic[];
  /** Upstream pages with the same bytes as a page already placed at the same place: not added again. */
  readonly duplicates: { path: string; sameAs: string }[];
}

interface Found {
  readonly upstream: string;
  readonly bytes: Uint8Array;
  readonly hash: string;
  readonly spec: Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale"> & { readonly action?: string };
}

/**
 * Finds the pages of the upstream that docs/ lacks, by the placement rule
 * (model/placement.ts): every error-code page, every action page with an
 * error table, and the legacy pages, under the place their own statements
 * give. Each page is downloaded and checked (complete, non-empty, valid
 * UTF-8), parsed, and placed or left out with a diagnostic; pages are written
 * first and the manifest last, so docs/ never lists a page it does not hold.
 *
 * Several upstream pages for one place (the same locale of one action, say)
 * are all kept when their bytes differ: the first in upstream path order at
 * the place itself, the others as parts 2, 3, … (`en.2.md`); a page with the
 * same bytes as one already there is not added again.
 */
export async function discoverDocs(options: DiscoverOptions): Promise<DiscoverResult> {
  const manifestFile = join(options.docsDir, MANIFEST_FILE);
  const text = await readFile(manifestFile, "utf8");
  const checked = readManifest(text);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new ManifestError(`${MANIFEST_FILE} is not valid; nothing was discovered`, errors);
  const manifest = JSON.parse(text) as { revision?: string; pages: Record<string, unknown>[] };
  const known = new Set(checked.pages.flatMap((spec) => spec.upstream?.path ?? []));

  const candidates = [...new Set(await options.upstream.list())]
    .filter((path) => upstreamRole(path) !== undefined && path.toLowerCase().endsWith(".md") && !known.has(path))
    .sort(compareStrings);
  const result: DiscoverResult = { added: [], failed: [], leftOut: [], duplicates: [] };
  const { parsePage } = await import("../parse/page.js");
  let done = 0;
  const found = await mapLimited(candidates, Math.max(1, options.concurrency ?? 8), async (path): Promise<Found | undefined> => {
    let placed: Found | undefined;
    try {
      const response = await options.upstream.get(path);
      if (response.bytes.byteLength === 0) throw new Error("empty body");
      const invalid = invalidUtf8(response.bytes);
      if (invalid !== undefined) throw new Error(`body is not valid UTF-8 (${invalid})`);
      const page = parsePage(path, response.bytes);
      const tables = upstreamRole(path) === "other" ? page.errorTables.filter((table) => table.underErrorHeading) : page.errorTables;
      const placement = placePage(path, page.statements, tables.length);
      if ("placed" in placement) placed = { upstream: path, bytes: response.bytes, hash: sha256(response.bytes), spec: placement.placed };
      else if ("problem" in placement) {
        result.leftOut.push(diagnostic("D2E007", { file: path, line: 1, column: 1 }, `${placement.problem}; the page is left out (a manifest entry with a "placement" may place it)`));
      }
    } catch (error) {
      result.failed.push({ path, reason: error instanceof Error ? error.message : String(error) });
    }
    options.onPage?.(++done, candidates.length);
    return placed;
  });

  // Places taken: by the manifest's pages (their recorded bytes), then by the pages found, in upstream path order.
  const places = new Map<string, { parts: Set<number>; hashes: Map<string, string> }>();
  const slotOf = (spec: Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale" | "action">) => {
    const key = layoutPath(spec);
    let place = places.get(key);
    if (!place) places.set(key, (place = { parts: new Set(), hashes: new Map() }));
    return place;
  };
  for (const spec of checked.pages) {
    const place = slotOf(spec);
    place.parts.add(spec.part ?? 1);
    if (spec.sha256 !== undefined) place.hashes.set(spec.sha256, spec.path);
  }
  const written: Record<string, unknown>[] = [];
  for (const page of found.flatMap((entry) => entry ?? [])) {
    const place = slotOf(page.spec);
    const same = place.hashes.get(page.hash);
    if (same !== undefined) {
      result.duplicates.push({ path: page.upstream, sameAs: same });
      continue;
    }
    let part = 1;
    while (place.parts.has(part)) part++;
    const spec = { ...page.spec, ...(part > 1 && { part }) };
    const path = layoutPath(spec);
    const link = symlinkOut(options.docsDir, path);
    if (link !== undefined) {
      result.failed.push({ path: page.upstream, reason: `${link} is a symlink leading out of the docs folder: nothing is written through it` });
      continue;
    }
    try {
      await mkdir(dirname(join(options.docsDir, path)), { recursive: true });
      await writeFileAtomic(join(options.docsDir, path), page.bytes);
    } catch (error) {
      result.failed.push({ path: page.upstream, reason: `cannot write ${path}: ${(error as Error).message}` });
      continue;
    }
    place.parts.add(part);
    place.hashes.set(page.hash, page.upstream);
    written.push({
      path,
      kind: spec.kind,
      service: spec.service,
      apiVersion: spec.apiVersion,
      ...(spec.action !== undefined && { action: spec.action }),
      locale: spec.locale,
      ...(spec.part !== undefined && { part: spec.part }),
      upstream: { repo: options.repo ?? DEFAULT_REPO, path: page.upstream, ...(options.commit !== undefined && { commit: options.commit }) },
      sha256: page.hash,
    });
    result.added.push(path);
  }
  if (written.length > 0) {
    manifest.pages.push(...written);
    manifest.pages.sort((a, b) => compareStrings(String(a["path"]), String(b["path"])));
    manifest.revision = options.revision ?? new Date().toISOString().slice(0, 10);
    await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  result.added.sort(compareStrings);
  result.failed.sort((a, b) => compareStrings(a.path, b.path));
  result.leftOut.sort((a, b) => compareStrings(a.position.file, b.position.file));
  return result;
}
