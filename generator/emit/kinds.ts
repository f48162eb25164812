import type { StructureKind as Kind, VariableDeclarationKind as DeclarationKind } from "ts-morph";

/**
 * The values of ts-morph's `StructureKind` and `VariableDeclarationKind`
 * that the emitters use, as plain constants. Building a structure then loads
 * nothing: ts-morph, and the TypeScript compiler it loads, are needed only to
 * print one (print.ts), and a run served by the cache prints none. Typed as
 * ts-morph's own members, so structures type-check as before; a test checks
 * every value against ts-morph.
 */
export const StructureKind = {
  Class: 2 as Kind.Class,
  Enum: 8 as Kind.Enum,
  EnumMember: 9 as Kind.EnumMember,
  ExportDeclaration: 11 as Kind.ExportDeclaration,
  Function: 13 as Kind.Function,
  ImportDeclaration: 16 as Kind.ImportDeclaration,
  Interface: 19 as Kind.Interface,
  SourceFile: 36 as Kind.SourceFile,
  TypeAlias: 38 as Kind.TypeAlias,
  VariableStatement: 41 as Kind.VariableStatement,
} as const;

export const VariableDeclarationKind = {
  Const: "const" as DeclarationKind.Const,
} as const;
