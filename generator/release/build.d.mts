/** Builds the package in `dir` (default generated/): ES modules in dist/esm, CommonJS in dist/cjs. Returns `dir`. */
export function build(dir?: string): string;
/** Builds the package in `dir` and packs it into `destination`; returns the tarball's path. */
export function pack(dir?: string, destination?: string): string;
