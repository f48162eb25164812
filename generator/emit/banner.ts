import { lineCommentText } from "./text.js";

/**
 * The project's templates, as the run reads them from templates/ (see
 * run/templates.ts): emit plans files from them and the model, and reads
 * nothing itself.
 */
export interface Templates {
  /** `header.txt`: the banner of every generated file, with `{{what}}`, `{{repository}}`, `{{sources}}` and `{{issues}}`. */
  readonly header: string;
  /** `package.json`: the package's fields, its repository and where to report a wrong message. */
  readonly packageJson: string;
  readonly readme: string;
  readonly license: string;
  /** The third-party text the package holds, and its license (the API catalog's Apache-2.0). */
  readonly notice: string;
  readonly tsconfig: string;
  /** The runtime's modules and the command's (`runtime/`, `cli/`): file name → text. */
  readonly runtime: ReadonlyMap<string, string>;
  readonly cli: ReadonlyMap<string, string>;
}

/** Where the package comes from and where to report a wrong message: its repository and issues, as templates/package.json names them. */
export function projectOf(templates: Templates): { readonly repository: string; readonly issues: string } {
  const template = JSON.parse(templates.packageJson) as { repository?: { url?: unknown }; bugs?: { url?: unknown } };
  const repository = typeof template.repository?.url === "string" ? template.repository.url.replace(/^git\+/, "").replace(/\.git$/, "") : "";
  const issues = typeof template.bugs?.url === "string" ? template.bugs.url : `${repository}/issues`;
  if (!/^https:\/\/\S+$/.test(repository) || !/^https:\/\/\S+$/.test(issues)) throw new Error("templates/package.json: repository.url and bugs.url must be https addresses");
  return { repository, issues };
}

/**
 * The "generated, do not edit" banner: that the file comes from the Tencent
 * Cloud docs, what it is, the files of this project's repository it was
 * read from, and where to report a wrong message. No dates, no versions.
 */
export function bannerWriter(templates: Templates): (what: string, sources: readonly string[]) => string {
  const project = projectOf(templates);
  return (what, sources) =>
    templates.header
      .replace("{{what}}", lineCommentText(what))
      .replace("{{repository}}", project.repository)
      .replace("{{sources}}", sources.map((source) => `//   ${lineCommentText(source)}`).join("\n"))
      .replace("{{issues}}", project.issues);
}

/** A formatted file under its banner, a blank line between: as prettier leaves a leading comment block. */
export function withHeader(banner: string, text: string): string {
  // A command's `#!` line must stay the file's first.
  const hashbang = /^#![^\n]*\n/.exec(text)?.[0] ?? "";
  return `${hashbang}${banner.trimEnd()}\n\n${text.slice(hashbang.length).replace(/^\n+/, "")}`;
}
