import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acceptedBaseline, readBaseline, review } from "../generator/model/baseline.js";
import { diagnostic } from "../generator/model/diagnostics.js";
import { generateFrom, ROOT, runCli, tempDir } from "./helpers/generate.js";

/**
 * Real pages of docs/ with the oddities real docs have (test/fixtures/known-warnings/README.md),
 * and the reviewed baseline of warnings that keeps a run's output to what is new.
 */
const FIXTURE = join(ROOT, "test/fixtures/known-warnings/docs");

describe("the known oddities of real pages", () => {
  it("give exactly these warnings", async () => {
    const result = await generateFrom(FIXTURE);
    expect(result.diagnostics.map((d) => `${d.position.file}:${d.position.line} ${d.code} ${d.message}`)).toEqual([
      'services/as/2018-04-19/en.2.md:83 D2E301 "InvalidParameterValue.InvalidScheduledActionNameIncludeIllegalChar" is listed again with a different text; the row at line 81 is kept',
      'services/as/2018-04-19/en.md:79 D2E301 "InvalidParameterValue.InvalidScheduledActionNameIncludeIllegalChar" is listed again with a different text; the row at line 78 is kept',
      'services/cvm/2017-03-12/actions/CreateKeyPair/en.md:43 D2E203 code "InvalidKeyPairNameIncludeIllega l Char" has spaces inside; read as "InvalidKeyPairNameIncludeIllegalChar", which the zh-CN pages list',
      'services/cvm/2017-03-12/actions/ImportKeyPair/en.md:40 D2E203 code "InvalidKeyPairNameIncludeIllega l Char" has spaces inside; read as "InvalidKeyPairNameIncludeIllegalChar", which the zh-CN pages list',
      'services/gme/2018-07-11/actions/ModifyAppStatus/en.md:89 D2E203 code "MissingParameter." ends with a dot; read as "MissingParameter"',
      'services/gme/2018-07-11/actions/ModifyAppStatus/zh-CN.md:89 D2E203 code "MissingParameter." ends with a dot; read as "MissingParameter"',
      'services/redis/2018-04-12/actions/DescribeInstanceParamRecords/en.md:1 D2E304 the en pages of action DescribeInstanceParamRecords (redis 2018-04-12) lack "InvalidParameter.PermissionDenied", which the zh-CN ones list',
      'services/redis/2018-04-12/actions/DescribeInstanceParamRecords/en.md:108 D2E301 "UnauthorizedOperation.NoCAMAuthed" is listed again with a different text; the row at line 107 is kept',
      'services/sqlserver/2018-03-28/actions/CreateDBInstances/en.md:96 D2E301 "FailedOperation.CreateOrderFailed" is listed again with a different text; the row at line 95 is kept',
      'services/sqlserver/2018-03-28/en.md:60 D2E301 "FailedOperation.CreateOrderFailed" is listed again with a different text; the row at line 59 is kept',
      'services/vod/2018-07-17/actions/ModifyClass/en.md:63 D2E301 "FailedOperation.ClassNameDuplicate" is listed again with a different text; the row at line 62 is kept',
    ]);
    // The code with a stray space is the zh-CN page's code: the action lists it once.
    const snapshot = JSON.parse(result.files!.get("snapshot.json")!);
    expect(Object.keys(snapshot.sets["cvm@2017-03-12"].actions.CreateKeyPair.codes)).toContain("InvalidKeyPairNameIncludeIllegalChar");
  });
});

