/**
 * Error messages as the docs give them: one catalog per service and locale,
 * so that a bundle holds only the locales it imports.
 */

/**
 * One documented message; further columns of the docs' table are kept as fields.
 * @public
 */
export interface ErrorMessage {
  readonly message: string;
  /** What to do about it, where the docs say (the legacy page's third column). */
  readonly resolution?: string;
  /** The web pages the docs link from it, space-separated (`https://cloud.tencent.com/document/api/…`). */
  readonly links?: string;
  readonly [field: string]: string | undefined;
}

/**
 * The documented messages of one code set in one locale: what each `messages.<locale>` module exports.
 * @public
 */
export interface MessageCatalog<C extends string = string> {
  /** `cdb`, `redis`, …, `common`, `legacy`. */
  readonly service: string;
  /** The service's API version (`"2017-03-20"`): a service documented for several versions has catalogs for each. */
  readonly apiVersion?: string;
  /** BCP 47 tag: `ja`, `ko`, `en`, `zh-CN`. */
  readonly locale: string;
  readonly messages: { readonly [K in C]?: ErrorMessage };
}

/**
 * A documented message, with the locale it was found in.
 * @public
 */
export interface LocalizedMessage extends ErrorMessage {
  /** The locale the text was found in (may differ from the one asked for). */
  readonly locale: string;
}

/**
 * Locales tried after the requested one, in order, before any other available one.
 * @public
 */
export const FALLBACK_LOCALES: readonly string[] = ["en", "zh-CN"];

/**
 * The order in which locales are tried for `requested`: the tag itself, its
 * language alone (`ja-JP` → `ja`, `zh` → `zh-CN`), then (unless `fallback`
 * is false) `en`, then `zh-CN`, then every other available locale in tag
 * order. Tags compare case-insensitively.
 * @internal
 */
export function localeChain(requested: string, available: readonly string[], fallback = true): string[] {
  // A locale that is no string (undefined from an unset setting, say) asks for nothing: the fallbacks answer.
  if (typeof requested !== "string") requested = "";
  const lower = (tag: string) => tag.toLowerCase();
  const pick = (tag: string) => available.find((a) => lower(a) === lower(tag));
  const language = lower(requested.split("-")[0] ?? requested);
  const chain: string[] = [];
  const push = (tag: string | undefined) => {
    if (tag !== undefined && !chain.includes(tag)) chain.push(tag);
  };
  push(pick(requested));
  push(pick(language) ?? [...available].sort().find((a) => lower(a).startsWith(`${language}-`)));
  if (!fallback) return chain;
  for (const tag of FALLBACK_LOCALES) push(pick(tag) ?? [...available].sort().find((a) => lower(a).startsWith(`${tag}-`)));
  for (const tag of [...available].sort()) push(tag);
  return chain;
}

/** The registry lives on globalThis so that every copy of this package shares it. */
const REGISTRY_KEY = Symbol.for("doc2errors.messages");
/** service → `locale apiVersion` → catalog. */
type Registry = Map<string, Map<string, MessageCatalog>>;
function registry(): Registry {
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  return (holder[REGISTRY_KEY] ??= new Map());
}

/**
 * Makes catalogs available to `getMessage` and `error.localizedMessage()`
 * without passing them each time. Import only the locales you need:
 *
 * ```ts
 * import { cdbMessagesJa } from "<pkg>/cdb/messages.ja";
 * import { commonMessagesJa } from "<pkg>/common/messages.ja";
 * registerMessages(cdbMessagesJa, commonMessagesJa);
 * ```
 * @public
 */
export function registerMessages(...catalogs: readonly MessageCatalog[]): void {
  const services = registry();
  for (const catalog of catalogs) {
    let locales = services.get(catalog.service);
    if (!locales) services.set(catalog.service, (locales = new Map()));
    locales.set(`${catalog.locale} ${catalog.apiVersion ?? ""}`, catalog);
  }
}

/**
 * Forgets every registered catalog (for tests).
 * @public
 */
export function clearMessages(): void {
  registry().clear();
}

/**
 * Where `getMessage` looks, and whether it falls back to other locales.
 * @public
 */
export interface GetMessageOptions {
  /**
   * Look in the registered catalogs of this service, then in the registered
   * common catalogs. Default: `"common"`.
   */
  readonly service?: string;
  /** With `service`: that API version's catalogs come first, then the other versions'. */
  readonly apiVersion?: string;
  /**
   * `false`: only the requested tag and its language, none of the fallbacks
   * (what `localizedMessage` asks first, before the API's own message).
   */
  readonly fallback?: boolean;
  /** Look in exactly these catalogs instead of the registered ones. */
  readonly catalogs?: readonly MessageCatalog[];
}

/**
 * The documented text of `code` in `locale`, trying locales in the order of
 * `localeChain` (requested → its language → en → zh-CN → any). In each
 * locale a service's own catalog is asked before the common one, so a
 * service's wording of a common code wins.
 * @public
 */
export function getMessage(
  code: string | number,
  locale: string,
  options: GetMessageOptions = {},
): LocalizedMessage | undefined {
  const catalogs = options.catalogs ?? registeredFor(options.service ?? "common", options.apiVersion);
  const key = String(code);
  const chain = localeChain(
    locale,
    catalogs.map((catalog) => catalog.locale),
    options.fallback !== false,
  );
  for (const tag of chain) {
    for (const catalog of catalogs) {
      if (catalog.locale !== tag || !Object.prototype.hasOwnProperty.call(catalog.messages, key)) continue;
      const entry = (catalog.messages as Readonly<Record<string, ErrorMessage | undefined>>)[key];
      if (entry !== undefined) return { ...entry, locale: tag };
    }
  }
  return undefined;
}

function registeredFor(service: string, apiVersion: string | undefined): MessageCatalog[] {
  const services = registry();
  const all = [...(services.get(service)?.values() ?? [])];
  const own = [...all.filter((catalog) => catalog.apiVersion === apiVersion), ...all.filter((catalog) => catalog.apiVersion !== apiVersion)];
  const common = service === "common" || service === "legacy" ? [] : [...(services.get("common")?.values() ?? [])];
  return [...own, ...common];
}
