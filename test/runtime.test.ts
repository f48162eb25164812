import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CdbError, LegacyError, RedisError, ResponseFormatError, TencentCloudError } from "./helpers/package.js";

// The two bodies of docs/common/3.0/ja.md ("正しい戻り結果" and "間違った戻り結果").
const SUCCESS = { Response: { TotalCount: 0, InstanceStatusSet: [], RequestId: "b5b41468-520d-4192-b42f-595cc34b6c1c" } };
const FAILURE = {
  Response: {
    Error: {
      Code: "AuthFailure.SignatureFailure",
      Message: "The provided credentials could not be validated. Please check your signature is correct.",
    },
    RequestId: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
  },
};

describe("error classes", () => {
  it("build from an API 3.0 error body with code, message and request id", () => {
    const error = CdbError.fromResponse(FAILURE)!;
    expect(error).toBeInstanceOf(CdbError);
    expect(error).toBeInstanceOf(TencentCloudError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RedisError);
    expect(error).toMatchObject({
      name: "CdbError",
      code: "AuthFailure.SignatureFailure",
      known: true,
      requestId: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
      service: "cdb",
      apiVersion: "2017-03-20",
    });
  });

  it("return undefined for a success body, also given as JSON text", () => {
    expect(CdbError.fromResponse(SUCCESS)).toBeUndefined();
    expect(RedisError.fromResponse(JSON.stringify(SUCCESS))).toBeUndefined();
  });

  it("keep an undocumented code as it came, marked unknown", () => {
    const error = RedisError.fromResponse({ Response: { Error: { Code: "Brand.New", Message: "m" }, RequestId: "r" } })!;
    expect(error.code).toBe("Brand.New");
    expect(error.known).toBe(false);
    expect(error.isKnown()).toBe(false);
  });

  it("read legacy API 2.0 bodies; code 0 is success", () => {
    expect(LegacyError.fromResponse({ code: 0 })).toBeUndefined();
    const error = LegacyError.fromResponse({ code: 5100, message: "failed" })!;
    expect(error).toMatchObject({ code: 5100, known: true, message: "failed", service: "legacy" });
    expect(LegacyError.fromResponse({ code: "4000" })!.code).toBe(4000);
  });

  it("reject bodies that are not responses with a clear error", () => {
    expect(() => CdbError.fromResponse("not json")).toThrow(ResponseFormatError);
    expect(() => CdbError.fromResponse({})).toThrow(/"Response" object/);
    expect(() => CdbError.fromResponse({ Response: { Error: { Message: "x" } } })).toThrow(/Code/);
    expect(() => CdbError.fromResponse({ Response: { Error: { Code: 1 } } })).toThrow(/Code/);
    expect(() => LegacyError.fromResponse({ code: "x" })).toThrow(/integer/);
  });

  it("take any body that cannot be read (a revoked proxy, a getter that throws) for a ResponseFormatError", () => {
    const { proxy, revoke } = Proxy.revocable({ Response: { RequestId: "r" } }, {});
    revoke();
    const throwing = { get Response(): never { throw new RangeError("no"); } };
    const hostile = { get code(): never { throw { get message(): never { throw new Error("deeper"); } }; } };
    for (const [read, body] of [
      [(b: unknown) => CdbError.fromResponse(b), proxy],
      [(b: unknown) => CdbError.fromResponse(b), throwing],
      [(b: unknown) => CdbError.fromResponse(b), { Response: new Proxy({}, { get: () => { throw new TypeError("trap"); } }) }],
      [(b: unknown) => LegacyError.fromResponse(b), proxy],
      [(b: unknown) => LegacyError.fromResponse(b), hostile],
    ] as const) {
      let thrown: unknown;
      try {
        read(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ResponseFormatError);
      expect((thrown as ResponseFormatError).message).toMatch(/^the response body cannot be read: |^not an API/);
      expect((thrown as ResponseFormatError).body).toBe(body);
    }
  });

  it("give the page of the action they came from, where the docs link it", () => {
    const body = { Response: { Error: { Code: "InternalError", Message: "m" }, RequestId: "r" } };
    // docs/services/redis/2018-04-12/overview/en.md links ClearInstance to its page.
    expect(RedisError.fromResponse(body, { action: "ClearInstance" })!.documentationUrl).toBe("https://cloud.tencent.com/document/api/239/20021");
    expect(RedisError.actionPages["ClearInstance"]).toBe("https://cloud.tencent.com/document/api/239/20021");
    expect(RedisError.fromResponse(body)!.documentationUrl).toBeUndefined();
    // An action no overview page links, and names that are no action.
    expect(Object.keys(RedisError.actionCodes).some((action) => RedisError.actionPages[action] === undefined)).toBe(true);
    const unlinked = Object.keys(RedisError.actionCodes).find((action) => RedisError.actionPages[action] === undefined)!;
    expect(RedisError.fromResponse(body, { action: unlinked })!.documentationUrl).toBeUndefined();
    for (const action of ["toString", "__proto__", "constructor"]) expect(RedisError.fromResponse(body, { action })!.documentationUrl).toBeUndefined();
  });

  it("match categories with is()", () => {
    const error = new CdbError("InvalidParameter.InstanceNotFound", "m");
    expect(error.is("InvalidParameter")).toBe(true);
    expect(error.is("InvalidParameter.InstanceNotFound")).toBe(true);
    expect(error.is("InvalidParameterValue" as never)).toBe(false);
  });
});

describe("instanceof across copies of the package", () => {
  it("recognises an error made by another copy, by service", async () => {
    const { cpSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tempDir, ROOT } = await import("./helpers/generate.js");
    // Two copies of what the test needs of the package: the runtime, the common codes, cdb and redis.
    const copies = [tempDir("copy-a"), tempDir("copy-b")];
    for (const dir of copies) for (const folder of ["runtime", "common", "cdb", "redis"]) cpSync(join(ROOT, "generated", folder), join(dir, folder), { recursive: true });
    const load = async (dir: string) => ({
      ...(await import(join(dir, "runtime/index.ts"))),
      ...(await import(join(dir, "cdb/index.ts"))),
      ...(await import(join(dir, "redis/index.ts"))),
    });
    const [a, b] = await Promise.all(copies.map(load));
    expect(a.CdbError).not.toBe(b.CdbError);
    const error = new a.CdbError("InternalError", "x");
    expect(error instanceof b.CdbError).toBe(true);
    expect(error instanceof b.TencentCloudError).toBe(true);
    expect(error instanceof b.RedisError).toBe(false);
    expect(b.CdbError.isInstance(error)).toBe(true);
    expect(b.RedisError.isInstance(error)).toBe(false);
    expect(CdbError.isInstance(error)).toBe(true);
    expect(CdbError.isInstance({ code: "InternalError", service: "cdb" })).toBe(false);
    expect(CdbError.isInstance(new Error("x"))).toBe(false);
  });
});

describe("serialisation", () => {
  it("JSON.stringify and toString give code, message and request id", () => {
    const error = new CdbError("InternalError", "boom", { requestId: "r-1", httpStatus: 500, cause: new Error("inner") });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "CdbError",
      service: "cdb",
      apiVersion: "2017-03-20",
      code: "InternalError",
      message: "boom",
      requestId: "r-1",
      httpStatus: 500,
      known: true,
      retryable: true,
      fault: "server",
    });
    expect(String(error)).toBe("CdbError [InternalError]: boom (RequestId: r-1)");
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.stack).toContain("CdbError");
  });
});

