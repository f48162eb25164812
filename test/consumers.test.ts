import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir, writeTree } from "./helpers/generate.js";

/**
 * The package as people install it: packed into a tarball as it is
 * published, installed into a scratch folder outside this repository, and
 * used from the module systems and settings people really use.
 *
 * The package is generated here from the part of docs/ the examples use
 * (cvm, cdb and redis with their pages and API catalog files, the common and
 * legacy codes): every service's modules are made the same way, and the
 * whole package (some 290 service versions, 11,000 files) would take this
 * test minutes to build and install. `npm test` type-checks the whole of
 * generated/ (`npm run typecheck`), and `npm run bench` installs the whole
 * tarball and measures it.
 */
const SERVICES = new Set(["cvm", "cdb", "redis"]);

/** docs/ with the pages and catalog files of `SERVICES` alone (and the common and legacy pages), in a folder of its own. */
function docsPart(): string {
  const dir = tempDir("consumers-docs");
  const manifest = JSON.parse(readFileSync(join(ROOT, "docs/sources.json"), "utf8")) as { pages: { path: string; service: string }[] };
  manifest.pages = manifest.pages.filter((page) => SERVICES.has(page.service) || page.service === "common" || page.service === "legacy");
  writeFileSync(join(dir, "sources.json"), JSON.stringify(manifest, null, 2));
  for (const { path } of manifest.pages) cpSync(join(ROOT, "docs", path), join(dir, path));
  for (const repository of readdirSync(join(ROOT, "docs/catalog"), { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const service of SERVICES) {
      const from = join(ROOT, "docs/catalog", repository.name, service);
      if (existsSync(from)) cpSync(from, join(dir, "catalog", repository.name, service), { recursive: true });
    }
  }
  return dir;
}
const PACKAGE = "tencentcloud-error-codes";
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);

let tarball: string;
let scratch: string;

/** A consumer project below the scratch folder (which holds the installed package), with its own package.json. */
function project(name: string, packageJson: object, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, ...packageJson }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/**
 * Type-checks `files` of `dir` as `tsc -p` would with these options (a
 * tsconfig.json is written for the record); the compiler's messages, empty
 * when it type-checks. In this process: the same compiler, without starting one.
 */
function typecheck(dir: string, compilerOptions: Record<string, unknown>, files: string[]): string {
  const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], ...compilerOptions }, files };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `${d.file?.fileName.split("/").pop()}:${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    })
    .join("\n");
}

/** `tsc -p` of TypeScript 7 (the native compiler, `typescript7` in devDependencies) on `files` of `dir`: its output, empty when it type-checks. */
function typecheck7(dir: string, compilerOptions: Record<string, unknown>, files: string[]): string {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], ...compilerOptions }, files }));
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript7/bin/tsc"), "-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
  return `${result.stdout}${result.stderr}`.trim();
}

/**
 * Runs a command without blocking this thread (a build and an install take
 * tens of seconds on a busy machine: a thread blocked that long cannot answer
 * the test runner); its standard output, or a rejection with its output.
 */
function runAsync(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => (status === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(" ")} exited with ${status}:\n${stdout}${stderr}`))));
  });
}

beforeAll(async () => {
  const { generate } = await import("../generator/run/generate.js");
  const generated = await generate({ docsDir: docsPart() });
  expect(generated.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = tempDir("consumers-package");
  writeTree(out, generated.files!);
  // Built and packed as `npm run pack` does, in a process of its own.
  tarball = (await runAsync(process.execPath, [join(ROOT, "generator/release/build.mjs"), "pack", tempDir("pack"), out], ROOT)).trim().split("\n").pop()!;
  scratch = tempDir("consumers");
  writeFileSync(join(scratch, "package.json"), '{ "name": "scratch", "private": true }');
  await runAsync("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"], scratch);
  // The SDK, for the examples that use it (an optional peer dependency of the package).
  symlinkSync(join(ROOT, "node_modules/tencentcloud-sdk-nodejs"), join(scratch, "node_modules/tencentcloud-sdk-nodejs"), "dir");
}, 180_000);

