import { StructureKind, type SourceFileStructure } from "ts-morph";
import type { CodeSet } from "../model/types.js";
import { codeSetNames, setDescription } from "./codes.js";
import { docText, stringLiteral } from "./text.js";

/**
 * `error.ts` of a service (or of the legacy codes): a class over the
 * hand-written `TencentCloudError` base that fixes the service, its API
 * version, its codes and how to read its responses.
 */
export function errorModule(set: CodeSet): Omit<SourceFileStructure, "kind"> {
  const n = codeSetNames(set);
  const legacy = set.kind === "legacy";
  const reader = legacy ? "readLegacyError" : "readApi3Error";
  const responseShape = legacy
    ? 'a legacy API 2.0 body (`{"code": 5100, "message": "..."}`; `code: 0` is success)'
    : 'an API 3.0 body (`{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`)';
  return {
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: "../runtime/error.js",
        namedImports: ["TencentCloudError", { name: "TencentCloudErrorOptions", isTypeOnly: true }],
      },
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../runtime/response.js", namedImports: [reader] },
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
          { name: "name", hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(n.errorClass) },
          // Set by the base constructor from the statics above; declared here for their literal types.
          { name: "service", hasDeclareKeyword: true, isReadonly: true, type: stringLiteral(set.id) },
          { name: "apiVersion", hasDeclareKeyword: true, isReadonly: true, type: stringLiteral(set.apiVersion) },
        ],
        methods: [
          {
            name: "fromResponse",
            isStatic: true,
            docs: [
              docText(
                `The error of ${responseShape}, or \`undefined\` for a success body. Accepts the parsed body or its JSON text; throws \`ResponseFormatError\` for anything else.`,
              ),
            ],
            parameters: [
              { name: "body", type: "unknown" },
              { name: "options", type: 'Omit<TencentCloudErrorOptions, "requestId">', initializer: "{}" },
            ],
            returnType: `${n.errorClass} | undefined`,
            statements: legacy
              ? [`const error = ${reader}(body);`, `return error && new ${n.errorClass}(error.code, error.message, options);`]
              : [
                  `const error = ${reader}(body);`,
                  `return error && new ${n.errorClass}(error.code, error.message, { ...options, requestId: error.requestId });`,
                ],
          },
        ],
      },
    ],
  };
}
