import type { Options } from "prettier";
import * as babel from "prettier/plugins/babel";
import * as estree from "prettier/plugins/estree";
import { format } from "prettier/standalone";

/**
 * Formats TypeScript with prettier's standalone entry and the plugins given,
 * on the `babel-ts` parser: the same output as the `typescript` parser on
 * everything the generator writes (a test formats all of generated/ with
 * both), at about half the cost. `options`: the project's config, resolved
 * once (plain data, so it can travel to a worker thread).
 */
export function formatTypeScript(text: string, options: Options): Promise<string> {
  return format(text, { ...options, parser: "babel-ts", plugins: [babel, estree] });
}
