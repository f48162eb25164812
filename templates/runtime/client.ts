/**
 * Wrapping clients of `tencentcloud-sdk-nodejs`, whose methods are the API's
 * actions (`client.RunInstances(req)`) plus `request(action, req)`.
 */

/**
 * Turns what a failed call threw or rejected with into what the wrapped call rejects with.
 * @internal
 */
export type ErrorConverter = (error: unknown, action: string) => unknown;

/** An action method of an SDK client: `RunInstances`, `DescribeInstances`, … */
const ACTION = /^[A-Z][A-Za-z0-9]*$/;
/** The SDK's generic entry points, whose first argument is the action. */
const BY_NAME = new Set(["request", "requestOctetStream"]);

/**
 * A view of `client` whose action methods (and `request(action, …)`) reject
 * with `convert(error, action)` instead of `error`. Calls that succeed
 * resolve unchanged; callbacks (`client.X(req, (err, data) => …)`) receive
 * the converted error too. Everything else of the client is untouched. The
 * client itself is not modified.
 * @internal
 */
export function wrapCalls<C extends object>(client: C, convert: ErrorConverter): C {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      const byName = BY_NAME.has(property);
      if (!byName && !ACTION.test(property)) return value;
      const known = wrapped.get(property);
      if (known !== undefined && (known as { original?: unknown }).original === value) return known;
      const method = value as (...args: unknown[]) => unknown;
      const call = function (this: unknown, ...args: unknown[]): unknown {
        const action = byName ? String(args[0]) : property;
        const last = args.length - 1;
        if (last >= 0 && typeof args[last] === "function") {
          const callback = args[last] as (error: unknown, ...rest: unknown[]) => unknown;
          args[last] = (error: unknown, ...rest: unknown[]) =>
            callback.call(undefined, error === null || error === undefined ? error : convert(error, action), ...rest);
        }
        // The SDK's methods use `this`: call them on the client, not on the proxy.
        const self = this === receiver || this === undefined ? target : this;
        let result: unknown;
        try {
          result = method.apply(self, args);
        } catch (error) {
          throw convert(error, action);
        }
        if (typeof (result as PromiseLike<unknown> | null)?.then === "function") {
          return Promise.resolve(result).catch((error: unknown) => {
            throw convert(error, action);
          });
        }
        return result;
      };
      Object.defineProperty(call, "original", { value });
      Object.defineProperty(call, "name", { value: property });
      wrapped.set(property, call);
      return call;
    },
  });
}
