/** The pages of a run: read, hashed, taken from the cache or parsed on the pool. */
import { join } from "node:path";
import { diagnostic } from "../model/diagnostics.js";
import { MANIFEST_FILE } from "../model/manifest.js";
import type { PageInput } from "../model/build.js";
import type { Diagnostic } from "../model/types.js";
import type { ParsedPage } from "../parse/page.js";
import type { Cache } from "./cache.js";
import type { Docs } from "./docs.js";
import { readPageBytes, sha256 } from "./files.js";
import { mapLimited, type Pool } from "./pool.js";

export interface ReadPages {
  /** Each page the model reads (a page that cannot be read is left out, reported). */
  readonly inputs: PageInput[];
  readonly pages: ParsedPage[];
  /** The sha256 of each page read, by path. */
  readonly hashes: Map<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Every page of the manifest: never through a symlink out of docs/, its
 * hash checked against the manifest's, taken from the cache under the hash
 * of its bytes or parsed on the pool (and kept). `readBefore`: the hashes
 * read moments ago to look up the record of the last run, so that a page
 * the cache holds under that hash is not read again.
 */
export async function readPages(docs: Docs, cache: Cache, pool: Pool, readBefore: ReadonlyMap<string, string>): Promise<ReadPages> {
  const { manifest, leadsOut } = docs;
  const diagnostics: Diagnostic[] = [];
  const hashes = new Map<string, string>();
  // The cache key of each page as hashed before, worked out once.
  const keysBefore = new Map([...readBefore].map(([path, hash]) => [path, cache.key("page", path, hash)]));

  const parsed = await mapLimited(manifest.pages, pool.parallelism, async (spec) => {
    if (leadsOut(spec.path) !== undefined) {
      diagnostics.push(diagnostic("D2E008", { file: spec.path, line: 1, column: 1 }, "a symlink leading out of docs/; it is not read"));
      return undefined;
    }
    const hashed = (actual: string) => {
      hashes.set(spec.path, actual);
      if (spec.sha256 !== undefined && actual !== spec.sha256) {
        diagnostics.push(diagnostic("D2E005", { file: spec.path, line: 1, column: 1 }, `sha256 is ${actual}; ${MANIFEST_FILE} records ${spec.sha256}`));
      }
    };
    const before = readBefore.get(spec.path);
    const keyBefore = keysBefore.get(spec.path);
    const cached = keyBefore === undefined ? undefined : cache.lookup<ParsedPage>("page", keyBefore);
    if (cached !== undefined) {
      hashed(before!);
      return { spec, page: cached };
    }
    // Read synchronously: an asynchronous read costs several round trips
    // through the I/O threads per page, and a single-threaded run would
    // sit idle through them (pages are small; workers, if any, are kept
    // fed by the tasks already sent ahead).
    const bytes = readPageBytes(join(docs.dir, spec.path), spec.path, `listed in ${MANIFEST_FILE}`);
    if (!(bytes instanceof Uint8Array)) {
      diagnostics.push(bytes);
      return undefined;
    }
    const actual = sha256(bytes);
    hashed(actual);
    const parse = () => pool.run({ kind: "parse", path: spec.path, bytes, overview: spec.kind === "overview" });
    const key = actual === before ? keyBefore! : cache.key("page", spec.path, actual);
    if (actual !== before) return { spec, page: await cache.get("page", () => key, parse) };
    // Looked up just above, and missed (or damaged): parsed, and kept under the hash of the bytes parsed.
    const page = await parse();
    cache.store("page", key, page);
    return { spec, page };
  });
  const pages: ParsedPage[] = [];
  const inputs: PageInput[] = [];
  for (const { spec, page } of parsed.flatMap((entry) => entry ?? [])) {
    pages.push(page);
    diagnostics.push(...page.diagnostics);
    if (page.readable) inputs.push({ spec, tables: page.errorTables, links: page.actionLinks, statements: page.statements });
  }
  return { inputs, pages, hashes, diagnostics };
}
