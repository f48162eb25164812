/** A worker thread of `Pool`: runs the tasks it is sent, one at a time, in order. */
import { parentPort, workerData } from "node:worker_threads";
import { runTask, type Task, type TaskContext } from "./tasks.js";

const context = workerData as TaskContext;
parentPort!.on("message", async ({ id, task }: { id: number; task: Task }) => {
  try {
    parentPort!.postMessage({ id, result: await runTask(task, context) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
