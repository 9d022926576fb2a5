/** Quantifiable goal: a description that states the goal and a criterion a run can be measured by. */
import { met, short, type Judgement, type Scorer } from '../judgement.js';
import type { LoopSource } from '../types.js';
import type { Loop } from '../../loop/schema.js';

/** Below this many words a description names the loop rather than stating what it achieves. */
const BRIEF_WORDS = 5;
const FULL_WORDS = 8;
const DESCRIBE = 'Write a `description:` sentence saying what the loop achieves and how to tell that it worked';

export const scoreGoal: Scorer<'goal'> = ({ loop, source }) => ({
  judgements: { description: judgeDescription(loop), passCriterion: judgeCriterion(loop, source) }
});

function judgeDescription(loop: Loop): Judgement {
  const text = loop.description?.trim();
  if (!text) return short(0, 'no description states the goal', DESCRIBE, ['description']);
  if (words(text).join(' ') === words(loop.name.replace(/-/g, ' ')).join(' ')) {
    return short(0, 'the description only repeats the name', DESCRIBE, ['description']);
  }
  const count = words(text).length;
  if (count < BRIEF_WORDS) return short(0.25, `the description is ${count} word(s), too short to state a goal`, DESCRIBE, ['description']);
  if (count < FULL_WORDS) return short(0.6, `the description is brief (${count} words)`, DESCRIBE, ['description']);
  return met('the description states the goal');
}

function judgeCriterion(loop: Loop, source: LoopSource): Judgement {
  const verify = loop.verify;
  // The schema fills passThreshold in; only the file tells whether someone chose it.
  const threshold = verify && source.locate(['verify', 'passThreshold']) ? verify.passThreshold : undefined;
  const gates = [
    ...(threshold === undefined ? [] : [`a round passes at ${Math.round(threshold * 100)}% confirmed`]),
    ...(loop.failOn ? [`the check fails on ${loop.failOn} findings`] : [])
  ];
  if (gates.length > 0) return met(gates.join(', '));
  const fix = 'Set `verify.passThreshold` (e.g. 0.8) or a severity gate `failOn: high` so success is measurable';
  if (verify) {
    return short(1 / 3, `the only pass criterion is the default threshold (${verify.passThreshold})`, fix, ['verify', 'passThreshold']);
  }
  return short(0, 'nothing measures success: no `verify.passThreshold`, no `failOn`', fix, ['failOn']);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
