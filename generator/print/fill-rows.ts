/**
 * Rows (see rows.ts) written in the form prettier gives them, where the
 * formatted text of their module holds its placeholder line. What prettier
 * would do to a row is followed rule by rule below (its own string quoting
 * and width functions are used), and tests format the output of every case
 * with prettier and require it unchanged.
 */
import { util, type Options } from "prettier";
import { ROWS_HOLE, type CatalogEntryRow, type EnumMemberRow, type ListEntryRow, type Rows } from "../emit/rows.js";
import { stringLiteral } from "../emit/text.js";

/**
 * A placeholder's line, as formatting leaves it: a member of an enum or a
 * property of an object literal (group 1: its indentation), or the type of
 * a type alias (group 2: the alias up to ` = `). A line of a doc comment
 * starts with `*`, and a string literal with a quote: whatever the docs
 * say, neither reads as a placeholder.
 */
const HOLE_LINE = /^( *)(?:\$\$rows\$\$(?:: 0)?,|((?:export )?type [$\w]+) = \$\$rows\$\$;)\n/gm;


/** Prettier keeps `key: value` on one line, however long, when the key is this short (the tab width, 2, + 3). */
const SHORT_KEY = 5;

/** The options of the project's prettier config the rows are laid out by. */
export interface RowLayout {
  readonly printWidth: number;
}

/**
 * The layout of rows under prettier's `options` (the project's config,
 * resolved): its print width. The writer follows prettier's rules for the
 * other options as they are by default (two spaces, double quotes, trailing
 * commas, keys quoted as needed); a config that changes one of them is
 * refused here, rather than giving rows prettier would lay out otherwise.
 */
export function rowLayout(options: Options): RowLayout {
  const defaults: Partial<Record<keyof Options, unknown>> = {
    tabWidth: 2,
    useTabs: false,
    singleQuote: false,
    quoteProps: "as-needed",
    trailingComma: "all",
    bracketSpacing: true,
    semi: true,
  };
  for (const [option, value] of Object.entries(defaults)) {
    const set = options[option as keyof Options];
    if (set !== undefined && set !== value) {
      throw new Error(`the prettier config sets ${option} to ${JSON.stringify(set)}: the rows' writer (generator/print/fill-rows.ts) follows prettier's layout with ${option} ${JSON.stringify(value)} only`);
    }
  }
  return { printWidth: options.printWidth ?? 80 };
}

/** Replaces the placeholder lines of formatted `text`, in order, with the sets of `rows`, each at its placeholder's indentation. */
export function fillRows(text: string, rows: readonly Rows[], layout: RowLayout): string {
  const { printWidth } = layout;
  const pieces: string[] = [];
  const hole = new RegExp(HOLE_LINE);
  let end = 0;
  for (const set of rows) {
    const found = hole.exec(text);
    const alias = found?.[2] !== undefined;
    const forAlias = set.kind === "tuple-members" || set.kind === "union-members";
    if (found === null || alias !== forAlias) {
      throw new Error(`formatted text has no ${ROWS_HOLE} ${forAlias ? "type" : "line"} for its ${set.kind} rows`);
    }
    const lines = rowLines(set, found[1]!, found[2] ?? "", printWidth);
    pieces.push(text.slice(end, found.index), ...lines.map((line) => (line === "" ? "\n" : `${line}\n`)));
    end = found.index + found[0].length;
  }
  pieces.push(text.slice(end));
  return pieces.join("");
}

/** The lines of one set of rows at `indent`; `head`: a type alias's, up to ` = `. */
function rowLines(set: Rows, indent: string, head: string, printWidth: number): string[] {
  switch (set.kind) {
    case "enum-members":
      return enumMemberLines(set.members, indent);
    case "catalog-entries":
      return catalogEntryLines(set.entries, indent, printWidth);
    case "list-entries":
      return listEntryLines(set.entries, indent, printWidth);
    case "tuple-members":
      return tupleLines(head, set.members, indent, printWidth);
    case "union-members":
      return unionLines(head, [...set.types, ...set.literals.map(printString)], indent, printWidth);
  }
}

/** A string literal as prettier prints it: double quotes unless the text holds more double quotes than single ones. */
export function printString(value: string): string {
  const raw = stringLiteral(value).slice(1, -1);
  return util.makeString(raw, util.getPreferredQuote(raw, '"'), true);
}

/** A property name as prettier prints it with `quoteProps: "as-needed"`. */
export function printKey(key: string): string {
  if (key === "__proto__") return `[${printString(key)}]`;
  return /^[$A-Z_a-z][$\w]*$/.test(key) ? key : printString(key);
}

function docLines(doc: string, indent: string): string[] {
  return [`${indent}/**`, ...doc.split("\n").map((line) => `${indent} * ${line}`.trimEnd()), `${indent} */`];
}

