import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { Worker } from "node:worker_threads";
import { Project, StructureKind, type SourceFileStructure } from "ts-morph";
import type { Cache } from "../cache.js";
import { lineCommentText } from "./text.js";

export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));
/** The project's own prettier config: output looks the same whoever runs the generator, from wherever. */
const PRETTIER_CONFIG = fileURLToPath(new URL("../../.prettierrc.json", import.meta.url));
const HEADER = readFileSync(`${TEMPLATES_DIR}header.txt`, "utf8");

/** The "generated, do not edit" banner: what the file is and the files it comes from. No dates, no versions. */
export function header(what: string, sources: readonly string[]): string {
  return HEADER.replace("{{what}}", lineCommentText(what)).replace(
    "{{sources}}",
    sources.map((source) => `//   ${lineCommentText(source)}`).join("\n"),
  );
}

/**
 * Prints structures to text. One in-memory project for the whole run; each
 * file is created once from a complete structure, never edited.
 */
/** A file to print: from a structure, or text to format as it is. */
export type PrintJob =
  | { readonly kind: "print"; readonly path: string; readonly structure: Omit<SourceFileStructure, "kind"> }
  | { readonly kind: "format"; readonly text: string };

/** Prints and formats in this thread. */
export class LocalPrinter {
  readonly #project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  readonly #prettier: prettier.Options;

  private constructor(options: prettier.Options) {
    this.#prettier = { ...options, parser: "typescript" };
  }

  /** Resolves the project's prettier config once. */
  static async create(): Promise<LocalPrinter> {
    const options = (await prettier.resolveConfig(PRETTIER_CONFIG, { config: PRETTIER_CONFIG, editorconfig: false })) ?? {};
    return new LocalPrinter(options);
  }

  run(job: PrintJob): Promise<string> {
    if (job.kind === "format") return prettier.format(job.text, this.#prettier);
    const file = this.#project.createSourceFile(job.path, separateImports(job.structure), { overwrite: true });
    const text = file.getFullText();
    this.#project.removeSourceFile(file);
    return prettier.format(text, this.#prettier);
  }
}

/**
 * Prints files, with a cache (a file printed before from the same structure
 * is not printed again) and, with `threads` > 1, on worker threads as well as
 * this one. The output of a job never depends on where it ran.
 */
export class Printer {
  readonly #local: LocalPrinter;
  readonly #cache: Cache | undefined;
  readonly #workers: { worker: Worker; busy: boolean }[];
  readonly #waiting: (() => void)[] = [];
  readonly #pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  #localBusy = false;
  #nextId = 0;

  private constructor(local: LocalPrinter, cache: Cache | undefined, workers: Worker[]) {
    this.#local = local;
    this.#cache = cache;
    this.#workers = workers.map((worker) => ({ worker, busy: false }));
    for (const worker of workers) {
      worker.on("message", ({ id, text, error }: { id: number; text?: string; error?: string }) => {
        const pending = this.#pending.get(id)!;
        this.#pending.delete(id);
        if (error !== undefined) pending.reject(new Error(error));
        else pending.resolve(text!);
      });
    }
  }

  /** How many jobs may usefully run at once. */
  get parallelism(): number {
    return this.#workers.length + 1;
  }

  static async create(cache?: Cache, threads = 1): Promise<Printer> {
    const script = new URL("./print-worker.mjs", import.meta.url);
    const workers = Array.from({ length: Math.max(0, threads - 1) }, () => new Worker(script));
    return new Printer(await LocalPrinter.create(), cache, workers);
  }

  print(path: string, structure: Omit<SourceFileStructure, "kind">): Promise<string> {
    const job: PrintJob = { kind: "print", path, structure };
    return this.#cache ? this.#cache.get(this.#cache.key("print", path, JSON.stringify(structure)), () => this.#run(job)) : this.#run(job);
  }

  format(text: string): Promise<string> {
    const job: PrintJob = { kind: "format", text };
    return this.#cache ? this.#cache.get(this.#cache.key("format", text), () => this.#run(job)) : this.#run(job);
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }

  async #run(job: PrintJob): Promise<string> {
    for (;;) {
      const idle = this.#workers.find((w) => !w.busy);
      if (idle) {
        idle.busy = true;
        try {
          return await new Promise<string>((resolve, reject) => {
            const id = this.#nextId++;
            this.#pending.set(id, { resolve, reject });
            idle.worker.postMessage({ id, job });
          });
        } finally {
          idle.busy = false;
          this.#waiting.shift()?.();
        }
      }
      if (!this.#localBusy) {
        this.#localBusy = true;
        try {
          return await this.#local.run(job);
        } finally {
          this.#localBusy = false;
          this.#waiting.shift()?.();
        }
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }
}

/** A blank line between the imports and the first declaration. */
function separateImports(structure: Omit<SourceFileStructure, "kind">): Omit<SourceFileStructure, "kind"> {
  const statements = Array.isArray(structure.statements) ? structure.statements : [];
  const first = statements.findIndex(
    (statement) => typeof statement === "object" && statement.kind !== StructureKind.ImportDeclaration,
  );
  if (first <= 0) return structure;
  const copy = [...statements];
  const target = copy[first] as { leadingTrivia?: unknown };
  copy[first] = { ...target, leadingTrivia: "\n" } as (typeof copy)[number];
  return { ...structure, statements: copy };
}
