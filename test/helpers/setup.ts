import { rmSync } from "node:fs";
import { afterAll } from "vitest";
import { madeDirs } from "./temp.js";

/** Every test file leaves the system's temp folder as it found it. */
afterAll(() => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
