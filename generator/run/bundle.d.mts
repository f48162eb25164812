/** A hash of every file below generator/ and of the lockfile: what the bundle is built from. */
export function sourcesHash(): string;

/** The folder of the generator's bundle (cli.mjs, worker.mjs and their chunks), built first if need be. */
export function bundle(): Promise<string>;
