import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { UPDATE } from "./helpers/fixtures.js";
import { ROOT } from "./helpers/generate.js";

/**
 * The runtime's public surface, pinned: every export of templates/runtime/
 * says whether it is `@public` (users may rely on it: a change is a change
 * of the package's API) or `@internal` (the generated modules use it; it
 * may change in any release), and `templates/runtime.api.md` holds the
 * declarations of every export, as the package ships them. A change of the
 * surface fails here until the report is written again (`UPDATE=1`) and
 * reviewed with the change.
 */
const RUNTIME = join(ROOT, "templates/runtime");
const REPORT = join(ROOT, "templates/runtime.api.md");
const files = readdirSync(RUNTIME)
  .filter((name) => name.endsWith(".ts"))
  .sort();

const program = ts.createProgram(
  files.map((name) => join(RUNTIME, name)),
  { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, declaration: true, emitDeclarationOnly: true, removeComments: false, skipLibCheck: true, types: [] },
);

/** Each exported declaration of a runtime module: its name, kind and release tag. */
function exportsOf(name: string): { name: string; kind: string; tag: string | undefined }[] {
  const source = program.getSourceFile(join(RUNTIME, name))!;
  const found: { name: string; kind: string; tag: string | undefined }[] = [];
  for (const statement of source.statements) {
    if (!ts.canHaveModifiers(statement) || !ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    // The release tags of the doc comment right above the declaration.
    const comments = ts.getLeadingCommentRanges(source.text, statement.getFullStart()) ?? [];
    const doc = comments.length > 0 ? source.text.slice(comments.at(-1)!.pos, comments.at(-1)!.end) : "";
    const tags = [...doc.matchAll(/^\s*\*?\s*@(public|internal)\b/gm)].map((match) => match[1]!);
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((d) => d.name.getText(source))
      : [(statement as ts.DeclarationStatement).name?.getText(source) ?? "(default)"];
    const kind = ts.isClassDeclaration(statement)
      ? "class"
      : ts.isFunctionDeclaration(statement)
        ? "function"
        : ts.isInterfaceDeclaration(statement)
          ? "interface"
          : ts.isTypeAliasDeclaration(statement)
            ? "type"
            : ts.isEnumDeclaration(statement)
              ? "enum"
              : ts.isVariableStatement(statement)
                ? (statement.declarationList.flags & ts.NodeFlags.Const) !== 0 ? "const" : "variable"
                : ts.SyntaxKind[statement.kind];
    for (const exported of names) found.push({ name: exported, kind, tag: tags.length === 1 ? tags[0] : tags.join("+") || undefined });
  }
  return found;
}

/** The report: per module, its exports by release tag, then its declarations as the package ships them (`.d.ts`, with their doc comments). */
function report(): string {
  const declarations = new Map<string, string>();
  program.emit(undefined, (fileName, text) => declarations.set(fileName.slice(fileName.lastIndexOf("/") + 1).replace(/\.d\.ts$/, ".ts"), text), undefined, true);
  const lines = [
    "<!-- The public surface of the runtime (templates/runtime/), pinned by test/runtime-api.test.ts: UPDATE=1 npm test rewrites it; review the change. -->",
    "",
    "# The runtime's API",
    "",
  ];
  for (const name of files) {
    const exported = exportsOf(name);
    lines.push(`## ${name}`, "");
    for (const tag of ["public", "internal"]) {
      const of = exported.filter((e) => e.tag === tag);
      if (of.length > 0) lines.push(`${tag === "public" ? "Public" : "Internal"}: ${of.map((e) => `\`${e.name}\` (${e.kind.toLowerCase()})`).join(", ")}.`, "");
    }
    lines.push("```ts", declarations.get(name)!.trimEnd(), "```", "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

describe("the runtime's public API", () => {
  it("says of every export whether it is public or internal, once", () => {
    const all = files.flatMap((name) => exportsOf(name).map((e) => ({ ...e, file: name })));
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter((e) => e.tag !== "public" && e.tag !== "internal").map((e) => `${e.file}: ${e.name} (${e.tag ?? "no tag"})`)).toEqual([]);
    // What the generated modules import from the runtime is there to be imported: public or internal, but declared.
    expect(all.filter((e) => e.tag === "internal").map((e) => e.name)).toContain("actionCodes");
  });

  it("is the one templates/runtime.api.md records", () => {
    const text = report();
    if (UPDATE || !existsSync(REPORT)) {
      writeFileSync(REPORT, text);
      if (!UPDATE) throw new Error(`${REPORT} did not exist and was written: review it and run again`);
    }
    expect(text).toBe(readFileSync(REPORT, "utf8"));
  });

  it("lists each export under its tag with its kind, and its declaration as shipped", () => {
    const text = readFileSync(REPORT, "utf8");
    expect(text).toMatch(/^Public: [^\n]*`TencentCloudError` \(class\)[^\n]*`withTypedErrors` \(function\)/m);
    expect(text).toMatch(/^Internal: `actionCodes` \(function\)\.$/m);
    expect(text).toContain("export declare function withTypedErrors<");
    expect(text).toContain("export declare abstract class TencentCloudError<");
  });
});
