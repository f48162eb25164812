/**
 * Discovery: the upstream pages docs/ does not know yet, read and placed by
 * what they state (model/placement.ts). What becomes of them (a page added,
 * a move followed, a duplicate) is the plan's (plan.ts).
 */
import { mapLimited } from "../run/pool.js";
import { compareStrings, diagnostic } from "../model/diagnostics.js";
import { placeOverviewPage, placePage, upstreamRole, type PlacedAction, type Placement } from "../model/placement.js";
import type { Diagnostic } from "../model/types.js";
import { invalidUtf8 } from "./download.js";
import type { Candidate } from "./plan.js";
import { sha256 } from "../run/files.js";
import type { Upstream } from "./upstream.js";


export interface DiscoveredPages {
  /** Every page read, in upstream path order, placed or not (a page placed by hand that moved is recognised by its bytes). */
  readonly candidates: readonly Candidate[];
  /** Upstream pages with an error table that were left out (D2E007): what they state does not place them. */
  readonly leftOut: readonly Diagnostic[];
  /** Upstream pages that could not be read. */
  readonly failed: readonly { path: string; reason: string }[];
}

/** The listed paths discovery reads: markdown pages below the roots that no manifest entry names. */
export function candidatePaths(listing: readonly string[], known: ReadonlySet<string>): string[] {
  return [...new Set(listing)].filter((path) => upstreamRole(path) !== undefined && path.toLowerCase().endsWith(".md") && !known.has(path)).sort(compareStrings);
}

/**
 * Reads each of `paths` (complete, non-empty, valid UTF-8), parses it and
 * places it: an error-code page, an action page with an error table, or a
 * legacy page, under the place its own statements give; an overview page
 * after the others, by its folder or the action pages near it (`actions`:
 * those of docs/, and those placed here); any other page is read for its
 * bytes alone.
 */
export async function discoverPages(
  upstream: Upstream,
  paths: readonly string[],
  options: {
    readonly concurrency?: number | undefined;
    readonly signal?: AbortSignal | undefined;
    readonly onPage?: ((path: string) => void) | undefined;
    /** The action pages of docs/, by upstream path. */
    readonly actions?: readonly PlacedAction[] | undefined;
  } = {},
): Promise<DiscoveredPages> {
  const { parsePage } = await import("../parse/page.js");
  const leftOut: Diagnostic[] = [];
  const failed: { path: string; reason: string }[] = [];
  const overviews: { candidate: Candidate; links: number }[] = [];
  const leaveOut = (path: string, placement: Placement) => {
    if ("problem" in placement) {
      leftOut.push(diagnostic("D2E007", { file: path, line: 1, column: 1 }, `${placement.problem}; the page is left out (a manifest entry with a "placement" may place it)`));
    }
  };
  const read = await mapLimited(paths, Math.max(1, options.concurrency ?? 8), async (path): Promise<Candidate | undefined> => {
    try {
      if (options.signal?.aborted) throw new Error("interrupted");
      const response = await upstream.get(path);
      if (response.bytes.byteLength === 0) throw new Error("empty body");
      const invalid = invalidUtf8(response.bytes);
      if (invalid !== undefined) throw new Error(`body is not valid UTF-8 (${invalid})`);
      const role = upstreamRole(path);
      const page = parsePage(path, response.bytes, { overview: role === "overview" });
      const candidate: Candidate = { upstream: path, bytes: response.bytes, hash: sha256(response.bytes) };
      if (role === "overview") {
        // Placed once every page is read: by the action pages near it, some perhaps among these.
        overviews.push({ candidate, links: page.actionLinks.length });
        return candidate;
      }
      const tables = role === "other" ? page.errorTables.filter((table) => table.underErrorHeading) : page.errorTables;
      const placement = placePage(path, page.statements, tables.length);
      leaveOut(path, placement);
      return { ...candidate, place: "placed" in placement ? placement.placed : undefined };
    } catch (error) {
      failed.push({ path, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    } finally {
      options.onPage?.(path);
    }
  });
  const actions: PlacedAction[] = [...(options.actions ?? [])];
  for (const candidate of read) if (candidate?.place?.kind === "action") actions.push({ upstream: candidate.upstream, ...candidate.place });
  const places = new Map<string, Candidate["place"]>();
  for (const { candidate, links } of overviews) {
    const placement = placeOverviewPage(candidate.upstream, links, actions);
    leaveOut(candidate.upstream, placement);
    if ("placed" in placement) places.set(candidate.upstream, placement.placed);
  }
  return {
    candidates: read.flatMap((candidate) => (candidate === undefined ? [] : places.has(candidate.upstream) ? { ...candidate, place: places.get(candidate.upstream) } : candidate)),
    leftOut: leftOut.sort((a, b) => compareStrings(a.position.file, b.position.file)),
    failed: failed.sort((a, b) => compareStrings(a.path, b.path)),
  };
}
