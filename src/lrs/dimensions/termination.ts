/** Termination: every run ends, by rounds and by an iteration or time cap. */
import { locateNearest } from '../locate.js';
import { met, short, type Scorer } from '../judgement.js';

const CAP_FIX = 'Add `budget.maxDurationMinutes` (e.g. 15) or `budget.maxIterations` so every run ends';

export const scoreTermination: Scorer<'termination'> = ({ loop, source }) => {
  const verify = loop.verify;
  const { maxIterations, maxDurationMinutes } = loop.budget ?? {};
  const caps = [
    ...(maxIterations === undefined ? [] : [`${maxIterations} model calls`]),
    ...(maxDurationMinutes === undefined ? [] : [`${maxDurationMinutes} minutes`])
  ];
  const judgements = {
    rounds: verify
      ? met(`\`verify\` stops after ${verify.maxRounds} round${verify.maxRounds === 1 ? '' : 's'}`)
      : short(0, 'no `verify` rounds bound the run', 'Add `verify:` with `maxRounds`', ['verify']),
    cap: caps.length > 0 ? met(`capped at ${caps.join(' and ')}`) : short(0, 'no iteration or time cap', CAP_FIX, ['budget', 'maxDurationMinutes'])
  };
  if (verify || caps.length > 0) return { judgements };
  return {
    judgements,
    blockers: [
      {
        id: 'unbounded',
        message: 'Nothing bounds this loop: no `verify` rounds, no `budget.maxIterations`, no `budget.maxDurationMinutes`',
        fix: CAP_FIX,
        location: locateNearest(source, ['budget'])
      }
    ]
  };
};
