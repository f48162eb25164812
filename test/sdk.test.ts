import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CdbError, CvmError, cvmActionCodes, RedisError, fromSdkError, TencentCloudError, withTypedErrors } from "./helpers/package.js";
import { ROOT } from "./helpers/generate.js";

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
const answers: { status: number; body: string; headers?: Record<string, string> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const answer = answers.shift() ?? { status: 500, body: "no answer queued" };
      response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
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

const { Client: CvmClient } = require(
  "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client.js",
) as typeof import("tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client.js");

function cvmClient() {
  return new CvmClient({
    credential: { secretId: "AKIDEXAMPLE", secretKey: "example" },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint, protocol: "http://", reqTimeout: 10 } },
  });
}
const apiError = (code: string, requestId = "req-1") => ({
  status: 200,
  body: JSON.stringify({ Response: { Error: { Code: code, Message: `${code} happened` }, RequestId: requestId } }),
});

describe("what an error says besides its code", () => {
  it("keeps the SDK's trace id, and says whether to retry and whose fault it is", async () => {
    answers.push({ ...apiError("RequestLimitExceeded.UinLimitExceeded"), headers: { "X-TC-TraceId": "trace-7" } });
    const throttled = CvmError.fromSdkError(await thrown(() => cvmClient().DescribeInstances({})))!;
    expect(throttled).toMatchObject({ traceId: "trace-7", retryable: true, fault: "client", known: false });
    expect(throttled.toJSON()).toMatchObject({ traceId: "trace-7", retryable: true, fault: "client" });
    answers.push(apiError("InvalidInstanceId.NotFound"));
    expect(CvmError.fromSdkError(await thrown(() => cvmClient().DescribeInstances({})))).toMatchObject({ retryable: false, fault: "client" });
    answers.push(apiError("InternalServerError"));
    expect(CvmError.fromSdkError(await thrown(() => cvmClient().DescribeInstances({})))).toMatchObject({ retryable: true, fault: "server" });
  });
});

describe("the errors of an action", () => {
  it("fromSdkError(e, { action }) carries the action", async () => {
    answers.push(apiError("InvalidZone.MismatchRegion"));
    const sdkError = await thrown(() => cvmClient().RunInstances({ Placement: { Zone: "x" }, ImageId: "img-1" }));
    const error = CvmError.fromSdkError(sdkError, { action: "RunInstances" })!;
    expect(error).toMatchObject({ code: "InvalidZone.MismatchRegion", action: "RunInstances", known: true, documentedForAction: true });
    expect(error.isAction("RunInstances")).toBe(true);
    expect(error.isAction("StopInstances")).toBe(false);
    expect(String(error)).toBe("CvmError [InvalidZone.MismatchRegion] in RunInstances: InvalidZone.MismatchRegion happened (RequestId: req-1)");
    expect(error.toJSON()).toMatchObject({ action: "RunInstances" });
    expect(cvmActionCodes.RunInstances).toContain("InvalidZone.MismatchRegion");
    expect(fromSdkError("cvm", sdkError, { action: "StopInstances" })).toMatchObject({ action: "StopInstances", documentedForAction: false });
  });
});

