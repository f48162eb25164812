/**
 * The hand-written base of every generated error class. Generated service
 * classes (`CdbError`, `RedisError`, …, `LegacyError`) extend
 * `TencentCloudError` and only add what the docs say: the service name, its
 * API version, its codes and, for the legacy API, how its responses look.
 */
import { getMessage, type LocalizedMessage, type MessageCatalog } from "./messages.js";
import { wrapCalls } from "./client.js";
import { faultOf, type Fault } from "./faults.js";
import { readApi3Error, readLegacyError } from "./response.js";

declare const unknownCode: unique symbol;
/**
 * A code the docs did not list when this package was generated. At run time
 * it is the raw value the API sent; the brand only keeps it apart from the
 * documented codes, so that a `switch` over those stays exhaustive.
 * @public
 */
export type UnknownCode<T extends string | number = string> = T & { readonly [unknownCode]: true };

/** The type of a code as the API sends it: a number for the legacy API, a string otherwise. */
/**
 * Every dot-separated prefix of the codes `C`, short of the codes themselves:
 * `CodePrefixes<"InvalidParameter.Malformed.Name">` is `"InvalidParameter" | "InvalidParameter.Malformed"`.
 * @public
 */
export type CodePrefixes<C extends string, Before extends string = "", Found extends string = never> = C extends `${infer Head}.${infer Rest}`
  ? CodePrefixes<Rest, `${Before}${Head}.`, Found | `${Before}${Head}`>
  : Found;

/**
 * The raw type of a code the docs do not list: a number for the legacy API's numeric codes, a string otherwise.
 * @public
 */
export type RawCode<C extends string | number> = C extends number ? number : string;

/**
 * What an error is made with besides its code and message.
 * @public
 */
export interface TencentCloudErrorOptions {
  /** The API's `RequestId`: quote it when contacting support. */
  readonly requestId?: string | undefined;
  /** HTTP status of the response, when there was one. */
  readonly httpStatus?: number | undefined;
  /** What this error was made from (e.g. the SDK's exception). */
  readonly cause?: unknown;
  /** The API action the error came from (`"RunInstances"`), when known. */
  readonly action?: string | undefined;
  /** The trace id the SDK's exception carries, when it has one. */
  readonly traceId?: string | undefined;
}

/**
 * What `fromSdkError` and `fromResponse` may be told besides the error itself.
 * @public
 */
export interface ErrorSourceOptions {
  /** The API action that failed: the error carries it as `action`. */
  readonly action?: string | undefined;
}

/**
 * What `JSON.stringify(error)` gives.
 * @public
 */
export interface TencentCloudErrorJSON {
  readonly name: string;
  readonly service: string;
  readonly apiVersion: string;
  readonly code: string | number;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly httpStatus?: number;
  readonly action?: string;
  readonly traceId?: string;
  readonly known: boolean;
  readonly retryable: boolean;
  readonly fault?: Fault;
}

/**
 * Marks instances of every copy of this package: `Symbol.for` returns the
 * same symbol to all of them, so `instanceof` holds across copies.
 */
const BRAND = Symbol.for("doc2errors.TencentCloudError");

/**
 * How a service's responses carry an error: API 3.0 bodies
 * (`{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`) or legacy API
 * 2.0 bodies (`{"code": 5100, "message": "..."}`, where `code: 0` is success).
 * @public
 */
export type ResponseProtocol = "api3" | "legacy";

/**
 * The static side every service class has.
 * @public
 */
export interface ServiceErrorClass<T extends TencentCloudError = TencentCloudError> {
  new (code: never, message: string, options?: TencentCloudErrorOptions): T;
  readonly service: string;
  readonly apiVersion: string;
  readonly protocol: ResponseProtocol;
  /** Every code the docs list for the service, common codes included. */
  readonly codes: ReadonlySet<string | number>;
  /** The codes each action's page lists. */
  readonly actionCodes: Readonly<Record<string, readonly (string | number)[]>>;
  /** The page that documents each action, where the docs link it. */
  readonly actionPages: Readonly<Record<string, string | undefined>>;
}

/** The shape of `TencentCloudSDKHttpException` from `tencentcloud-sdk-nodejs`, read by duck typing. */
interface SdkExceptionLike {
  readonly message: string;
  readonly code?: unknown;
  readonly requestId?: unknown;
  readonly httpCode?: unknown;
  readonly traceId?: unknown;
}

/**
 * `C`: the codes the class's docs list; `K`: the categories `is()` takes
 * (each code and each dot-separated prefix of one, spelled out by the
 * generator as `CdbCategory`).
 * @public
 */
