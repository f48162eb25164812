import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

/** `UPDATE=1 npm test` rewrites expected files instead of comparing with them. */
export const UPDATE = process.env["UPDATE"] === "1";

/**
 * Compares `actual` with the JSON in `file`; with UPDATE=1 (or when the file
 * does not exist yet) writes it instead. Review the diff before committing.
 */
export function expectJsonFile(file: string, actual: unknown): void {
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (UPDATE || !existsSync(file)) {
    writeFileSync(file, text);
    if (!UPDATE) throw new Error(`${file} did not exist and was written: review it and run again`);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, "utf8")));
}
