// The baseline: a bare parse of each page named in the list file (one path a
// line) with unified + remark-parse + remark-gfm, and nothing else; each
// file of the API catalog it names (`.go`: errors.go and client.go of the
// SDKs) read and split into its comment blocks (`.json`, when the bench has
// no Go files: a stored catalog file of docs/, parsed). Plain JavaScript, so
// the process loads no more than those packages.
// `node bench/parse.mjs <list> [threads]`: with threads > 1, the pages are
// dealt round-robin to that many worker threads (to see what parsing on
// several cores can gain at best).
import { readFileSync } from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

/** The comment blocks of a Go file: each run of lines starting with `//` (after tabs), joined. */
const commentBlocks = (text) => {
  const blocks = [];
  let block = [];
  for (const line of text.split("\n")) {
    const trimmed = line.replace(/^\t+/, "");
    if (trimmed.startsWith("//")) block.push(trimmed.slice(2));
    else if (block.length > 0) {
      blocks.push(block.join("\n"));
      block = [];
    }
  }
  return blocks;
};

const parseAll = (files) => {
  const processor = unified().use(remarkParse).use(remarkGfm);
  let blocks = 0;
  for (const file of files) {
    if (file.endsWith(".go")) blocks += commentBlocks(readFileSync(file, "utf8")).length;
    else if (file.endsWith(".json")) blocks += Object.keys(JSON.parse(readFileSync(file, "utf8")).codes).length;
    else processor.parse(readFileSync(file, "utf8"));
  }
  return blocks;
};

if (isMainThread) {
  const files = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
  const threads = Number(process.argv[3] ?? 1);
  if (threads <= 1) parseAll(files);
  else {
    const shares = Array.from({ length: threads }, (_, i) => files.filter((_, j) => j % threads === i));
    await Promise.all(
      shares.map((share) => new Promise((resolve, reject) => new Worker(new URL(import.meta.url), { workerData: share }).on("exit", resolve).on("error", reject))),
    );
  }
} else {
  parseAll(workerData);
  parentPort.close();
}
