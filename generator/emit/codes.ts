import { originsOf } from "../model/snapshot.js";
import type { SourceFileStructure, StatementStructures } from "ts-morph";
import { StructureKind, VariableDeclarationKind } from "./kinds.js";
import type { CodeSet, ErrorCode } from "../model/types.js";
import { pascal } from "./naming.js";
import { ROWS_HOLE, type Rows } from "./rows.js";
import { docText } from "./text.js";

/** Names every module of a code set agrees on. */
export function codeSetNames(set: Pick<CodeSet, "id">) {
  const base = pascal(set.id);
  return {
    /** `CdbErrorCode`: the enum. */
    enumName: `${base}ErrorCode`,
    /** `CdbServiceCode`: the set's own codes as string literals. */
    ownCode: `${base}ServiceCode`,
    /** `CdbCode`: own codes and common codes. */
    code: `${base}Code`,
    /** `cdbCodes`: runtime set of `CdbCode`. */
    codesConst: `${set.id}Codes`,
    /** `CdbError`. */
    errorClass: `${base}Error`,
    /** `CdbCategory`: every code and every dot-separated prefix of one, for `is()`. */
    category: `${base}Category`,
    /** `cvmActionCodes`: each action's codes. */
    actionCodes: `${set.id}ActionCodes`,
    /** `cvmActionPages`: the page that documents each action, where the docs link it. */
    actionPages: `${set.id}ActionPages`,
    /** `CvmAction`: the actions with documented errors. */
    action: `${base}Action`,
    /** `CvmActionCode<A>`: the codes of one action, and the common codes. */
    actionCode: `${base}ActionCode`,
    /** `CvmCodeIndex`: the service's codes in the enum's order, the positions the actions' codes are stated by. */
    codeIndex: `${base}CodeIndex`,
    /** `CvmActionError<A>`: an error of one action, its code narrowed. */
    actionError: `${base}ActionError`,
  };
}

/** How many actions a code's doc comment names before "and N more". */
export const ACTIONS_IN_DOC = 5;

/**
 * A code's doc comment: the code, its text in every locale, then the actions
 * whose pages list it, each linked to its page when the docs link it (`pages`).
 */
export function codeDoc(code: ErrorCode, pages: ReadonlyMap<string, string> = new Map()): string {
  // The code itself is the member's value, which editors show with the comment.
  const lines: string[] = [];
  for (const [locale, entry] of Object.entries(code.locales)) {
    lines.push(`- ${locale}: ${indentRest(entry.message || "(no description)")}`);
    for (const [field, value] of Object.entries(entry.fields)) lines.push(`  ${field}: ${indentRest(value, "    ")}`);
  }
  if (code.actions.length > 0) {
    const named = code.actions
      .slice(0, ACTIONS_IN_DOC)
      .map((action) => (pages.has(action) ? `{@link ${pages.get(action)} | ${action}}` : action))
      .join(", ");
    const more = code.actions.length - ACTIONS_IN_DOC;
    lines.push("", `Actions: ${named}${more > 0 ? ` and ${more} more` : ""}.`);
  }
  const listed = listedBy(code.sources, "the doc pages");
  if (listed !== undefined) lines.push("", `Listed by ${listed}.`);
  if (lines[0] === "") lines.shift();
  if (lines.length === 0) lines.push("(no description)");
  const text = docText(lines.join("\n"));
  return code.deprecated
    ? `${text}\n\n@deprecated No longer in the docs since the revision of ${code.deprecated.since}; kept, deprecated, until ${code.deprecated.until}, when a major release removes it.`
    : text;
}

/**
 * Who lists a thing, from the docs/ files that do (see model/types.ts
 * `sources`): `pages` (what the doc pages are called there), the API
 * catalog, or both; undefined when nothing does (a deprecated code).
 */
export function listedBy(sources: readonly string[] | undefined, pages: string): string | undefined {
  const origins = originsOf(sources);
  return origins === "pages catalog" ? `${pages} and by the API catalog` : origins === "pages" ? pages : origins === "catalog" ? "the API catalog" : undefined;
}

const indentRest = (text: string, indent = "  ") => text.replace(/\n/g, `\n${indent}`);

export function setDescription(set: CodeSet): string {
  switch (set.kind) {
    case "common":
      return "Common error codes of Tencent Cloud API 3.0: any service may return them.";
    case "legacy":
      return "Numeric error codes of the legacy Tencent Cloud API 2.0 (`code` in the response; 0 is success).";
    case "service":
      return `Error codes of ${set.title ?? set.id} (\`${set.id}\`, API ${set.apiVersion}).${gone(set)}`;
  }
}

/** What a set no page documents any more says of itself. */
const gone = (set: CodeSet) =>
  set.deprecated ? ` Neither a page nor the API catalog documents this API version since the revision of ${set.deprecated.since}: kept, deprecated, until ${set.deprecated.until}.` : "";


