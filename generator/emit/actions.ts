import { StructureKind, VariableDeclarationKind } from "./kinds.js";
import type { ActionErrors, CodeSet } from "../model/types.js";
import { originsOf } from "../model/snapshot.js";
import { codeSetNames, listedBy, type ModuleParts } from "./codes.js";
import { ROWS_HOLE, type ListEntryRow } from "./rows.js";
import { docText, stringLiteral } from "./text.js";

/** How many of the codes one source alone lists an action's doc comment names. */
const ALONE_IN_DOC = 5;

/** An action's doc comment: where its errors come from, and what no longer is documented. */
export function actionDoc(set: CodeSet, action: ActionErrors): string {
  const listed = listedBy(action.sources, "the action's page");
  const lines = [listed !== undefined ? `Listed by ${listed}.` : "No longer documented."];
  // Listed by both: the codes one source alone lists, the first few named (the snapshot names them all).
  if (originsOf(action.sources) === "pages catalog") {
    const alone = (origin: string, who: string) => {
      const codes = action.codes.filter((code) => !code.deprecated && originsOf(code.sources) === origin).map(({ code }) => `\`${code.replace(/`/g, "'")}\``);
      const more = codes.length - ALONE_IN_DOC;
      if (codes.length > 0) lines.push(`${who} alone lists ${codes.slice(0, ALONE_IN_DOC).join(", ")}${more > 0 ? ` and ${more} more` : ""}.`);
    };
    alone("pages", "The action's page");
    alone("catalog", "The API catalog");
  }
  const dropped = action.codes.filter(({ deprecated }) => deprecated !== undefined);
  if (action.deprecated) {
    // The tag is added after the text is made safe, which would escape it.
    const tag = docText(
      `Neither a ${set.id} page nor the API catalog documents this action since the revision of ${action.deprecated.since}; kept, deprecated, until ${action.deprecated.until}, when a major release removes it.`,
    );
    return `${docText(lines.join("\n"))}\n\n@deprecated ${tag}`;
  }
  if (dropped.length > 0) {
    lines.push("", "No longer listed, kept as deprecated:");
    for (const { code, deprecated } of dropped) lines.push(`- \`${code.replace(/`/g, "'")}\` since ${deprecated!.since}, until ${deprecated!.until}`);
  }
  // The tag after the text is made safe; the URL is one the parser wrote itself (digits, a known host).
  return `${docText(lines.join("\n"))}${action.url === undefined ? "" : `\n\n@see ${action.url}`}`;
}

/**
 * `actions.ts` of a service: the errors each action's page and the API
 * catalog list, and the types over them. `CvmActionCode<"AllocateHosts">`
 * is what that action may return: its listed codes and the common codes.
 *
 * Each action states its codes by their place in the service's codes (the
 * enum's order, `CvmCodeIndex`), read back as lists by the runtime's
 * `actionCodes`: a service's actions list tens of thousands of pairs, and a
 * number is a tenth of a code's length in the package.
 */
export function actionsModule(set: CodeSet, root: string): ModuleParts {
  const n = codeSetNames(set);
  const position = new Map(set.codes.map(({ code }, i) => [code, i]));
  const entries: ListEntryRow[] = set.actions.map((action) => ({
    key: action.name,
    doc: actionDoc(set, action),
    values: action.codes.map(({ code }) => {
      const at = position.get(code);
      if (at === undefined) throw new Error(`${set.id} ${set.apiVersion}: action ${action.name} lists ${code}, which is not a code of the set`);
      return at;
    }),
  }));
  const index = n.codeIndex;
  const structure: ModuleParts["structure"] = {
    statements: [
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: `${root}common/codes.js`, isTypeOnly: true, namedImports: ["CommonCode"] },
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: `${root}runtime/actions.js`, namedImports: ["actionCodes", { name: "ActionCodes", isTypeOnly: true }] },
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./codes.js", namedImports: [n.enumName] },
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: index,
        docs: [docText(`The ${set.id} codes in the order of \`${n.enumName}\`: what \`${n.actionCodes}\` lists by position.`)],
        type: ROWS_HOLE,
      },
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: "positions", initializer: `{\n${entries.length > 0 ? `${ROWS_HOLE}: 0,` : ""}\n} as const` }],
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [docText(`The errors of each ${set.id} action, as its page and the API catalog list them (common codes aside), by action.`)],
        declarations: [
          {
            name: n.actionCodes,
            type: `ActionCodes<${index}, typeof positions>`,
            initializer: `/* @__PURE__ */ actionCodes(Object.values(${n.enumName}), positions)`,
          },
        ],
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [docText(`The page that documents each ${set.id} action, where the service's API overview pages link it.`)],
        declarations: [
          {
            name: n.actionPages,
            type: `Readonly<Partial<Record<${n.action}, string>>>`,
            initializer: `Object.freeze({${set.actions.flatMap((action) => (action.url === undefined ? [] : `${stringLiteral(action.name)}: ${stringLiteral(action.url)}`)).join(", ")}})`,
          },
        ],
      },
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: n.action,
        docs: [`An action of ${set.id} whose errors are documented (by its page or the API catalog).`],
        type: `keyof typeof ${n.actionCodes}`,
      },
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: n.actionCode,
        typeParameters: [{ name: "A", constraint: n.action }],
        docs: [`The codes action \`A\` may return: those its page and the API catalog list, and the common codes.`],
        // Indexed straight from the positions: a user's type check resolves this faster than through `ActionCodes` (INTERNALS.md).
        type: `${index}[(typeof positions)[A][number]] | CommonCode`,
      },
    ],
  };
  return {
    structure,
    rows: [{ kind: "tuple-members", members: set.codes.map(({ code }) => code) }, ...(entries.length > 0 ? [{ kind: "list-entries" as const, entries }] : [])],
  };
}
