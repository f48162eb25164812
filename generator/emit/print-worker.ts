/** A worker thread of `Printer`: prints the jobs it is sent, one at a time. */
import { parentPort } from "node:worker_threads";
import { LocalPrinter, type PrintJob } from "./print.js";

const printer = await LocalPrinter.create();
parentPort!.on("message", async ({ id, job }: { id: number; job: PrintJob }) => {
  try {
    parentPort!.postMessage({ id, text: await printer.run(job) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
