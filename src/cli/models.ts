/** Models the loops name that no provider of LoopKit knows: most likely a typo, which the API would refuse at the first call. */
import type { LoadedLoop } from '../loop/load.js';
import { suggestion } from '../loop/suggest.js';
import { DEFAULT_MODEL, PRICES, priceOf } from '../providers/index.js';

/** One warning per model that no provider prices, with the nearest known name. */
export function unknownModels(loaded: LoadedLoop): string[] {
  const known = Object.keys(PRICES);
  const models = new Set([
    loaded.loop.model ?? DEFAULT_MODEL,
    ...[...loaded.makers, ...loaded.checkers].map((a) => a.model ?? loaded.loop.model ?? DEFAULT_MODEL)
  ]);
  return [...models]
    .filter((m) => priceOf(m) === undefined)
    .map((m) => {
      const near = suggestion(m, known);
      return `${loaded.file}: no provider LoopKit knows serves the model "${m}"${near ? `; did you mean "${near}"?` : ` (known: ${known.join(', ')})`}`;
    });
}
