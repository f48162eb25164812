import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { CdbError, RedisError, fromSdkError } from "../generated/index.js";

// The SDK is CommonJS: load it the way a CommonJS user does.
const require = createRequire(import.meta.url);
const { Client: CdbClient } = require(
  "tencentcloud-sdk-nodejs/tencentcloud/services/cdb/v20170320/cdb_client.js",
) as typeof import("tencentcloud-sdk-nodejs/tencentcloud/services/cdb/v20170320/cdb_client.js");
const { default: TencentCloudSDKHttpException } = require(
  "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception.js",
) as { default: typeof import("tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception.js").default };

/**
 * The real Tencent Cloud SDK, pointed at a local server that answers the way
 * the API does, so that the exceptions converted here are the ones the SDK
 * really throws.
 */
let server: Server;
let endpoint: string;
const answers: { status: number; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const answer = answers.shift() ?? { status: 500, body: "no answer queued" };
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client() {
  return new CdbClient({
    credential: { secretId: "AKIDEXAMPLE", secretKey: "example" },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint, protocol: "http://", reqTimeout: 10 } },
  });
}

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("the call did not throw");
}

describe("fromSdkError with tencentcloud-sdk-nodejs", () => {
  it("converts the SDK's exception for an API error into the typed service error", async () => {
    answers.push({
      status: 200,
      body: JSON.stringify({
        Response: {
          Error: { Code: "InvalidParameter.InstanceNotFound", Message: "instance cdb-xyz not found" },
          RequestId: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
        },
      }),
    });
    const sdkError = await thrown(() => client().DescribeDBInstances({}));
    expect(sdkError).toBeInstanceOf(TencentCloudSDKHttpException);

    const error = fromSdkError("cdb", sdkError)!;
    expect(error).toBeInstanceOf(CdbError);
    expect(error).toMatchObject({
      code: "InvalidParameter.InstanceNotFound",
      message: "instance cdb-xyz not found",
      requestId: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
      known: true,
      service: "cdb",
    });
    expect(error.cause).toBe(sdkError);
    expect(error.is("InvalidParameter")).toBe(true);
    expect(CdbError.fromSdkError(sdkError)).toMatchObject({ code: "InvalidParameter.InstanceNotFound" });
  });

  it("keeps an undocumented code as unknown", async () => {
    answers.push({ status: 200, body: JSON.stringify({ Response: { Error: { Code: "Brand.NewCode", Message: "m" }, RequestId: "r-1" } }) });
    const error = fromSdkError("redis", await thrown(() => client().DescribeDBInstances({})))!;
    expect(error).toBeInstanceOf(RedisError);
    expect(error).toMatchObject({ code: "Brand.NewCode", known: false, requestId: "r-1" });
  });

  it("returns undefined for an HTTP failure, which carries no API code", async () => {
    answers.push({ status: 502, body: "bad gateway" });
    const sdkError = await thrown(() => client().DescribeDBInstances({}));
    expect(sdkError).toBeInstanceOf(TencentCloudSDKHttpException);
    expect((sdkError as { httpCode?: number }).httpCode).toBe(502);
    expect(fromSdkError("cdb", sdkError)).toBeUndefined();
  });

  it("returns undefined for things that are not SDK exceptions", () => {
    expect(fromSdkError("cdb", new TypeError("fetch failed"))).toBeUndefined();
    expect(fromSdkError("cdb", "string")).toBeUndefined();
    expect(fromSdkError("cdb", null)).toBeUndefined();
  });

  it("keeps the HTTP status the SDK recorded", () => {
    const exception = new TencentCloudSDKHttpException("throttled", "req-9");
    exception.code = "RequestLimitExceeded";
    exception.httpCode = 429;
    expect(fromSdkError("cdb", exception)).toMatchObject({ code: "RequestLimitExceeded", httpStatus: 429, requestId: "req-9", known: true });
  });
});
