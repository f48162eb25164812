import { StructureKind, VariableDeclarationKind } from "./kinds.js";
import type { CodeSet, Locale } from "../model/types.js";
import { codeSetNames, type ModuleParts } from "./codes.js";
import { localeSuffix } from "./naming.js";
import { ROWS_HOLE, type CatalogEntryRow } from "./rows.js";
import { stringLiteral } from "./text.js";

/** A link a message can give: an absolute http(s) URL, nothing that would split the field. */
const WEB_LINK = /^https?:\/\/[^\s]+$/;

/** `cdbMessagesJa`, `commonMessagesKo`, `legacyMessagesZhCN`. */
export const catalogName = (set: Pick<CodeSet, "id">, locale: Locale) => `${set.id}Messages${localeSuffix(locale)}`;

/** `messages.ja.ts`: one locale of one code set, so that a bundle holds only the locales it imports. */
export const messagesFile = (locale: Locale) => `messages.${locale}.ts`;

/**
 * A message catalog: code → `{ message, ...fields }` for one locale. Fields
 * are the table's extra columns (`resolution` for the legacy page).
 */
export function messagesModule(set: CodeSet, locale: Locale, root: string): ModuleParts {
  const n = codeSetNames(set);
  const entries = set.codes.flatMap(({ code, locales }): CatalogEntryRow[] => {
    const entry = locales[locale];
    if (!entry) return [];
    // Where the docs point from the message: its web links, as one field (the runtime's fields are text).
    const links = [...new Set(entry.links.filter((link) => WEB_LINK.test(link)))];
    return [{ key: code, props: [["message", entry.message], ...Object.entries(entry.fields), ...(links.length > 0 && !("links" in entry.fields) ? [["links", links.join(" ")] as [string, string]] : [])] }];
  });
  // A code named like a member every object has (`toString`, `constructor`…)
  // that this locale lacks would have the catalog's literal fail the type:
  // the literal's own `toString` is a function, not a message. Such codes
  // are left out of this catalog's key type.
  const present = new Set(entries.map(({ key }) => key));
  const inherited = set.codes.map(({ code }) => code).filter((code) => code in Object.prototype && !present.has(code));
  const allKeys = set.kind === "service" ? n.ownCode : set.numeric ? "`${" + n.code + "}`" : n.code;
  const keyType = inherited.length > 0 ? `Exclude<${allKeys}, ${inherited.map(stringLiteral).join(" | ")}>` : allKeys;
  const structure: ModuleParts["structure"] = {
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: `${root}runtime/messages.js`,
        isTypeOnly: true,
        namedImports: ["MessageCatalog"],
      },
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: "./codes.js",
        isTypeOnly: true,
        namedImports: [set.kind === "service" ? n.ownCode : n.code],
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`Messages of the ${set.id} codes in \`${locale}\`, as the docs give them.`],
        declarations: [
          {
            name: catalogName(set, locale),
            type: `MessageCatalog<${keyType}>`,
            initializer: `{ service: ${stringLiteral(set.id)}, ${set.kind === "service" ? `apiVersion: ${stringLiteral(set.apiVersion)}, ` : ""}locale: ${stringLiteral(locale)}, messages: {\n${entries.length > 0 ? `${ROWS_HOLE}: 0,` : ""}\n} }`,
          },
        ],
      },
    ],
  };
  return { structure, rows: entries.length > 0 ? [{ kind: "catalog-entries", entries }] : [] };
}
