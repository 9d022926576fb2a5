export * from './schema.js';
export * from './diagnostic.js';
export * from './load.js';
export { FileSystemLoopSource } from './fs-source.js';
export { loopJsonSchema, projectJsonSchema } from './json-schema.js';