describe("the tarball", () => {
  it("holds the package's README, LICENSE, NOTICE, CHANGELOG and both builds with their declarations, and nothing to build", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
    for (const file of ["README.md", "LICENSE", "NOTICE", "CHANGELOG.md", "package.json", "dist/esm/index.js", "dist/esm/index.d.ts", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/package.json"]) {
      expect(files, file).toContain(`package/${file}`);
    }
    // Neither the TypeScript sources nor declaration maps into them: the declarations carry the docs (see README, "Packaging").
    expect(files.filter((file) => file.endsWith(".d.ts.map") || (file.endsWith(".ts") && !file.endsWith(".d.ts")))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(scratch, "node_modules", PACKAGE, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      license: "MIT AND Apache-2.0",
      sideEffects: false,
      engines: { node: expect.any(String) },
      repository: { url: expect.stringContaining("github.com") },
      peerDependencies: { "tencentcloud-sdk-nodejs": expect.any(String) },
      peerDependenciesMeta: { "tencentcloud-sdk-nodejs": { optional: true } },
    });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    // No step that needs this repository's tools where it is installed.
    expect(pkg.scripts).toBeUndefined();
  });

  it("writes the CommonJS of the generated modules compact; the ES modules keep their pure annotations, the runtime its lines", () => {
    const dist = (format: string, file: string) => readFileSync(join(scratch, "node_modules", PACKAGE, "dist", format, file), "utf8");
    // Bundlers leave out what an app does not use only through these (esbuild drops them with the whitespace).
    expect(dist("esm", "cdb/v20170320/codes.js")).toContain("/* @__PURE__ */");
    expect(dist("esm", "cdb/v20170320/actions.js")).toContain("/* @__PURE__ */");
    for (const file of ["cdb/v20170320/codes.js", "cdb/v20170320/actions.js", "cdb/v20170320/messages.en.js", "cdb/v20170320/error.js", "cdb/index.js"]) {
      const text = dist("cjs", file);
      expect(text.trimEnd().split("\n"), file).toHaveLength(1);
      expect(text, file).not.toContain("/*");
    }
    for (const format of ["esm", "cjs"]) {
      expect(dist(format, "runtime/error.js").split("\n").length, format).toBeGreaterThan(200);
      expect(dist(format, "runtime/error.js"), format).toContain("\n  get retryable() {\n");
    }
  });

  it("declares every type by name: no declaration writes a type out inline through another module", () => {
    // An inferred type is written out whole (every union of codes) through
    // whatever module declares it, the package's root for one: importing one
    // service would then load every service's declarations.
    const dist = join(scratch, "node_modules", PACKAGE, "dist");
    const declarations = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".d.ts"));
    expect(declarations.length).toBeGreaterThan(20);
    const inline = declarations.filter((file) => readFileSync(join(dist, file), "utf8").includes('import("'));
    expect(inline).toEqual([]);
  });

  it("passes publint and, on its entry points of every kind, Are the Types Wrong", () => {
    // The folder as installed, which holds exactly what the tarball does (publint would pack it again otherwise).
    const lint = spawnSync(bin("publint"), ["run", join(scratch, "node_modules", PACKAGE), "--strict", "--pack", "false"], { encoding: "utf8" });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    // Every entry point is made the same way; these stand for all of them (checking the ~270 would take minutes).
    const entrypoints = [".", "./runtime", "./cvm", "./cvm/v20170312/messages.en"];
    const attw = spawnSync(bin("attw"), [tarball, "--format", "json", "--entrypoints", ...entrypoints], { encoding: "utf8", maxBuffer: 1 << 26 });
    const report = JSON.parse(attw.stdout) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
    expect(Object.keys(report.analysis.entrypoints)).toEqual(entrypoints);
    expect(report.analysis.problems).toEqual([]);
  }, 120_000);
});

