/**
 * What the review check concludes. A check never claims a review that did not happen: anything
 * short of a complete, real review is neutral (or failure when the loop asks for it), never success.
 * Nor does it claim a verification that did not settle: a loop that escalates (items still
 * uncertain or unjudged when its rounds ran out, makers and checker still disagreeing) is neutral.
 */
import type { Loop, Severity } from '../loop/schema.js';
import type { ReviewResult } from './review.js';
import { SEVERITY_ORDER } from './run.js';

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface Gate {
  conclusion: Conclusion;
  title: string;
}

export function atLeast(severity: Severity, bar: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(bar);
}

/** What earlier reviews of the pull request left open, on files this run did not read again. */
export interface Carried {
  /** Verified findings posted earlier, still open and not ignored. */
  open: readonly { severity: Severity }[];
  /** Files of the pull request that no completed review has read in their current form. */
  unreviewedFiles: number;
}

export function reviewGate(loop: Loop, result: ReviewResult, failOn: Severity | 'none', carried: Carried = { open: [], unreviewedFiles: 0 }): Gate {
  const bar = loop.failOn ?? failOn;
  const blocking = bar === 'none' ? [] : result.verified.filter((f) => atLeast(f.severity, bar));
  const blockingEarlier = bar === 'none' ? [] : carried.open.filter((f) => atLeast(f.severity, bar));
  if (blocking.length + blockingEarlier.length > 0 && !result.dryRun) {
    const all = [...blocking, ...blockingEarlier];
    const bySeverity = SEVERITY_ORDER.flatMap((s) => {
      const n = all.filter((f) => f.severity === s).length;
      return n > 0 ? [`${n} ${s}`] : [];
    });
    const earlier = blockingEarlier.length > 0 ? `; ${blockingEarlier.length} from earlier reviews, still open` : '';
    const unread = carried.unreviewedFiles > 0 ? `; ${carried.unreviewedFiles} file(s) not reviewed yet` : '';
    return { conclusion: 'failure', title: `${all.length} verified finding(s) at or above ${bar} (${bySeverity.join(', ')}${earlier}${unread})` };
  }
  if (result.dryRun) return { conclusion: 'neutral', title: 'Dry run: no model was called, nothing was verified' };
  if (result.status === 'failed') {
    return { conclusion: loop.onError?.provider === 'fail' ? 'failure' : 'neutral', title: `Review failed: ${result.reasons.join('; ')}` };
  }
  if (result.status === 'partial') {
    const budgetStop = result.reasons.some((r) => r.startsWith('stopped by budget'));
    const conclusion = budgetStop && loop.onError?.budget === 'fail' ? 'failure' : 'neutral';
    const left = carried.unreviewedFiles > 0 ? `; ${carried.unreviewedFiles} file(s) are reviewed on the next run` : '';
    return { conclusion, title: `Review partial: ${result.reasons.join('; ')}${left}` };
  }
  if (result.escalated) return { conclusion: 'neutral', title: needsPerson(result.escalation) };
  // However complete this run, a pull request with files no review has read is not reviewed.
  if (carried.unreviewedFiles > 0) return { conclusion: 'neutral', title: `Review partial: ${carried.unreviewedFiles} file(s) not reviewed` };
  const count = result.verified.length;
  return { conclusion: 'success', title: count === 0 ? 'No verified findings' : `${count} verified finding(s), none at or above ${bar}` };
}

/** What the gate of a generic loop reads of its run. */
export interface GenericRun {
  status: 'complete' | 'partial' | 'failed';
  dryRun: boolean;
  reasons: string[];
  /** Verified findings. */
  findings: readonly { severity: Severity }[];
  /** Why verification fell short when the loop's rounds ran out (its escalation); absent when it did not. */
  escalation?: string;
}

/**
 * The check of a generic loop: failure on a verified finding at or above `outputs.check.failOn`
 * (else the loop's failOn, else high); neutral for a dry run, a run that did not complete or one
 * whose verification fell short (escalation); success only for a complete, settled run.
 */
export function genericGate(loop: Loop, run: GenericRun): Gate {
  const bar = loop.outputs?.check?.failOn ?? loop.failOn ?? 'high';
  if (run.dryRun) return { conclusion: 'neutral', title: 'Dry run: no model was called, nothing was verified' };
  const blocking = run.findings.filter((f) => atLeast(f.severity, bar));
  if (blocking.length > 0) {
    const bySeverity = SEVERITY_ORDER.flatMap((s) => {
      const n = blocking.filter((f) => f.severity === s).length;
      return n > 0 ? [`${n} ${s}`] : [];
    });
    return { conclusion: 'failure', title: `${blocking.length} verified finding(s) at or above ${bar} (${bySeverity.join(', ')})` };
  }
  if (run.status === 'failed') return { conclusion: 'neutral', title: `${loop.name} failed: ${run.reasons.join('; ')}` };
  if (run.status === 'partial') return { conclusion: 'neutral', title: `${loop.name} partial: ${run.reasons.join('; ')}` };
  if (run.escalation !== undefined) return { conclusion: 'neutral', title: needsPerson(run.escalation) };
  const count = run.findings.length;
  return { conclusion: 'success', title: count === 0 ? 'No verified findings' : `${count} verified finding(s), none at or above ${bar}` };
}

/** The title of a check whose loop escalated: what is left for a person, not a verdict on the code. */
function needsPerson(escalation: string | undefined): string {
  return `Verification unsettled, a person decides: ${escalation ?? 'the checker did not settle every item'}`;
}

export function notRunGate(reason: string): Gate {
  return { conclusion: 'neutral', title: `Review not run: ${reason}` };
}
