import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { layoutPath, readManifest } from "../generator/model/manifest.js";
import { planSync, type Candidate, type Fetched, type PlanEntry } from "../generator/fetch/plan.js";

/** The rule of fetch-docs on what changes in docs/ (generator/fetch/plan.ts), case by case. */
const hash = (text: string) => createHash("sha256").update(text).digest("hex");
const bytes = (text: string) => ({ bytes: new TextEncoder().encode(text), hash: hash(text) });
const REPO = "tencentyun/intlcloud-documents";

interface Page {
  readonly action?: string;
  readonly locale?: string;
  readonly part?: number;
  readonly upstream: string;
  readonly text: string;
  readonly placement?: string;
}

/** Manifest entries of cvm 2017-03-12 (action pages, or its error-code pages), each with the page on disk as recorded. */
function entries(pages: readonly (Page & { fetched?: Fetched; local?: string })[]): PlanEntry[] {
  const objects = pages.map((page) => {
    const kind = page.action === undefined ? "service" : "action";
    const spec = { kind, service: "cvm", apiVersion: "2017-03-12", locale: page.locale ?? "en", ...(page.action && { action: page.action }), ...(page.part && { part: page.part }) } as const;
    return {
      path: layoutPath(spec),
      ...spec,
      ...(page.placement && { placement: page.placement }),
      upstream: { repo: REPO, path: page.upstream, commit: "1".repeat(40) },
      sha256: hash(page.text),
    };
  });
  const manifest = readManifest(JSON.stringify({ revision: "2020-01-01", pages: objects }));
  expect(manifest.diagnostics).toEqual([]);
  return pages.map((page, index) => {
    const spec = manifest.pages.find((s) => s.path === objects[index]!.path)!;
    return { spec, entry: objects[index]!, localHash: hash(page.local ?? page.text), fetched: page.fetched };
  });
}

const candidate = (upstream: string, text: string, place?: Partial<Candidate["place"]> | null): Candidate => ({
  upstream,
  ...bytes(text),
  place: place === null ? undefined : { kind: "action", service: "cvm", apiVersion: "2017-03-12", locale: "en", action: "RunInstances", ...place },
});

const gone: Fetched = { kind: "gone" };
const same = (text: string): Fetched => ({ kind: "bytes", ...bytes(text) });
const input = (list: PlanEntry[], candidates: Candidate[] = [], over: Partial<Parameters<typeof planSync>[0]> = {}) =>
  planSync({ entries: list, candidates, mayDelete: true, force: false, repo: REPO, ...over });
const paths = (plan: ReturnType<typeof planSync>) => plan.pages.map((page) => `${String(page["path"])} ← ${String((page["upstream"] as { path: string }).path)}`);

