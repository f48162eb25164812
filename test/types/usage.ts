/**
 * Type-level tests of the generated API: this file is only type-checked
 * (`npm run typecheck`), never run. Each `@ts-expect-error` line must be an
 * error, or tsc fails.
 */
import {
  fromResponse,
  fromSdkError,
  getMessage,
  registerMessages,
  cdbMessages,
  legacyMessagesJa,
  TencentCloudError,
  type ServiceName,
  CdbError,
  CdbErrorCode,
  LegacyError,
  LegacyErrorCode,
  RedisError,
  cdbMessagesJa,
  type CdbCode,
  type CommonCode,
  type RedisCode,
  CvmError,
  cvmActionCodes,
  withTypedErrors,
  type CvmAction,
  type CvmActionCode,
  type CvmActionError,
  type CvmCode,
} from "../helpers/package.js";
import { CvmError as CvmErrorV20170312 } from "../../generated/cvm/v20170312/index.js";
import { cvmMessagesEn } from "../../generated/cvm/messages.en.js";

declare const err: CdbError;

// Enum members are the documented codes.
const own: CdbCode = CdbErrorCode.InvalidParameter_InstanceNotFound;
const common: CdbCode = "AuthFailure.SignatureFailure";
const literal: CdbCode = "CdbError.BackupError";
// @ts-expect-error a redis-only code is not a cdb code
const wrongService: CdbCode = "ResourceUnavailable.NoRedisService";
// @ts-expect-error not a code at all
const typo: CdbCode = "InvalidParameter.InstanceNotFoud";
// @ts-expect-error a cdb-only code is not a common code
const notCommon: CommonCode = "CdbError";
const redisCode: RedisCode = "UnauthorizedOperation.NoCAMAuthed";

// `is` takes real categories and codes of the service only.
err.is("InvalidParameter");
err.is("CdbError");
err.is("InvalidParameter.InstanceNotFound");
// @ts-expect-error not a category of cdb
err.is("ResourceUnavailable.NoRedisService");
// @ts-expect-error not a category at all
err.is("Invalid");

// A switch over a known code narrows and is checked for exhaustiveness.
function describe(e: CdbError): string {
  if (!e.isKnown()) return `undocumented code ${e.code}`;
  const code: CdbCode = e.code;
  switch (code) {
    case "InvalidParameter.InstanceNotFound":
      return "no such instance";
    default:
      return code;
  }
}

// The unions are finite (never widened to string), which is what makes switches exhaustiveness-checked.
type Finite<T> = string extends T ? false : true;
const finiteCdb: Finite<CdbCode> = true;
const finiteRedis: Finite<RedisCode> = true;

