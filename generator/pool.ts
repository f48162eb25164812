import { Worker } from "node:worker_threads";
import { runTask, type Task, type TaskResult } from "./tasks.js";

/** Tasks sent ahead to a worker, so that it never waits for the main thread between two. */
const DEPTH = 2;
/** Old-generation limit of a worker, in MiB. */
const WORKER_HEAP_MB = 128;

interface Lane {
  readonly worker: Worker;
  inFlight: number;
}

/**
 * Runs tasks on worker threads, or on this thread when `threads` is 1. The
 * main thread only hands out tasks and gathers results: CPU work done here
 * would delay the hand-out and leave workers idle. A task's result never
 * depends on where it ran (see `runTask`).
 */
export class Pool {
  readonly #threads: number;
  #lanes: Lane[] | undefined;
  readonly #queue: { task: Task; resolve: (value: never) => void; reject: (error: Error) => void }[] = [];
  readonly #pending = new Map<number, { lane: Lane; resolve: (value: never) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  private constructor(threads: number) {
    this.#threads = threads;
  }

  /** Workers start with the first task: a run that finds everything in the cache starts none. */
  #start(): Lane[] {
    if (this.#lanes) return this.#lanes;
    this.#lanes = Array.from({ length: this.#threads }, () => ({
      // A worker keeps nothing between tasks: a small old generation makes it collect early instead of growing.
      worker: new Worker(new URL("./worker.mjs", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } }),
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
    return this.#lanes;
  }

  /** `threads` worker threads; 1 (or fewer): everything on this thread. */
  static create(threads: number): Pool {
    return new Pool(threads > 1 ? threads : 0);
  }

  /** How many tasks are worth having under way at once. */
  get parallelism(): number {
    return Math.max(1, this.#threads * DEPTH);
  }

  run<T extends Task>(task: T): Promise<TaskResult<T>> {
    if (this.#threads === 0) return runTask(task);
    this.#start();
    return new Promise<TaskResult<T>>((resolve, reject) => {
      this.#queue.push({ task, resolve: resolve as (value: never) => void, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all((this.#lanes ?? []).map(({ worker }) => worker.terminate()));
  }

  #dispatch(): void {
    const lanes = this.#lanes!;
    while (this.#queue.length > 0) {
      let lane = lanes[0]!;
      for (const other of lanes) if (other.inFlight < lane.inFlight) lane = other;
      if (lane.inFlight >= DEPTH) return;
      const { task, resolve, reject } = this.#queue.shift()!;
      const id = this.#nextId++;
      lane.inFlight++;
      this.#pending.set(id, { lane, resolve, reject });
      lane.worker.postMessage({ id, task });
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
