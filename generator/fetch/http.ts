/**
 * One HTTP GET with a per-attempt timeout, bounded retries and exponential
 * backoff. Only Node's built-in `fetch` (undici) is used.
 *
 * Retried: network errors, timeouts, responses cut off mid-body, 429 and 5xx.
 * Not retried: any other status (404, 403, …), and an abort from the caller.
 */

export interface HttpGetOptions {
  /** Sent as `If-None-Match`; a 304 answer then comes back as `{ status: 304 }`. */
  readonly etag?: string | undefined;
  /** Per attempt, covering the headers and the whole body. */
  readonly timeoutMs: number;
  /** Further attempts after the first one. */
  readonly retries: number;
  /** Delay before the first retry; doubled for each further retry. */
  readonly backoffMs: number;
  /** Aborts everything (the current attempt and any backoff wait). */
  readonly signal?: AbortSignal | undefined;
  /** Called before each backoff wait. */
  readonly onRetry?: ((info: RetryInfo) => void) | undefined;
  /** For tests: a replacement for the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** A body larger than this is refused as it arrives (default: 8 MiB, the page limit). */
  readonly maxBytes?: number | undefined;
  /** Further request headers (an API token). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The largest body read: a page's limit (parse/source.ts), a listing's being larger. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RetryInfo {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly error: HttpError;
  readonly delayMs: number;
}

export interface HttpResult {
  /** 200 (any 2xx but 206 is reported as 200) or 304. */
  readonly status: 200 | 304;
  /** The response's ETag (for a 304 without one: the ETag that was sent). */
  readonly etag: string | undefined;
  /** The complete body; empty for a 304. */
  readonly bytes: Uint8Array;
}

export type HttpErrorKind = "status" | "network" | "timeout" | "truncated" | "aborted" | "refused";

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    message: string,
    readonly kind: HttpErrorKind,
    readonly retryable: boolean,
    readonly status?: number,
    /** For 429/503: the server's Retry-After, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** How many redirects within the origin a request follows. */
const MAX_REDIRECTS = 5;

/** Longest wait a `Retry-After` header can impose. */
const MAX_RETRY_AFTER_MS = 60_000;
const USER_AGENT = "doc2errors-fetch-docs (+https://github.com/tencentyun/intlcloud-documents)";

/**
 * GETs `url`. Resolves with the body, or with status 304 when `etag` still
 * matches; rejects with an {@link HttpError} whose message says what went
 * wrong and, after retries, how many attempts were made.
 */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResult> {
  const attempts = Math.max(0, Math.floor(options.retries)) + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptGet(url, options);
    } catch (caught) {
      const error = caught instanceof HttpError ? caught : new HttpError(describe(caught), "network", true);
      if (error.kind === "aborted" || !error.retryable || attempt >= attempts) {
        throw attempt > 1 ? new HttpError(`${error.message} (after ${attempt} attempts)`, error.kind, error.retryable, error.status) : error;
      }
      const backoff = options.backoffMs * 2 ** (attempt - 1);
      // Up to 25% jitter so that parallel retries do not arrive together.
      const delayMs = Math.max(Math.round(backoff * (1 + Math.random() * 0.25)), error.retryAfterMs ?? 0);
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}

async function attemptGet(url: string, options: HttpGetOptions): Promise<HttpResult> {
  if (options.signal?.aborted) throw aborted();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const failure = (caught: unknown, during: string): HttpError => {
    if (options.signal?.aborted) return aborted();
    if (timeout.aborted) return new HttpError(`timed out after ${options.timeoutMs} ms ${during}`, "timeout", true);
    return new HttpError(`${describe(caught)} ${during}`, "network", true);
  };

  // Asked for as they are, so that Content-Length counts the bytes received:
  // a body decompressed on the way (fetch does so unasked) may be cut short
  // without any error (a truncated gzip stream decodes to its first part).
  const headers: Record<string, string> = { ...options.headers, "user-agent": USER_AGENT, "accept-encoding": "identity" };
  if (options.etag !== undefined) headers["if-none-match"] = options.etag;
  let response: Response;
  // Redirects are followed by hand, within the origin asked: a redirect to another host is refused, never followed.
  const origin = new URL(url).origin;
  let at = url;
  for (let hops = 0; ; hops++) {
    try {
      response = await (options.fetch ?? fetch)(at, { headers, signal, redirect: "manual" });
    } catch (caught) {
      throw failure(caught, "waiting for the response");
    }
    if (![301, 302, 303, 307, 308].includes(response.status)) break;
    await discard(response);
    const location = response.headers.get("location");
    let next: URL | undefined;
    try {
      next = location === null ? undefined : new URL(location, at);
    } catch {
      next = undefined;
    }
    if (next === undefined) throw new HttpError(`HTTP ${response.status} without a usable Location: refused`, "refused", false);
    if (next.origin !== origin) {
      throw new HttpError(`redirected (HTTP ${response.status}) to another origin, ${next.origin.slice(0, 200)}: refused; only redirects within ${origin} are followed`, "refused", false);
    }
    if (hops >= MAX_REDIRECTS) throw new HttpError(`more than ${MAX_REDIRECTS} redirects: refused`, "refused", false);
    at = next.href;
  }

  if (response.status === 304) {
    await discard(response);
    return { status: 304, etag: response.headers.get("etag") ?? options.etag, bytes: new Uint8Array() };
  }
  if (!response.ok || response.status === 206) {
    await discard(response);
    const status = response.status;
    const retryable = status === 429 || status >= 500;
    const message = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
    throw new HttpError(message, "status", retryable, status, retryable ? retryAfter(response.headers.get("retry-after")) : undefined);
  }

  const encoding = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "") {
    await discard(response);
    throw new HttpError(`the server sent a ${encoding}-encoded body though asked for none: refused, since a cut compressed body cannot be told from a whole one`, "refused", false);
  }
  const lengthHeader = response.headers.get("content-length");
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const expected = encoding === "identity" && lengthHeader !== null && /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader) : undefined;
  const of = expected === undefined ? "" : ` of ${expected}`;

  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        if (received > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new HttpError(`the body is larger than ${maxBytes} bytes: refused`, "refused", false);
        }
      }
    } catch (caught) {
      if (caught instanceof HttpError) throw caught;
      const error = failure(caught, `reading the body (received ${received}${of} bytes)`);
      if (error.kind !== "network") throw error;
      throw new HttpError(`truncated response: connection closed after ${received}${of} bytes (${describe(caught)})`, "truncated", true);
    } finally {
      reader.releaseLock();
    }
  }
  if (expected !== undefined && received !== expected) {
    throw new HttpError(`truncated response: received ${received} bytes, Content-Length is ${expected}`, "truncated", true);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { status: 200, etag: response.headers.get("etag") ?? undefined, bytes };
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body is not needed; a broken connection here changes nothing.
  }
}

function aborted(): HttpError {
  return new HttpError("interrupted", "aborted", false);
}

/** `Retry-After` as seconds or an HTTP date, capped; undefined when absent or unreadable. */
function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : undefined;
}

/** `fetch failed (connect ECONNREFUSED 127.0.0.1:1)`: undici hides the useful part in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code = (cause as NodeJS.ErrnoException).code;
  const detail = code !== undefined && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message || (code ?? cause.name);
  return `${error.message} (${detail})`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