describe("the reviewed baseline (docs/reviewed-warnings.json)", () => {
  const copy = () => {
    const work = tempDir("baseline");
    cpSync(FIXTURE, join(work, "docs"), { recursive: true });
    return work;
  };
  const warningLines = (stderr: string) => stderr.split("\n").filter((line) => / (warning|error) D2E\d{3}: /.test(line));
  const page = (work: string, path: string) => join(work, "docs", path);
  /** Edits a page as fetch-docs would bring an edit in: its manifest entry records the new sha256. */
  const edit = (work: string, path: string, change: (text: string) => string) => {
    const text = change(readFileSync(page(work, path), "utf8"));
    writeFileSync(page(work, path), text);
    const manifest = JSON.parse(readFileSync(join(work, "docs/sources.json"), "utf8"));
    manifest.pages.find((entry: { path: string }) => entry.path === path).sha256 = createHash("sha256").update(text).digest("hex");
    writeFileSync(join(work, "docs/sources.json"), JSON.stringify(manifest, null, 2));
  };
  const VOD = "services/vod/2018-07-17/actions/ModifyClass/en.md";
  const GME = "services/gme/2018-07-11/actions/ModifyAppStatus/zh-CN.md";

  it("holds back what was reviewed, prints what is new with one summary line, and reports entries that no longer occur", () => {
    const work = copy();
    // No baseline: every warning is new. Accepted: each is written down, for a maintainer to say why.
    const first = runCli(work, "--no-cache", "--accept-warnings");
    expect(first.status).toBe(0);
    expect(warningLines(first.stderr)).toHaveLength(11);
    expect(first.stderr).toContain("generate: warnings: 11 new (above), 0 reviewed (docs/reviewed-warnings.json)\n");
    const file = join(work, "docs/reviewed-warnings.json");
    const accepted = JSON.parse(readFileSync(file, "utf8"));
    expect(accepted.warnings).toHaveLength(11);
    expect(accepted.warnings[0]).toEqual({
      file: "services/as/2018-04-19/en.2.md",
      code: "D2E301",
      subject: "InvalidParameterValue.InvalidScheduledActionNameIncludeIllegalChar",
      message: '"InvalidParameterValue.InvalidScheduledActionNameIncludeIllegalChar" is listed again with a different text; the row at line 81 is kept',
      why: "",
    });
    for (const entry of accepted.warnings) entry.why = "read: true of the upstream page";
    writeFileSync(file, JSON.stringify(accepted, null, 2));
    // Reviewed warnings are held back, and no problem to --strict.
    const quiet = runCli(work, "--no-cache", "--strict");
    expect(quiet.status).toBe(0);
    expect(warningLines(quiet.stderr)).toEqual([]);
    expect(quiet.stderr).toBe("generate: warnings: 0 new, 11 reviewed (docs/reviewed-warnings.json)\n");

    // The docs change: a row listed twice anew (a new warning), and vod's duplicate row gone (its entry is stale).
    edit(work, GME, (text) => text.replace(/^(\| InternalError \|.*)$/m, "$1\n| InternalError | 另一个说法 |"));
    edit(work, VOD, (text) => text.split("\n").filter((_, i) => i !== 62).join("\n"));
    const changed = runCli(work, "--no-cache", "--changes", "md", "--changes-file", "changes.md");
    expect(changed.status).toBe(0);
    const shown = warningLines(changed.stderr);
    const vodLine = readFileSync(file, "utf8").split("\n").findIndex((line) => line.includes(`"file": "${VOD}"`)) + 1;
    expect(shown).toEqual([
      expect.stringMatching(/^docs\/reviewed-warnings\.json:\d+:\d+: warning D2E010: the reviewed warning D2E301 of services\/vod\/2018-07-17\/actions\/ModifyClass\/en\.md no longer occurs: remove the entry/),
      expect.stringMatching(/^docs\/services\/gme\/2018-07-11\/actions\/ModifyAppStatus\/zh-CN\.md:\d+:1: warning D2E301: "InternalError" is listed again with a different text/),
    ]);
    expect(shown[0]).toMatch(new RegExp(`^docs/reviewed-warnings\\.json:${vodLine}:7: `));
    expect(changed.stderr).toContain("generate: warnings: 1 new (above), 10 reviewed (docs/reviewed-warnings.json); 1 reviewed warning(s) no longer occur (D2E010)\n");
    // The pull request's body says it too, inert.
    const body = readFileSync(join(work, "changes.md"), "utf8");
    expect(body).toMatch(/### Warnings to review\n\nNew warnings of the docs \(not in `docs\/reviewed-warnings\.json`\)[^\n]*\n\n- `docs\/services\/gme\/2018-07-11\/actions\/ModifyAppStatus\/zh-CN\.md:\d+:1` D2E301: "InternalError" is listed again/);
    expect(body).toContain("Reviewed warnings that no longer occur (remove them from `docs/reviewed-warnings.json`):\n\n- `docs/services/vod/2018-07-17/actions/ModifyClass/en.md` D2E301:");
    expect(runCli(work, "--no-cache", "--strict").status).toBe(1);

    // Accepting again keeps what the reviewer wrote, drops the stale entry and adds the new one, for a reason to be given.
    expect(runCli(work, "--no-cache", "--accept-warnings").status).toBe(0);
    const again = JSON.parse(readFileSync(file, "utf8")).warnings as { file: string; why: string }[];
    expect(again).toHaveLength(11);
    expect(again.filter((entry) => entry.why === "")).toEqual([expect.objectContaining({ file: GME, code: "D2E301" })]);
    expect(again.some((entry) => entry.file === VOD)).toBe(false);
  });

  it("is an error when damaged, never read as empty: nothing is written", () => {
    const work = copy();
    writeFileSync(join(work, "docs/reviewed-warnings.json"), '{"warnings": [\n  {"file": "x.md", "code": "oops", "message": "m"}\n]}\n');
    const damaged = runCli(work, "--no-cache");
    expect(damaged.status).toBe(1);
    expect(damaged.stderr).toContain('docs/reviewed-warnings.json:2:4: error D2E009: warnings[0] must be {"file", "code": "D2E…", "subject"?, "message", "why"?}');
    writeFileSync(join(work, "docs/reviewed-warnings.json"), '{"warnings": [\n  oops');
    expect(runCli(work, "--no-cache").stderr).toContain('docs/reviewed-warnings.json:2:3: error D2E009: not valid JSON: unexpected "o"');
    expect(existsSync(join(work, "generated"))).toBe(false);
  });

  it("matches a warning by page, code and subject (or message), not by line or wording", () => {
    const warning = diagnostic("D2E301", { file: "a.md", line: 10, column: 1 }, '"X" is listed again with a different text; the row at line 9 is kept', "X");
    const baseline = readBaseline(acceptedBaseline([warning], readBaseline(undefined)));
    // The page edited above the rows: its line and message say another line; it is the same warning.
    const moved = { ...warning, position: { ...warning.position, line: 30 }, message: '"X" is listed again with a different text; the row at line 29 is kept' };
    expect(review([moved], baseline)).toMatchObject({ fresh: [], reviewed: 1, stale: [] });
    // Another code listed twice is another warning.
    const other = diagnostic("D2E301", { file: "a.md", line: 12, column: 1 }, '"Y" is listed again with a different text; the row at line 11 is kept', "Y");
    expect(review([other], baseline)).toMatchObject({ fresh: [other], reviewed: 0, stale: [expect.objectContaining({ file: "a.md", subject: "X" })] });
    // With no subject, the message is what it is known by.
    const plain = diagnostic("D2E205", { file: "b.md", line: 1, column: 1 }, "no table");
    const byMessage = readBaseline(acceptedBaseline([plain], readBaseline(undefined)));
    expect(review([{ ...plain, message: "no table at all" }], byMessage).fresh).toHaveLength(1);
    // Errors are never held back.
    const error = diagnostic("D2E101", { file: "a.md", line: 1, column: 1 }, "not valid UTF-8");
    expect(review([error], readBaseline(JSON.stringify({ warnings: [{ file: "a.md", code: "D2E101", message: "not valid UTF-8" }] }))).shown).toContainEqual(error);
  });
});