function enumMemberLines(members: readonly EnumMemberRow[], indent: string): string[] {
  return members.flatMap(({ name, value, doc }) => [
    ...docLines(doc, indent),
    `${indent}${name} = ${typeof value === "number" ? String(value) : printString(value)},`,
  ]);
}

const width = (text: string) => util.getStringWidth(text);

function catalogEntryLines(entries: readonly CatalogEntryRow[], indent: string, printWidth: number): string[] {
  const inner = `${indent}  `;
  return entries.flatMap(({ key, props }) => {
    const printed = props.map(([name, value]) => [printKey(name), printString(value)] as const);
    const flat = `${indent}${printKey(key)}: { ${printed.map(([name, value]) => `${name}: ${value}`).join(", ")} },`;
    if (width(flat) <= printWidth) return [flat];
    const lines = (at: string) =>
      printed.flatMap(([name, value]) => {
        const line = `${at}${name}: ${value},`;
        return width(line) <= printWidth || width(name) < SHORT_KEY ? [line] : [`${at}${name}:`, `${at}  ${value},`];
      });
    const opening = `${indent}${printKey(key)}: {`;
    // A key too long for its line: prettier breaks after the colon and indents the object.
    if (width(opening) > printWidth) return [`${indent}${printKey(key)}:`, `${inner}{`, ...lines(`${inner}  `), `${inner}},`];
    return [opening, ...lines(inner), `${indent}},`];
  });
}

// A doc comment on one line when the text is one line, else as a block.
function inlineDocLines(doc: string, indent: string): string[] {
  return doc.includes("\n") ? docLines(doc, indent) : [`${indent}/** ${doc} */`];
}

/**
 * An array property as prettier prints it: on one line when it fits; else
 * its items one a line, or, for two or more numbers, as many a line as fit
 * (prettier's fill), the last followed by a comma too; a key too long for
 * `key: [` on its line has the array on the line below it.
 */
function listEntryLines(entries: readonly ListEntryRow[], indent: string, printWidth: number): string[] {
  return entries.flatMap(({ key, doc, values }) => {
    const numbers = values.length > 1 && typeof values[0] === "number";
    const printed = values.map((value) => (typeof value === "number" ? String(value) : printString(value)));
    const name = printKey(key);
    const flat = `${indent}${name}: [${printed.join(", ")}],`;
    if (width(flat) <= printWidth) return [...inlineDocLines(doc, indent), flat];
    const array = (at: string, opening: string): string[] => {
      const inner = `${at}  `;
      if (!numbers) return [`${opening}[`, ...printed.map((item) => `${inner}${item},`), `${at}],`];
      const lines: string[] = [];
      let line = "";
      for (const item of printed) {
        if (line !== "" && width(`${inner}${line} ${item},`) > printWidth) {
          lines.push(`${inner}${line}`);
          line = "";
        }
        line = line === "" ? `${item},` : `${line} ${item},`;
      }
      lines.push(`${inner}${line}`);
      return [`${opening}[`, ...lines, `${at}],`];
    };
    if (width(`${indent}${name}: [`) > printWidth) {
      const inner = `${indent}  `;
      const below = `${inner}[${printed.join(", ")}],`;
      return [...inlineDocLines(doc, indent), `${indent}${name}:`, ...(width(below) <= printWidth ? [below] : array(inner, inner))];
    }
    return [...inlineDocLines(doc, indent), ...array(indent, `${indent}${name}: `)];
  });
}

/** A tuple of string literals as prettier lays out `head = ["a", "b"];`: on one line when it fits, else one member a line. */
function tupleLines(head: string, members: readonly string[], indent: string, printWidth: number): string[] {
  const printed = members.map(printString);
  const flat = `${indent}${head} = [${printed.join(", ")}];`;
  if (width(flat) <= printWidth) return [flat];
  return [`${indent}${head} = [`, ...printed.map((member) => `${indent}  ${member},`), `${indent}];`];
}

/**
 * A union as prettier lays out `head = A | "b";`: on one line when it fits;
 * else the union alone on the next line, when it fits there; else one member
 * a line, each after a `|`.
 */
function unionLines(head: string, members: readonly string[], indent: string, printWidth: number): string[] {
  const flat = `${indent}${head} = ${members.join(" | ")};`;
  if (members.length === 1 || width(flat) <= printWidth) return [flat];
  const after = `${indent}  ${members.join(" | ")};`;
  if (width(after) <= printWidth) return [`${indent}${head} =`, after];
  return [`${indent}${head} =`, ...members.map((member, i) => `${indent}  | ${member}${i === members.length - 1 ? ";" : ""}`)];
}
