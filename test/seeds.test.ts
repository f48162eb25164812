import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "./helpers/package.js";

/**
 * The seed pages read a second, independent way (line by line, the way a
 * person reads them) and compared with what was generated from them. The
 * pages are those of docs/, whatever upstream made of them: what they list is
 * in the output (which may hold more, from other pages and from codes kept
 * deprecated), with their wording.
 */
const page = (path: string) => readFileSync(new URL(`../docs/${path}`, import.meta.url), "utf8");

/** Rows of each pipe table, keyed by the `###` heading above it. */
function pipeTables(text: string): Map<string, [string, string][]> {
  const tables = new Map<string, [string, string][]>();
  let heading = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) heading = line.replace(/^#+\s*/, "").trim();
    if (!line.startsWith("|") || /^\|[\s:|-]+$/.test(line)) continue;
    const [code, message] = line.split("|").slice(1, 3).map((cell) => cell.trim());
    if (code === "エラーコード" || code === "오류 코드") continue;
    if (!tables.has(heading)) tables.set(heading, []);
    tables.get(heading)!.push([code!, message!]);
  }
  return tables;
}

function htmlRows(text: string): string[][] {
  return [...text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((tr) => [...tr[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((td) => td[1]!.replace(/<[^>]+>/g, "").trim()))
    .slice(1);
}

const values = (enumObject: object) => Object.values(enumObject).filter((v) => typeof v === "string");
const messagesOf = (catalog: { messages: object }) =>
  Object.fromEntries(Object.entries(catalog.messages).map(([code, entry]) => [code, (entry as { message: string }).message]));

describe("seed pages → generated/", () => {
  const cdbJa = pipeTables(page("services/cdb/2017-03-20/ja.md"));
  const cdbKo = pipeTables(page("services/cdb/2017-03-20/ko.md"));
  const redisJa = pipeTables(page("services/redis/2018-04-12/ja.md"));
  const commonJa = pipeTables(page("common/3.0/ja.md"));
  const legacyJa = htmlRows(page("legacy/2.0/ja.md"));

  it("cdb: the codes of its business table, with the common codes alongside", () => {
    const business = cdbJa.get("業務エラーコード")!;
    expect(business.length).toBeGreaterThan(0);
    expect(values(api.CdbErrorCode)).toEqual(expect.arrayContaining(business.map(([code]) => code)));
    const common = cdbJa.get("共通エラーコード")!.map(([code]) => code);
    expect(common.length).toBeGreaterThan(0);
    // Other services' pages add common codes; those of the seeds are all there.
    expect(values(api.CommonErrorCode)).toEqual(expect.arrayContaining(common));
    for (const code of common) expect(api.cdbCodes.has(code as api.CdbCode)).toBe(true);
  });

  it("redis: the codes of the ja page, among those of its other locales", () => {
    const own = redisJa.get("サービスエラーコード")!;
    expect(own.length).toBeGreaterThan(0);
    expect(values(api.RedisErrorCode)).toEqual(expect.arrayContaining(own.map(([code]) => code)));
    expect(values(api.RedisErrorCode)).toContain("UnauthorizedOperation");
  });

  it("legacy: numeric codes with their resolution column", () => {
    expect(legacyJa.length).toBeGreaterThan(0);
    const codes = Object.values(api.LegacyErrorCode).filter((v) => typeof v === "number");
    expect(codes).toEqual(expect.arrayContaining(legacyJa.map(([code]) => Number(code))));
    expect(Object.keys(api.legacyMessagesJa.messages).sort()).toEqual(legacyJa.map(([code]) => code).sort());
    for (const [code, message, resolution] of legacyJa) {
      // With the links of the row, when it has some.
      const { links, ...entry } = api.legacyMessagesJa.messages[code as `${api.LegacyCode}`]!;
      expect(entry).toEqual({ message, resolution });
      if (links !== undefined) expect(links).toMatch(/^https?:\/\/\S+( https?:\/\/\S+)*$/);
    }
  });

  it("every service message is in its locale's map", () => {
    expect(messagesOf(api.cdbMessagesJa)).toMatchObject(Object.fromEntries(cdbJa.get("業務エラーコード")!));
    expect(messagesOf(api.cdbMessagesKo)).toMatchObject(Object.fromEntries(cdbKo.get("비즈니스 오류 코드")!));
    expect(messagesOf(api.redisMessagesJa)).toMatchObject(Object.fromEntries(redisJa.get("サービスエラーコード")!));
  });

  it("common messages: the common pages win (the seed page for ja), the cdb page's common section only adds codes", () => {
    expect(messagesOf(api.commonMessagesJa)).toMatchObject(Object.fromEntries(commonJa.get("共通エラーコード")!));
    const commonKo = Object.fromEntries(pipeTables(page("common/3.0/ko.md")).get("공통 오류 코드")!);
    expect(messagesOf(api.commonMessagesKo)).toMatchObject(commonKo);
    for (const [code, message] of cdbKo.get("공통 오류 코드")!) {
      expect(api.commonMessagesKo.messages[code as api.CommonCode]?.message).toBe(code in commonKo ? commonKo[code] : message);
    }
  });

  it("names enum members by the documented rule", () => {
    expect(api.CdbErrorCode.InvalidParameter_InstanceNotFound).toBe("InvalidParameter.InstanceNotFound");
    expect(api.CdbErrorCode.Code9003).toBe("9003");
    expect(api.LegacyErrorCode.Code5100).toBe(5100);
    expect(api.CommonErrorCode.AuthFailure_SignatureFailure).toBe("AuthFailure.SignatureFailure");
  });
});