describe("the README's install section", () => {
  const commands = (file: string) =>
    [...readFileSync(join(ROOT, file), "utf8").matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.split("\n")).filter((line) => /\bnpm install\b/.test(line));
  const repository = (JSON.parse(readFileSync(join(ROOT, "templates/package.json"), "utf8")) as { repository: { url: string } }).repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

  it("names the tarball a release attaches and `npm run pack` writes, under this repository's releases", () => {
    const version = (JSON.parse(readFileSync(join(ROOT, "generated/package.json"), "utf8")) as { version: string }).version;
    const name = tarball.slice(tarball.lastIndexOf("/") + 1);
    expect(name).toMatch(/^tencentcloud-error-codes-\d+\.\d+\.\d+\.tgz$/);
    const readme = commands("README.md");
    expect(readme).toContain(`  npm install ${repository}/releases/download/v<version>/${name.replace(/\d+\.\d+\.\d+/, "<version>")}`);
    expect(readme.some((line) => line.includes(`npm install ../doc2errors/.cache/pack/${name.replace(/\d+\.\d+\.\d+/, "<version>")}`))).toBe(true);
    // The package's own README names the release of its version.
    expect(commands("generated/README.md")).toContain(`npm install ${repository}/releases/download/v${version}/tencentcloud-error-codes-${version}.tgz`);
    // The workflow attaches what `npm run pack` writes.
    expect(readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8")).toContain('gh release create "$TAG" "$TARBALL"');
  });

  it("installs the tarball by its path into a new project, as it says, and the package loads", () => {
    const dir = project("readme-install", {}, {});
    // As the README's command, with the tarball's path (and no network: the package has no dependency to fetch).
    execFileSync("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund"], { cwd: dir, stdio: "pipe" });
    const installed = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(installed.dependencies[PACKAGE]).toMatch(/^file:.*tencentcloud-error-codes-\d+\.\d+\.\d+\.tgz$/);
    const out = execFileSync(process.execPath, ["-e", `const { CvmError } = require("${PACKAGE}/cvm"); console.log(new CvmError("InternalError", "m").retryable)`], { cwd: dir, encoding: "utf8" });
    expect(out.trim()).toBe("true");
  }, 60_000);
});

describe("from Node", () => {
  const script = (dir: string, file: string, ...flags: string[]) =>
    JSON.parse(execFileSync(process.execPath, [...flags, join(dir, file)], { cwd: dir, encoding: "utf8" })) as unknown;

  it("runs as an ES module", () => {
    const dir = project("esm-app", { type: "module" }, {
      "app.js": `import { CvmError, cvmActionCodes } from "${PACKAGE}/cvm";
import { cvmMessagesEn } from "${PACKAGE}/cvm/messages.en";
import { fromResponse } from "${PACKAGE}/services";
import { LegacyErrorCode } from "${PACKAGE}";
const error = fromResponse("cvm", { Response: { Error: { Code: "InvalidZone.MismatchRegion", Message: "m" }, RequestId: "r" } });
console.log(JSON.stringify([error instanceof CvmError, error.code, error.localizedMessage("en", cvmMessagesEn), cvmActionCodes.RunInstances.length > 0, LegacyErrorCode.Code5100]));
`,
    });
    expect(script(dir, "app.js")).toEqual([true, "InvalidZone.MismatchRegion", "The specified zone does not exist.", true, 5100]);
  });

  it("runs from CommonJS with require(), on a Node that cannot require ES modules", () => {
    const dir = project("cjs-app", { type: "commonjs" }, {
      "app.js": `const { CvmError } = require("${PACKAGE}/cvm");
const { cvmMessagesEn } = require("${PACKAGE}/cvm/v20170312/messages.en");
const { LegacyError } = require("${PACKAGE}");
const error = CvmError.fromResponse({ Response: { Error: { Code: "RequestLimitExceeded", Message: "m" }, RequestId: "r" } });
console.log(JSON.stringify([error instanceof CvmError, error.retryable, error.localizedMessage("en", cvmMessagesEn), LegacyError.fromResponse({ code: 5100 }).code]));
`,
    });
    expect(script(dir, "app.js", "--no-experimental-require-module")).toEqual([true, true, "m", 5100]);
  });

  it("has an entry point per API version; the unversioned one is the newest version", () => {
    const dir = project("versions-app", { type: "module" }, {
      "app.js": `import * as newest from "${PACKAGE}/cvm";
import * as v20170312 from "${PACKAGE}/cvm/v20170312";
import { cvmMessagesEn } from "${PACKAGE}/cvm/v20170312/messages.en";
import { cvmMessagesEn as newestEn } from "${PACKAGE}/cvm/messages.en";
console.log(JSON.stringify([newest.CvmError === v20170312.CvmError, v20170312.CvmError.apiVersion, cvmMessagesEn === newestEn, cvmMessagesEn.apiVersion]));
`,
    });
    expect(script(dir, "app.js")).toEqual([true, "2017-03-12", true, "2017-03-12"]);
  });

  it("recognises an error of the CommonJS build as an instance of the ES module build's class (one brand)", () => {
    const dir = project("dual-app", { type: "module" }, {
      "app.js": `import { createRequire } from "node:module";
import { CvmError } from "${PACKAGE}/cvm";
const { CvmError: RequiredCvmError } = createRequire(import.meta.url)("${PACKAGE}/cvm");
console.log(JSON.stringify([CvmError === RequiredCvmError, new RequiredCvmError("InternalError", "m") instanceof CvmError]));
`,
    });
    expect(script(dir, "app.js")).toEqual([false, true]);
  });
});

