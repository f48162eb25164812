import type { SourceFileStructure } from "ts-morph";
import { StructureKind } from "./kinds.js";
import type { CodeSet } from "../model/types.js";
import { codeSetNames, setDescription } from "./codes.js";
import { docText, stringLiteral } from "./text.js";

/**
 * `error.ts` of a service (or of the legacy codes): a class over the
 * hand-written `TencentCloudError` base that fixes the service, its API
 * version, its codes and, for the legacy API, how to read its responses
 * (`fromResponse` and `fromSdkError` are the base class's).
 */
export function errorModule(set: CodeSet): Omit<SourceFileStructure, "kind"> {
  const n = codeSetNames(set);
  return {
    statements: [
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../runtime/error.js", namedImports: ["TencentCloudError"] },
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: "./codes.js",
        namedImports: [n.codesConst, { name: n.code, isTypeOnly: true }],
      },
      {
        kind: StructureKind.Class,
        name: n.errorClass,
        isExported: true,
        extends: `TencentCloudError<${n.code}>`,
        docs: [docText(`An error returned by a ${set.id} API call. ${setDescription(set)}`)],
        properties: [
          { name: "service", isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(set.id) },
          { name: "apiVersion", isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(set.apiVersion) },
          {
            name: "codes",
            isStatic: true,
            hasOverrideKeyword: true,
            isReadonly: true,
            type: `ReadonlySet<string | number>`,
            initializer: n.codesConst,
          },
          // API 3.0 is the base class's default.
          ...(set.kind === "legacy"
            ? [{ name: "protocol", isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer: '"legacy"' }]
            : []),
          { name: "name", hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(n.errorClass) },
          // Set by the base constructor from the statics above; declared here for their literal types.
          { name: "service", hasDeclareKeyword: true, isReadonly: true, type: stringLiteral(set.id) },
          { name: "apiVersion", hasDeclareKeyword: true, isReadonly: true, type: stringLiteral(set.apiVersion) },
        ],
      },
    ],
  };
}
