/**
 * Whose fault an error is and whether trying again may help, by the
 * category of its code: the part before the first dot (`InternalError` for
 * `InternalError.DbError`), or a longer prefix when one is listed. This is
 * the one table of it (the README shows it); a code whose category says
 * otherwise than it should is set apart in `FAULTS_BY_CODE`.
 */

/**
 * `"client"`: the request is at fault (fix it before trying again); `"server"`: the service is.
 * @public
 */
export type Fault = "client" | "server";

/**
 * Whose fault an error is, and whether trying again may help.
 * @public
 */
export interface FaultInfo {
  readonly fault: Fault;
  /** Whether the same call may succeed if tried again later, unchanged. */
  readonly retryable: boolean;
}

/**
 * By category: a code, a dot-separated prefix of codes, or a first part of
 * a code ending in `*` (`Invalid*`: `InvalidInstanceId.NotFound`,
 * `InvalidZone.MismatchRegion`, …). The most precise entry wins.
 * @internal
 */
export const FAULTS_BY_CATEGORY: Readonly<Record<string, FaultInfo>> = {
  // Throttled: the call itself is fine, and goes through once the rate drops.
  RequestLimitExceeded: { fault: "client", retryable: true },
  // The service failed or is not available right now.
  InternalError: { fault: "server", retryable: true },
  InternalServerError: { fault: "server", retryable: true },
  ResourceUnavailable: { fault: "server", retryable: true },
  ResourceInsufficient: { fault: "server", retryable: true },
  // The service could not do it, for reasons of its own state.
  FailedOperation: { fault: "server", retryable: false },
  // Busy: another operation holds the resource; it is free again later.
  ResourceInUse: { fault: "client", retryable: true },
  MutexOperation: { fault: "client", retryable: true },
  // The request is wrong: retrying it unchanged gives the same error.
  AuthFailure: { fault: "client", retryable: false },
  UnauthorizedOperation: { fault: "client", retryable: false },
  OperationDenied: { fault: "client", retryable: false },
  InvalidParameter: { fault: "client", retryable: false },
  InvalidParameterValue: { fault: "client", retryable: false },
  MissingParameter: { fault: "client", retryable: false },
  UnknownParameter: { fault: "client", retryable: false },
  InvalidAction: { fault: "client", retryable: false },
  InvalidFilter: { fault: "client", retryable: false },
  LimitExceeded: { fault: "client", retryable: false },
  ResourceNotFound: { fault: "client", retryable: false },
  UnsupportedOperation: { fault: "client", retryable: false },
  UnsupportedRegion: { fault: "client", retryable: false },
  UnsupportedProtocol: { fault: "client", retryable: false },
  NoSuchVersion: { fault: "client", retryable: false },
  DryRunOperation: { fault: "client", retryable: false },
  // The many service-specific forms of the above (`InvalidInstanceId.NotFound`, `UnsupportedZone`, …).
  "Invalid*": { fault: "client", retryable: false },
  "Missing*": { fault: "client", retryable: false },
  "Unsupported*": { fault: "client", retryable: false },
  "Unauthorized*": { fault: "client", retryable: false },
};

/**
 * Codes whose category says otherwise than they mean: set apart here, one by one.
 * @internal
 */
export const FAULTS_BY_CODE: Readonly<Record<string, FaultInfo>> = {
  // A request signed too long ago: signed again (a new timestamp), the same call goes through.
  "AuthFailure.SignatureExpire": { fault: "client", retryable: true },
  // The service timed out: nothing wrong with the request.
  "FailedOperation.RequestTimeout": { fault: "server", retryable: true },
  // Busy resources, whatever their category says.
  ResourceBusy: { fault: "client", retryable: true },
  "InvalidDisk.Busy": { fault: "client", retryable: true },
  "InternalError.DataInProcessing": { fault: "server", retryable: true },
};

const has = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/**
 * Whose fault an error of `code` is and whether to retry it, with what says
 * so: the code itself (`FAULTS_BY_CODE`), or its category: the longest
 * dot-separated prefix of it that `FAULTS_BY_CATEGORY` holds, or the code's
 * first segment when a wildcard (`Invalid*`) matched it.
 * @internal
 */
export function faultSource(code: string | number): { readonly info: FaultInfo; readonly from: string } | undefined {
  if (typeof code !== "string") return undefined;
  if (has(FAULTS_BY_CODE, code)) return { info: FAULTS_BY_CODE[code]!, from: code };
  for (let prefix = code; ; ) {
    if (has(FAULTS_BY_CATEGORY, prefix)) return { info: FAULTS_BY_CATEGORY[prefix]!, from: prefix };
    const dot = prefix.lastIndexOf(".");
    if (dot < 0) break;
    prefix = prefix.slice(0, dot);
  }
  const first = code.split(".")[0]!;
  const wildcard = Object.keys(FAULTS_BY_CATEGORY)
    .filter((key) => key.endsWith("*") && first.startsWith(key.slice(0, -1)))
    .sort((a, b) => b.length - a.length)[0];
  return wildcard === undefined ? undefined : { info: FAULTS_BY_CATEGORY[wildcard]!, from: first };
}

/**
 * What the tables say of `code`: the code itself (`FAULTS_BY_CODE`), else its
 * longest listed prefix, else the longest `*` entry its first part starts
 * with; undefined when nothing is listed (and for the legacy numeric codes).
 * @public
 */
export function faultOf(code: string | number): FaultInfo | undefined {
  return faultSource(code)?.info;
}
