import { StructureKind, VariableDeclarationKind } from "./kinds.js";
import type { ActionErrors, CodeSet } from "../model/types.js";
import { codeSetNames, listedBy, type ModuleParts } from "./codes.js";
import { ROWS_HOLE, type ListEntryRow } from "./rows.js";
import { docText } from "./text.js";

/** An action's doc comment: where its errors come from, and what no longer is documented. */
function actionDoc(set: CodeSet, action: ActionErrors): string {
  const listed = listedBy(action.sources, "the action's page");
  const lines = [listed !== undefined ? `The codes \`${action.name}\` may return (common codes aside), listed by ${listed}.` : `\`${action.name}\`: no longer documented.`];
  const dropped = action.codes.filter(({ deprecated }) => deprecated !== undefined);
  if (action.deprecated) {
    // The tag is added after the text is made safe, which would escape it.
    const tag = docText(
      `Neither a ${set.id} page nor the API catalog documents this action since the revision of ${action.deprecated.since}; kept until ${action.deprecated.until} (docs/sources.json "deprecation").`,
    );
    return `${docText(lines.join("\n"))}\n\n@deprecated ${tag}`;
  }
  if (dropped.length > 0) {
    lines.push("", "No longer listed, kept as deprecated:");
    for (const { code, deprecated } of dropped) lines.push(`- \`${code.replace(/`/g, "'")}\` since ${deprecated!.since}, until ${deprecated!.until}`);
  }
  return docText(lines.join("\n"));
}

/**
 * `actions.ts` of a service: the errors each action's page lists, as readonly
 * tuples, and the types over them. `CvmActionCode<"AllocateHosts">` is what
 * that action may return: its listed codes and the common codes.
 */
export function actionsModule(set: CodeSet, root: string): ModuleParts {
  const n = codeSetNames(set);
  const entries: ListEntryRow[] = set.actions.map((action) => ({
    key: action.name,
    doc: actionDoc(set, action),
    values: action.codes.map(({ code }) => code),
  }));
  const structure: ModuleParts["structure"] = {
    statements: [
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: `${root}common/codes.js`, isTypeOnly: true, namedImports: ["CommonCode"] },
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./codes.js", isTypeOnly: true, namedImports: [n.ownCode] },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [docText(`The errors of each ${set.id} action, as its page and the API catalog list them (common codes aside), by action.`)],
        declarations: [
          {
            name: n.actionCodes,
            initializer: `{\n${entries.length > 0 ? `${ROWS_HOLE}: 0,` : ""}\n} as const satisfies Readonly<Record<string, readonly ${n.ownCode}[]>>`,
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
        type: `(typeof ${n.actionCodes})[A][number] | CommonCode`,
      },
    ],
  };
  return { structure, rows: entries.length > 0 ? [{ kind: "list-entries", entries }] : [] };
}
