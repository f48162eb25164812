/**
 * The errors of each action, as a service's `actions` module states them:
 * each action's codes by their place in the service's list of codes, which
 * keeps the package small (a service lists some thousand codes, and its
 * actions tens of thousands of pairs); the types and values read as lists
 * of codes.
 */

/**
 * Each action of `Indices` with its codes: the members of `Codes` (a tuple
 * of the service's codes, in order) at the positions the action lists.
 * @public
 */
export type ActionCodes<Codes extends readonly string[], Indices extends { readonly [action: string]: readonly number[] }> = {
  readonly [A in keyof Indices]: readonly Codes[Indices[A][number]][];
};

/**
 * The codes of each action from their positions in `codes` (the service's
 * codes, in order): frozen lists, frozen object.
 * @internal
 */
export function actionCodes<Codes extends readonly string[], Indices extends { readonly [action: string]: readonly number[] }>(
  codes: readonly string[],
  indices: Indices,
): ActionCodes<Codes, Indices> {
  const result: Record<string, readonly string[]> = {};
  for (const [action, positions] of Object.entries(indices)) {
    Object.defineProperty(result, action, { value: Object.freeze(positions.map((position) => codes[position]!)), enumerable: true });
  }
  return Object.freeze(result) as ActionCodes<Codes, Indices>;
}
