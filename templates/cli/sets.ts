/**
 * Every code set: its id, API version, folder, locales and codes (space-separated).
 * @internal
 */
export const codeSets: readonly (readonly [id: string, apiVersion: string, folder: string, locales: string, codes: string])[] = [];
