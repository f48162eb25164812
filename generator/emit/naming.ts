import { compareStrings, diagnostic } from "../model/diagnostics.js";
import type { Diagnostic, ErrorCode } from "../model/types.js";

/**
 * The enum member name of a code. One rule, always a valid identifier:
 *
 * 1. each dot becomes `_`: `InvalidParameter.InstanceNotFound` → `InvalidParameter_InstanceNotFound`;
 * 2. every other run of characters outside `[A-Za-z0-9_$]` becomes one `_`
 *    (a leading `-` before digits becomes `Minus`: `-1` → `Minus1`);
 * 3. a name that starts with a digit gets the prefix `Code`: `9003` → `Code9003`;
 * 4. an empty name becomes `Code`; `__proto__` gets a trailing `_`.
 *
 * Codes are named in sorted order; when two codes yield the same name, the
 * later one gets `_2`, `_3`, … and a D2E401 warning (see `memberNames`).
 */
export function memberName(code: string): string {
  let name = code
    .replace(/^-(?=\d)/, "Minus")
    .split(".")
    .map((segment) => segment.replace(/[^A-Za-z0-9_$]+/g, "_"))
    .join("_");
  if (name === "") name = "Code";
  if (/^\d/.test(name)) name = `Code${name}`;
  if (name === "__proto__") name += "_";
  return name;
}

/** Unique member names for a set of codes, in code order. */
export function memberNames(setId: string, codes: readonly ErrorCode[]): { names: Map<string, string>; diagnostics: Diagnostic[] } {
  const names = new Map<string, string>();
  const taken = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { code, locales } of [...codes].sort((a, b) => compareStrings(a.code, b.code))) {
    const base = memberName(code);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    if (name !== base) {
      const source = Object.values(locales)[0]?.source ?? { file: setId, line: 1, column: 1 };
      diagnostics.push(
        diagnostic("D2E401", source, `"${code}" and "${taken.get(base)}" both name the ${setId} enum member ${base}; "${code}" becomes ${name}`),
      );
    }
    taken.set(name, code);
    names.set(code, name);
  }
  return { names, diagnostics };
}

/** `cdb` → `Cdb`, `common` → `Common`. Service ids are lower-case identifiers (the manifest checks). */
export const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** `ja` → `Ja`, `zh-CN` → `ZhCN`: the suffix of a locale's catalog name. */
export const localeSuffix = (locale: string) =>
  locale
    .split("-")
    .map((part, i) => (i === 0 ? pascal(part) : part))
    .join("");
