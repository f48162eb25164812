// Entry of a worker thread of `Pool` when its code cannot be bundled (see
// worker-script.ts): the generator runs from TypeScript sources, and a worker
// does not inherit the loader, so it registers the same one first.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
