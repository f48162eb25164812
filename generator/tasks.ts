import type { Options } from "prettier";
import { parsePage, type ParsedPage } from "./parse/page.js";

/**
 * The costly steps of a run, as self-contained tasks: what a task needs
 * travels with it, so a task gives the same result on any thread.
 */
export type Task =
  | { readonly kind: "parse"; readonly path: string; readonly bytes: Uint8Array }
  | { readonly kind: "format"; readonly text: string };

export type TaskResult<T extends Task> = T extends { kind: "parse" } ? ParsedPage : string;

/** What every task of a run shares, given once to each thread. */
export interface TaskContext {
  /** The project's prettier config, resolved. */
  readonly prettier: Options;
}

let formatter: Promise<typeof import("./emit/format.js")> | undefined;

/**
 * Runs a task on this thread. The formatter is loaded on first use, so that
 * a thread starts parsing without waiting for it.
 */
export async function runTask<T extends Task>(task: T, context: TaskContext): Promise<TaskResult<T>> {
  if (task.kind === "parse") return parsePage(task.path, task.bytes) as TaskResult<T>;
  const { formatTypeScript } = await (formatter ??= import("./emit/format.js"));
  return (await formatTypeScript(task.text, context.prettier)) as TaskResult<T>;
}
