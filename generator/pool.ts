import { Worker } from "node:worker_threads";
import { runTask, type Task, type TaskContext, type TaskResult } from "./tasks.js";

/** Tasks sent ahead to a worker, so that it never waits for the main thread between two. */
const DEPTH = 2;
/** Old-generation limit of a worker, in MiB. */
const WORKER_HEAP_MB = 128;

interface Lane {
  readonly worker: Worker;
  inFlight: number;
}

interface Queued {
  readonly task: Task;
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Runs tasks on worker threads, or on this thread when `threads` is 1. The
 * main thread hands out tasks and gathers results, and does little else while
 * they run: CPU work done there delays the hand-out and leaves workers idle.
 * A task's result never depends on where it ran (see `runTask`).
 */
export class Pool {
  readonly #threads: number;
  readonly #context: TaskContext;
  readonly #script: () => Promise<URL>;
  #starting: Promise<void> | undefined;
  #lanes: Lane[] | undefined;
  /** Why the workers could not start, once known: every task is refused with it. */
  #failure: Error | undefined;
  readonly #queue: Queued[] = [];
  readonly #pending = new Map<number, Queued & { lane: Lane }>();
  #nextId = 0;

  private constructor(threads: number, context: TaskContext, script: () => Promise<URL>) {
    this.#threads = threads;
    this.#context = context;
    this.#script = script;
  }

  /**
   * `threads` worker threads (1 or fewer: everything on this thread), each
   * given `context`, running the script `script` resolves to (see
   * worker-script.ts); it is asked for when the first task comes.
   */
  static create(threads: number, context: TaskContext, script: () => Promise<URL>): Pool {
    return new Pool(threads > 1 ? threads : 0, context, script);
  }

  /** How many tasks are worth having under way at once. */
  get parallelism(): number {
    return Math.max(1, this.#threads * DEPTH);
  }

  run<T extends Task>(task: T): Promise<TaskResult<T>> {
    if (this.#threads === 0) return runTask(task, this.#context);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<TaskResult<T>>((resolve, reject) => {
      this.#queue.push({ task, resolve: resolve as (value: never) => void, reject });
      this.#starting ??= this.#start();
      this.#dispatch();
    });
  }

  /** Workers start with the first task: a run that finds everything in the cache starts none. */
  async #start(): Promise<void> {
    let script: URL;
    try {
      script = await this.#script();
    } catch (error) {
      this.#failure = error as Error;
      for (const queued of this.#queue.splice(0)) queued.reject(this.#failure);
      return;
    }
    this.#lanes = Array.from({ length: this.#threads }, () => ({
      // A worker keeps nothing between tasks: a small old generation makes it collect early instead of growing.
      worker: new Worker(script, { workerData: this.#context, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } }),
      inFlight: 0,
    }));
    for (const lane of this.#lanes) {
      lane.worker.on("message", ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
        const pending = this.#pending.get(id)!;
        this.#pending.delete(id);
        lane.inFlight--;
        if (error !== undefined) pending.reject(new Error(error));
        else pending.resolve(result as never);
        this.#dispatch();
      });
      lane.worker.on("error", (error) => {
        for (const [id, pending] of this.#pending) {
          if (pending.lane !== lane) continue;
          this.#pending.delete(id);
          pending.reject(error);
        }
      });
    }
    this.#dispatch();
  }

  async close(): Promise<void> {
    await this.#starting;
    await Promise.all((this.#lanes ?? []).map(({ worker }) => worker.terminate()));
  }

  #dispatch(): void {
    const lanes = this.#lanes;
    if (lanes === undefined) return;
    while (this.#queue.length > 0) {
      let lane = lanes[0]!;
      for (const other of lanes) if (other.inFlight < lane.inFlight) lane = other;
      if (lane.inFlight >= DEPTH) return;
      const queued = this.#queue.shift()!;
      const id = this.#nextId++;
      lane.inFlight++;
      this.#pending.set(id, { ...queued, lane });
      lane.worker.postMessage({ id, task: queued.task });
    }
  }
}

/** `map` with at most `limit` calls under way at once; results in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
