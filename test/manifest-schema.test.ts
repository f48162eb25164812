/**
 * docs/sources.schema.json gives editors completion and checks in
 * sources.json. It must say what `readManifest` says of structure: every
 * manifest of the repository passes both, and an entry `readManifest`
 * refuses for its shape, the schema refuses too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { readManifest } from "../generator/model/manifest.js";
import { ROOT } from "./helpers/generate.js";

const schema = JSON.parse(readFileSync(join(ROOT, "docs/sources.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
const MANIFESTS = ["docs", ...["minimal", "hostile-text", "sample", "versions"].map((name) => `test/integration/${name}/docs`)];

describe("the manifest's JSON schema", () => {
  it("is named by docs/sources.json, so that editors find it", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "docs/sources.json"), "utf8")) as Record<string, unknown>;
    expect(manifest["$schema"]).toBe("./sources.schema.json");
  });

  it("accepts every manifest of the repository, which readManifest reads without a problem", () => {
    for (const dir of MANIFESTS) {
      const text = readFileSync(join(ROOT, dir, "sources.json"), "utf8");
      expect(readManifest(text).diagnostics.filter((d) => d.code === "D2E001"), dir).toEqual([]);
      expect(validate(JSON.parse(text)), `${dir}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("refuses every entry readManifest refuses for its shape", () => {
    const good = { path: "services/cdb/2017-03-20/actions/DescribeTasks/en.md", kind: "action", service: "cdb", apiVersion: "2017-03-20", action: "DescribeTasks", locale: "en" };
    const bad: Record<string, unknown>[] = [
      { ...good, path: "services/cdb/2017-03-20/en.txt" },
      { ...good, kind: "page" },
      { ...good, service: "CDB" },
      { ...good, kind: "common", service: "cdb", action: undefined },
      { ...good, action: "describeTasks" },
      { ...good, action: undefined },
      { ...good, kind: "service", path: "services/cdb/2017-03-20/en.md" },
      { ...good, part: 1 },
      { ...good, part: 2.5 },
      { ...good, placement: " " },
      { ...good, apiVersion: "v2017" },
      { ...good, locale: "EN" },
      { ...good, title: 3 },
      { ...good, sha256: "abc" },
      { ...good, upstream: { repo: "no-slash", path: "a.md" } },
      { ...good, upstream: { path: "a.md" } },
      { ...good, path: undefined },
    ].map((entry) => Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)));
    const manifest = (pages: unknown[], rest: Record<string, unknown> = {}) => ({ revision: "2026-01-01", ...rest, pages });
    expect(readManifest(JSON.stringify(manifest([good]))).diagnostics).toEqual([]);
    expect(validate(manifest([good]))).toBe(true);
    for (const entry of bad) {
      const text = JSON.stringify(manifest([entry]));
      expect(readManifest(text).diagnostics.map((d) => d.code), text).toContain("D2E001");
      expect(validate(JSON.parse(text)), text).toBe(false);
    }
    for (const rest of [{ revision: "yesterday" }, { deprecation: { keepDays: -1 } }, { deprecation: 7 }, { services: { cdb: {} } }, { services: { CDB: { title: "x" } } }]) {
      const value = manifest([good], rest);
      expect(readManifest(JSON.stringify(value)).diagnostics.map((d) => d.code), JSON.stringify(rest)).toContain("D2E001");
      expect(validate(value), JSON.stringify(rest)).toBe(false);
    }
  });
});
