/**
 * The model: plain, serialisable objects that sit between the parsers (which
 * know about markdown and HTML) and the emitters (which know about
 * TypeScript). Nothing here refers to an AST node or to a TypeScript
 * construct.
 */

/** A BCP 47 language tag as the Tencent Cloud SDKs accept it: `ja`, `ko`, `en`, `zh-CN`. */
export type Locale = string;

/** A place within a page: 1-based line and column (UTF-16 code units, as editors count). */
export interface Point {
  readonly line: number;
  readonly column: number;
}

/** A place in a doc page. Lines and columns are 1-based; `file` is relative to the docs folder. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier, e.g. `D2E201`; see `generator/model/diagnostics.ts`. */
  readonly code: string;
  readonly message: string;
  readonly position: SourcePosition;
  /**
   * What the diagnostic is about, when it is about one thing a page may move
   * or reword around (the code listed twice, the code a locale lacks): with
   * its page and code, what the reviewed baseline knows it by (see
   * model/baseline.ts).
   */
  readonly subject?: string;
}

/**
 * What a page is, as the manifest records it: a service's error-code page,
 * the page of one API action (whose error table lists what that action
 * returns), a service's "API overview" page (which links each action to its
 * page), the API 3.0 common codes or the legacy API 2.0 codes.
 */
export type PageKind = "service" | "action" | "overview" | "common" | "legacy";

export interface PageSpec {
  /** Path relative to the docs folder, with `/` separators. */
  readonly path: string;
  readonly kind: PageKind;
  /** Service identifier as the API uses it (`cdb`, `redis`); `common` / `legacy` for those kinds. */
  readonly service: string;
  readonly apiVersion: string;
  /** For `action` pages: the action as the API names it (`AllocateHosts`). */
  readonly action?: string;
  readonly locale: Locale;
  /**
   * Set when upstream has more than one page for this place (the same
   * locale of the same error-code page or action): 2, 3, … in upstream path
   * order; the first has none.
   */
  readonly part?: number;
  /**
   * Why a reviewer placed this page by hand: its own statements (endpoint,
   * Version and Action rows, upstream folder) are then not checked against
   * the entry. See model/placement.ts.
   */
  readonly placement?: string;
  /** Human-readable product name, used in doc comments. */
  readonly title?: string;
  readonly upstream?: { readonly repo: string; readonly path: string; readonly commit?: string };
  readonly sha256?: string;
}

/** Which part of the API a table's codes belong to, read from the headings above it. */
export type Section = "common" | "service";

/** One row of an error-code table, as the parser read it. */
export interface ErrorRow {
  readonly code: string;
  readonly message: string;
  /** Extra columns by canonical field name (`resolution`, `httpStatus`, or the header's own text). */
  readonly fields: Readonly<Record<string, string>>;
  readonly links: readonly string[];
  /** Where the code cell starts. */
  readonly position: Point;
}

/**
 * A row whose code cell is no code as written but would be one without its
 * spaces (`InvalidKeyPairNameIncludeIllega l Char`): whether it is read so is
 * decided with the other locales' pages (see model/build.ts).
 */
export interface UnreadRow extends ErrorRow {
  /** The code cell as written. */
  readonly text: string;
}

/** An error-code table of a page: what parsing hands to the model. */
export interface ErrorTable {
  readonly syntax: "gfm" | "html";
  readonly position: Point;
  readonly section: Section | undefined;
  /** True when a heading above the table names error codes ("4. Error Codes", "错误码"): an action page's errors are there. */
  readonly underErrorHeading: boolean;
  readonly headings: readonly string[];
  /** The header texts as written, code column first. */
  readonly columns: { readonly code: string; readonly message: string | undefined; readonly fields: Readonly<Record<string, string>> };
  readonly rows: readonly ErrorRow[];
  /** Rows left for the model to read or skip (`code` is the cell without its spaces). */
  readonly unread: readonly UnreadRow[];
}

/** One row of an error-code table, in the words of one locale. */
export interface LocalizedEntry {
  readonly message: string;
  /** Further columns, keyed by a canonical field name (e.g. `resolution`). */
  readonly fields: Readonly<Record<string, string>>;
  /** Links found in the row's cells, in document order. */
  readonly links: readonly string[];
  readonly source: SourcePosition;
}

export interface ErrorCode {
  /** The code exactly as the docs write it (after trimming). */
  readonly code: string;
  /** The docs/ files that list it (pages and stored catalog files), sorted; none for a deprecated code. */
  readonly sources?: readonly string[];
  /** The actions whose pages list the code, sorted. */
  readonly actions: readonly string[];
  /** Set when the docs no longer list the code: it is kept, marked deprecated, until the policy drops it. */
  readonly deprecated?: { readonly since: string; readonly until: string };
  /** Per locale, sorted by locale tag. */
  readonly locales: Readonly<Record<Locale, LocalizedEntry>>;
}

export type CodeSetKind = Exclude<PageKind, "action" | "overview">;

