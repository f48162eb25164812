import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const [dir, src] = process.argv.slice(2);
const r = await build({ stdin: { contents: src, resolveDir: dir, loader: "js" }, bundle: true, minify: true, format: "esm", platform: "neutral", write: false, metafile: true, logLevel: "silent" });
const bytes = r.outputFiles[0].contents;
console.log(bytes.length, gzipSync(bytes, { level: 9 }).length);
