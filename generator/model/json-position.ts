/**
 * The offset of the first JSON syntax error in `text` (V8's messages do not
 * always say where). A small recursive-descent scanner that only validates;
 * nesting deeper than `MAX_DEPTH` is reported where it goes deeper (no
 * document this project reads nests beyond a handful of levels).
 *
 * Why not jsonc-parser: INTERNALS.md, "Libraries measured against the
 * hand-written parts".
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const number = () => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) fail();
    i += match![0].length;
  };
  let depth = 0;
  const value = (): void => {
    space();
    if (depth > MAX_DEPTH) fail();
    const c = text[i];
    if (c === "{") {
      depth++;
      i++;
      space();
      if (text[i] === "}") return void (i++, depth--);
      for (;;) {
        space();
        string();
        space();
        if (text[i] !== ":") fail();
        i++;
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void (i++, depth--);
        else fail();
      }
    } else if (c === "[") {
      depth++;
      i++;
      space();
      if (text[i] === "]") return void (i++, depth--);
      for (;;) {
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void (i++, depth--);
        else fail();
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else number();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
  } catch (offset) {
    if (typeof offset === "number") return offset;
    throw offset;
  }
  return 0;
}

/** How deep `jsonErrorOffset` follows nested arrays and objects. */
const MAX_DEPTH = 1000;

/** The 1-based line and column (UTF-16 code units) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  return { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
}
