/** Termination: every run ends, by rounds and by an iteration or time cap. */
import { locateNearest } from '../locate.js';
import { met, short, type Judgement, type Scorer } from '../judgement.js';
import type { Loop } from '../../loop/schema.js';
import { connectorsWithoutMaxCalls } from '../tools.js';

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
    cap: toolCallCap(
      caps.length > 0 ? met(`capped at ${caps.join(' and ')}`) : short(0, 'no iteration or time cap', CAP_FIX, ['budget', 'maxDurationMinutes']),
      loop
    )
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

/** A third of the cap's points go when a tool connector leaves its calls to LoopKit's defaults: tool turns are model calls the budget did not plan for. */
function toolCallCap(judgement: Judgement, loop: Loop): Judgement {
  const open = connectorsWithoutMaxCalls(loop);
  const [first] = open;
  if (!first) return judgement;
  const note = `tool calls of ${open.map((c) => c.name).join(' and ')} are bounded only by LoopKit's defaults`;
  return {
    fraction: judgement.fraction * (2 / 3),
    note: judgement.fraction < 1 ? `${judgement.note}; ${note}` : `${judgement.note}, but ${note}`,
    fix: judgement.fix ?? {
      text: `Add \`maxCalls\` (e.g. 40) to \`connectors[${first.index}]\` so the run's tool calls have a bound you chose`,
      at: ['connectors', first.index, 'maxCalls']
    }
  };
}
