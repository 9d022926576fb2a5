import { scoreTermination } from '../../src/lrs/dimensions/termination.js';
import { COMPLETE, MINIMAL, inputOf } from './loops.js';

describe('lrs/termination', () => {
  describe('termination', () => {
    it('gives full marks to rounds plus an iteration or time cap', () => {
      const outcome = scoreTermination(inputOf(COMPLETE));
      expect(outcome.judgements).toEqual({
        rounds: { fraction: 1, note: '`verify` stops after 3 rounds' },
        cap: { fraction: 1, note: 'capped at 20 model calls and 15 minutes' }
      });
      expect(outcome.blockers).toBeUndefined();
    });

    it('counts rounds alone as partial', () => {
      const outcome = scoreTermination(inputOf({ ...COMPLETE, budget: { maxCostUsd: 3 }, verify: { checker: 'skeptic', maxRounds: 1 } }));
      expect(outcome.judgements.rounds).toEqual({ fraction: 1, note: '`verify` stops after 1 round' });
      expect(outcome.judgements.cap).toMatchObject({ fraction: 0, fix: { at: ['budget', 'maxDurationMinutes'] } });
      expect(outcome.blockers).toBeUndefined();
    });

    it.each([
      [{ maxIterations: 12 }, 'capped at 12 model calls'],
      [{ maxDurationMinutes: 10 }, 'capped at 10 minutes']
    ])('counts a cap without verify: %j', (budget, note) => {
      const outcome = scoreTermination(inputOf({ ...MINIMAL, budget }));
      expect(outcome.judgements.cap).toEqual({ fraction: 1, note });
      expect(outcome.judgements.rounds).toMatchObject({ fraction: 0, fix: { at: ['verify'] } });
      expect(outcome.blockers).toBeUndefined();
    });

    it('blocks a loop with no bound, whatever its token or cost caps', () => {
      const outcome = scoreTermination(inputOf({ ...MINIMAL, budget: { maxTokens: 100000, maxCostUsd: 1 } }));
      expect(outcome.blockers).toEqual([expect.objectContaining({ id: 'unbounded', message: expect.stringContaining('Nothing bounds this loop') })]);
    });
  });
});
