/**
 * Human intervention: when verification still fails after the last round a human hears of it,
 * and whatever the loop writes is declared and bounded.
 */
import { met, short, type Judgement, type Scorer } from '../judgement.js';
import { taskOf, type Loop } from '../../loop/schema.js';
import { landingNowhere } from '../../loop/writes.js';
import type { LoopSource } from '../types.js';
import { toolWriteConcerns, withConcerns } from '../tools.js';

const ESCALATE = 'Add `escalation: { label: needs-human, reviewers: [...] }` so a failed verification reaches a person';

export const scoreHuman: Scorer<'human'> = ({ loop, source }) => {
  const tools = toolWriteConcerns(loop);
  return {
    judgements: { escalation: judgeEscalation(loop), writes: withConcerns(judgeWrites(loop, source), tools.concerns) },
    ...(tools.warnings.length > 0 ? { warnings: tools.warnings } : {})
  };
};

function judgeEscalation(loop: Loop): Judgement {
  const escalation = loop.escalation;
  // Escalation fires when the checker still rejects after the last round: no verify, no trigger.
  if (!loop.verify) {
    return short(0, 'without `verify` no failure is ever escalated', 'Add `verify:` and `escalation:` so a failed check reaches a person', ['verify']);
  }
  if (!escalation) return short(0, 'no `escalation`: a failed verification asks no one', ESCALATE, ['escalation']);
  const who = [
    ...(escalation.label ? [`labels "${escalation.label}"`] : []),
    ...(escalation.reviewers?.length ? [`asks ${escalation.reviewers.map((r) => `@${r}`).join(', ')}`] : [])
  ];
  if (who.length > 0) return met(`a failed verification ${who.join(' and ')}`);
  if (escalation.comment) return short(0.4, 'escalation only says so in the summary', ESCALATE, ['escalation']);
  return short(0, 'escalation notifies no one', ESCALATE, ['escalation']);
}

function judgeWrites(loop: Loop, source: LoopSource): Judgement {
  const outputs = loop.outputs;
  // Declared but never writable: the loop's author expects a write that cannot happen.
  const nowhere = landingNowhere(loop);
  if (nowhere.length > 0) {
    return short(
      0.5,
      `\`outputs.${nowhere.join('` and `outputs.')}\` can land nowhere: no event of the loop is about an issue or a pull request`,
      'Open an issue instead (`outputs.issue: { max: 1 }`), or trigger the loop on issues, pull requests or a command',
      ['outputs', nowhere[0]!]
    );
  }
  if (taskOf(loop) === 'triage' && !outputs?.labels) {
    return short(
      0,
      'a triage loop without `outputs.labels` has no bounded set of labels to apply',
      'Add `outputs.labels: { allowed: [bug, question], max: 2 }`',
      ['outputs', 'labels']
    );
  }
  const writes = [
    ...(outputs?.review ? [`reviews (COMMENT only, never approve; at most ${outputs.review.maxComments} comments)`] : []),
    ...(outputs?.labels ? [`labels (${outputs.labels.allowed.length} allowed, at most ${outputs.labels.max})`] : []),
    ...(outputs?.comment ? ['one comment'] : []),
    // Every generic write is bounded: an issue output without `max` opens at most one issue per event.
    ...(outputs?.issue ? [`issues (at most ${outputs.issue.max} per event${source.locate(['outputs', 'issue', 'max']) ? '' : ', the default'})`] : []),
    ...(outputs?.release ? ['its own section of the release notes'] : []),
    ...(outputs?.check ? ['a check run'] : [])
  ];
  if (writes.length === 0) return met('read-only: it writes nothing');
  if (!loop.escalation) {
    return short(0.5, `it writes ${writes.join(', ')} with no one to escalate to`, ESCALATE, ['escalation']);
  }
  return met(`it writes ${writes.join(', ')}`);
}
