/**
 * What the tests use of generated/, from one place: the root entry (runtime,
 * common and legacy codes), the services by name, and the services the tests
 * exercise (each an entry point of its own in the package).
 */
export * from "../../generated/index.js";
export * from "../../generated/services.js";
export * from "../../generated/cdb/index.js";
export * from "../../generated/cvm/index.js";
export * from "../../generated/redis/index.js";
