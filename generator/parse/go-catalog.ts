import { diagnostic } from "../model/diagnostics.js";
import type { Diagnostic, Point } from "../model/types.js";

/**
 * The API error catalog as the official Go SDKs publish it
 * (`tencentcloud/<service>/v<YYYYMMDD>/errors.go` and `client.go`): a
 * reader of exactly two comment forms, not a Go parser.
 *
 * `errors.go`:
 *
 *     const (
 *         // 此产品的特有错误码          ← a note: a comment group followed by a blank line
 *
 *         // 该请求账户未通过资格审计。    ← the code's description (markdown inline text)
 *         ACCOUNTQUALIFICATIONRESTRICTIONS = "AccountQualificationRestrictions"
 *     )
 *
 * `client.go`: the comment above each action's method (the one taking only
 * its request), its name, its description, then the codes it may return:
 *
 *     // AllocateHosts
 *     // 本接口 (AllocateHosts) 用于创建一个或多个指定配置的CDH实例。
 *     //
 *     // 可能返回的错误码:              (English: `error code that may be returned:`)
 *     //  INVALIDPERIOD = "InvalidPeriod"
 *     func (c *Client) AllocateHosts(request *AllocateHostsRequest) (response *AllocateHostsResponse, err error) {
 *
 * A `const (` block with no code may hold the product's note alone (`// 此产品的特有错误码`).
 * Everything else of `client.go` is Go code this reader does not read, save
 * that a list of codes is read nowhere but right above its action's method:
 * one anywhere else, and codes listed under a heading other than these two,
 * are errors, not lists read as empty. Anything else in `errors.go`, or in
 * those comments, is a diagnostic with its line and column (`file` as
 * given).
 */

/** A code as `errors.go` defines it. */
export interface GoCode {
  readonly code: string;
  readonly constant: string;
  /** The comment above it, markdown inline text; empty when it has none. */
  readonly description: string;
  readonly position: Point;
}

