/**
 * What one run of fetch-docs changes in docs/, worked out from what it read
 * before anything is written: pure, and the whole of the rule.
 *
 * A page is known by what it states (kind, service, API version, action,
 * locale: its identity, the path `layoutPath` gives it), not by its upstream
 * path, which upstream may change:
 *
 * - a page whose upstream path is still listed is updated in place when its
 *   bytes changed;
 * - a page whose upstream path is gone from the listing **moved** when an
 *   upstream page new to the manifest has its identity: first one with the
 *   same bytes, then the others in upstream path order. Its entry follows it
 *   (upstream path, bytes), under the same docs path;
 * - a gone page that nothing replaces is **deleted**: its entry and its file
 *   leave docs/ (only when the listing is of the commit read and every new
 *   page could be read, so that a failure is never taken for a deletion);
 * - an upstream page new to the manifest that replaces nothing is **added**,
 *   as a further part of its identity when another page has it (`en.2.md`),
 *   unless its bytes are those of a page already there (a duplicate);
 * - the parts of an identity are numbered 1, 2, … without a gap: when part 1
 *   goes, part 2 becomes the page itself (`en.md`).
 *
 * Two parts of one identity thus exist only while both pages exist upstream.
 */
import { compareStrings } from "../model/diagnostics.js";
import { layoutPath } from "../model/manifest.js";
import type { PageSpec } from "../model/types.js";

/** What was read of an entry's upstream page. */
export type Fetched =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly hash: string; readonly etag?: string | undefined }
  | { readonly kind: "not-modified"; readonly etag?: string | undefined }
  | { readonly kind: "failed"; readonly reason: string }
  /** Not in the listing of the commit read. */
  | { readonly kind: "gone" }
  /** Read, with no error-code table left where the page had some, and taken so (`--force`): the page is no longer one generate reads. */
  | { readonly kind: "emptied"; readonly bytes: Uint8Array; readonly hash: string };

export interface PlanEntry {
  readonly spec: PageSpec;
  /** The entry as the manifest has it (its keys, in their order, are kept). */
  readonly entry: Readonly<Record<string, unknown>>;
  /** The sha256 of the page on disk; undefined when there is none. */
  readonly localHash: string | undefined;
  /** Undefined when it was not asked for (no upstream, or not among `--only`). */
  readonly fetched?: Fetched | undefined;
}

/** An upstream page the manifest does not know, read and (perhaps) placed by discovery. */
export interface Candidate {
  readonly upstream: string;
  readonly bytes: Uint8Array;
  readonly hash: string;
  /** Where its statements place it; undefined when they do not (it may still be a page placed by hand that moved, by its bytes). */
  readonly place?: Identity | undefined;
}

export type Identity = Pick<PageSpec, "kind" | "service" | "apiVersion" | "locale"> & { readonly action?: string | undefined };

export interface PlanInput {
  /** In manifest order. */
  readonly entries: readonly PlanEntry[];
  /** In upstream path order. */
  readonly candidates: readonly Candidate[];
  /** Whether a gone page may be deleted: the listing is whole and of the commit read, and every candidate was read. */
  readonly mayDelete: boolean;
  /** Why not, when it may not. */
  readonly keepReason?: string | undefined;
  /** Replace and delete pages edited locally. */
  readonly force: boolean;
  /** `upstream.repo` of pages added. */
  readonly repo: string;
}

/** A file of docs/ as it will be: new bytes, or the bytes of another file of docs/ (a part renumbered). */
export type FileSource = { readonly bytes: Uint8Array; readonly hash: string } | { readonly from: string; readonly hash: string };

export interface Plan {
  /** The manifest's new `pages`. */
  readonly pages: readonly Record<string, unknown>[];
  /** Files to put in place, by docs path. */
  readonly files: ReadonlyMap<string, FileSource>;
  /** Files to remove (not among `files`), with the sha256 they must have. */
  readonly removals: readonly { readonly path: string; readonly hash: string | undefined }[];
  /** The entries of `pages` read upstream in this run (the commit read is recorded on them). */
  readonly confirmed: ReadonlySet<Record<string, unknown>>;
  /** Entries whose bytes are new (their old commit no longer holds). */
  readonly rewritten: ReadonlySet<Record<string, unknown>>;
  /** Whether docs/ changes: a page written, moved, added, removed or renumbered. */
  readonly changed: boolean;
  readonly report: PlanReport;
}

export interface PlanReport {
  readonly updated: string[];
  readonly unchanged: string[];
  readonly failed: { path: string; reason: string }[];
  readonly added: { path: string; upstream: string }[];
  readonly moved: { path: string; from: string; to: string; edited: boolean }[];
  /** `emptied`: the upstream page is still there, with no error-code table. */
  readonly deleted: { path: string; upstream: string; emptied?: true }[];
  readonly renumbered: { from: string; to: string }[];
  /** Gone upstream, but kept: why. */
  readonly kept: { path: string; reason: string }[];
  readonly duplicates: { path: string; sameAs: string }[];
}