describe("retryable and fault", () => {
  it("come from one table, which the README shows", async () => {
    const { FAULTS_BY_CATEGORY, FAULTS_BY_CODE } = await import("../generated/runtime/faults.js");
    const row = (key: string, info: { fault: string; retryable: boolean }, kind: string) => `| \`${key}\` | ${kind} | ${info.fault} | ${info.retryable ? "yes" : "no"} |`;
    const table = [
      "| category or code | | fault | retryable |",
      "| --- | --- | --- | --- |",
      ...Object.entries(FAULTS_BY_CATEGORY).map(([key, info]) => row(key, info, "category")),
      ...Object.entries(FAULTS_BY_CODE).map(([key, info]) => row(key, info, "code")),
    ].join("\n");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme.slice(readme.indexOf("<!-- faults:start -->\n") + 22, readme.indexOf("<!-- faults:end -->")).trim()).toBe(table);
  });

  it("answer by the code, its longest listed prefix, then a category's beginning; unknown codes by their category", async () => {
    const { faultOf } = await import("../generated/runtime/faults.js");
    expect(faultOf("RequestLimitExceeded")).toEqual({ fault: "client", retryable: true });
    expect(faultOf("RequestLimitExceeded.NotInTheDocsYet")).toEqual({ fault: "client", retryable: true });
    expect(faultOf("InternalError.DbError")).toEqual({ fault: "server", retryable: true });
    expect(faultOf("FailedOperation.RequestTimeout")).toEqual({ fault: "server", retryable: true }); // set apart from its category
    expect(faultOf("FailedOperation.Other")).toEqual({ fault: "server", retryable: false });
    expect(faultOf("InvalidInstanceId.NotFound")).toEqual({ fault: "client", retryable: false }); // `Invalid*`
    expect(faultOf("Brand.New")).toBeUndefined();
    expect(faultOf(5100)).toBeUndefined();
    expect(new CdbError("Brand.New", "m")).toMatchObject({ retryable: false, fault: undefined });
    expect(new CdbError("ResourceUnavailable.Whatever", "m")).toMatchObject({ retryable: true, fault: "server" });
  });
});
