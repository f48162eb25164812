/**
 * Runs one measured job in this process and prints its resource use as JSON
 * on the last line: `generate <docs> <out>` (the real command line) or
 * `parse <list-file>` (the baseline: unified + remark-parse + remark-gfm
 * parse of each listed page, nothing else).
 */
import { readFileSync } from "node:fs";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { main } from "../generator/cli.js";

const [job, ...args] = process.argv.slice(2);
const start = performance.now();
let status = 0;
if (job === "generate") {
  status = await main(["--docs", args[0]!, "--out", args[1]!, "--quiet"]);
} else if (job === "parse") {
  const processor = unified().use(remarkParse).use(remarkGfm);
  for (const file of readFileSync(args[0]!, "utf8").split("\n").filter(Boolean)) processor.parse(readFileSync(file, "utf8"));
} else {
  throw new Error(`unknown job ${job}`);
}
const usage = process.resourceUsage();
process.stdout.write(
  `\n${JSON.stringify({ status, wallMs: performance.now() - start, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMiB: usage.maxRSS / 1024 })}\n`,
);
