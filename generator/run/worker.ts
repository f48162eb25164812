/** A worker thread of `Pool`: runs the tasks it is sent, one at a time, in order. */
import { parentPort, workerData } from "node:worker_threads";
import { preparePrinting, runTask, type Task } from "./tasks.js";
import type { WorkerData } from "./pool.js";

const { preload } = workerData as WorkerData;
// Started ahead of its first file (see `Pool.start`): load the printer while the main thread parses.
// A failure here shows again, with its reason, in the first task that needs what failed to load.
if (preload) preparePrinting().catch(() => undefined);
parentPort!.on("message", async ({ id, task }: { id: number; task: Task }) => {
  try {
    parentPort!.postMessage({ id, result: await runTask(task) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
