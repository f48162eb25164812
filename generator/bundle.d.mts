/** The folder of the generator's bundle (cli.mjs, worker.mjs and their chunks), built first if need be. */
export function bundle(): Promise<string>;