export abstract class TencentCloudError<C extends string | number = string | number, K extends string = string> extends Error {
  /** Which service, e.g. `"cdb"`; empty on this base class. */
  static readonly service: string = "";
  static readonly apiVersion: string = "";
  static readonly codes: ReadonlySet<string | number> = new Set();
  static readonly actionCodes: Readonly<Record<string, readonly (string | number)[]>> = {};
  static readonly actionPages: Readonly<Record<string, string | undefined>> = {};
  static readonly protocol: ResponseProtocol = "api3";

  /** The error code, e.g. `"InvalidParameter.InstanceNotFound"` (a number for the legacy API). */
  readonly code: C | UnknownCode<RawCode<C>>;
  /** False when the code is not in the docs this package was generated from. */
  readonly known: boolean;
  /** The API's `RequestId`. */
  readonly requestId: string | undefined;
  /** HTTP status of the response, when known. */
  readonly httpStatus?: number;
  /** The service, e.g. `"cdb"`. */
  readonly service: string;
  /** The service's API version, e.g. `"2017-03-20"`. */
  readonly apiVersion: string;
  /** The API action that failed (`"RunInstances"`), when known: see `isAction`. */
  readonly action: string | undefined;
  /** The SDK exception's trace id, when it had one: quote it with the request id. */
  readonly traceId: string | undefined;
  abstract override readonly name: string;

  constructor(code: C | (RawCode<C> & {}), message: string, options: TencentCloudErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    const statics = new.target as unknown as ServiceErrorClass;
    this.code = code as C | UnknownCode<RawCode<C>>;
    this.known = statics.codes.has(code);
    this.requestId = typeof options.requestId === "string" && options.requestId !== "" ? options.requestId : undefined;
    // Only a real HTTP status is kept (not NaN, not 0, not 1e9).
    const status = options.httpStatus;
    if (typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599) this.httpStatus = status;
    this.service = statics.service;
    this.apiVersion = statics.apiVersion;
    this.action = typeof options.action === "string" && options.action !== "" ? options.action : undefined;
    this.traceId = typeof options.traceId === "string" && options.traceId !== "" ? options.traceId : undefined;
  }

  /**
   * True when the error came from `action`. Service classes narrow `code` to
   * the codes that action's page lists (and the common codes).
   */
  isAction(action: string): boolean {
    return this.action === action;
  }

  /**
   * Whether the same call may succeed if tried again later (throttling,
   * a server fault): from the code's category (see faults.ts), also for a
   * code the docs do not list yet.
   */
  get retryable(): boolean {
    return faultOf(this.code)?.retryable ?? false;
  }

  /** Whose fault the error is, `"client"` (the request) or `"server"`, from the code's category; undefined when the category says nothing. */
  get fault(): Fault | undefined {
    return faultOf(this.code)?.fault;
  }

  /**
   * True when the docs list this error's code for its action (false when
   * the action is not known, or its page does not list the code).
   */
  get documentedForAction(): boolean {
    if (this.action === undefined) return false;
    const statics = this.constructor as unknown as ServiceErrorClass;
    return Object.prototype.hasOwnProperty.call(statics.actionCodes, this.action) && statics.actionCodes[this.action]!.includes(this.code);
  }

  /**
   * The page that documents the action the error came from
   * (`https://cloud.tencent.com/document/api/213/15728`), when the action is
   * known and the docs link its page.
   */
  get documentationUrl(): string | undefined {
    if (this.action === undefined) return undefined;
    const statics = this.constructor as unknown as ServiceErrorClass;
    return Object.prototype.hasOwnProperty.call(statics.actionPages, this.action) ? statics.actionPages[this.action] : undefined;
  }

  /**
   * Narrows `code` to the documented codes (those of an action, after
   * `isAction`: whatever `code` was narrowed to, less the unknown codes).
   */
  isKnown<T extends { readonly code: unknown; readonly known: boolean }>(this: T): this is T & { readonly known: true; readonly code: Exclude<T["code"], UnknownCode<RawCode<C>>> } {
    return this.known;
  }

  /**
   * True when the code is `category` or lies below it:
   * `is("InvalidParameter")` holds for `InvalidParameter` and every `InvalidParameter.*`.
   */
  is(category: K): boolean {
    const code = String(this.code);
    return code === category || code.startsWith(`${category}.`);
  }

  /**
   * The documented text of this error's code in `locale` (BCP 47), following
   * the fallback chain of `getMessage`: from `catalogs` when given, else from
   * the catalogs passed to `registerMessages`.
   */
  localized(locale: string, ...catalogs: readonly MessageCatalog[]): LocalizedMessage | undefined {
    return getMessage(this.code, locale, catalogs.length > 0 ? { catalogs } : { service: this.service, apiVersion: this.apiVersion });
  }