describe("explain, run from the installed package", () => {
  /** `npx tencentcloud-error-codes …` as npm links it: the package's bin, run by Node. */
  const explain = (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(scratch, "node_modules/.bin/tencentcloud-error-codes"), ...args], { cwd: scratch, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("explains a documented code: its message in the locale asked for, the services that document it, whether to retry, the actions that list it, the page", () => {
    const en = explain("explain", "InvalidZone.MismatchRegion", "--service", "cvm", "--action", "RunInstances");
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout.split("\n")).toEqual([
      "InvalidZone.MismatchRegion",
      "  cvm (API 2017-03-12), import from tencentcloud-error-codes/cvm/v20170312",
      "    The specified zone does not exist. [en]",
      expect.stringMatching(/^ {4}listed for \d+ actions: [A-Z]/),
      "    RunInstances lists it: https://cloud.tencent.com/document/api/213/15730",
      "  not retryable; the client is at fault (from its category, InvalidZone)",
      "",
    ]);
    // Another language, and the fallback chain (ja-JP → ja; a service with no ko messages → en).
    expect(explain("explain", "InvalidZone.MismatchRegion", "--service", "cvm", "--locale", "zh-CN").stdout).toContain("    指定的zone不存在。 [zh-CN]\n");
    expect(explain("explain", "5100", "--locale", "ja-JP").stdout).toMatch(/^5100\n {2}the legacy API 2\.0 codes, import from tencentcloud-error-codes\/legacy\n {4}\S.* \[ja\]\n {4}resolution: /);
    // Without --service: every set that documents it (a common code: the common codes).
    const common = explain("explain", "AuthFailure.SignatureFailure", "--locale", "ko");
    expect(common.status).toBe(0);
    expect(common.stdout).toContain("  the common codes of API 3.0, import from tencentcloud-error-codes/common\n");
  });

  it("says what it knows of a code no set documents, from its category, and exits 1", () => {
    const unknown = explain("explain", "FailedOperation.NotInTheDocs", "--service", "cvm");
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe(
      "FailedOperation.NotInTheDocs: not documented by cvm in the Tencent Cloud API docs this package was generated from.\n  not retryable; the server is at fault (from its category, FailedOperation)\n",
    );
    // A code the fault tables name itself: the answer is the code's, not its category's.
    const own = explain("explain", "FailedOperation.RequestTimeout", "--json");
    expect(JSON.parse(own.stdout)).toMatchObject({ retryable: true, fault: "server" });
    expect(JSON.parse(own.stdout)).not.toHaveProperty("category");
    expect(explain("explain", "FailedOperation.RequestTimeout").stdout).toContain("  retryable; the server is at fault (from the code)\n");
    // Documented, but not by the service asked about.
    expect(explain("explain", "InvalidZone.MismatchRegion", "--service", "redis").status).toBe(1);
  });

  it("prints the same as one JSON object with --json", () => {
    const json = explain("explain", "InvalidZone.MismatchRegion", "--service", "cvm", "--action", "RunInstances", "--json");
    expect(json.status).toBe(0);
    const data = JSON.parse(json.stdout) as Record<string, unknown> & { documentedIn: Record<string, unknown>[] };
    expect(data).toMatchObject({ code: "InvalidZone.MismatchRegion", known: true, locale: "en", retryable: false, fault: "client", category: "InvalidZone" });
    expect(data.documentedIn).toHaveLength(1);
    expect(data.documentedIn[0]).toMatchObject({
      service: "cvm",
      apiVersion: "2017-03-12",
      import: "tencentcloud-error-codes/cvm/v20170312",
      message: "The specified zone does not exist.",
      messageLocale: "en",
      action: { name: "RunInstances", lists: true, page: "https://cloud.tencent.com/document/api/213/15730" },
    });
    expect(data.documentedIn[0]!["actions"]).toContain("RunInstances");
    const unknown = explain("explain", "Nope", "--json");
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stdout)).toEqual({ code: "Nope", known: false, locale: "en", retryable: false, documentedIn: [] });
  });

  it("exits 2 on bad usage, saying what is wrong; --help exits 0", () => {
    for (const args of [[], ["explain"], ["explain", "A", "B"], ["explain", "A", "--service"], ["explain", "A", "--service", "CVM"], ["explain", "A", "--locale", "x_y"], ["explain", "A", "--action", "run"], ["explain", "A", "--color"], ["describe", "A"], ["explain", "a\u0007b"]]) {
      const result = explain(...args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^tencentcloud-error-codes: .+\nusage: tencentcloud-error-codes explain <code>/);
      expect(result.stdout).toBe("");
    }
    expect(explain("--help")).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: /) });
  });

  it("writes nothing from its input to the terminal raw: bidirectional and control characters are shown as ?", () => {
    const result = explain("explain", "A\u202eB", "--json");
    expect(result.stdout).not.toMatch(/[\u202a-\u202e]/);
    expect(JSON.parse(result.stdout).code).toBe("A\u202eB");
    const text = explain("explain", "A\u202eB");
    expect(text.stdout).toContain("A?B: not documented");
  });
});

