/** The heap between the phases of a run (INTERNALS.md, "Memory"). */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap in use, in bytes, below which a collection is not worth its time (INTERNALS.md, "Memory"). */
const GARBAGE_WORTH_COLLECTING = 64 * 1024 * 1024;

/**
 * A full garbage collection, now, if the heap is large: called before a
 * parse (reading the previous snapshot leaves garbage), once the parse is
 * done (its garbage at its largest, what lives at its smallest) and once the
 * printing is (its garbage gone before the files are written). Left to
 * itself V8 keeps the heap each phase grew, and its pages of memory, through
 * the next one. `gc` is exposed for this call only.
 */
export function collectGarbage(): void {
  if (getHeapStatistics().used_heap_size < GARBAGE_WORTH_COLLECTING) return;
  setFlagsFromString("--expose-gc");
  try {
    (runInNewContext("gc") as () => void)();
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

