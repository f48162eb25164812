import type { Module } from "../emit/emit.js";
import type { ParsedPage } from "../parse/page.js";

/**
 * The costly steps of a run, as self-contained tasks: what a task needs
 * travels with it (the prettier config is the project's own file, resolved
 * once per thread), so a task gives the same result on any thread.
 */
export type Task =
  /** `overview`: the page is an overview page, whose action links are read (see parse/page.ts). */
  | { readonly kind: "parse"; readonly path: string; readonly bytes: Uint8Array; readonly overview: boolean }
  /** Module structures printed and formatted: their skeletons, for rows to be filled in (see print.ts). */
  | { readonly kind: "print"; readonly structures: readonly Module["structure"][] }
  | { readonly kind: "format"; readonly text: string };

export type TaskResult<T extends Task> = T extends { kind: "parse" } ? ParsedPage : T extends { kind: "print" } ? string[] : string;

/** `load`, called once, on first use. */
const lazily = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};

// Loaded on first use: a thread starts parsing without waiting for the
// printer, and a run served by the cache loads neither.
const parser = lazily(() => import("../parse/page.js"));
const formatter = lazily(() => import("../print/format.js"));
const printer = lazily(() => import("../print/print.js"));
// Resolved once by each thread that formats.
const prettierConfig = lazily(async () => (await printer()).prettierOptions());

/** Runs a task on this thread. */
export async function runTask<T extends Task>(task: T): Promise<TaskResult<T>> {
  if (task.kind === "parse") return (await parser()).parsePage(task.path, task.bytes, { overview: task.overview }) as TaskResult<T>;
  const [{ formatTypeScript }, options] = await Promise.all([formatter(), prettierConfig()]);
  const format = (text: string) => formatTypeScript(text, options);
  if (task.kind === "format") return (await format(task.text)) as TaskResult<T>;
  return (await (await printer()).printSkeletons(task.structures, format)) as TaskResult<T>;
}