describe("from TypeScript", () => {
  const usage = (from: string) => `import { CvmError, type CvmActionCode } from "${PACKAGE}/cvm";
import { cvmMessagesEn } from "${PACKAGE}/cvm/messages.en";
export function explain(e: unknown): string {
  const error = CvmError.isInstance(e) ? e : CvmError.fromSdkError(e);
  if (error === undefined) return "${from}";
  if (error.isAction("RunInstances") && error.isKnown()) {
    const code: CvmActionCode<"RunInstances"> = error.code;
    return code;
  }
  return error.localizedMessage("en", cvmMessagesEn);
}
`;

  it.each([
    ["node10 (CommonJS)", { module: "commonjs", moduleResolution: "node10" }, "index.ts", {}],
    ["node16, an ES module file", { module: "node16", moduleResolution: "node16" }, "index.mts", {}],
    ["node16, a CommonJS file", { module: "node16", moduleResolution: "node16" }, "index.cts", {}],
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }, "index.ts", { type: "module" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }, "index.ts", { type: "module" }],
  ])("type-checks with moduleResolution %s", (name, options, file, packageJson) => {
    const dir = project(`ts-${name.replace(/\W+/g, "-")}`, packageJson, { [file]: usage(name) });
    expect(typecheck(dir, { target: "es2022", ...options }, [file])).toBe("");
  });

  it("runs TypeScript 7 for the checks below", () => {
    const version = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript7/bin/tsc"), "--version"], { encoding: "utf8" });
    expect(version.stdout.trim()).toMatch(/^Version 7\./);
  });

  it.each([
    ["nodenext, an ES module package", { module: "nodenext", moduleResolution: "nodenext" }, "index.ts", { type: "module" }],
    ["nodenext, a CommonJS package", { module: "nodenext", moduleResolution: "nodenext" }, "index.ts", { type: "commonjs" }],
    ["node16, an ES module file", { module: "node16", moduleResolution: "node16" }, "index.mts", {}],
    ["node16, a CommonJS file", { module: "node16", moduleResolution: "node16" }, "index.cts", {}],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }, "index.ts", { type: "module" }],
    ["bundler, module preserve", { module: "preserve", moduleResolution: "bundler" }, "index.ts", { type: "module" }],
  ])("type-checks under TypeScript 7 with moduleResolution %s", (name, options, file, packageJson) => {
    const dir = project(`ts7-${name.replace(/\W+/g, "-")}`, packageJson, { [file]: usage(name) });
    expect(typecheck7(dir, { target: "es2022", ...options }, [file])).toBe("");
  });

  it("fails to type-check a wrong code under TypeScript 7 too", () => {
    const dir = project("ts7-wrong", { type: "module" }, {
      "index.ts": `import type { CvmActionCode } from "${PACKAGE}/cvm";\nexport const code: CvmActionCode<"RunInstances"> = "InvalidKeyPairNameEmpty";\n`,
    });
    expect(typecheck7(dir, { target: "es2022", module: "nodenext", moduleResolution: "nodenext" }, ["index.ts"])).toContain("TS2322");
  });

  it("fails to type-check a wrong code (the checks above could fail)", () => {
    const dir = project("ts-wrong", { type: "module" }, {
      "index.ts": `import type { CvmActionCode } from "${PACKAGE}/cvm";\nexport const code: CvmActionCode<"RunInstances"> = "InvalidKeyPairNameEmpty";\n`,
    });
    expect(typecheck(dir, { target: "es2022", module: "nodenext", moduleResolution: "nodenext" }, ["index.ts"])).toContain("TS2322");
  });
});