export interface GoErrors {
  /** The `package` clause's name: the API version folder (`v20170312`). */
  readonly packageName: string | undefined;
  readonly codes: readonly GoCode[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface GoAction {
  readonly name: string;
  /** The codes its comment lists, in its order; empty when it lists none. */
  readonly codes: readonly { readonly code: string; readonly constant: string; readonly position: Point }[];
  readonly position: Point;
}

export interface GoClient {
  readonly actions: readonly GoAction[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The patterns of the two forms, all of them. */
const FORM = {
  packageClause: /^package ([a-z][a-z0-9_]*)$/,
  /** `NAME = "Code"`, in errors.go's const block (after its tab) and in client.go's lists (after `//  `). */
  constant: /^([A-Z][A-Z0-9_]*) = "([A-Za-z0-9][A-Za-z0-9_.\-]*)"$/,
  /** The method of an action that takes its request alone (the `…WithContext` one takes a context first); the receiver's name is the SDK's choice (`c`). */
  method: /^func \([a-z][A-Za-z0-9_]* \*Client\) ([A-Z][A-Za-z0-9]*)\(request \*([A-Za-z0-9]+)Request(?:, [a-z][A-Za-z0-9]* [^(),]+)*\) \(response \*([A-Za-z0-9]+)Response, err error\) \{$/,
  /** Its twin taking a context first: documented the same, not read again. */
  withContext: /^func \([a-z][A-Za-z0-9_]* \*Client\) [A-Z][A-Za-z0-9]*WithContext\(ctx context\.Context, /,
  listHeading: /^(可能返回的错误码|error code that may be returned):$/,
} as const;

/** Splits text into lines; a carriage return is part of its line (and so refused where a line is read). */
const linesOf = (text: string) => text.split("\n");

/** Reads `errors.go`. */
export function readGoErrors(file: string, text: string): GoErrors {
  const diagnostics: Diagnostic[] = [];
  const codes: GoCode[] = [];
  const lines = linesOf(text);
  const at = (line: number, column = 1) => ({ file, line: line + 1, column });
  const unexpected = (line: number, what: string, column = 1) =>
    diagnostics.push(diagnostic("D2E601", at(line, column), `${what}; errors.go is read as its license comment, \`package\`, one \`const (\` block of commented constants, \`)\``));
  let i = 0;
  // The license comment and blank lines, then the package clause.
  while (i < lines.length && (lines[i] === "" || lines[i]!.startsWith("//"))) i++;
  const packageName = FORM.packageClause.exec(lines[i] ?? "")?.[1];
  if (packageName === undefined) {
    unexpected(i, i < lines.length ? "expected the package clause" : "the file ends before its package clause");
    return { packageName, codes, diagnostics };
  }
  i++;
  while (i < lines.length && lines[i] === "") i++;
  if (lines[i] !== "const (") {
    unexpected(i, i < lines.length ? "expected `const (`" : "the file ends before `const (`");
    return { packageName, codes, diagnostics };
  }
  i++;
  let comment: string[] = [];
  let commentStart = i;
  let closed = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === ")") {
      // A comment right above the end describes no code, unless the block has none: then it is the note of an empty list.
      if (comment.length > 0 && codes.length > 0) unexpected(commentStart, "a comment that describes no code: a code's description is right above it");
      closed = true;
      i++;
      break;
    }
    if (line.trim() === "") {
      comment = []; // a comment group followed by a blank line is a note, not a description
      continue;
    }
    if (line.startsWith("\t//")) {
      if (comment.length === 0) commentStart = i;
      comment.push(line.slice(3).replace(/^ /, ""));
      continue;
    }
    const constant = line.startsWith("\t") ? FORM.constant.exec(line.slice(1)) : null;
    if (!constant) {
      unexpected(i, `unexpected line ${JSON.stringify(line.slice(0, 80))}`);
      comment = [];
      continue;
    }
    const [, name, code] = constant as unknown as [string, string, string];
    const description = comment.join("\n").trim();
    const position = { line: i + 1, column: line.indexOf('"') + 2 };
    if (description === "") diagnostics.push(diagnostic("D2E602", { file, ...position }, `"${code}" has no description`, code));
    codes.push({ code, constant: name, description, position });
    comment = [];
  }
  if (!closed) unexpected(lines.length - 1, "the `const (` block is not closed");
  for (; i < lines.length; i++) if (lines[i] !== "") unexpected(i, "unexpected text after the `const` block");
  const seen = new Map<string, GoCode>();
  for (const code of codes) {
    const first = seen.get(code.code);
    if (first) diagnostics.push(diagnostic("D2E603", { file, ...code.position }, `"${code.code}" is defined again (first at line ${first.position.line}); the first is kept`, code.code));
    else seen.set(code.code, code);
  }
  return { packageName, codes: [...seen.values()], diagnostics };
}

/** Reads the action comments of `client.go`. `constants` are errors.go's (name → code), to check each listed code against. */
export function readGoClient(file: string, text: string, constants: ReadonlyMap<string, string>): GoClient {
  const diagnostics: Diagnostic[] = [];
  const actions: GoAction[] = [];
  const lines = linesOf(text);
  const at = (line: number, column = 1) => ({ file, line: line + 1, column });
  const isHeading = (line: string) => line.startsWith("//") && FORM.listHeading.test(line.slice(2).trim());
  /** The first line of the comment block right above line `i` (`i` when it has none). */
  const blockStart = (i: number) => {
    let start = i;
    while (start > 0 && lines[start - 1]!.startsWith("//")) start--;
    return start;
  };
  /** The lines of every list heading read (or reported): any other is a list that is no action's. */
  const placed = new Set<number>();
  const place = (from: number, to: number) => {
    for (let j = from; j < to; j++) if (isHeading(lines[j]!)) placed.add(j);
  };
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith("func ")) continue;
    const method = FORM.method.exec(line);
    if (!method) {
      // The twin taking a context is documented as its action is.
      if (FORM.withContext.test(line)) place(blockStart(i), i);
      continue;
    }
    const [, name, request, response] = method as unknown as [string, string, string, string];
    const start = blockStart(i);
    if (request !== name || response !== name) {
      diagnostics.push(diagnostic("D2E601", at(i), `the method ${name} takes ${request}Request and gives ${response}Response; an action's method takes and gives its own`));
      place(start, i);
      continue;
    }
    if (start === i) {
      diagnostics.push(diagnostic("D2E604", at(i), `action ${name} has no comment: it is read with no codes`, name));
      actions.push({ name, codes: [], position: { line: i + 1, column: 1 } });
      continue;
    }
    place(start, i);
    if (seen.has(name)) {
      diagnostics.push(diagnostic("D2E601", at(start), `action ${name} is documented again; the first is kept`));
      continue;
    }
    seen.add(name);
    const block = lines.slice(start, i).map((line) => line.slice(2));
    if (block[0] !== ` ${name}`) {
      diagnostics.push(diagnostic("D2E601", at(start), `the comment of action ${name} starts with ${JSON.stringify(block[0]!.trim())}, not with the action's name`));
    }
    const heading = block.findIndex((line) => FORM.listHeading.test(line.trim()));
    const codes: GoAction["codes"][number][] = [];
    if (heading < 0) {
      // Codes listed under a heading the reader does not know would be read as none.
      const listed = block.findIndex((line) => line.startsWith("  ") && FORM.constant.test(line.slice(2)));
      if (listed >= 0) {
        diagnostics.push(diagnostic("D2E601", at(start + listed, 3), `action ${name} lists codes with no heading \`可能返回的错误码:\` (\`error code that may be returned:\`) above them`));
      }
    }
    for (let j = heading < 0 ? block.length : heading + 1; j < block.length; j++) {
      const line = block[j]!;
      const entry = line.startsWith("  ") ? FORM.constant.exec(line.slice(2)) : null;
      const where = at(start + j, 3);
      if (!entry) {
        diagnostics.push(diagnostic("D2E601", where, `expected a code of action ${name} (\`//  NAME = "Code"\`), found ${JSON.stringify(line.slice(0, 80))}`));
        continue;
      }
      const [, constant, code] = entry as unknown as [string, string, string];
      const defined = constants.get(constant);
      // `line` is the comment's text after its `//`: the code starts after its quote, two columns further in the file.
      const position = { line: start + j + 1, column: line.indexOf('"') + 4 };
      if (defined !== code) {
        diagnostics.push(
          diagnostic(
            "D2E605",
            { file, ...position },
            defined === undefined
              ? `action ${name} lists "${code}" (${constant}), which errors.go does not define; it is read as listed`
              : `action ${name} lists ${constant} as "${code}", which errors.go defines as "${defined}"; it is read as listed`,
            code,
          ),
        );
      }
      if (codes.some((listed) => listed.code === code)) continue;
      codes.push({ code, constant, position });
    }
    actions.push({ name, codes, position: { line: start + 1, column: 4 } });
  }
  // A list of codes anywhere else (above another method, apart from any) is no action's: read, it would be lost.
  for (let i = 0; i < lines.length; i++) {
    if (!isHeading(lines[i]!) || placed.has(i)) continue;
    let end = i;
    while (end < lines.length && lines[end]!.startsWith("//")) end++;
    if (lines[end]?.startsWith("func ")) {
      diagnostics.push(diagnostic("D2E601", at(end), `a method lists error codes, but its signature is not an action's (\`func (c *Client) Name(request *NameRequest…) (response *NameResponse, err error) {\`)`));
    } else {
      diagnostics.push(diagnostic("D2E601", at(i), `a list of error codes that is no action's: an action's list is in the comment right above its method`));
    }
    place(i, end);
  }
  return { actions, diagnostics };
}
