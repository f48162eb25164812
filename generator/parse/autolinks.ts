import type { Nodes, Root } from "mdast";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import type { Processor } from "unified";

/**
 * remark-gfm's autolink literals, read as remark-gfm reads them, at a tenth
 * of the cost.
 *
 * remark-gfm finds autolink literals twice: its tokenizer turns most of them
 * into links while parsing, then a transform looks for those the tokenizer
 * could not take, in every text node of the page, one pattern at a time (a
 * walk of the whole tree for each of its four patterns), a walk that changes
 * no page of docs/ or of the corpus (its cost: INTERNALS.md, "Performance").
 * The same transform runs here only where
 * it can change something: below each node that has a text child holding
 * `://`, `www.` or `@`, which every one of its patterns needs. Each text node
 * is rewritten from its own value alone (the patterns look at nothing
 * else), text under a link is left alone as the transform leaves it, so the
 * tree is the one remark-gfm builds (a test compares both on the fixtures
 * and on generated input).
 */
const transform = gfmAutolinkLiteralFromMarkdown().transforms?.[0];

/** What each of the transform's patterns needs in a text (a URL's `://` or `www.`, an email's `@`). */
const MAY_LINK = /:\/\/|www\.|@/i;

/**
 * Takes the autolink-literal transform out of a processor that uses
 * remark-gfm, to be run with `linkLiterals` instead. Throws when the
 * processor holds no such transform: a remark-gfm that registers it
 * differently must be looked at, not half-applied.
 */
export function deferAutolinkLiterals<P extends Processor<Root>>(processor: P): P {
  processor.freeze();
  let found = 0;
  for (const extension of (processor.data("fromMarkdownExtensions") ?? []).flat(Infinity) as { transforms?: unknown[] }[]) {
    if (!extension.transforms?.includes(transform)) continue;
    extension.transforms = extension.transforms.filter((each) => each !== transform);
    found++;
  }
  if (transform === undefined || found !== 1) throw new Error("remark-gfm's autolink-literal transform was not found where expected");
  return processor;
}

/** The autolink-literal transform, on the nodes where it can change something (see above). */
export function linkLiterals(node: Nodes): void {
  if (node.type === "link" || node.type === "linkReference" || !("children" in node)) return;
  for (const child of node.children) {
    if (child.type === "text" && MAY_LINK.test(child.value)) {
      // The whole node: the transform rewrites each of its text nodes on its own.
      transform!(node as Root);
      return;
    }
  }
  for (const child of node.children) linkLiterals(child);
}
