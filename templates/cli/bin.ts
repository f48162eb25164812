#!/usr/bin/env node
/**
 * The package's command (`npx tencentcloud-error-codes explain <code>`):
 * runs `explain.ts` and exits with its status.
 */
import { run } from "./explain.js";

/** Node's `process`, as far as the command uses it (the package has no dependency on Node's types). */
const host = (globalThis as unknown as { process: { argv: readonly string[]; exitCode?: number; stdout: { write(text: string): boolean }; stderr: { write(text: string): boolean } } }).process;

run(host.argv.slice(2)).then(
  (result) => {
    host.stdout.write(result.stdout);
    host.stderr.write(result.stderr);
    host.exitCode = result.status;
  },
  (error: unknown) => {
    host.stderr.write(`tencentcloud-error-codes: ${error instanceof Error ? error.message : String(error)}\n`);
    host.exitCode = 2;
  },
);
