import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, STRICT_OPTIONS, tempDir } from "./helpers/generate.js";

/**
 * generated/ as a package: built with its own tsconfig, installed into a
 * scratch project's node_modules, then imported by Node, type-checked against
 * its declarations, and bundled.
 */
const PACKAGE = "tencentcloud-error-codes";
let project: string;

beforeAll(() => {
  project = tempDir("package");
  const installed = join(project, "node_modules", PACKAGE);
  mkdirSync(installed, { recursive: true });
  cpSync(join(ROOT, "generated"), installed, { recursive: true });
  execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(installed, "tsconfig.json")], { stdio: "pipe" });
  writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, "node_modules/tencentcloud-sdk-nodejs"), join(project, "node_modules/tencentcloud-sdk-nodejs"), "dir");
}, 120_000);

describe("generated/ as a package", () => {
  it("is importable as ESM through its per-service entry points", () => {
    writeFileSync(
      join(project, "app.mjs"),
      `import { CdbError } from "${PACKAGE}/cdb";
import { cdbMessagesKo } from "${PACKAGE}/cdb/messages.ko";
import { fromResponse, registerMessages, LegacyErrorCode } from "${PACKAGE}";
registerMessages(cdbMessagesKo);
const error = fromResponse("cdb", { Response: { Error: { Code: "CdbError.BackupError", Message: "m" }, RequestId: "r" } });
console.log(JSON.stringify([error instanceof CdbError, error.code, error.localizedMessage("ko"), LegacyErrorCode.Code5100]));
`,
    );
    const output = execFileSync(process.execPath, [join(project, "app.mjs")], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual([true, "CdbError.BackupError", "백업 오류.", 5100]);
  });

  it("has an entry point per API version; the unversioned one is the newest version", () => {
    writeFileSync(
      join(project, "versions.mjs"),
      `import * as newest from "${PACKAGE}/cvm";
import * as v20170312 from "${PACKAGE}/cvm/v20170312";
import { cvmMessagesEn } from "${PACKAGE}/cvm/v20170312/messages.en";
import { cvmMessagesEn as newestEn } from "${PACKAGE}/cvm/messages.en";
console.log(JSON.stringify([newest.CvmError === v20170312.CvmError, v20170312.CvmError.apiVersion, cvmMessagesEn === newestEn, cvmMessagesEn.apiVersion, newest.cvmActionCodes.RunInstances.includes("InvalidZone.MismatchRegion")]));
`,
    );
    const output = execFileSync(process.execPath, [join(project, "versions.mjs")], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual([true, "2017-03-12", true, "2017-03-12", true]);
  });

  it("ships type declarations that resolve through its exports map", () => {
    const file = join(project, "typed.ts");
    writeFileSync(
      file,
      `import { CdbError, type CdbCode } from "${PACKAGE}/cdb";
import { redisMessagesJa } from "${PACKAGE}/redis/messages.ja";
export const code: CdbCode = "CdbError.BackupError";
export const name: "CdbError" = new CdbError(code, "m").name;
export const m: string | undefined = redisMessagesJa.messages["FailedOperation.SystemError"]?.message;
// @ts-expect-error not a cdb code
export const wrong: CdbCode = "ResourceUnavailable.NoRedisService";
`,
    );
    const program = ts.createProgram([file], STRICT_OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("bundles one service without the others' codes or the locales not imported", async () => {
    const bundle = async (source: string) => {
      const result = await build({
        stdin: { contents: source, resolveDir: project, loader: "js" },
        bundle: true,
        format: "esm",
        platform: "neutral",
        write: false,
        logLevel: "silent",
        charset: "utf8",
      });
      return result.outputFiles[0]!.text;
    };
    const cdbOnly = await bundle(
      `import { CdbError } from "${PACKAGE}/cdb"; console.log(CdbError.fromResponse({ Response: { RequestId: "r" } }));`,
    );
    expect(cdbOnly).toContain('"CdbError.BackupError"');
    expect(cdbOnly).toContain('"AuthFailure.SignatureFailure"'); // common codes belong to every service
    expect(cdbOnly).not.toContain("NoRedisService"); // redis
    expect(cdbOnly).not.toContain("バックアップエラー"); // cdb ja messages
    expect(cdbOnly).not.toContain("백업 오류"); // cdb ko messages
    expect(cdbOnly).not.toContain("4000"); // legacy

    const withJa = await bundle(
      `import { CdbError } from "${PACKAGE}/cdb"; import { cdbMessagesJa } from "${PACKAGE}/cdb/messages.ja"; console.log(CdbError, cdbMessagesJa);`,
    );
    expect(withJa).toContain("バックアップエラー");
    expect(withJa).not.toContain("백업 오류");
    expect(withJa).not.toContain("NoRedisService");
  });
});

describe("the README's examples", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Using the generated code"), readme.indexOf("\n## ", readme.indexOf("## Using the generated code") + 1));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it("has examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it("type-check against the built package", () => {
    const files = blocks.map((code, i) => {
      const file = join(project, `readme-${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const options = { ...STRICT_OPTIONS, types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")] };
    const program = ts.createProgram(files, options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `${d.file?.fileName.split("/").pop()}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
