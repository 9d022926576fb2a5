/**
 * Scores a loaded loop the same way in the action and the CLI: for where loops run, the action,
 * so `loopkit validate` and the `LoopKit LRS` check always agree.
 */
import type { LoadedLoop, ProjectSettings } from '../loop/load.js';
import { scoreLoop } from './score.js';
import { skillWarnings } from './skills.js';
import type { LrsReport } from './types.js';

export function scoreLoaded(loaded: LoadedLoop, settings: ProjectSettings): LrsReport {
  const report = scoreLoop(
    loaded.loop,
    { file: loaded.file, text: loaded.text, locate: (path) => loaded.locateExact(path) },
    { runsIn: 'action', enforceMakerChecker: settings.enforceMakerChecker }
  );
  const skills = skillWarnings(loaded.skillDetails);
  return skills.length > 0 ? { ...report, warnings: [...report.warnings, ...skills] } : report;
}
