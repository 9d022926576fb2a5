/** Failure recovery: failed rounds are retried, and provider errors and spent budgets end gently. */
import { met, short, type Judgement, type Scorer } from '../judgement.js';
import type { Loop } from '../../loop/schema.js';

const DECLARE = 'Declare `onError: { provider: neutral, budget: partial }`';

export const scoreRecovery: Scorer<'recovery'> = ({ loop }) => {
  const onError = loop.onError;
  // Undeclared, the defaults (neutral, partial) still apply, but nobody decided on them.
  if (!onError) {
    return {
      judgements: {
        retry: judgeRetry(loop),
        providerError: short(0.5, 'onError is not declared (defaults: provider neutral, budget partial)', DECLARE, ['onError']),
        budgetStop: short(0.5, undefined, DECLARE, ['onError'])
      }
    };
  }
  return {
    judgements: {
      retry: judgeRetry(loop),
      providerError:
        onError.provider === 'neutral'
          ? met('provider errors end neutral')
          : short(0, 'a provider outage fails the check', 'Set `onError.provider: neutral` so an outage does not block merges', ['onError', 'provider']),
      budgetStop:
        onError.budget === 'partial'
          ? met('a spent budget reports partial results')
          : short(0, 'a spent budget throws the results away', 'Set `onError.budget: partial` to keep what was verified', ['onError', 'budget'])
    }
  };
};

function judgeRetry(loop: Loop): Judgement {
  const verify = loop.verify;
  if (!verify) {
    return short(0, 'no `verify`: nothing reruns the makers', 'Add `verify:` with `autoRetry: true` and `maxRounds: 2`', ['verify']);
  }
  if (!verify.autoRetry) {
    return short(0, 'autoRetry is off: a failed round is final', 'Set `verify.autoRetry: true`', ['verify', 'autoRetry']);
  }
  if (verify.maxRounds < 2) {
    return short(0, 'one round: the makers never answer the checker', 'Set `verify.maxRounds: 2` or more', ['verify', 'maxRounds']);
  }
  return met(`failed rounds are retried (up to ${verify.maxRounds} rounds)`);
}
