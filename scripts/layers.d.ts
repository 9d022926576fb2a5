// Types of scripts/layers.js, which eslint.config.js (plain JavaScript) and the tests share.
export const LAYERS_DOC: string;
export const ENTRIES: string;
export function readLayers(markdown?: string): Map<string, Set<string>>;
export function findCycle(graph: Map<string, Iterable<string>>): string[] | undefined;
