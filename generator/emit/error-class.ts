import type { ClassDeclarationStructure, OptionalKind, PropertyDeclarationStructure, SourceFileStructure, StatementStructures } from "ts-morph";
import { StructureKind } from "./kinds.js";
import type { CodeSet } from "../model/types.js";
import { codeSetNames, setDescription } from "./codes.js";
import { docText, stringLiteral } from "./text.js";

/**
 * `error.ts` of a service (or of the legacy codes): a class over the
 * hand-written `TencentCloudError` base that fixes the service, its API
 * version, its codes, its actions' codes and, for the legacy API, how to read
 * its responses (`fromResponse` and `fromSdkError` are the base class's).
 * A service's class narrows by action: `isAction("RunInstances")`, and
 * `fromSdkError(e, { action: "RunInstances" })` give a `CvmActionError<"RunInstances">`.
 */
export function errorModule(set: CodeSet, root: string): Omit<SourceFileStructure, "kind"> {
  const n = codeSetNames(set);
  const withActions = set.kind === "service";
  const properties: OptionalKind<PropertyDeclarationStructure>[] = [
    { name: "service", isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(set.id) },
    { name: "apiVersion", isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(set.apiVersion) },
    { name: "codes", isStatic: true, hasOverrideKeyword: true, isReadonly: true, type: `ReadonlySet<string | number>`, initializer: n.codesConst },
    ...(withActions
      ? [
          {
            name: "actionCodes",
            isStatic: true,
            hasOverrideKeyword: true,
            isReadonly: true,
            type: "Readonly<Record<string, readonly (string | number)[]>>",
            initializer: n.actionCodes,
          },
          {
            name: "actionPages",
            isStatic: true,
            hasOverrideKeyword: true,
            isReadonly: true,
            type: "Readonly<Record<string, string | undefined>>",
            initializer: n.actionPages,
          },
        ]
      : []),
    // API 3.0 is the base class's default.
    ...(set.kind === "legacy" ? [{ name: "protocol", isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer: '"legacy"' }] : []),
    { name: "name", hasOverrideKeyword: true, isReadonly: true, initializer: stringLiteral(n.errorClass) },
    // Set by the base constructor from the statics above; declared here for their literal types.
    { name: "service", hasDeclareKeyword: true, isReadonly: true, type: stringLiteral(set.id) },
    { name: "apiVersion", hasDeclareKeyword: true, isReadonly: true, type: stringLiteral(set.apiVersion) },
  ];
  const errorClass: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name: n.errorClass,
    isExported: true,
    extends: set.kind === "service" ? `TencentCloudError<${n.code}, ${n.category}>` : `TencentCloudError<${n.code}>`,
    docs: [docText(`An error returned by a ${set.id} API call. ${setDescription(set)}`)],
    properties,
    methods: withActions
      ? [
          {
            name: "isAction",
            hasOverrideKeyword: true,
            docs: ["True when the error came from `action`; its `code` is then narrowed to the codes that action may return."],
            typeParameters: [{ name: "A", constraint: n.action }],
            parameters: [{ name: "action", type: "A" }],
            returnType: `this is ${n.actionError}<A>`,
            statements: ["return super.isAction(action);"],
          },
          {
            name: "fromSdkError",
            isStatic: true,
            hasOverrideKeyword: true,
            overloads: [
              {
                hasOverrideKeyword: true,
                docs: [
                  "Converts a `TencentCloudSDKHttpException` of `tencentcloud-sdk-nodejs` into this class, keeping it as `cause`; with `{ action }`, the error carries the action and its code is narrowed to that action's codes. `undefined` when the exception carries no API error code.",
                ],
                typeParameters: [{ name: "A", constraint: n.action }],
                parameters: [
                  { name: "error", type: "unknown" },
                  { name: "options", type: "{ readonly action: A }" },
                ],
                returnType: `${n.actionError}<A> | undefined`,
              },
              {
                hasOverrideKeyword: true,
                parameters: [
                  { name: "error", type: "unknown" },
                  { name: "options", type: "ErrorSourceOptions", hasQuestionToken: true },
                ],
                returnType: `${n.errorClass} | undefined`,
              },
            ],
            parameters: [
              { name: "error", type: "unknown" },
              { name: "options", type: "ErrorSourceOptions", initializer: "{}" },
            ],
            returnType: `${n.errorClass} | undefined`,
            statements: [`return errorFromSdk(${n.errorClass}, error, options);`],
          },
        ]
      : [],
  };
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `${root}runtime/error.js`,
      namedImports: withActions
        ? ["errorFromSdk", "TencentCloudError", { name: "ErrorSourceOptions", isTypeOnly: true }]
        : ["TencentCloudError"],
    },
    ...(withActions
      ? [
          {
            kind: StructureKind.ImportDeclaration,
            moduleSpecifier: "./actions.js",
            namedImports: [n.actionCodes, n.actionPages, { name: n.action, isTypeOnly: true }, { name: n.actionCode, isTypeOnly: true }],
          } satisfies StatementStructures,
        ]
      : []),
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "./codes.js",
      namedImports: [n.codesConst, ...(withActions ? [{ name: n.category, isTypeOnly: true }] : []), { name: n.code, isTypeOnly: true }],
    },
    errorClass,
  ];
  if (withActions) {
    // An interface, not an intersection with the class: TypeScript would
    // intersect the class's code union with the action's, member by member,
    // which is more than it allows once a service has some thousand codes.
    // It extends the base class over the action's codes and states what the
    // service's class adds, rather than extending that class: checking
    // `code` against the class's with `A` generic was a user's type check's
    // largest cost (INTERNALS.md, "What the package costs a type check"). It
    // is still a subtype of the class, action by action (test/types/usage.ts).
    // Its `isAction` is the class's own signature, taken by type: two
    // signatures declared apart made narrowing by action relate them, and
    // the variances of the action error with them.
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: `${n.actionError}Of`,
      typeParameters: [{ name: "A", constraint: n.action }],
      extends: [`TencentCloudError<${n.actionCode}<A>, ${n.category}>`],
      docs: [`A ${n.errorClass} that came from the one action \`A\` (see \`${n.actionError}\`).`],
      properties: [
        { name: "name", isReadonly: true, type: stringLiteral(n.errorClass) },
        { name: "service", isReadonly: true, type: stringLiteral(set.id) },
        { name: "apiVersion", isReadonly: true, type: stringLiteral(set.apiVersion) },
        { name: "action", isReadonly: true, type: "A" },
        {
          name: "isAction",
          docs: ["True when the error came from `action`; its `code` is then narrowed to the codes that action may return."],
          isReadonly: true,
          type: `${n.errorClass}["isAction"]`,
        },
      ],
    });
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: n.actionError,
      typeParameters: [{ name: "A", constraint: n.action, default: n.action }],
      docs: [
        `A ${n.errorClass} that came from action \`A\`, its \`code\` narrowed to that action's codes (or a code the docs do not list). With several actions it is a union: \`if (error.action === "…")\` narrows it.`,
      ],
      type: `A extends ${n.action} ? ${n.actionError}Of<A> : never`,
    });
  }
  return { statements };
}
