/** Scores every loop of a loaded project, the same way in the action and the CLI. */
import type { LoadedLoop, ProjectSettings } from '../loop/load.js';
import { scoreLoop } from './score.js';
import type { LrsReport } from './types.js';

export function scoreLoaded(loaded: LoadedLoop, settings: ProjectSettings, runsIn: 'action' | 'cli'): LrsReport {
  return scoreLoop(
    loaded.loop,
    { file: loaded.file, text: loaded.text, locate: (path) => loaded.locateExact(path) },
    { runsIn, enforceMakerChecker: settings.enforceMakerChecker }
  );
}
