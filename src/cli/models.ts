/** Models the loops name that LoopKit's model table does not list: most likely a typo, which the API would refuse at the first call. */
import type { LoadedLoop } from '../loop/load.js';
import { suggestion } from '../loop/suggest.js';
import { modelOf } from '../providers/capabilities.js';
import { DEFAULT_MODEL, MODELS, modelInfo } from '../providers/models.js';

/** One warning per model the table does not list, with the nearest known name. */
export function unknownModels(loaded: LoadedLoop): string[] {
  const known = Object.keys(MODELS);
  // The loop's own model (or default) and each agent's.
  const models = new Set([undefined, ...loaded.makers, ...loaded.checkers].map((agent) => modelOf(agent, loaded.loop, DEFAULT_MODEL).model));
  return [...models]
    .filter((m) => modelInfo(m) === undefined)
    .map((m) => {
      const near = suggestion(m, known);
      return `${loaded.file}: no provider LoopKit knows serves the model "${m}"${near ? `; did you mean "${near}"?` : ` (known: ${known.join(', ')})`}`;
    });
}
