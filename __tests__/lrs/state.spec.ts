import type { Memory } from '../../src/loop/schema.js';
import { scoreState } from '../../src/lrs/dimensions/state.js';
import { ACTION, CLI, COMPLETE, inputOf } from './loops.js';
import type { LrsContext } from '../../src/lrs/types.js';

describe('lrs/state', () => {
  const store = (memory: Memory | undefined, ctx: LrsContext) => scoreState(inputOf({ ...COMPLETE, memory }, ctx)).judgements.store;

  describe('state persistence', () => {
    it.each<[Memory | undefined, number, string]>([
      [{ store: 'cache' }, 1, 'the Actions cache keeps state between runs'],
      [{ store: 'filesystem' }, 1, '.loopkit/state is carried between runs through the Actions cache'],
      [{ store: 'memory' }, 0, 'nothing is kept between runs: comments will be posted again'],
      [undefined, 0, 'no `memory`: nothing is kept between runs: comments will be posted again']
    ])('in the Action scores %j at %d', (memory, fraction, note) => {
      const judged = store(memory, ACTION);
      expect(judged).toMatchObject({ fraction, note });
      if (fraction < 1) expect(judged.fix?.text).toContain('cache');
    });

    it.each<[Memory | undefined, number, string]>([
      [{ store: 'filesystem' }, 1, 'state is kept in .loopkit/state'],
      [{ store: 'filesystem', path: '.cache/loops' }, 1, 'state is kept in .cache/loops'],
      [{ store: 'cache' }, 0.5, 'the Actions cache exists only inside a workflow run, not where the CLI runs'],
      [{ store: 'memory' }, 0, 'nothing is kept between runs: comments will be posted again'],
      [undefined, 0, 'no `memory`: nothing is kept between runs: comments will be posted again']
    ])('in the CLI scores %j at %d', (memory, fraction, note) => {
      const judged = store(memory, CLI);
      expect(judged).toMatchObject({ fraction, note });
      if (fraction < 1) expect(judged.fix?.text).toContain('filesystem');
    });

    it('points the fix at the store key, or at memory when there is none', () => {
      expect(store({ store: 'memory' }, ACTION).fix?.at).toEqual(['memory', 'store']);
      expect(store(undefined, ACTION).fix?.at).toEqual(['memory']);
    });
  });
});