describe("a wrapped SDK client", () => {
  it("rejects with the service's typed error, carrying the action called", async () => {
    const client = cvmClient();
    const cvm = CvmError.wrapClient(client);
    answers.push(apiError("InvalidZone.MismatchRegion", "req-2"));
    const error = await thrown(() => cvm.RunInstances({ Placement: { Zone: "x" }, ImageId: "img-1" }));
    expect(error).toBeInstanceOf(CvmError);
    expect(error).toMatchObject({ code: "InvalidZone.MismatchRegion", action: "RunInstances", requestId: "req-2", service: "cvm" });
    expect((error as CvmError).cause).toBeInstanceOf(TencentCloudSDKHttpException);
    // The generic entry point: the action is its first argument.
    answers.push(apiError("AuthFailure.SignatureFailure"));
    expect(await thrown(() => cvm.request("DescribeInstances", {}))).toMatchObject({ code: "AuthFailure.SignatureFailure", action: "DescribeInstances" });
  });

  it("resolves unchanged, leaves everything else of the client as it is, and does not modify the client", async () => {
    const client = cvmClient();
    const cvm = withTypedErrors(client, CvmError);
    const success = { Response: { TotalCount: 0, InstanceSet: [], RequestId: "req-3" } };
    answers.push({ status: 200, body: JSON.stringify(success) }, { status: 200, body: JSON.stringify(success) });
    const unwrapped = await client.DescribeInstances({});
    expect(await cvm.DescribeInstances({})).toEqual(unwrapped);
    expect(cvm.apiVersion).toBe("2017-03-12");
    expect(cvm.DescribeInstances).toBe(cvm.DescribeInstances);
    expect(client.DescribeInstances).not.toBe(cvm.DescribeInstances);
    answers.push(apiError("InvalidInstanceId.NotFound"));
    expect(await thrown(() => client.DescribeInstances({}))).toBeInstanceOf(TencentCloudSDKHttpException);
  });

  it("converts the error a callback receives", async () => {
    const cvm = CvmError.wrapClient(cvmClient());
    answers.push(apiError("InvalidInstanceId.NotFound"));
    const received = await new Promise<unknown>((resolve) => {
      cvm.DescribeInstances({}, (error) => resolve(error)).catch(() => undefined);
    });
    expect(received).toMatchObject({ code: "InvalidInstanceId.NotFound", action: "DescribeInstances" });
    expect(received).toBeInstanceOf(CvmError);
  });

  it("passes failures with no API code through as the SDK threw them", async () => {
    const cvm = CvmError.wrapClient(cvmClient());
    answers.push({ status: 502, body: "bad gateway" });
    const error = await thrown(() => cvm.DescribeInstances({}));
    expect(error).toBeInstanceOf(TencentCloudSDKHttpException);
    expect(error).not.toBeInstanceOf(CvmError);
  });

  it("refuses a client of another service", () => {
    const cdb = new CdbClient({ credential: { secretId: "a", secretKey: "b" }, region: "ap-guangzhou" });
    expect(() => CvmError.wrapClient(cdb)).toThrow("CvmError.wrapClient: this client calls cdb.tencentcloudapi.com, not the cvm API");
    expect(() => CdbError.wrapClient(cdb)).not.toThrow();
  });

  it("knows a client's service from the client itself, not from its endpoint alone", () => {
    const { Client: VpcClient } = require("tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js") as { Client: new (options: object) => object };
    // A VPC client sent to a local endpoint: the same API version as cvm's, and no host that names a service.
    const vpc = new VpcClient({ credential: { secretId: "a", secretKey: "b" }, region: "ap-guangzhou", profile: { httpProfile: { endpoint: "127.0.0.1:8080" } } });
    expect(() => CvmError.wrapClient(vpc)).toThrow(TypeError);
    expect(() => CvmError.wrapClient(vpc)).toThrow(
      "CvmError.wrapClient: this client is one of vpc's (its class calls vpc.tencentcloudapi.com), not of the cvm API: wrap it with the vpc error class",
    );
    // The cdb client of the tests, at the local server, is one of cdb's.
    expect(() => CdbError.wrapClient(client())).not.toThrow();
    // A client of another version of the service.
    const { Client: OldCdb } = require("tencentcloud-sdk-nodejs/tencentcloud/services/cdb/v20170320/cdb_client.js") as { Client: new (options: object) => { apiVersion: string } };
    const old = new OldCdb({ credential: { secretId: "a", secretKey: "b" }, region: "ap-guangzhou" });
    old.apiVersion = "2016-01-01";
    expect(() => CdbError.wrapClient(old)).toThrow("CdbError.wrapClient: this client calls API version 2016-01-01 and CdbError is of cdb 2017-03-20: wrap it with the error class of that version (tencentcloud-error-codes/cdb/v20160101)");
  });

  it("refuses, naming it, what is no SDK client", () => {
    const wrap = (value: unknown) => () => CvmError.wrapClient(value as object);
    expect(wrap(null)).toThrow(new TypeError("CvmError.wrapClient: expects a client of tencentcloud-sdk-nodejs, and was given null"));
    expect(wrap(undefined)).toThrow("was given undefined");
    expect(wrap("cvm")).toThrow("was given a string");
    expect(wrap({})).toThrow("expects a client of tencentcloud-sdk-nodejs (with a request method and an apiVersion), and was given an object of class Object");
    expect(wrap(new Map())).toThrow("was given an object of class Map");
    expect(wrap(Object.create(null))).toThrow("was given an object");
    expect(wrap({ request: () => undefined, apiVersion: 2017 })).toThrow(TypeError);
    // A revoked proxy cannot even be asked what it is: still a TypeError that says so.
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(wrap(proxy)).toThrow(TypeError);
  });
});