/** A link an "API overview" page gives from an action to the page that documents it (see parse/action-links.ts). */
export interface ActionLink {
  /** `DescribeInstances`. */
  readonly action: string;
  /** `https://cloud.tencent.com/document/api/213/15728`. */
  readonly url: string;
  /** Where the linked cell starts. */
  readonly position: Point;
}

/** The codes one action's pages list. */
export interface ActionErrors {
  /** `AllocateHosts`. */
  readonly name: string;
  /**
   * Sorted by code; a code the docs no longer list is kept, deprecated, like
   * the codes of a set. `sources`: the docs/ files that list it for this
   * action (its pages, the stored catalog files), sorted.
   */
  readonly codes: readonly { readonly code: string; readonly sources?: readonly string[]; readonly deprecated?: { readonly since: string; readonly until: string } }[];
  /** Set when no page lists the action any more: it is kept, with its codes deprecated, until the policy drops it. */
  readonly deprecated?: { readonly since: string; readonly until: string };
  /** Its pages and the stored catalog files that list it, sorted. */
  readonly sources: readonly string[];
  /** The page that documents the action, as its service's "API overview" page links it (`https://cloud.tencent.com/document/api/213/15728`). */
  readonly url?: string;
}

/** A named set of codes: one API version of one service, the common codes, or the legacy codes. */
export interface CodeSet {
  readonly kind: CodeSetKind;
  /** `cdb`, `redis`, …, `common`, `legacy`. */
  readonly id: string;
  /** One set per version: a service documented for two versions has two sets. */
  readonly apiVersion: string;
  readonly title?: string;
  /** Sorted by code (code unit order). */
  readonly codes: readonly ErrorCode[];
  /** Locales any code of this set has a message in, sorted. */
  readonly locales: readonly Locale[];
  /** Doc pages that contributed, sorted. */
  readonly sources: readonly string[];
  /** For `legacy`: codes are numbers. */
  readonly numeric: boolean;
  /** The errors of each action, sorted by action. */
  readonly actions: readonly ActionErrors[];
  /** Set when no page documents the set any more (its pages all went): kept, every code deprecated, until the policy drops it. */
  readonly deprecated?: { readonly since: string; readonly until: string };
}

/**
 * What the package-wide files say of a set (its entry points, its row in the
 * README's table, its codes in `cli/sets.ts`): all they need of it, so that
 * a set carried over from the last run (run/carry.ts) is not built again for
 * them. `summarize` (model/summary.ts) makes it.
 */
export interface SetSummary extends Pick<CodeSet, "kind" | "id" | "apiVersion" | "title" | "locales"> {
  /** Every code, deprecated ones included, in code order. */
  readonly codes: readonly string[];
  /** The codes not deprecated: how many, and how many of them the pages alone, the catalog alone and both document. */
  readonly listed: { readonly codes: number; readonly pages: number; readonly catalog: number; readonly both: number };
  /** The actions not deprecated. */
  readonly actions: number;
  /** Whether it has any action, deprecated ones included. */
  readonly hasActions: boolean;
}

export interface Model {
  readonly common: CodeSet;
  readonly legacy: CodeSet | undefined;
  /** Sorted by id, then API version. */
  readonly services: readonly CodeSet[];
}

/**
 * Something a page says about itself (see `parse/statements.ts`, which reads
 * them, and `placement.ts`, which checks them).
 */
export interface Statement {
  readonly what: "service" | "apiVersion" | "action";
  readonly value: string;
  /** `action row`, `version row`, `endpoint`, `explorer link`; `upstream folder` for what the page's upstream path says. */
  readonly source: string;
  readonly position: Point;
}

/** A kind of release (see release.ts). */
export type Bump = "major" | "minor" | "patch";

/** A release of the package, as the snapshot's changelog keeps it (see release.ts). */
export interface ReleaseEntry {
  readonly version: string;
  /** The docs revision it was generated from: the date of the upstream commit. */
  readonly revision: string;
  /** That upstream commit, when the docs name it. */
  readonly commit?: string;
  /** The API catalog's releases it was generated from (see snapshot.ts `catalogName`). */
  readonly catalog?: string;
  readonly bump: Bump | "first";
  /** What changed, as markdown (the change report's sections). */
  readonly notes: string;
}

/** Where a code, or an action's code, is documented: the doc pages, the API catalog (see model/catalog.ts), or both. */
export type Origin = "pages" | "catalog";

/**
 * One stored catalog file as the model sees it (parse/catalog.ts reads it):
 * one repository's codes and action lists for one service version, in that
 * repository's language.
 */
export interface CatalogInput {
  /** Relative to the docs folder: `catalog/<repository>/<service>/v<YYYYMMDD>.json`. */
  readonly file: string;
  readonly locale: Locale;
  readonly service: string;
  /** `2017-03-12`. */
  readonly apiVersion: string;
  /** In code order. */
  readonly codes: readonly { readonly code: string; readonly message: string; readonly links: readonly string[]; readonly position: Point }[];
  /** In action order; `codes` sorted. */
  readonly actions: readonly { readonly name: string; readonly codes: readonly string[]; readonly position: Point }[];
}
