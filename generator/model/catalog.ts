/**
 * The API error catalog as docs/ keeps it: what Tencent publishes with its
 * official Go SDKs (every service version's `errors.go` and `client.go`),
 * stored as one JSON file per repository and service version,
 * `catalog/<repository>/<service>/v<YYYYMMDD>.json` (see
 * fetch/catalog.ts, which derives it, and parse/catalog.ts, which reads it).
 */
import type { Locale } from "./types.js";

/** The repositories the catalog is read from, by folder name under `docs/catalog/`: their language. */
export const CATALOG_REPOSITORIES: Readonly<Record<string, { readonly repo: string; readonly locale: Locale }>> = {
  "tencentcloud-sdk-go": { repo: "TencentCloud/tencentcloud-sdk-go", locale: "zh-CN" },
  "tencentcloud-sdk-go-intl-en": { repo: "TencentCloud/tencentcloud-sdk-go-intl-en", locale: "en" },
};

/** The folder under docs/ that holds the catalog. */
export const CATALOG_FOLDER = "catalog";

/** Whether a path of docs/ is a stored catalog file (every `.json` below `catalog/`), not a page. */
export const isCatalogFile = (path: string) => path.startsWith(`${CATALOG_FOLDER}/`) && path.endsWith(".json");

/** A service folder of the SDKs: `cvm`, `tcss`. */
export const CATALOG_SERVICE = /^[a-z][a-z0-9]*$/;
/** An API version folder of the SDKs: `v20170312`. */
export const CATALOG_VERSION = /^v(\d{4})(\d{2})(\d{2})$/;

/** `v20170312` → `2017-03-12`, the API version as the model and the pages write it. */
export function apiVersionOf(folder: string): string | undefined {
  const match = CATALOG_VERSION.exec(folder);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** `2017-03-12` → `v20170312`. */
export const versionFolder = (apiVersion: string) => `v${apiVersion.replaceAll("-", "")}`;

/** Where docs/ keeps one stored catalog file. */
export const catalogPath = (repository: string, service: string, version: string) => `${CATALOG_FOLDER}/${repository}/${service}/${version}.json`;

/** The upstream files one stored file is derived from. */
export const upstreamFiles = (service: string, version: string) =>
  ({ errors: `tencentcloud/${service}/${version}/errors.go`, client: `tencentcloud/${service}/${version}/client.go` }) as const;

/**
 * One stored catalog file, as JSON: what it was derived from (repository,
 * commit, and the path and sha256 of each upstream file), then the codes with
 * their description (markdown inline text, as upstream writes it) and each
 * action with the codes it may return. Keys sorted, one code a line: a
 * change upstream is a readable diff.
 */
export interface StoredCatalog {
  readonly repository: string;
  readonly commit: string;
  readonly files: {
    readonly "errors.go": StoredUpstreamFile;
    readonly "client.go": StoredUpstreamFile;
  };
  readonly locale: Locale;
  readonly service: string;
  readonly version: string;
  readonly codes: Readonly<Record<string, string>>;
  readonly actions: Readonly<Record<string, readonly string[]>>;
}

/**
 * One upstream file of a stored file: its path, the sha256 of its bytes and,
 * when it was read over HTTP and the server gave one, its ETag (a later
 * fetch asks for a 304 with it: see fetch/catalog.ts).
 */
export interface StoredUpstreamFile {
  readonly path: string;
  readonly sha256: string;
  readonly etag?: string;
}

/** An ETag as it may be stored and sent again: quoted visible ASCII, weak or strong, of a sane length. */
export const STORED_ETAG = /^(?:W\/)?"[\x21\x23-\x7e]{1,200}"$/;

/** What a repository of the catalog was read at, as the manifest's `catalog` records it. */
export interface CatalogRelease {
  readonly repo: string;
  readonly locale: Locale;
  /** The release tag (`v1.3.107`), when known. */
  readonly release?: string;
  readonly commit: string;
  /** The date of that commit (UTC, `YYYY-MM-DD`). */
  readonly date: string;
}
