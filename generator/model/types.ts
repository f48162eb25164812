/**
 * The model: plain, serialisable objects that sit between the parsers (which
 * know about markdown and HTML) and the emitters (which know about
 * TypeScript). Nothing here refers to an AST node or to a TypeScript
 * construct.
 */

/** A BCP 47 language tag as the Tencent Cloud SDKs accept it: `ja`, `ko`, `en`, `zh-CN`. */
export type Locale = string;

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
}

/** What a page is, as stated by the manifest (never guessed from the text). */
export type PageKind = "service" | "common" | "legacy";

export interface PageSpec {
  /** Path relative to the docs folder, with `/` separators. */
  readonly path: string;
  readonly kind: PageKind;
  /** Service identifier as the API uses it (`cdb`, `redis`); `common` / `legacy` for those kinds. */
  readonly service: string;
  readonly apiVersion: string;
  readonly locale: Locale;
  /** Human-readable product name, used in doc comments. */
  readonly title?: string;
  readonly upstream?: { readonly repo: string; readonly path: string; readonly commit?: string };
  readonly sha256?: string;
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
  /** Set when the docs no longer list the code: it is kept, marked deprecated, until the policy drops it. */
  readonly deprecated?: { readonly since: string; readonly until: string };
  /** Per locale, sorted by locale tag. */
  readonly locales: Readonly<Record<Locale, LocalizedEntry>>;
}

export type CodeSetKind = PageKind;

/** A named set of codes: one service, the common codes, or the legacy codes. */
export interface CodeSet {
  readonly kind: CodeSetKind;
  /** `cdb`, `redis`, …, `common`, `legacy`. */
  readonly id: string;
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
}

export interface Model {
  readonly common: CodeSet;
  readonly legacy: CodeSet | undefined;
  /** Sorted by id. */
  readonly services: readonly CodeSet[];
}
