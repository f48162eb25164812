import type { LocalPrinter, PrintJob } from "./emit/print.js";
import { parsePage, type ParsedPage } from "./parse/page.js";

/**
 * The costly steps of a run, as self-contained tasks: what a task needs
 * travels with it, so a task gives the same result on any thread.
 */
export type Task = { readonly kind: "parse"; readonly path: string; readonly bytes: Uint8Array } | PrintJob;

export type TaskResult<T extends Task> = T extends { kind: "parse" } ? ParsedPage : string;

let printer: Promise<LocalPrinter> | undefined;

/**
 * Runs a task on this thread. The printer (prettier and ts-morph) is loaded
 * on first use, so that a worker starts parsing without waiting for it.
 */
export async function runTask<T extends Task>(task: T): Promise<TaskResult<T>> {
  if (task.kind === "parse") return parsePage(task.path, task.bytes) as TaskResult<T>;
  const local = await (printer ??= import("./emit/print.js").then(({ LocalPrinter }) => LocalPrinter.create()));
  return (await local.run(task)) as TaskResult<T>;
}
