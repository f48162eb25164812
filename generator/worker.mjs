// Entry of a worker thread of `Pool`: the generator runs from TypeScript
// sources, so the worker registers the same loader before loading them.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
