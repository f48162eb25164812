import fc from "fast-check";
import type { Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { deferAutolinkLiterals } from "../generator/parse/autolinks.js";
import { parseMarkdown } from "../generator/parse/table.js";

/**
 * parseMarkdown runs remark-gfm's autolink-literal transform only where it
 * can change something (parse/autolinks.ts): its trees must be remark-gfm's,
 * node for node, positions included.
 */
const remarkGfmTree = (text: string): Root => unified().use(remarkParse).use(remarkGfm).parse(text);
const withoutTransform = deferAutolinkLiterals(unified().use(remarkParse).use(remarkGfm));

/** Texts where the tokenizer leaves literals to the transform: after escapes, references, code or HTML. */
const LEFT_TO_THE_TRANSFORM = [
  "\\www.example.com",
  "&amp;www.example.com and a&#64;b.com",
  "`code`www.example.com",
  "a\\@b.com",
  "<b>www.a.b</b> <i>https://a.b/c</i>",
  "[link `x`www.a.b](https://c.d) then `x`www.e.f",
  "*emphasis `x`www.a.b* **strong &copy;https://a.b/c).**",
  "| Error Code | Description |\n| --- | --- |\n| InvalidParameter | `x`https://cloud.tencent.com/document/api/213/15692 |\n| Other | a&#64;b.com `x`user@example.com |\n",
  "# `x`www.heading.com\n\n> `q`https://quote.example.com\n\n- `l`www.list.example\n\n[^1]: `f`www.footnote.example\n",
];
/** Texts the tokenizer reads alone. */
const TOKENIZED = [
  "see `x`mailto:a@b.co and `y`xmpp:a@b.c/d",
  "中文`代码`https://cvm.tencentcloudapi.com/?Action=RunInstances&Version=2017-03-12",
  "no literal at all: http:/ www only @",
];

describe("autolink literals", () => {
  it.each(LEFT_TO_THE_TRANSFORM)("%j holds a literal only the transform finds", (text) => {
    // So that the comparison below can fail.
    expect(withoutTransform.parse(text)).not.toEqual(remarkGfmTree(text));
  });

  it.each([...LEFT_TO_THE_TRANSFORM, ...TOKENIZED])("reads %j as remark-gfm does", (text) => {
    expect(parseMarkdown(text)).toEqual(remarkGfmTree(text));
  });

  it("reads generated markdown as remark-gfm does", () => {
    const PIECES = [
      "www.", "WWW.", "http://", "https://", "mailto:", "xmpp:", "@", ".", "/", "a", "b.cd", "-", "_", "*", "**", "~~",
      "`", "\\", "&amp;", "&#64;", "<b>", "</b>", "[", "](", ")", "(", " ", "\n", "\n\n", "| ", " |", "\n| --- | --- |\n",
      "# ", "> ", "- ", "中", "。", ")", "!", "?", "<", ">",
    ];
    const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(""));
    let leftToTheTransform = 0;
    for (const markdown of fc.sample(text, { numRuns: 2000, seed: 17 })) {
      const expected = remarkGfmTree(markdown);
      expect(parseMarkdown(markdown), markdown).toEqual(expected);
      if (JSON.stringify(withoutTransform.parse(markdown)) !== JSON.stringify(expected)) leftToTheTransform++;
    }
    // Enough of them need the transform for the comparison to mean something.
    expect(leftToTheTransform).toBeGreaterThan(50);
  });
});