describe("from Jest 29", () => {
  it("runs a test that requires the package, in Jest's default configuration", () => {
    const dir = project("jest-app", {}, {
      "errors.test.js": `const { CvmError } = require("${PACKAGE}/cvm");
test("a cvm error", () => {
  expect(new CvmError("InternalError", "m").retryable).toBe(true);
});
`,
    });
    const result = spawnSync(process.execPath, [join(ROOT, "node_modules/jest/bin/jest.js"), "--rootDir", dir, "--ci", "--watchman=false"], { cwd: dir, encoding: "utf8" });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain("1 passed");
  }, 60_000);
});

describe("in a bundle", () => {
  it("holds one service and none of the others, nor the locales it does not import", async () => {
    const bundle = async (source: string) => {
      const result = await build({ stdin: { contents: source, resolveDir: scratch, loader: "js" }, bundle: true, format: "esm", platform: "neutral", write: false, logLevel: "silent", charset: "utf8", mainFields: ["module", "main"] });
      return result.outputFiles[0]!.text;
    };
    const cdbOnly = await bundle(`import { CdbError } from "${PACKAGE}/cdb"; console.log(CdbError.fromResponse({ Response: { RequestId: "r" } }));`);
    expect(cdbOnly).toContain('"CdbError.BackupError"');
    expect(cdbOnly).toContain('"AuthFailure.SignatureFailure"'); // the common codes belong to every service
    expect(cdbOnly).not.toContain("NoRedisService"); // redis
    expect(cdbOnly).not.toContain("InvalidZone.MismatchRegion"); // cvm
    expect(cdbOnly).not.toContain("バックアップエラー"); // cdb's ja messages
    expect(cdbOnly).not.toContain("4000"); // legacy
    const withJa = await bundle(`import { CdbError } from "${PACKAGE}/cdb"; import { cdbMessagesJa } from "${PACKAGE}/cdb/messages.ja"; console.log(CdbError, cdbMessagesJa);`);
    expect(withJa).toContain("バックアップエラー");
    expect(withJa).not.toContain("백업 오류");
  });
});

describe("the READMEs' examples", () => {
  // This repository's README and the package's own, every TypeScript block, against the installed package.
  const blocks = ["README.md", "generated/README.md"].flatMap((file) =>
    [...readFileSync(join(ROOT, file), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((match, i) => [`${file}#${i + 1}`, match[1]!] as const),
  );

  it("are there", () => {
    expect(blocks.filter(([name]) => name.startsWith("README")).length).toBeGreaterThanOrEqual(6);
    expect(blocks.filter(([name]) => name.startsWith("generated/")).length).toBeGreaterThanOrEqual(3);
  });

  const options = { target: "es2022", module: "nodenext", moduleResolution: "nodenext", exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")] };

  it.each([
    ["an ES module package", { type: "module" }],
    ["a CommonJS package", { type: "commonjs" }],
  ])("type-check against the installed package, in %s", (name, packageJson) => {
    const dir = project(`readme-examples-${packageJson.type}`, packageJson, Object.fromEntries(blocks.map(([, code], i) => [`example-${i}.ts`, `${code}\nexport {};\n`])));
    const files = blocks.map((_, i) => `example-${i}.ts`);
    expect(typecheck(dir, options, files), name).toBe("");
  });

  it("type-check under TypeScript 7, in an ES module package and a CommonJS one", () => {
    for (const type of ["module", "commonjs"]) {
      const dir = project(`readme-examples-ts7-${type}`, { type }, Object.fromEntries(blocks.map(([, code], i) => [`example-${i}.ts`, `${code}\nexport {};\n`])));
      expect(typecheck7(dir, options, blocks.map((_, i) => `example-${i}.ts`)), type).toBe("");
    }
  });
});
