/**
 * Reading error responses of the Tencent Cloud APIs.
 *
 * API 3.0: `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` on
 * failure, `{"Response": {..., "RequestId"}}` on success.
 * API 2.0 (legacy): `{"code": 5100, "message": "..."}`, where `code: 0` is success.
 */

/**
 * Thrown when a body is neither a success nor an error response of the expected API.
 * @public
 */
export class ResponseFormatError extends Error {
  override readonly name = "ResponseFormatError";
  constructor(
    message: string,
    /** The body as received. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/**
 * The error of an API 3.0 response body (`Response.Error` and `Response.RequestId`).
 * @public
 */
export interface Api3Error {
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
}

/**
 * The error of a legacy API 2.0 response body (`code`, `message`).
 * @public
 */
export interface LegacyApiError {
  readonly code: number;
  readonly message: string;
}

/** Accepts a parsed body or its JSON text. */
function parseBody(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ResponseFormatError(`response body is not JSON: ${(error as Error).message}`, body);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The error of an API 3.0 response body, or undefined when the body reports success.
 * @internal
 */
export function readApi3Error(input: unknown): Api3Error | undefined {
  return readingGuarded(input, () => readApi3Body(input));
}

/**
 * Runs `read` over a body from outside: whatever reading it throws (a
 * revoked proxy, a getter that throws) is a `ResponseFormatError`.
 */
function readingGuarded<T>(input: unknown, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ResponseFormatError) throw error;
    let reason: string;
    try {
      reason = error instanceof Error ? String(error.message) : String(error);
    } catch {
      reason = "an error that cannot be shown";
    }
    throw new ResponseFormatError(`the response body cannot be read: ${reason.slice(0, 200)}`, input);
  }
}

function readApi3Body(input: unknown): Api3Error | undefined {
  const body = parseBody(input);
  if (!isRecord(body) || !isRecord(body["Response"])) {
    throw new ResponseFormatError('not an API 3.0 response: expected an object with a "Response" object', input);
  }
  const response = body["Response"];
  const requestId = response["RequestId"];
  if (requestId !== undefined && typeof requestId !== "string") {
    throw new ResponseFormatError('"Response.RequestId" must be a string', input);
  }
  const error = response["Error"];
  if (error === undefined) return undefined;
  if (!isRecord(error)) throw new ResponseFormatError('"Response.Error" must be an object', input);
  const { Code: code, Message: message } = error;
  if (typeof code !== "string" || code === "") {
    throw new ResponseFormatError('"Response.Error.Code" must be a non-empty string', input);
  }
  if (message !== undefined && typeof message !== "string") {
    throw new ResponseFormatError('"Response.Error.Message" must be a string', input);
  }
  return { code, message: message ?? "", requestId };
}

/**
 * The error of a legacy API 2.0 body, or undefined when `code` is 0.
 * @internal
 */
export function readLegacyError(input: unknown): LegacyApiError | undefined {
  return readingGuarded(input, () => readLegacyBody(input));
}

function readLegacyBody(input: unknown): LegacyApiError | undefined {
  const body = parseBody(input);
  if (!isRecord(body)) throw new ResponseFormatError("not an API 2.0 response: expected an object", input);
  const raw = body["code"];
  // The docs show the code both as a number and as a string ("5100").
  const code = typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof code !== "number" || !Number.isInteger(code)) {
    throw new ResponseFormatError('"code" must be an integer', input);
  }
  // Past 2^53 a number is rounded (JSON.parse did so already): the code read would not be the one sent.
  if (!Number.isSafeInteger(code) || (typeof input === "string" && /"code"\s*:\s*"?-?\d{16,}/.test(input) && !Number.isSafeInteger(Number(/"code"\s*:\s*"?(-?\d+)/.exec(input)?.[1])))) {
    throw new ResponseFormatError(`"code" ${typeof raw === "string" ? raw : String(raw)} is beyond the integers a number holds exactly`, input);
  }
  if (code === 0) return undefined;
  const message = body["message"];
  if (message !== undefined && typeof message !== "string") {
    throw new ResponseFormatError('"message" must be a string', input);
  }
  return { code, message: message ?? "" };
}
