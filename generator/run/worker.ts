/** A worker thread of `Pool`: runs the tasks it is sent, one at a time, in order. */
import { parentPort } from "node:worker_threads";
import { runTask, type Task } from "./tasks.js";

parentPort!.on("message", async ({ id, task }: { id: number; task: Task }) => {
  try {
    parentPort!.postMessage({ id, result: await runTask(task) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
