/**
 * The Loop Readiness Score: how ready a loop is to run unattended, judged from its file before it
 * ever runs. Points come from the rule table; blockers and caps hold the grade down whatever the
 * points say.
 */
import type { Loop } from '../loop/schema.js';
import { apportion } from './apportion.js';
import { scoreBudget } from './dimensions/budget.js';
import { scoreGoal } from './dimensions/goal.js';
import { scoreHuman } from './dimensions/human.js';
import { scoreRecovery } from './dimensions/recovery.js';
import { scoreState } from './dimensions/state.js';
import { scoreTermination } from './dimensions/termination.js';
import { scoreVerification } from './dimensions/verification.js';
import { gradeOf, worseGrade } from './grade.js';
import type { Cap, DimensionOutcome, Judgement, Scorer, ScoringInput } from './judgement.js';
import { locateNearest } from './locate.js';
import { rosterOf } from './roster.js';
import { DIMENSION_IDS, RULES, type DimensionId, type DimensionRule } from './rules.js';
import { secretBlockers } from './secrets.js';
import { literalCredentials } from './tools.js';
import type { Blocker, DimensionResult, DimensionStatus, LoopSource, LrsContext, LrsReport } from './types.js';

const SCORERS: { [D in DimensionId]: Scorer<D> } = {
  goal: scoreGoal,
  termination: scoreTermination,
  verification: scoreVerification,
  recovery: scoreRecovery,
  budget: scoreBudget,
  human: scoreHuman,
  state: scoreState
};

/** `loop` is the loop with the project's defaults (budget, memory, model) merged in. */
export function scoreLoop(loop: Loop, source: LoopSource, ctx: LrsContext): LrsReport {
  const input: ScoringInput = { loop, source, ctx, roster: rosterOf(loop) };
  const outcomes = DIMENSION_IDS.map((id) => ({ id, outcome: SCORERS[id](input) as DimensionOutcome<DimensionId> }));
  const scored = outcomes.map(({ id, outcome }) => judge(id, outcome, source));
  const earned = apportion(scored.map((s) => s.exact));
  const score = earned.reduce((a, b) => a + b, 0);

  const secrets = secretBlockers(source);
  // A credential the file-wide scan already reported on its line is reported once.
  const credentials = literalCredentials(loop, source).filter((c) => !secrets.some((s) => s.location?.line === c.location?.line));
  const blockers: Blocker[] = [...outcomes.flatMap(({ outcome }) => outcome.blockers ?? []), ...secrets, ...credentials];
  const caps: Cap[] = [...blockers.map((b): Cap => ({ grade: 'F', by: b.id })), ...outcomes.flatMap(({ outcome }) => outcome.caps ?? [])];
  const grade = caps.reduce((g, cap) => worseGrade(g, cap.grade), gradeOf(score));
  const holding = [...new Set(caps.filter((c) => c.grade === grade).map((c) => c.by))];

  return {
    loop: loop.name,
    score,
    grade,
    ...(holding.length > 0 ? { gradeCappedBy: holding.join(', ') } : {}),
    dimensions: scored.map((s, i) => ({ ...s.result, earned: earned[i] ?? 0 })),
    blockers,
    warnings: outcomes.flatMap(({ outcome }) => outcome.warnings ?? [])
  };
}

function judge(id: DimensionId, outcome: DimensionOutcome<DimensionId>, source: LoopSource): { exact: number; result: Omit<DimensionResult, 'earned'> } {
  const rule: DimensionRule = RULES[id];
  const judgements = outcome.judgements as Record<string, Judgement>;
  const parts = Object.entries(rule.criteria).map(([criterion, { points }]) => {
    const judgement = judgements[criterion];
    if (!judgement) throw new Error(`LRS: the ${id} scorer did not judge "${criterion}"`);
    return { judgement, points, lost: points * (1 - judgement.fraction) };
  });
  // Shares such as 0.6 are inexact in binary; a thousandth of a point is far below what is shown.
  const exact = Math.round(parts.reduce((sum, p) => sum + p.points * p.judgement.fraction, 0) * 1000) / 1000;
  const reason = parts.flatMap((p) => p.judgement.note ?? []).join('; ');
  // Stable sort: on a tie the fix of the earlier criterion in the table wins.
  const costliest = parts.filter((p) => p.lost > 0).sort((a, b) => b.lost - a.lost)[0]?.judgement.fix;
  const location = costliest && locateNearest(source, costliest.at);

  return {
    exact,
    result: {
      id,
      name: rule.name,
      weight: rule.weight,
      max: rule.weight,
      status: statusOf(exact, rule.weight, Boolean(outcome.blockers?.length || outcome.caps?.length)),
      reason: reason.charAt(0).toUpperCase() + reason.slice(1),
      ...(costliest ? { fix: costliest.text } : {}),
      ...(location ? { location } : {})
    }
  };
}

function statusOf(earned: number, max: number, blocked: boolean): DimensionStatus {
  if (blocked || earned < max / 2) return 'fail';
  return earned < max ? 'warn' : 'ok';
}