describe("wrapClient with every client of tencentcloud-sdk-nodejs", () => {
  // Every service version the SDK has: its folder names the service, as the catalog and the package do.
  const sdk = join(ROOT, "node_modules/tencentcloud-sdk-nodejs/tencentcloud/services");
  const clients = readdirSync(sdk, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap(({ name: service }) =>
      readdirSync(join(sdk, service))
        .filter((version) => existsSync(join(sdk, service, version, `${service}_client.js`)))
        .map((version) => ({ service, version })),
    );

  /** Each service version of the package, as the snapshot holds it: what an error class knows of its service and version. */
  const snapshot = JSON.parse(readFileSync(join(ROOT, "generated/snapshot.json"), "utf8")) as { sets: Record<string, { kind: string; apiVersion: string }> };
  const classOf = (key: string) => {
    const set = snapshot.sets[key]!;
    const service = key.slice(0, key.indexOf("@"));
    return class extends TencentCloudError {
      static override readonly service = service;
      static override readonly apiVersion = set.apiVersion;
      override readonly name = "ServiceError";
    } as unknown as typeof CvmError;
  };
  const versionOf = (folder: string) => `${folder.slice(1, 5)}-${folder.slice(5, 7)}-${folder.slice(7, 9)}`;

  it("knows each client as its service version's, and as no other service's of that version, whatever its endpoint", () => {
    let refused = 0;
    for (const { service, version } of clients) {
      const key = `${service}@${versionOf(version)}`;
      if (snapshot.sets[key] === undefined) continue;
      const { Client } = require(join(sdk, service, version, `${service}_client.js`)) as { Client: new (options: object) => object };
      const local = new Client({ credential: { secretId: "AKIDEXAMPLE", secretKey: "example" }, region: "ap-guangzhou", profile: { httpProfile: { endpoint: "127.0.0.1:1" } } });
      expect(() => withTypedErrors(local, classOf(key)), key).not.toThrow();
      // Every other service of the same API version (several services share 2017-03-12, 2018-03-17, …).
      for (const other of Object.keys(snapshot.sets).filter((k) => k !== key && k.endsWith(`@${versionOf(version)}`) && snapshot.sets[k]!.kind === "service")) {
        expect(() => withTypedErrors(local, classOf(other)), `${key} wrapped as ${other}`).toThrow(TypeError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it("knows the service of each client and wraps it, and refuses it with another service's class", () => {
    expect(clients.length).toBeGreaterThan(250);
    for (const { service, version } of clients) {
      const { Client } = require(join(sdk, service, version, `${service}_client.js`)) as { Client: new (options: object) => object };
      const client = new Client({ credential: { secretId: "AKIDEXAMPLE", secretKey: "example" }, region: "ap-guangzhou" });
      // A class of that service (what the package generates for it: only its service is read here), and of another.
      class Own extends TencentCloudError {
        static override readonly service = service;
        override readonly name = "OwnError";
      }
      class Other extends TencentCloudError {
        static override readonly service = `${service}x`;
        override readonly name = "OtherError";
      }
      expect(() => withTypedErrors(client, Own as unknown as typeof CvmError), `${service} ${version}`).not.toThrow();
      expect(() => withTypedErrors(client, Other as unknown as typeof CvmError), `${service} ${version}`).toThrow(TypeError);
    }
  });

  it("has an error class for every service version of the SDK that the API catalog documents", () => {
    const documented = new Set(
      readdirSync(join(ROOT, "docs/catalog"), { recursive: true, encoding: "utf8" })
        .filter((path) => path.endsWith(".json"))
        .map((path) => path.split("/").slice(1).join("/").replace(/\.json$/, "")),
    );
    const covered = clients.filter(({ service, version }) => documented.has(`${service}/${version}`));
    for (const { service, version } of covered) expect(existsSync(join(ROOT, "generated", service, version, "error.ts")), `${service}/${version}`).toBe(true);
    // The SDK may be newer than the catalog of docs/: what it has beyond it (a service the catalog does not
    // know yet, or a version newer than every one the catalog has of its service) comes with a later catalog
    // release. Nothing else may be missing.
    const newest = new Map<string, string>();
    for (const key of documented) {
      const [service, version] = key.split("/") as [string, string];
      if (version > (newest.get(service) ?? "")) newest.set(service, version);
    }
    const beyond = clients.filter(({ service, version }) => !documented.has(`${service}/${version}`));
    for (const { service, version } of beyond) expect(version > (newest.get(service) ?? ""), `${service}/${version}: older than the catalog's ${newest.get(service)}`).toBe(true);
    expect(covered.length).toBeGreaterThan(250);
  });
});
