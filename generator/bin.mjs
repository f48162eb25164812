#!/usr/bin/env node
// `npm run generate`: the command line, run from the bundle of the
// generator's sources (see run/bundle.mjs), its worker threads too.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundle } from "./run/bundle.mjs";

// Stack traces name the sources' lines, through the bundle's source maps.
process.setSourceMapsEnabled(true);

const dir = await bundle();
const cli = await import(pathToFileURL(join(dir, "cli.mjs")).href);
await cli.run(process.argv.slice(2), { workerScript: pathToFileURL(join(dir, "worker.mjs")) });
