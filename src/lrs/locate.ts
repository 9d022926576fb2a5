import type { Path } from './judgement.js';
import type { Location, LoopSource } from './types.js';

/** Where a key is, or where it would go: its closest ancestor that the file writes. */
export function locateNearest(source: LoopSource, path: Path): Location | undefined {
  for (let n = path.length; n >= 0; n--) {
    const at = source.locate(path.slice(0, n));
    if (at) return at;
  }
  return undefined;
}
