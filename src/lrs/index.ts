/** The Loop Readiness Score: `scoreLoop` for reports, `renderRuleTable` for docs/lrs.md. */
export { scoreLoop } from './score.js';
export { GRADE_THRESHOLDS, gradeOf, type Grade } from './grade.js';
export { RULES, renderRuleTable, type DimensionId } from './rules.js';
export type { Blocker, DimensionResult, DimensionStatus, Location, LoopSource, LrsContext, LrsReport } from './types.js';
