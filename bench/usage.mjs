// Preloaded into each measured process (`node --import ./bench/usage.mjs …`):
// when the process exits, writes its CPU time (every thread, worker threads
// included) and peak resident set size as JSON to $BENCH_USAGE_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMiB: usage.maxRSS / 1024 }));
  });
}
