import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapLimited, Pool } from "../generator/run/pool.js";
import { runTask } from "../generator/run/tasks.js";
import { workerScript } from "../generator/run/generate.js";
import { ROOT } from "./helpers/generate.js";

const PAGE = "docs/services/cdb/2017-03-20/ja.md";
const parseTask = () => ({ kind: "parse", path: PAGE, bytes: readFileSync(join(ROOT, PAGE)), overview: false }) as const;
const formatTask = { kind: "format", text: "export const a = {b:1, 'c': `${1}`}" } as const;

async function onPool(script: () => Promise<URL>) {
  const pool = new Pool({ workers: 2 }, script);
  try {
    return await Promise.all([pool.run(parseTask()), pool.run(formatTask), pool.run(parseTask())]);
  } finally {
    await pool.close();
  }
}

describe("worker threads", () => {
  it("give the same results as this thread", async () => {
    const here = [await runTask(parseTask()), await runTask(formatTask)] as const;
    expect(here[0].errorTables.length).toBeGreaterThan(0);
    expect(here[1]).toBe("export const a = { b: 1, c: `${1}` };\n");
    const [parsed, formatted, again] = await onPool(workerScript);
    expect(parsed).toEqual(here[0]);
    expect(again).toEqual(here[0]);
    expect(formatted).toBe(here[1]);
  }, 120_000);

  it("refuse every task with the reason when the workers cannot start", async () => {
    const pool = new Pool({ workers: 2 }, async () => {
      throw new Error("no worker script");
    });
    await expect(pool.run(parseTask())).rejects.toThrow("no worker script");
    await expect(pool.run(formatTask)).rejects.toThrow("no worker script");
    await pool.close();
  });

  it("run the kinds of task they are told to on this thread, and the rest on workers", async () => {
    // Workers that cannot start: what still succeeds ran on this thread.
    const pool = new Pool({ workers: 1, onMainThread: ["parse"] }, async () => {
      throw new Error("no worker script");
    });
    expect((await pool.run(parseTask())).errorTables.length).toBeGreaterThan(0);
    await expect(pool.run(formatTask)).rejects.toThrow("no worker script");
    await pool.close();
  });

  it("share the kinds of task they are told to with this thread, which works while the workers do", async () => {
    // Workers that never answer: whatever comes back ran on this thread.
    const silent = async () => new URL("data:text/javascript,setInterval(() => {}, 1000)");
    const shared = new Pool({ workers: 1, alsoOnMainThread: ["format"] }, silent);
    expect(shared.parallelism).toBe(3);
    const results = Array.from({ length: 6 }, () => shared.run(formatTask));
    expect(await Promise.any(results)).toBe("export const a = { b: 1, c: `${1}` };\n");
    await shared.close();
    const alone = new Pool({ workers: 1 }, silent);
    const pending = Promise.race([alone.run(formatTask).then(() => "answered"), new Promise((resolve) => setTimeout(resolve, 1500, "waiting"))]);
    expect(await pending).toBe("waiting");
    await alone.close();
  }, 60_000);

  it("start with the first task sent to a worker, not before, and not for tasks this thread runs", async () => {
    let asked = 0;
    const script = () => {
      asked++;
      return workerScript();
    };
    const pool = new Pool({ workers: 1, onMainThread: ["parse"] }, script);
    try {
      await pool.run({ kind: "parse", path: "a.md", bytes: new TextEncoder().encode("# A\n"), overview: false });
      expect(asked).toBe(0);
      expect(await pool.run(formatTask)).toBe("export const a = { b: 1, c: `${1}` };\n");
      expect(await pool.run(formatTask)).toBe("export const a = { b: 1, c: `${1}` };\n");
      expect(asked).toBe(1);
    } finally {
      await pool.close();
    }
    // Closed again (the run closes its workers as soon as the printing is done, then once more on its way out): the same stop.
    expect(pool.close()).toBe(pool.close());
    // With no workers, none starts.
    const inline = new Pool({ workers: 0 }, script);
    expect(await inline.run(formatTask)).toBe("export const a = { b: 1, c: `${1}` };\n");
    expect(asked).toBe(1);
    await inline.close();
  }, 60_000);

  it("refuse every task, under way or to come, when a worker fails or stops", async () => {
    for (const [code, reason] of [
      ["throw new Error('broken worker');", "broken worker"],
      ["process.exit(3);", "exit code 3"],
    ] as const) {
      const pool = new Pool({ workers: 1 }, async () => new URL(`data:text/javascript,${encodeURIComponent(code)}`));
      await expect(pool.run(formatTask)).rejects.toThrow(reason);
      await expect(pool.run(formatTask)).rejects.toThrow(reason);
      await pool.close();
    }
  });

  it("pass a task's error back to its caller and go on with the others", async () => {
    const pool = new Pool({ workers: 2 }, () => workerScript());
    try {
      const [bad, good] = await Promise.allSettled([pool.run({ kind: "format", text: "export const = ;" }), pool.run(formatTask)]);
      expect(bad.status).toBe("rejected");
      expect(String((bad as PromiseRejectedResult).reason)).toMatch(/SyntaxError|Unexpected/);
      expect(good).toEqual({ status: "fulfilled", value: "export const a = { b: 1, c: `${1}` };\n" });
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe("mapLimited", () => {
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

  it("has at most `limit` calls under way, and gives the results in input order", async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (n) => {
      most = Math.max(most, ++running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });

  it("after a failure starts no other call, waits for those under way, then throws the first failure", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error("one failed");
      for (let i = 0; i < 3; i++) await tick();
      if (n === 0) {
        finished.push(n);
        throw new Error("zero failed later");
      }
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("one failed");
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});

