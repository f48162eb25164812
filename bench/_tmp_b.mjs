import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const entry = process.argv[2] ?? 'import { CvmError } from "/work/main/generated/cvm/index.ts";\nexport { CvmError };\n';
const r = await build({ stdin: { contents: entry, resolveDir: "/tmp/bb", loader: "ts" }, bundle: true, minify: true, format: "esm", platform: "neutral", write: false, logLevel: "silent", metafile: true, mainFields: ["module","main"] });
const out = r.outputFiles[0].contents;
console.log("min", out.length, "gz", gzipSync(out, {level: 9}).length);
for (const [k, v] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) console.log(v.bytesInOutput, k);
