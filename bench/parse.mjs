// The baseline: a bare parse of each page named in the list file (one path a
// line) with unified + remark-parse + remark-gfm, and nothing else. Plain
// JavaScript, so the process loads no more than those packages.
// `node bench/parse.mjs <list> [threads]`: with threads > 1, the pages are
// dealt round-robin to that many worker threads (to see what parsing on
// several cores can gain at best).
import { readFileSync } from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const parseAll = (files) => {
  const processor = unified().use(remarkParse).use(remarkGfm);
  for (const file of files) processor.parse(readFileSync(file, "utf8"));
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
