import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prettierOptions } from "../generator/emit/print.js";
import { Pool } from "../generator/pool.js";
import { runTask, type TaskContext } from "../generator/tasks.js";
import { workerScript } from "../generator/worker-script.js";
import { ROOT, tempDir } from "./helpers/generate.js";

const PAGE = "docs/services/cdb/2017-03-20/ja.md";
const parseTask = () => ({ kind: "parse", path: PAGE, bytes: readFileSync(join(ROOT, PAGE)) }) as const;
const formatTask = { kind: "format", text: "export const a = {b:1, 'c': `${1}`}" } as const;

async function onPool(script: () => Promise<URL>, context: TaskContext) {
  const pool = Pool.create(2, context, script);
  try {
    return await Promise.all([pool.run(parseTask()), pool.run(formatTask), pool.run(parseTask())]);
  } finally {
    await pool.close();
  }
}

describe("worker threads", () => {
  it("give the same results as this thread, from the bundle, a data: URL and the sources", async () => {
    const context = { prettier: await prettierOptions() };
    const here = [await runTask(parseTask(), context), await runTask(formatTask, context)] as const;
    expect(here[0].errorTables.length).toBeGreaterThan(0);
    expect(here[1]).toBe("export const a = { b: 1, c: `${1}` };\n");
    const dir = tempDir("workers");
    const scripts = {
      bundle: await workerScript(dir, "v1"),
      data: await workerScript(undefined, "v1"),
      sources: new URL("../generator/worker.mjs", import.meta.url),
    };
    expect(fileURLToPath(scripts.bundle)).toBe(join(dir, "v1.mjs"));
    expect(scripts.data.protocol).toBe("data:");
    for (const [name, script] of Object.entries(scripts)) {
      const [parsed, formatted, again] = await onPool(async () => script, context);
      expect(parsed, name).toEqual(here[0]);
      expect(again, name).toEqual(here[0]);
      expect(formatted, name).toBe(here[1]);
    }
  }, 120_000);

  it("run a bundle built once per generator version, and drop the bundles of other versions", async () => {
    const dir = tempDir("workers-versions");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "old.mjs"), "throw new Error('stale bundle');\n");
    const first = await workerScript(dir, "v2");
    const built = statSync(fileURLToPath(first));
    expect(readdirSync(dir)).toEqual(["v2.mjs"]);
    const second = await workerScript(dir, "v2");
    expect(second.href).toBe(first.href);
    // Not rebuilt: the same file, untouched.
    const again = statSync(fileURLToPath(second));
    expect([again.ino, again.mtimeMs]).toEqual([built.ino, built.mtimeMs]);
    expect(readFileSync(fileURLToPath(first), "utf8")).toContain("parentPort");
  }, 60_000);

  it("refuse every task with the reason when the workers cannot start", async () => {
    const pool = Pool.create(2, { prettier: {} }, async () => {
      throw new Error("no worker script");
    });
    await expect(pool.run(parseTask())).rejects.toThrow("no worker script");
    await expect(pool.run(formatTask)).rejects.toThrow("no worker script");
    await pool.close();
  });

  it("pass a task's error back to its caller and go on with the others", async () => {
    const pool = Pool.create(2, { prettier: await prettierOptions() }, () => workerScript(undefined, "v3"));
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