  /**
   * The message to show a user who reads `locale`: the documented message in
   * that tag or its language; else the message the API sent (it already
   * comes in the language the request asked for); else the documented
   * message in another language (en, zh-CN, then any); else the API's.
   */
  localizedMessage(locale: string, ...catalogs: readonly MessageCatalog[]): string {
    const options = catalogs.length > 0 ? { catalogs } : { service: this.service, apiVersion: this.apiVersion };
    const own = getMessage(this.code, locale, { ...options, fallback: false });
    if (own !== undefined) return own.message;
    if (this.message !== "") return this.message;
    return getMessage(this.code, locale, options)?.message ?? this.message;
  }

  override toString(): string {
    const id = this.requestId === undefined ? "" : ` (RequestId: ${this.requestId})`;
    const action = this.action === undefined ? "" : ` in ${this.action}`;
    return `${this.name} [${this.code}]${action}: ${this.message}${id}`;
  }

  toJSON(): TencentCloudErrorJSON {
    return {
      name: this.name,
      service: this.service,
      apiVersion: this.apiVersion,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
      ...(this.action !== undefined && { action: this.action }),
      ...(this.traceId !== undefined && { traceId: this.traceId }),
      known: this.known,
      retryable: this.retryable,
      ...(this.fault !== undefined && { fault: this.fault }),
    };
  }

  /**
   * The error of a response body of this class's service (see
   * `ResponseProtocol`), or `undefined` for a success body. Accepts the
   * parsed body or its JSON text; throws `ResponseFormatError` for anything
   * else.
   */
  static fromResponse<T extends TencentCloudError>(
    this: ServiceErrorClass<T>,
    body: unknown,
    options: Omit<TencentCloudErrorOptions, "requestId"> = {},
  ): T | undefined {
    return errorFromResponse(this, body, options);
  }

  /**
   * Converts a `TencentCloudSDKHttpException` thrown by `tencentcloud-sdk-nodejs`
   * into this class, keeping it as `cause`; with `{ action }`, the error
   * carries the action that failed. Returns undefined when `error` carries
   * no API error code (a network or HTTP failure, say): rethrow it then.
   */
  static fromSdkError<T extends TencentCloudError>(this: ServiceErrorClass<T>, error: unknown, options: ErrorSourceOptions = {}): T | undefined {
    return errorFromSdk(this, error, options);
  }

  /**
   * Wraps a client of `tencentcloud-sdk-nodejs` for this class's service:
   * every call that fails with an API error rejects with this class, its
   * `action` set to the method called (see `withTypedErrors`).
   */
  static wrapClient<C extends object>(this: ServiceErrorClass, client: C): C {
    return withTypedErrors(client, this);
  }

  /**
   * `instanceof` that also recognises instances made by another copy of this
   * package: any branded error whose service matches the class's.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this.isInstance(value);
  }

  /** Duck-typed `instanceof`. On `TencentCloudError` itself it accepts every service. */
  static isInstance<T extends abstract new (...args: never) => TencentCloudError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== "object" || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    const service = (this as unknown as ServiceErrorClass).service;
    return service === "" || (value as { service?: unknown }).service === service;
  }
}

/**
 * `errorClass.fromResponse(body)`, for when the class is only known at run time.
 * @public
 */
export function errorFromResponse<T extends TencentCloudError>(
  errorClass: ServiceErrorClass<T>,
  body: unknown,
  options: Omit<TencentCloudErrorOptions, "requestId"> = {},
): T | undefined {
  if (errorClass.protocol === "legacy") {
    const error = readLegacyError(body);
    return error && new errorClass(error.code as never, error.message, options);
  }
  const error = readApi3Error(body);
  return error && new errorClass(error.code as never, error.message, { ...options, requestId: error.requestId });
}

/**
 * `errorClass.fromSdkError(error)`, for when the class is only known at run time.
 * @public
 */
export function errorFromSdk<T extends TencentCloudError>(
  errorClass: ServiceErrorClass<T>,
  error: unknown,
  options: ErrorSourceOptions = {},
): T | undefined {
  if (typeof error !== "object" || error === null || typeof (error as SdkExceptionLike).message !== "string") {
    return undefined;
  }
  const { code, requestId, httpCode, message, traceId } = error as SdkExceptionLike;
  if ((typeof code !== "string" || code === "") && typeof code !== "number") return undefined;
  // The legacy API's numeric codes may come as strings.
  const raw = typeof code === "string" && /^-?\d+$/.test(code) && errorClass.codes.has(Number(code)) ? Number(code) : code;
  return new errorClass(raw as never, message, {
    requestId: typeof requestId === "string" ? requestId : undefined,
    httpStatus: typeof httpCode === "number" ? httpCode : undefined,
    cause: error,
    action: options.action,
    traceId: typeof traceId === "string" ? traceId : undefined,
  });
}

