/**
 * Error messages as the docs give them, one catalog per service and locale,
 * so that a bundle holds only the locales it imports.
 */

/** One documented message; further columns of the docs' table are kept as fields (e.g. `resolution`). */
export interface ErrorMessage {
  readonly message: string;
  /** What to do about it, where the docs say (the legacy page's third column). */
  readonly resolution?: string;
  readonly [field: string]: string | undefined;
}

export interface MessageCatalog<C extends string = string> {
  /** `cdb`, `redis`, …, `common`, `legacy`. */
  readonly service: string;
  /** BCP 47 tag: `ja`, `ko`, `en`, `zh-CN`. */
  readonly locale: string;
  readonly messages: { readonly [K in C]?: ErrorMessage };
}

/** Locales tried after the requested one, in order, before any other available one. */
export const FALLBACK_LOCALES: readonly string[] = ["en", "zh-CN"];

export interface LocalizedMessage extends ErrorMessage {
  /** The locale the message was found in (may differ from the one asked for). */
  readonly locale: string;
}

/**
 * The order in which locales are tried for `requested`: the tag itself, its
 * language alone (`ja-JP` → `ja`), then `en`, `zh-CN`, then every other
 * available locale in tag order.
 */
export function localeChain(requested: string, available: readonly string[]): string[] {
  const lower = (tag: string) => tag.toLowerCase();
  const pick = (tag: string) => available.find((a) => lower(a) === lower(tag));
  const language = requested.split("-")[0] ?? requested;
  const chain: string[] = [];
  const push = (tag: string | undefined) => {
    if (tag !== undefined && !chain.includes(tag)) chain.push(tag);
  };
  push(pick(requested));
  push(pick(language) ?? available.find((a) => lower(a).startsWith(`${lower(language)}-`)));
  for (const tag of FALLBACK_LOCALES) push(pick(tag));
  for (const tag of [...available].sort()) push(tag);
  return chain;
}

/** Looks `code` up in `catalogs` following `localeChain`. */
export function findMessage(
  catalogs: readonly MessageCatalog[],
  code: string,
  locale: string,
): LocalizedMessage | undefined {
  const chain = localeChain(
    locale,
    catalogs.map((catalog) => catalog.locale),
  );
  for (const tag of chain) {
    for (const catalog of catalogs) {
      if (catalog.locale !== tag) continue;
      const entry = Object.prototype.hasOwnProperty.call(catalog.messages, code)
        ? (catalog.messages as Record<string, ErrorMessage | undefined>)[code]
        : undefined;
      if (entry !== undefined) return { ...entry, locale: tag };
    }
  }
  return undefined;
}