// An exhaustive switch compiles, and leaving a case out is an error. Over five codes of cdb's
// (the docs may add others to any category: a test of the types must not change with them).
type CdbErrorCategory = Extract<CdbCode, "CdbError" | "CdbError.BackupError" | "CdbError.DatabaseError" | "CdbError.ImportError" | "CdbError.TaskError">;
function allCases(code: CdbErrorCategory): number {
  switch (code) {
    case "CdbError":
    case "CdbError.BackupError":
    case "CdbError.DatabaseError":
    case "CdbError.ImportError":
    case "CdbError.TaskError":
      return 1;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
function missingCase(code: CdbErrorCategory): number {
  switch (code) {
    case "CdbError":
    case "CdbError.BackupError":
    case "CdbError.DatabaseError":
    case "CdbError.ImportError":
      return 1;
    default: {
      // @ts-expect-error "CdbError.TaskError" is not handled
      const unreachable: never = code;
      return unreachable;
    }
  }
}

function exhaustive(e: RedisError): number {
  if (!e.isKnown()) return -1;
  const code: RedisCode = e.code;
  return code.length;
}

// Without `isKnown()` the code may be an undocumented string: assigning it to the union is an error.
// @ts-expect-error the code of an error that may be unknown is not a CdbCode
const unchecked: CdbCode = err.code;

// Legacy codes are numbers.
declare const legacy: LegacyError;
if (legacy.isKnown()) {
  const n: LegacyErrorCode = legacy.code;
  void n;
}
const legacyNumber: number = LegacyErrorCode.Code5100;

// Literal names and metadata.
const name: "CdbError" = err.name;
const requestId: string | undefined = err.requestId;
const service: "cdb" = CdbError.service;

// Message catalogs are keyed by the service's own codes.
const m = cdbMessagesJa.messages["CdbError.BackupError"]?.message;
// @ts-expect-error a common code is not in cdb's own catalog
cdbMessagesJa.messages["AuthFailure.SignatureFailure"];

// fromResponse / fromSdkError pick the class from the service name.
const fromCdb: CdbError | undefined = fromResponse("cdb", {});
const fromRedis: RedisError | undefined = fromSdkError("redis", new Error("x"));
const fromLegacy: LegacyError | undefined = fromResponse("legacy", { code: 0 });
// @ts-expect-error the result of a cdb response is not a RedisError
const mismatched: RedisError | undefined = fromResponse("cdb", {});
// @ts-expect-error no such service
fromResponse("nope", {});
const services: ServiceName[] = ["cdb", "redis", "legacy"];
// @ts-expect-error the base class is abstract: fromSdkError needs a service class
TencentCloudError.fromSdkError(new Error("x"));
const viaClass: CdbError | undefined = CdbError.fromSdkError(new Error("x"));
// fromResponse is the base class's, typed by the class it is called on.
const viaClassBody: CdbError | undefined = CdbError.fromResponse({});
const legacyViaClass: LegacyError | undefined = LegacyError.fromResponse({ code: 0 });
// @ts-expect-error a CdbError body read as a RedisError
const wrongClass: RedisError | undefined = CdbError.fromResponse({});
// @ts-expect-error the base class is abstract: fromResponse needs a service class
TencentCloudError.fromResponse({});

// Metadata with literal types.
const apiVersion: "2017-03-20" = err.apiVersion;
const instanceService: "cdb" = err.service;
// @ts-expect-error a cdb error's service is "cdb"
const wrongInstanceService: "redis" = err.service;

// Messages: catalogs, registry, resolution field.
registerMessages(...cdbMessages);
const resolution: string | undefined = legacyMessagesJa.messages["5100"]?.resolution;
const lookedUp: string | undefined = getMessage("InternalError", "ko-KR", { service: "cdb" })?.message;
const localized: string = err.localizedMessage("ja");

export { fromCdb, fromRedis, fromLegacy, mismatched, services, viaClass, apiVersion, instanceService, wrongInstanceService, resolution, lookedUp, localized };
export { allCases, missingCase, finiteCdb, finiteRedis, own, common, literal, wrongService, typo, notCommon, redisCode, describe, exhaustive, unchecked, legacyNumber, name, requestId, service, m };

// The errors of each action: a tuple of the codes its page lists, and a type with the common codes.
const runCodes: readonly CvmCode[] = cvmActionCodes.RunInstances;
const runCode: CvmActionCode<"RunInstances"> = "InvalidZone.MismatchRegion";
const commonForRun: CvmActionCode<"RunInstances"> = "AuthFailure.SignatureFailure";
// @ts-expect-error a cvm code RunInstances' page does not list
const notForRun: CvmActionCode<"RunInstances"> = "InvalidKeyPairNameEmpty";
// @ts-expect-error no such action
const noAction: CvmAction = "RunInstance";

// Narrowing by action: with the helper on any CvmError…
declare const cvmError: CvmError;
if (cvmError.isAction("RunInstances") && cvmError.isKnown()) {
  const code: CvmActionCode<"RunInstances"> = cvmError.code;
  void code;
}
// @ts-expect-error isAction takes cvm's actions only
cvmError.isAction("DescribeDBInstances");
// …and by comparing `action` on the union of the action errors.
declare const fromAnyAction: CvmActionError;
if (fromAnyAction.action === "CreateKeyPair") {
  // @ts-expect-error the code may be one the docs do not list
  const maybeUnknown: CvmActionCode<"CreateKeyPair"> = fromAnyAction.code;
  if (fromAnyAction.isKnown()) {
    const code: CvmActionCode<"CreateKeyPair"> = fromAnyAction.code;
    // @ts-expect-error CreateKeyPair's codes are not RunInstances'
    const other: CvmActionCode<"RunInstances"> = fromAnyAction.code;
    void code;
    void other;
  }
  void maybeUnknown;
}
const fromSdkForAction: CvmActionError<"RunInstances"> | undefined = CvmError.fromSdkError(new Error("x"), { action: "RunInstances" });
const fromSdkAnyAction: CvmError | undefined = CvmError.fromSdkError(new Error("x"), { action: "NotInTheDocs" });
// @ts-expect-error without an action the error is not narrowed
const notNarrowed: CvmActionError<"RunInstances"> | undefined = CvmError.fromSdkError(new Error("x"));
// An action's error is a CvmError still: it goes wherever one is taken; their union narrows by action.
declare const runError: CvmActionError<"RunInstances">;
const runAsCvm: CvmError = runError;
const runName: "CvmError" = runError.name;
const runService: "cvm" = runError.service;
if (fromAnyAction.isAction("StopInstances") && fromAnyAction.isKnown()) {
  const stopCode: CvmActionCode<"StopInstances"> = fromAnyAction.code;
  void stopCode;
}
// @ts-expect-error an action error's class is still cvm's: no cdb action
runError.isAction("DescribeDBInstances");
// @ts-expect-error a CvmError is not an action's error
const notAnActionError: CvmActionError<"RunInstances"> = cvmError;
void runAsCvm;
void runName;
void runService;

// A wrapped client keeps its type.
declare const client: { RunInstances(req: object): Promise<{ InstanceIdSet: string[] }>; apiVersion: string };
const wrapped: typeof client = withTypedErrors(client, CvmError);
const wrappedByClass: typeof client = CvmError.wrapClient(client);

// A given API version, and the unversioned import (the newest the docs describe) are the same class today.
const versioned: CvmErrorV20170312 = new CvmError("InternalError", "x");
const cvmVersion: "2017-03-12" = CvmErrorV20170312.apiVersion;
const catalogVersion: string | undefined = cvmMessagesEn.apiVersion;

export { runCodes, runCode, commonForRun, notForRun, noAction, fromSdkForAction, fromSdkAnyAction, notNarrowed, wrapped, wrappedByClass, versioned, cvmVersion, catalogVersion };

// `is()` takes the categories the generator spells out: no recursive type, whatever the depth of a code.
declare const cvmForCategories: CvmError;
cvmForCategories.is("InvalidInstanceId");
cvmForCategories.is("AuthFailure"); // a common category
// @ts-expect-error not a category of cvm
cvmForCategories.is("InvalidInstance.Id");