/**
 * Wraps a client of `tencentcloud-sdk-nodejs` (`new Client({...})` of a
 * service's `…_client.js`) so that every call that fails with an API error
 * rejects with `errorClass`, carrying the action called (the SDK's method
 * names are the API's actions) and the SDK's exception as `cause`. Calls that
 * succeed resolve unchanged; failures with no API code (network, HTTP) reject
 * as they did.
 *
 * The client must be one of the class's service and API version, as the
 * client itself records them: its `apiVersion`, the host its class passes
 * to the SDK (`super("cvm.tencentcloudapi.com", …)`, whatever endpoint the
 * client was given), and its endpoint when it is a Tencent Cloud API host. Anything else (a client of another service or
 * version, a value that is no SDK client) is refused with a `TypeError`
 * that names what was passed.
 * @public
 */
export function withTypedErrors<C extends object, T extends TencentCloudError>(client: C, errorClass: ServiceErrorClass<T>): C {
  const problem = clientProblem(client, errorClass);
  if (problem !== undefined) throw new TypeError(`${errorClass.name}.wrapClient: ${problem}`);
  return wrapCalls(client, (error, action) => errorFromSdk(errorClass, error, { action }) ?? error);
}

/** What is wrong with wrapping `client` with `errorClass` (see `withTypedErrors`); undefined when nothing is. */
function clientProblem(client: unknown, errorClass: ServiceErrorClass): string | undefined {
  const what = describeValue(client);
  if (typeof client !== "object" || client === null) return `expects a client of tencentcloud-sdk-nodejs, and was given ${what}`;
  const { endpoint, apiVersion, request } = client as { endpoint?: unknown; apiVersion?: unknown; request?: unknown };
  if (typeof request !== "function" || typeof apiVersion !== "string") {
    return `expects a client of tencentcloud-sdk-nodejs (with a request method and an apiVersion), and was given ${what}`;
  }
  const service = errorClass.service;
  if (service === "" || errorClass.protocol !== "api3") return undefined;
  const host = typeof endpoint === "string" ? /^([a-z][a-z0-9]*)\.(?:[a-z0-9-]+\.)?tencentcloudapi\.com$/i.exec(endpoint) : null;
  if (host && host[1]!.toLowerCase() !== service) {
    return `this client calls ${printable(endpoint as string)}, not the ${service} API: wrap it with the ${host[1]!.toLowerCase()} error class`;
  }
  if (errorClass.apiVersion !== "" && apiVersion !== errorClass.apiVersion) {
    return `this client calls API version ${printable(apiVersion)} and ${errorClass.name} is of ${service} ${errorClass.apiVersion}: wrap it with the error class of that version (tencentcloud-error-codes/${service}/v${printable(apiVersion).replace(/-/g, "")})`;
  }
  // The client's class names its service's host in its constructor (`super("vpc.tencentcloudapi.com", "2017-03-12", config)`).
  const stated = classHost(client);
  if (stated !== undefined && stated !== service) {
    return `this client is one of ${stated}'s (its class calls ${stated}.tencentcloudapi.com), not of the ${service} API: wrap it with the ${stated} error class`;
  }
  return undefined;
}

/** The service whose host a client's class passes to the SDK's base class, read from the class's source; undefined when it is not written so. */
function classHost(client: object): string | undefined {
  let source: string;
  try {
    const constructor = (client as { constructor?: unknown }).constructor;
    if (typeof constructor !== "function") return undefined;
    source = Function.prototype.toString.call(constructor).slice(0, 2000);
  } catch {
    return undefined;
  }
  return /\bsuper\(\s*["']([a-z][a-z0-9]*)\.tencentcloudapi\.com["']\s*,/.exec(source)?.[1];
}

/** What a value is, for a message: `null`, `undefined`, `a string`, `an object of class VpcClient`. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== "object" && typeof value !== "function") return `a ${typeof value}`;
  let name: unknown;
  try {
    name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  } catch {
    name = undefined;
  }
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? `an object of class ${name}` : typeof value === "function" ? "a function" : "an object";
}

/** A value from outside in a message: at most 64 characters, no control characters. */
const printable = (value: string) => value.slice(0, 64).replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, "?");
