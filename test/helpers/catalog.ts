/**
 * errors.go and client.go written back from a stored catalog file of docs/
 * (docs/catalog/…), in the two comment forms the SDKs publish: a stand-in
 * for an upstream release where the real files are not at hand (the tests
 * hold only a few: test/fixtures/api-catalog/). Reading them back gives the
 * same stored file but for the upstream files' sha256.
 */
export interface StoredFile {
  readonly service: string;
  readonly version: string;
  readonly codes: Readonly<Record<string, string>>;
  readonly actions: Readonly<Record<string, readonly string[]>>;
}

const constant = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export function goFiles(stored: StoredFile): { errors: string; client: string } {
  const errors = [
    "// Copyright (c) 2017-2025 Tencent. All Rights Reserved.",
    "",
    `package ${stored.version}`,
    "",
    "const (",
    "\t// 此产品的特有错误码",
    "",
    ...Object.entries(stored.codes).flatMap(([code, description]) => [
      ...(description === "" ? [] : description.split("\n").map((line) => `\t// ${line}`)),
      `\t${constant(code)} = "${code}"`,
      "",
    ]),
    ")",
    "",
  ].join("\n");
  const client = [
    `package ${stored.version}`,
    "",
    ...Object.entries(stored.actions).flatMap(([action, codes]) => [
      `// ${action}`,
      `// 本接口 (${action})。`,
      ...(codes.length === 0 ? [] : ["//", "// 可能返回的错误码:", ...codes.map((code) => `//  ${constant(code)} = "${code}"`)]),
      `func (c *Client) ${action}(request *${action}Request) (response *${action}Response, err error) {`,
      `    return c.${action}WithContext(context.Background(), request)`,
      "}",
      "",
    ]),
  ].join("\n");
  return { errors, client };
}
