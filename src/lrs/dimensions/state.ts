/** State persistence: what was reviewed and posted survives until the next run, where the loop runs. */
import { met, short, type Judgement, type Scorer } from '../judgement.js';
import { taskOf, type Loop } from '../../loop/schema.js';
import type { LrsContext } from '../types.js';

const NOTHING_KEPT = 'nothing is kept between runs: comments will be posted again';

export const scoreState: Scorer<'state'> = ({ loop, ctx }) => ({ judgements: { store: judgeStore(loop, ctx) } });

function judgeStore(loop: Loop, ctx: LrsContext): Judgement {
  // A generic loop keeps no state document whatever its `memory` says (validation warns about one that declares it).
  if (taskOf(loop) === 'generic')
    return met("a generic loop keeps no state: its writes find LoopKit's earlier ones by their markers, so a re-run writes nothing twice");
  const wanted = ctx.runsIn === 'action' ? 'cache' : 'filesystem';
  const fix = `Set \`memory.store: ${wanted}\``;
  const memory = loop.memory;
  if (!memory) return short(0, `no \`memory\`: ${NOTHING_KEPT}`, `Add \`memory: { store: ${wanted} }\``, ['memory']);
  if (memory.store === 'memory') return short(0, NOTHING_KEPT, fix, ['memory', 'store']);
  if (ctx.runsIn === 'action') {
    // A filesystem store's folder is carried between runs through the Actions cache (state/folder-carrier.ts).
    return met(
      memory.store === 'cache'
        ? 'the Actions cache keeps state between runs'
        : `${memory.path ?? '.loopkit/state'} is carried between runs through the Actions cache`
    );
  }
  return memory.store === 'filesystem'
    ? met(`state is kept in ${memory.path ?? '.loopkit/state'}`)
    : short(0.5, 'the Actions cache exists only inside a workflow run, not where the CLI runs', fix, ['memory', 'store']);
}
