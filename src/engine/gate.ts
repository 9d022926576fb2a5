/**
 * What the review check concludes. A check never claims a review that did not happen: anything
 * short of a complete, real review is neutral (or failure when the loop asks for it), never success.
 */
import type { Loop, Severity } from '../loop/schema.js';
import type { ReviewResult } from './review.js';
import { SEVERITY_ORDER } from './review.js';

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface Gate {
  conclusion: Conclusion;
  title: string;
}

export function atLeast(severity: Severity, bar: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(bar);
}

export function reviewGate(loop: Loop, result: ReviewResult, failOn: Severity | 'none'): Gate {
  const bar = loop.failOn ?? failOn;
  const blocking = bar === 'none' ? [] : result.verified.filter((f) => atLeast(f.severity, bar));
  if (blocking.length > 0 && !result.dryRun) {
    return { conclusion: 'failure', title: `${blocking.length} verified finding(s) at or above ${bar}` };
  }
  if (result.dryRun) return { conclusion: 'neutral', title: 'Dry run: no model was called, nothing was verified' };
  if (result.status === 'failed') {
    return { conclusion: loop.onError?.provider === 'fail' ? 'failure' : 'neutral', title: `Review failed: ${result.reasons.join('; ')}` };
  }
  if (result.status === 'partial') {
    const budgetStop = result.reasons.some((r) => r.startsWith('stopped by budget'));
    const conclusion = budgetStop && loop.onError?.budget === 'fail' ? 'failure' : 'neutral';
    return { conclusion, title: `Review partial: ${result.reasons.join('; ')}` };
  }
  const count = result.verified.length;
  return { conclusion: 'success', title: count === 0 ? 'No verified findings' : `${count} verified finding(s), none at or above ${bar}` };
}

export function notRunGate(reason: string): Gate {
  return { conclusion: 'neutral', title: `Review not run: ${reason}` };
}
