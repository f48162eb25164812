/**
 * `npm run bench` (part of it): what the package costs the people who use
 * it, from its tarball installed in a scratch app outside this repository.
 *
 * - `npm run build` of generated/ (ES modules and CommonJS with their
 *   declarations), as packing runs it;
 * - the tarball's size, and what installing it puts on disk;
 * - `tsc --noEmit` of a small app (strict, `module: nodenext`) that imports
 *   the package's root entry, one service, ten services, every service (by
 *   name, `/services`), and the same app without the package: the extra is
 *   what the package costs. Measured with
 *   `skipLibCheck` on (`tsc --init`'s default) and off (declarations
 *   checked too). The fastest of BENCH_REPEAT runs (default 3), the apps
 *   taken in turn round by round;
 * - the size, minified and gzipped (esbuild), of a bundle of one service's
 *   error class, without and with one locale's messages.
 *
 * Prints one JSON object.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";
import { build } from "../generator/release/build.mjs";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const repeat = Number(process.env["BENCH_REPEAT"] ?? 3);
const scratch = mkdtempSync(join(tmpdir(), "doc2errors-bench-consumer-"));

try {
  let start = performance.now();
  const generated = build();
  const buildMs = performance.now() - start;
  mkdirSync(join(scratch, "pack"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", join(scratch, "pack")], { cwd: generated, encoding: "utf8" });
  const tarball = join(scratch, "pack", packed.trim().split("\n").pop()!);
  const tarballBytes = statSync(tarball).size;

  const app = join(scratch, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"], { cwd: app, stdio: "pipe" });
  const installed = readdirSync(join(app, "node_modules/tencentcloud-error-codes"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const installedBytes = installed.reduce((n, entry) => n + statSync(join(entry.parentPath, entry.name)).size, 0);
  // Ten services with documented actions, the first in name order.
  const services = (JSON.parse(readFileSync(join(generated, "package.json"), "utf8")) as { exports: Record<string, unknown> })
    .exports;
  const ten = Object.keys(services)
    .map((entry) => /^\.\/([a-z0-9]+)$/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined && !["runtime", "services", "common", "legacy"].includes(name))
    .slice(0, 10);
  const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);

  const apps: Record<string, string> = {
    none: [
      "export class AppError extends Error { constructor(readonly code: string, readonly requestId?: string) { super(code); } }",
      'export function describe(e: unknown): string { return e instanceof AppError ? `${e.code} ${e.requestId ?? ""}` : String(e); }',
    ].join("\n"),
    "one service": [
      'import { CvmError, cvmActionCodes, type CvmActionCode } from "tencentcloud-error-codes/cvm";',
      "export function describe(e: unknown): string {",
      "  if (!CvmError.isInstance(e)) return String(e);",
      '  if (e.isAction("RunInstances") && e.isKnown()) { const code: CvmActionCode<"RunInstances"> = e.code; return `${code} ${cvmActionCodes.RunInstances.length}`; }',
      '  return `${e.code} ${e.requestId ?? ""}`;',
      "}",
    ].join("\n"),
    "root entry": [
      'import { TencentCloudError, LegacyError, CommonErrorCode } from "tencentcloud-error-codes";',
      "export function describe(e: unknown): string {",
      '  if (e instanceof LegacyError) return String(e.code);',
      '  return e instanceof TencentCloudError ? `${e.code} ${e.code === CommonErrorCode.InternalError}` : String(e);',
      "}",
    ].join("\n"),
    "ten services": [
      ...ten.map((name) => `import { ${pascal(name)}Error } from "tencentcloud-error-codes/${name}";`),
      "export function describe(e: unknown): string {",
      ...ten.map((name) => `  if (${pascal(name)}Error.isInstance(e)) return \`\${e.code} \${e.requestId ?? ""}\`;`),
      "  return String(e);",
      "}",
    ].join("\n"),
    "every service": [
      'import * as errors from "tencentcloud-error-codes/services";',
      "export function describe(service: Parameters<typeof errors.fromResponse>[0], body: unknown): string {",
      "  const e = errors.fromResponse(service, body);",
      '  return e === undefined ? "ok" : `${e.code} ${e.requestId ?? ""} ${Object.keys(errors).length}`;',
      "}",
    ].join("\n"),
  };
  const typecheck: Record<string, Record<string, number>> = {};
  for (const skipLibCheck of [true, false]) {
    const setting = skipLibCheck ? "skipLibCheck" : "no skipLibCheck";
    // An app a folder, so that the rounds can go from one app to the next.
    const folders = Object.keys(apps).map((name, i) => {
      const folder = join(app, `typecheck-${i}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "index.ts"), `${apps[name]}\n`);
      writeFileSync(
        join(folder, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", types: [], skipLibCheck, noEmit: true }, files: ["index.ts"] }),
      );
      return [name, folder] as const;
    });
    const times = new Map(folders.map(([name]) => [name, [] as number[]]));
    // Round by round, every app once a round, a round starting where the last one did not: a burst of load on this
    // shared machine falls on all of them alike, and no app is always the one after the heaviest (that one ran slower).
    for (let i = 0; i < repeat; i++) {
      for (const [name, folder] of [...folders.slice(i % folders.length), ...folders.slice(0, i % folders.length)]) {
        start = performance.now();
        const result = spawnSync(process.execPath, [tsc, "-p", join(folder, "tsconfig.json")], { encoding: "utf8" });
        times.get(name)!.push(performance.now() - start);
        if (result.status !== 0) throw new Error(`bench/consumer: the "${name}" app does not type-check:\n${result.stdout}${result.stderr}`);
      }
    }
    // The fastest run of each: the load of others only ever adds time.
    typecheck[setting] = Object.fromEntries([...times].map(([name, runs]) => [name, Math.round(Math.min(...runs))]));
  }

  const bundle = async (source: string) => {
    writeFileSync(join(app, "entry.js"), source);
    const result = await esbuild({ entryPoints: [join(app, "entry.js")], absWorkingDir: app, bundle: true, minify: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" });
    const bytes = result.outputFiles[0]!.contents;
    return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  };
  const bundleBytes = {
    "CvmError": await bundle('import { CvmError } from "tencentcloud-error-codes/cvm";\nexport { CvmError };\n'),
    "CvmError + English messages": await bundle(
      'import { CvmError } from "tencentcloud-error-codes/cvm";\nimport { cvmMessagesEn } from "tencentcloud-error-codes/cvm/messages.en";\nexport { CvmError, cvmMessagesEn };\n',
    ),
  };
  console.log(JSON.stringify({ buildMs: Math.round(buildMs), typecheckMs: typecheck, bundleBytes, tarballBytes, installedBytes, installedFiles: installed.length }));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
