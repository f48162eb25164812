// Entry of a printer worker thread: the generator runs from TypeScript
// sources, so the worker registers the same loader before loading them.
import { register } from "tsx/esm/api";

register();
await import("./print-worker.ts");