/**
 * The categories of a code set: its codes and every dot-separated prefix of
 * one. The prefixes are spelled out (a few tens a service) rather than
 * worked out by the type checker from the codes (the runtime's
 * `CodePrefixes`), which cost a user's `tsc` more than the rest of a
 * service's types together (INTERNALS.md, "What the package costs a type
 * check"). They are rows: a code with a new prefix changes no skeleton, and
 * a run that adds one prints nothing (see print/printer.ts).
 */
function categoryAlias(set: CodeSet, codes: string, base: string | undefined): { readonly statement: StatementStructures; readonly rows: Rows } {
  return {
    statement: {
      kind: StructureKind.TypeAlias,
      name: codeSetNames(set).category,
      isExported: true,
      docs: [`What \`is()\` takes for a ${set.id} error: every code and every dot-separated prefix of one${set.kind === "service" ? " (the common ones included)" : ""}.`],
      type: ROWS_HOLE,
    },
    rows: { kind: "union-members", types: [...(base === undefined ? [] : [base]), codes], literals: codePrefixes(set.codes.map(({ code }) => code)) },
  };
}

/** Every dot-separated prefix of the codes, short of a code itself, sorted: `A.B.C` gives `A` and `A.B`. */
export function codePrefixes(codes: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const code of codes) {
    for (let dot = code.indexOf("."); dot !== -1; dot = code.indexOf(".", dot + 1)) prefixes.add(code.slice(0, dot));
  }
  return [...prefixes].sort();
}

/** A module's structure, and the rows that go where it holds `ROWS_HOLE`: one set for each placeholder, in the order they come. */
export interface ModuleParts {
  readonly structure: Omit<SourceFileStructure, "kind">;
  readonly rows?: readonly Rows[] | undefined;
}

/**
 * `codes.ts` of a code set: the enum, the string-literal union and a runtime
 * set for membership tests. A service's `Code` type includes the common codes.
 * The enum members are rows, and so are the members of the category union.
 */
export function codesModule(set: CodeSet, names: ReadonlyMap<string, string>, root: string): ModuleParts {
  const n = codeSetNames(set);
  const statements: StatementStructures[] = [];
  const rows: Rows[] = [];
  if (set.codes.length > 0) {
    const pages = new Map(set.actions.flatMap((action) => (action.url === undefined ? [] : [[action.name, action.url] as const])));
    rows.push({
      kind: "enum-members",
      members: set.codes.map((code) => ({
        name: names.get(code.code)!,
        value: set.numeric ? Number(code.code) : code.code,
        doc: codeDoc(code, pages),
      })),
    });
  }
  if (set.kind === "service") {
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `${root}common/codes.js`,
      namedImports: ["commonCodes", { name: "CommonCategory", isTypeOnly: true }, { name: "CommonCode", isTypeOnly: true }],
    });
  }
  statements.push({
    kind: StructureKind.Enum,
    name: n.enumName,
    isExported: true,
    docs: [docText(setDescription(set))],
    members: set.codes.length > 0 ? [{ kind: StructureKind.EnumMember, name: ROWS_HOLE }] : [],
  });
  if (set.numeric) {
    statements.push(
      {
        kind: StructureKind.TypeAlias,
        name: n.code,
        isExported: true,
        docs: ["Every documented code, as a number."],
        type: n.enumName,
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["Every documented code, for membership tests."],
        declarations: [
          {
            name: n.codesConst,
            type: "ReadonlySet<number>",
            initializer: `new Set(Object.values(${n.enumName}).filter((value): value is ${n.enumName} => typeof value === "number"))`,
          },
        ],
      },
    );
  } else if (set.kind === "common") {
    const category = categoryAlias(set, n.code, undefined);
    rows.push(category.rows);
    statements.push(
      {
        kind: StructureKind.TypeAlias,
        name: n.code,
        isExported: true,
        docs: ["Every common code as a string literal."],
        type: `\`\${${n.enumName}}\``,
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["Every common code, in code order."],
        declarations: [{ name: n.codesConst, type: `readonly ${n.code}[]`, initializer: `Object.values(${n.enumName})` }],
      },
      category.statement,
    );
  } else {
    const category = categoryAlias(set, n.ownCode, "CommonCategory");
    rows.push(category.rows);
    statements.push(
      {
        kind: StructureKind.TypeAlias,
        name: n.ownCode,
        isExported: true,
        docs: [`The codes ${set.id}'s own table lists, as string literals.`],
        type: `\`\${${n.enumName}}\``,
      },
      {
        kind: StructureKind.TypeAlias,
        name: n.code,
        isExported: true,
        docs: [`Every code a ${set.id} call may return: its own and the common ones.`],
        type: `${n.ownCode} | CommonCode`,
      },
      category.statement,
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`Every documented ${set.id} code, common codes included, for membership tests.`],
        declarations: [
          {
            name: n.codesConst,
            type: `ReadonlySet<${n.code}>`,
            initializer: `new Set<${n.code}>([...Object.values(${n.enumName}), ...commonCodes])`,
          },
        ],
      },
    );
  }
  return { structure: { statements }, rows };
}
