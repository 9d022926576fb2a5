import { scoreRecovery } from '../../src/lrs/dimensions/recovery.js';
import { COMPLETE, inputOf } from './loops.js';

describe('lrs/recovery', () => {
  describe('failure recovery', () => {
    it('gives full marks to retried rounds and a declared neutral, partial onError', () => {
      expect(scoreRecovery(inputOf(COMPLETE)).judgements).toEqual({
        retry: { fraction: 1, note: 'failed rounds are retried (up to 3 rounds)' },
        providerError: { fraction: 1, note: 'provider errors end neutral' },
        budgetStop: { fraction: 1, note: 'a spent budget reports partial results' }
      });
    });

    it('counts the undeclared defaults for half', () => {
      const { providerError, budgetStop } = scoreRecovery(inputOf({ ...COMPLETE, onError: undefined })).judgements;
      expect(providerError).toMatchObject({ fraction: 0.5, note: expect.stringContaining('not declared'), fix: { at: ['onError'] } });
      expect(budgetStop).toMatchObject({ fraction: 0.5, fix: { at: ['onError'] } });
    });

    it('counts an onError that fails for nothing', () => {
      const { providerError, budgetStop } = scoreRecovery(inputOf({ ...COMPLETE, onError: { provider: 'fail', budget: 'fail' } })).judgements;
      expect(providerError).toMatchObject({ fraction: 0, note: 'a provider outage fails the check', fix: { at: ['onError', 'provider'] } });
      expect(budgetStop).toMatchObject({ fraction: 0, note: 'a spent budget throws the results away', fix: { at: ['onError', 'budget'] } });
    });

    it.each([
      [undefined, 'no `verify`: nothing reruns the makers', ['verify']],
      [{ checker: 'skeptic', autoRetry: false }, 'autoRetry is off: a failed round is final', ['verify', 'autoRetry']],
      [{ checker: 'skeptic', maxRounds: 1 }, 'one round: the makers never answer the checker', ['verify', 'maxRounds']]
    ])('gives no retry points for verify %j', (verify, note, at) => {
      expect(scoreRecovery(inputOf({ ...COMPLETE, verify })).judgements.retry).toMatchObject({ fraction: 0, note, fix: { at } });
    });
  });
});