const EDITED = "the local copy was edited (its sha256 is not the one sources.json records)";

const identityKey = (identity: Identity) => layoutPath({ ...identity, part: undefined });

interface Slot {
  /** Entries that stay at this identity: their part, the sha256 of their bytes to be, and of those on disk. */
  readonly stay: { object: Record<string, unknown>; part: number; hash: string | undefined; local: string | undefined }[];
}

export function planSync(input: PlanInput): Plan {
  const report: PlanReport = { updated: [], unchanged: [], failed: [], added: [], moved: [], deleted: [], renumbered: [], kept: [], duplicates: [] };
  const files = new Map<string, FileSource>();
  const removals = new Map<string, string | undefined>();
  const confirmed = new Set<Record<string, unknown>>();
  const rewritten = new Set<Record<string, unknown>>();
  let changed = false;
  const slots = new Map<string, Slot>();
  const slotOf = (key: string) => slots.get(key) ?? slots.set(key, { stay: [] }).get(key)!;
  /** The entries that stay, in manifest order (each entry's object, or undefined once it is deleted), then the pages added. */
  const kept = new Map<Record<string, unknown>, Record<string, unknown> | undefined>();
  const addedPages: Record<string, unknown>[] = [];
  /** Gone entries by identity, waiting for a page that replaces them. */
  const gone = new Map<string, { item: PlanEntry; object: Record<string, unknown> }[]>();
  const editedLocally = (item: PlanEntry) => item.localHash !== undefined && item.spec.sha256 !== undefined && item.localHash !== item.spec.sha256;
  /** An entry deleted: its page leaves docs/ (the file with the bytes read, if still so) and the manifest. */
  const remove = (item: PlanEntry, object: Record<string, unknown>, emptied: boolean) => {
    report.deleted.push({ path: item.spec.path, upstream: item.spec.upstream!.path, ...(emptied && { emptied: true as const }) });
    removals.set(item.spec.path, item.localHash);
    kept.set(object, undefined);
    changed = true;
  };

  for (const item of input.entries) {
    const object = structuredClone(item.entry) as Record<string, unknown>;
    kept.set(object, object);
    const key = identityKey(item.spec);
    const fetched = item.fetched;
    const stays = (hash: string | undefined) => {
      slotOf(key).stay.push({ object, part: item.spec.part ?? 1, hash, local: item.localHash });
    };
    if (fetched?.kind === "gone") {
      (gone.get(key) ?? gone.set(key, []).get(key)!).push({ item, object });
      continue;
    }
    if (fetched?.kind === "emptied") remove(item, object, true);
    else if (fetched === undefined) stays(item.spec.sha256 ?? item.localHash);
    else if (fetched.kind === "failed") {
      report.failed.push({ path: item.spec.path, reason: fetched.reason });
      stays(item.spec.sha256 ?? item.localHash);
    } else if (fetched.kind === "not-modified") {
      report.unchanged.push(item.spec.path);
      setEtag(object, fetched.etag);
      confirmed.add(object);
      stays(item.spec.sha256 ?? item.localHash);
    } else if (fetched.hash === item.localHash) {
      report.unchanged.push(item.spec.path);
      object["sha256"] = fetched.hash;
      setEtag(object, fetched.etag);
      confirmed.add(object);
      stays(fetched.hash);
    } else if (editedLocally(item) && !input.force) {
      report.failed.push({
        path: item.spec.path,
        reason: `${EDITED}, so it was not replaced; use --force to replace it`,
      });
      stays(item.localHash);
    } else {
      report.updated.push(item.spec.path);
      files.set(item.spec.path, { bytes: fetched.bytes, hash: fetched.hash });
      object["sha256"] = fetched.hash;
      setEtag(object, fetched.etag);
      confirmed.add(object);
      rewritten.add(object);
      changed = true;
      stays(fetched.hash);
    }
  }

  // The candidates that replace a gone page (a move), by identity: the same bytes first, then in upstream path order.
  const used = new Set<Candidate>();
  const follow = (entry: { item: PlanEntry; object: Record<string, unknown> }, candidate: Candidate) => {
    used.add(candidate);
    const { item, object } = entry;
    if (editedLocally(item) && !input.force && candidate.hash !== item.localHash) {
      report.kept.push({
        path: item.spec.path,
        reason: `its upstream page moved to ${candidate.upstream}, but ${EDITED}, so it was not replaced; use --force to replace it`,
      });
      slotOf(identityKey(item.spec)).stay.push({ object, part: item.spec.part ?? 1, hash: item.localHash, local: item.localHash });
      return;
    }
    const edited = candidate.hash !== item.spec.sha256;
    report.moved.push({ path: item.spec.path, from: item.spec.upstream!.path, to: candidate.upstream, edited });
    object["upstream"] = { ...(object["upstream"] as Record<string, unknown>), path: candidate.upstream };
    if (candidate.hash !== item.localHash) {
      files.set(item.spec.path, { bytes: candidate.bytes, hash: candidate.hash });
      rewritten.add(object);
    }
    object["sha256"] = candidate.hash;
    delete object["etag"];
    confirmed.add(object);
    changed = true;
    slotOf(identityKey(item.spec)).stay.push({ object, part: item.spec.part ?? 1, hash: candidate.hash, local: item.localHash });
  };
  for (const [key, entries] of gone) {
    const waiting = [...entries].sort((a, b) => compareStrings(a.item.spec.upstream!.path, b.item.spec.upstream!.path));
    // Same bytes: a placed page of this identity, or (for a page placed by hand) any page read.
    for (const entry of [...waiting]) {
      const same = input.candidates.find(
        (c) => !used.has(c) && c.hash === entry.item.spec.sha256 && (c.place === undefined ? entry.item.spec.placement !== undefined : identityKey(c.place) === key),
      );
      if (same === undefined) continue;
      waiting.splice(waiting.indexOf(entry), 1);
      follow(entry, same);
    }
    const others = input.candidates.filter((c) => !used.has(c) && c.place !== undefined && identityKey(c.place) === key);
    while (waiting.length > 0 && others.length > 0) follow(waiting.shift()!, others.shift()!);
    for (const { item, object } of waiting) {
      const reason = !input.mayDelete
        ? input.keepReason ?? "it cannot be told from a failure"
        : editedLocally(item) && !input.force
          ? `${EDITED}; use --force to delete it`
          : undefined;
      if (reason !== undefined) {
        report.kept.push({ path: item.spec.path, reason: `its upstream page ${item.spec.upstream!.path} is gone, but it was kept: ${reason}` });
        slotOf(key).stay.push({ object, part: item.spec.part ?? 1, hash: item.spec.sha256 ?? item.localHash, local: item.localHash });
        continue;
      }
      remove(item, object, false);
    }
  }

  // New pages: added, as a further part when their place is taken, unless the same bytes are there already.
  for (const candidate of input.candidates) {
    if (used.has(candidate) || candidate.place === undefined) continue;
    const slot = slotOf(identityKey(candidate.place));
    const same = slot.stay.find((page) => page.hash === candidate.hash);
    if (same !== undefined) {
      report.duplicates.push({ path: candidate.upstream, sameAs: String(same.object["path"]) });
      continue;
    }
    let part = 1;
    while (slot.stay.some((page) => page.part === part)) part++;
    const place = candidate.place;
    const path = layoutPath({ ...place, part: part > 1 ? part : undefined });
    const object: Record<string, unknown> = {
      path,
      kind: place.kind,
      service: place.service,
      apiVersion: place.apiVersion,
      ...(place.action !== undefined && { action: place.action }),
      locale: place.locale,
      ...(part > 1 && { part }),
      upstream: { repo: input.repo, path: candidate.upstream },
      sha256: candidate.hash,
    };
    files.set(path, { bytes: candidate.bytes, hash: candidate.hash });
    confirmed.add(object);
    rewritten.add(object);
    report.added.push({ path, upstream: candidate.upstream });
    changed = true;
    addedPages.push(object);
    slot.stay.push({ object, part, hash: candidate.hash, local: undefined });
  }

  // Parts numbered 1, 2, … in their order: a part whose page went leaves no gap.
  for (const { stay } of slots.values()) {
    let next = 1;
    for (const page of [...stay].sort((a, b) => a.part - b.part)) {
      const from = String(page.object["path"]);
      // A page with no file and no new bytes keeps its number (generate reports it missing).
      if (page.part === next || (page.local === undefined && !files.has(from))) {
        next = page.part + 1;
        continue;
      }
      const part = next++;
      const to = layoutPath({ ...(page.object as unknown as PageSpec), part: part > 1 ? part : undefined });
      page.object["path"] = to;
      if (part > 1) page.object["part"] = part;
      else delete page.object["part"];
      const source = files.get(from);
      files.delete(from);
      files.set(to, source ?? { from, hash: page.local! });
      // A page added in this run has no file yet.
      if (page.local !== undefined) removals.set(from, page.local);
      report.renumbered.push({ from, to });
      changed = true;
    }
  }
  // A file to be removed that another page takes the place of is replaced, not removed.
  for (const path of files.keys()) removals.delete(path);

  // The manifest keeps its order; pages added go in by path.
  const pages: Record<string, unknown>[] = [...kept.values()].flatMap((object) => (object === undefined ? [] : [object]));
  if (addedPages.length > 0) {
    pages.push(...addedPages);
    pages.sort((a, b) => compareStrings(String(a["path"]), String(b["path"])));
  }
  for (const list of [report.updated, report.unchanged]) list.sort(compareStrings);
  report.added.sort((a, b) => compareStrings(a.path, b.path));
  return {
    pages,
    files,
    removals: [...removals].map(([path, hash]) => ({ path, hash })).sort((a, b) => compareStrings(a.path, b.path)),
    confirmed,
    rewritten,
    changed,
    report,
  };
}

function setEtag(object: Record<string, unknown>, etag: string | undefined): void {
  if (etag !== undefined) object["etag"] = etag;
  else delete object["etag"];
}
