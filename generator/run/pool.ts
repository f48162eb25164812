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

interface Queued {
  readonly task: Task;
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
}

export interface PoolOptions {
  /** Worker threads; 0: every task runs on this thread. */
  readonly workers: number;
  /** Kinds of task that run on this thread even when there are workers. */
  readonly onMainThread?: readonly Task["kind"][];
  /**
   * Kinds of task this thread takes its share of, beside the workers: one
   * at a time, whenever it has none under way (it also feeds the workers,
   * which keep tasks sent ahead meanwhile).
   */
  readonly alsoOnMainThread?: readonly Task["kind"][];
}

/**
 * Why not tinypool or piscina: neither runs a share of the tasks on the
 * calling thread (`onMainThread`, `alsoOnMainThread`), nor refuses every
 * task with the reason a worker died (INTERNALS.md, "Libraries measured
 * against the hand-written parts").
 *
 * Runs tasks on worker threads, or on this thread: every task when there are
 * no workers, and the kinds named in `onMainThread`. Tasks sent to workers go
 * a few ahead to each, so that a worker never waits for this thread between
 * two. A task's result never depends on where it ran (see `runTask`).
 */
export class Pool {
  readonly #workers: number;
  readonly #onMainThread: ReadonlySet<Task["kind"]>;
  readonly #alsoOnMainThread: ReadonlySet<Task["kind"]>;
  /** A task of `alsoOnMainThread` is under way on this thread. */
  #mainBusy = false;
  readonly #script: () => Promise<URL>;
  #starting: Promise<void> | undefined;
  #lanes: Lane[] | undefined;
  /** Why the workers could not start or went away, once known: every task is refused with it. */
  #failure: Error | undefined;
  /** Set by `close`: workers that stop from then on were told to. */
  #closed: Promise<void> | undefined;
  readonly #queue: Queued[] = [];
  readonly #pending = new Map<number, Queued & { lane: Lane }>();
  #nextId = 0;

  /**
   * Workers run the script `script` resolves to (the bundle's worker entry,
   * see `workerScript` in generate.ts); it is asked for when the first task
   * comes, or at `start`.
   */
  constructor({ workers, onMainThread = [], alsoOnMainThread = [] }: PoolOptions, script: () => Promise<URL>) {
    this.#workers = Math.max(0, workers);
    this.#onMainThread = new Set(onMainThread);
    this.#alsoOnMainThread = new Set(alsoOnMainThread);
    this.#script = script;
  }

  /** How many tasks are worth having under way at once. */
  get parallelism(): number {
    return Math.max(1, this.#workers * DEPTH + (this.#alsoOnMainThread.size > 0 ? 1 : 0));
  }

  run<T extends Task>(task: T): Promise<TaskResult<T>> {
    // A task on this thread starts on a turn of the event loop of its own: what waits on I/O between
    // tasks (a signal, a parent's message, a timer) is answered, however long the run.
    if (this.#workers === 0 || this.#onMainThread.has(task.kind)) return new Promise<void>((resolve) => setImmediate(resolve)).then(() => runTask(task));
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
      this.#fail(error as Error);
      return;
    }
    this.#lanes = Array.from({ length: this.#workers }, () => ({
      worker: new Worker(script, {
        // A worker keeps nothing between tasks: a small old generation makes it collect early instead of growing.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        // The script is plain JavaScript: none of this process's flags (a loader, `--input-type`) are for it;
        // its stack traces name the sources' lines through the bundle's source maps.
        execArgv: ["--enable-source-maps"],
      }),
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
      // A worker that fails or stops takes the pool with it: its tasks, and
      // every task after, are refused with the reason instead of waiting forever.
      lane.worker.on("error", (error) => this.#fail(error));
      lane.worker.on("exit", (code) => {
        if (this.#closed === undefined) this.#fail(new Error(`a worker thread stopped (exit code ${code})`));
      });
    }
    this.#dispatch();
  }

  /** Stops the workers; settles once they have stopped. Called again, gives the same promise. */
  close(): Promise<void> {
    return (this.#closed ??= (async () => {
      await this.#starting;
      await Promise.all((this.#lanes ?? []).map(({ worker }) => worker.terminate()));
    })());
  }

  /** Refuses every task under way, queued or to come, with `error`; the first failure is the one given. */
  #fail(error: Error): void {
    this.#failure ??= error;
    for (const queued of this.#queue.splice(0)) queued.reject(this.#failure);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(this.#failure);
    }
  }

  #dispatch(): void {
    if (this.#failure) return;
    // This thread first, when it is free: it needs no hand-over, and it can
    // work while the workers are still starting.
    const mine = this.#mainBusy ? -1 : this.#queue.findIndex(({ task }) => this.#alsoOnMainThread.has(task.kind));
    if (mine >= 0) {
      const [queued] = this.#queue.splice(mine, 1);
      this.#mainBusy = true;
      // On a later turn: a caller of `run` never has the task run inside its call.
      setImmediate(() => {
        runTask(queued!.task)
          .then(queued!.resolve as (value: unknown) => void, queued!.reject)
          .finally(() => {
            this.#mainBusy = false;
            this.#dispatch();
          });
      });
    }
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

/**
 * `map` with at most `limit` calls under way at once; results in input
 * order. Once a call fails no other starts: the calls under way are waited
 * for, then the first failure is thrown.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && failure === undefined) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}
