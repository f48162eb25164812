/**
 * The hand-written base of every generated error class. Generated service
 * classes (`CdbError`, `RedisError`, …) extend `TencentCloudError` and only
 * add what the docs say: the service name, its API version and its codes.
 */

/** `"A.B.C"` → `"A" | "A.B" | "A.B.C"`: every category a code belongs to. */
export type CodePrefix<C extends string> = C extends `${infer Head}.${infer Rest}`
  ? Head | `${Head}.${CodePrefix<Rest>}`
  : C;

declare const unknownCode: unique symbol;
/**
 * A code the docs did not list when this package was generated. It is the
 * raw string the API sent; the brand only keeps it apart from known codes so
 * that a `switch` over known codes stays exhaustive.
 */
export type UnknownCode<T extends string | number = string> = T & { readonly [unknownCode]: true };

/** The type of a code as the API sends it: numbers for the legacy API, strings otherwise. */
export type RawCode<C extends string | number> = C extends number ? number : string;

export interface TencentCloudErrorOptions {
  /** The API's `RequestId`: quote it when contacting support. */
  readonly requestId?: string | undefined;
  /** HTTP status of the response, when there was one. */
  readonly httpStatus?: number | undefined;
  readonly cause?: unknown;
}

/** What `JSON.stringify(error)` gives. */
export interface TencentCloudErrorJSON {
  readonly name: string;
  readonly service: string;
  readonly apiVersion: string;
  readonly code: string | number;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly httpStatus?: number;
  readonly known: boolean;
}

/** Marks instances across copies of this package (`Symbol.for` is shared by all realms' copies). */
const BRAND = Symbol.for("doc2errors.TencentCloudError");

/** The static side every service class has. */
export interface ServiceErrorClass {
  readonly service: string;
  readonly apiVersion: string;
  /** Every code the docs list for the service, common codes included. */
  readonly codes: ReadonlySet<string | number>;
}

export abstract class TencentCloudError<C extends string | number = string | number> extends Error {
  /** Which service, e.g. `"cdb"`. */
  static readonly service: string = "";
  static readonly apiVersion: string = "";
  static readonly codes: ReadonlySet<string | number> = new Set();

  /** The error code, e.g. `"InvalidParameter.InstanceNotFound"`. */
  readonly code: C | UnknownCode<RawCode<C>>;
  /** False when the code is not in the docs this package was generated from. */
  readonly known: boolean;
  readonly requestId: string | undefined;
  readonly httpStatus?: number;
  abstract override readonly name: string;

  constructor(code: C | (RawCode<C> & {}), message: string, options: TencentCloudErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    const statics = new.target as unknown as ServiceErrorClass;
    this.code = code as C | UnknownCode<RawCode<C>>;
    this.known = statics.codes.has(code);
    this.requestId = options.requestId;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }

  get service(): string {
    return (this.constructor as unknown as ServiceErrorClass).service;
  }

  get apiVersion(): string {
    return (this.constructor as unknown as ServiceErrorClass).apiVersion;
  }

  /** Narrows `code` to the documented codes. */
  isKnown(): this is this & { readonly known: true; readonly code: C } {
    return this.known;
  }

  /**
   * True when the code is `category` or lies below it:
   * `is("InvalidParameter")` holds for `InvalidParameter` and every `InvalidParameter.*`.
   */
  is(category: CodePrefix<Extract<C, string>>): boolean {
    const code = String(this.code);
    return code === category || code.startsWith(`${category}.`);
  }

  override toString(): string {
    const id = this.requestId === undefined ? "" : ` (RequestId: ${this.requestId})`;
    return `${this.name} [${this.code}]: ${this.message}${id}`;
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
      known: this.known,
    };
  }

  /**
   * `instanceof` that also recognises instances made by another copy of this
   * package: any branded error whose service matches the class's.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this.isInstance(value);
  }

  /** Duck-typed `instanceof`. On `TencentCloudError` itself it accepts any service. */
  static isInstance<T extends abstract new (...args: never) => TencentCloudError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== "object" || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    const service = (this as unknown as ServiceErrorClass).service;
    return service === "" || (value as { service?: unknown }).service === service;
  }
}
