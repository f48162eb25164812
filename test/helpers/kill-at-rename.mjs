// Test hook for "killed at any instant", loaded into a run with
// `node --import` (see `killAtRename`): with DOC2ERRORS_KILL_AT_RENAME=n, the
// process kills itself (SIGKILL) just before its n-th rename, whichever
// write makes it (the generated files' transaction, a fetched page, the
// manifest, the cache's index). The generator itself has no such hook.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const at = Number(process.env.DOC2ERRORS_KILL_AT_RENAME);
let renames = 0;
const renameSync = fs.renameSync;
fs.renameSync = function (...args) {
  if (++renames === at) process.kill(process.pid, "SIGKILL");
  return renameSync.apply(this, args);
};
// Modules that imported `renameSync` by name see this one too.
syncBuiltinESMExports();
