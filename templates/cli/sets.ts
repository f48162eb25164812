/**
 * Every code set: its id, API version, folder, locales and codes, tab-separated (codes and locales space-separated).
 * @internal
 */
export const codeSets: readonly string[] = [];