describe("what fetch-docs changes in docs/", () => {
  it("updates a page in place, keeps one unchanged or that failed, and changes nothing else", () => {
    const list = entries([
      { action: "RunInstances", upstream: "A/run_intl.md", text: "old", fetched: same("new") },
      { action: "StopInstances", upstream: "A/stop_intl.md", text: "same", fetched: same("same") },
      { action: "StartInstances", upstream: "A/start_intl.md", text: "kept", fetched: { kind: "failed", reason: "HTTP 500" } },
    ]);
    const plan = input(list);
    expect(plan.report).toMatchObject({ updated: [list[0]!.spec.path], unchanged: [list[1]!.spec.path], failed: [{ path: list[2]!.spec.path, reason: "HTTP 500" }], moved: [], deleted: [] });
    expect([...plan.files]).toEqual([[list[0]!.spec.path, bytes("new")]]);
    expect(plan.removals).toEqual([]);
    expect(plan.changed).toBe(true);
    expect(plan.confirmed.size).toBe(2);
    expect(plan.rewritten.size).toBe(1);
  });

  it("follows a page that moved with its bytes: its entry names the new path, its file stays", () => {
    const list = entries([{ action: "RunInstances", upstream: "old/run_intl.md", text: "page", fetched: gone }]);
    const plan = input(list, [candidate("new/run_intl.md", "page")]);
    expect(plan.report.moved).toEqual([{ path: list[0]!.spec.path, from: "old/run_intl.md", to: "new/run_intl.md", edited: false }]);
    expect(paths(plan)).toEqual(["services/cvm/2017-03-12/actions/RunInstances/en.md ← new/run_intl.md"]);
    expect(plan.files.size).toBe(0);
    expect(plan.report.added).toEqual([]);
    expect(plan.changed).toBe(true);
  });

  it("follows a page that moved and changed: its file takes the new bytes, no second part appears", () => {
    const list = entries([{ action: "RunInstances", upstream: "old/run_intl.md", text: "page", fetched: gone }]);
    const plan = input(list, [candidate("new/run_intl.md", "page, edited")]);
    expect(plan.report.moved).toEqual([{ path: list[0]!.spec.path, from: "old/run_intl.md", to: "new/run_intl.md", edited: true }]);
    expect([...plan.files.keys()]).toEqual([list[0]!.spec.path]);
    expect(plan.pages).toHaveLength(1);
    expect(plan.pages[0]!["sha256"]).toBe(hash("page, edited"));
  });

  it("deletes a page gone upstream that nothing replaces, when the listing may say so", () => {
    const list = entries([
      { action: "RunInstances", upstream: "A/run_intl.md", text: "run", fetched: same("run") },
      { action: "StopInstances", upstream: "A/stop_intl.md", text: "stop", fetched: gone },
    ]);
    const plan = input(list);
    expect(plan.report.deleted).toEqual([{ path: list[1]!.spec.path, upstream: "A/stop_intl.md" }]);
    expect(plan.removals).toEqual([{ path: list[1]!.spec.path, hash: hash("stop") }]);
    expect(paths(plan)).toEqual(["services/cvm/2017-03-12/actions/RunInstances/en.md ← A/run_intl.md"]);
    // A failure somewhere, an interruption, a listing of another state: kept, saying why.
    const kept = input(list, [], { mayDelete: false, keepReason: "1 upstream page(s) could not be read" });
    expect(kept.report.deleted).toEqual([]);
    expect(kept.report.kept).toEqual([{ path: list[1]!.spec.path, reason: expect.stringContaining("but it was kept: 1 upstream page(s) could not be read") }]);
    expect(kept.changed).toBe(false);
    expect(kept.pages).toHaveLength(2);
  });

  it("keeps a page edited locally that is gone or moved upstream, unless forced", () => {
    const list = entries([
      { action: "RunInstances", upstream: "A/run_intl.md", text: "run", local: "run, edited here", fetched: gone },
      { action: "StopInstances", upstream: "A/stop_intl.md", text: "stop", local: "stop, edited here", fetched: gone },
    ]);
    const moved = candidate("B/stop_intl.md", "stop v2", { action: "StopInstances" });
    const plan = input(list, [moved]);
    expect(plan.report.kept.map((k) => k.reason)).toEqual([
      expect.stringContaining("moved to B/stop_intl.md, but the local copy was edited"),
      expect.stringContaining("the local copy was edited (its sha256 is not the one sources.json records); use --force to delete it"),
    ].reverse());
    expect(plan.changed).toBe(false);
    const forced = input(list, [moved], { force: true });
    expect(forced.report.deleted.map((d) => d.path)).toEqual([list[0]!.spec.path]);
    expect(forced.report.moved.map((m) => m.path)).toEqual([list[1]!.spec.path]);
  });

  it("numbers parts without a gap: when part 1 goes, part 2 becomes the page itself", () => {
    const list = entries([
      { upstream: "A/error_codes_intl.md", text: "first", fetched: gone },
      { part: 2, upstream: "A/错误码_intl.md", text: "second", fetched: same("second") },
      { part: 3, upstream: "A/错误码2_intl.md", text: "third", fetched: same("third, edited") },
    ]);
    const plan = input(list);
    expect(plan.report.deleted.map((d) => d.path)).toEqual(["services/cvm/2017-03-12/en.md"]);
    expect(plan.report.renumbered).toEqual([
      { from: "services/cvm/2017-03-12/en.2.md", to: "services/cvm/2017-03-12/en.md" },
      { from: "services/cvm/2017-03-12/en.3.md", to: "services/cvm/2017-03-12/en.2.md" },
    ]);
    expect(paths(plan)).toEqual(["services/cvm/2017-03-12/en.md ← A/错误码_intl.md", "services/cvm/2017-03-12/en.2.md ← A/错误码2_intl.md"]);
    expect(plan.pages.map((p) => p["part"])).toEqual([undefined, 2]);
    // en.md takes the bytes of en.2.md (read from disk), en.2.md the new bytes of part 3; en.3.md goes (en.md is replaced, not removed).
    expect([...plan.files]).toEqual([
      ["services/cvm/2017-03-12/en.md", { from: "services/cvm/2017-03-12/en.2.md", hash: hash("second") }],
      ["services/cvm/2017-03-12/en.2.md", bytes("third, edited")],
    ]);
    expect(plan.removals).toEqual([{ path: "services/cvm/2017-03-12/en.3.md", hash: hash("third") }]);
  });

  it("adds new pages, as a further part where the place is taken, and never the same bytes twice", () => {
    const list = entries([{ action: "RunInstances", upstream: "A/run_intl.md", text: "run", fetched: same("run") }]);
    const plan = input(list, [
      candidate("A/copy/run_intl.md", "run"),
      candidate("B/run_intl.md", "run, another page"),
      candidate("C/run_intl.md", "run, another page"),
      candidate("A/stop.md", "stop", { action: "StopInstances", locale: "zh-CN" }),
      candidate("A/overview.md", "no error table", null),
    ]);
    expect(plan.report.duplicates).toEqual([
      { path: "A/copy/run_intl.md", sameAs: "services/cvm/2017-03-12/actions/RunInstances/en.md" },
      { path: "C/run_intl.md", sameAs: "services/cvm/2017-03-12/actions/RunInstances/en.2.md" },
    ]);
    expect(plan.report.added).toEqual([
      { path: "services/cvm/2017-03-12/actions/RunInstances/en.2.md", upstream: "B/run_intl.md" },
      { path: "services/cvm/2017-03-12/actions/StopInstances/zh-CN.md", upstream: "A/stop.md" },
    ]);
    expect(plan.pages.find((p) => p["path"] === "services/cvm/2017-03-12/actions/RunInstances/en.2.md")).toEqual({
      path: "services/cvm/2017-03-12/actions/RunInstances/en.2.md",
      kind: "action",
      service: "cvm",
      apiVersion: "2017-03-12",
      action: "RunInstances",
      locale: "en",
      part: 2,
      upstream: { repo: REPO, path: "B/run_intl.md" },
      sha256: hash("run, another page"),
    });
    // The manifest stays in path order with the pages added.
    expect(plan.pages.map((p) => p["path"])).toEqual([...plan.pages.map((p) => String(p["path"]))].sort());
  });

  it("pairs pages that moved by their bytes first, then in upstream path order", () => {
    const list = entries([
      { upstream: "old/a_intl.md", text: "a", fetched: gone },
      { part: 2, upstream: "old/b_intl.md", text: "b", fetched: gone },
    ]);
    const place = { kind: "service" as const, action: undefined };
    const plan = input(list, [candidate("new/1_intl.md", "b, edited", place), candidate("new/2_intl.md", "a", place)]);
    expect(plan.report.moved).toEqual([
      { path: "services/cvm/2017-03-12/en.md", from: "old/a_intl.md", to: "new/2_intl.md", edited: false },
      { path: "services/cvm/2017-03-12/en.2.md", from: "old/b_intl.md", to: "new/1_intl.md", edited: true },
    ]);
    expect(plan.report.added).toEqual([]);
  });

  it("follows a page placed by hand that moved with its bytes, which discovery cannot place", () => {
    const list = entries([{ upstream: "old/错误码_intl.md", text: "codes", placement: "the folder states no version", fetched: gone }]);
    const plan = input(list, [candidate("new/错误码_intl.md", "codes", null)]);
    expect(plan.report.moved).toEqual([{ path: "services/cvm/2017-03-12/en.md", from: "old/错误码_intl.md", to: "new/错误码_intl.md", edited: false }]);
    expect(plan.pages[0]!["placement"]).toBe("the folder states no version");
    // With other bytes it cannot be told: the page is deleted (a reviewer places the new one by hand).
    expect(input(list, [candidate("new/错误码_intl.md", "codes, edited", null)]).report.deleted).toHaveLength(1);
  });

  it("keeps the manifest's order and an entry's keys when only pages change", () => {
    const list = entries([
      { action: "StopInstances", upstream: "A/stop_intl.md", text: "stop", fetched: same("stop 2") },
      { action: "RunInstances", upstream: "A/run_intl.md", text: "run", fetched: same("run") },
    ]);
    const plan = input(list);
    expect(plan.pages.map((p) => p["action"])).toEqual(["StopInstances", "RunInstances"]);
    expect(Object.keys(plan.pages[0]!)).toEqual(Object.keys(list[0]!.entry));
    // The input is not changed.
    expect(list[0]!.entry["sha256"]).toBe(hash("stop"));
  });
});
