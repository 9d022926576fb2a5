/**
 * What `loopkit run` exits with, and the one-line verdict that says why: the only place a run's
 * result becomes an exit code, so a pre-push hook or a CI step can act on it. A code never claims
 * more than the run proved: 0 needs a review that completed with nothing at or above the bar
 * (or a dry run, which proves nothing and says so), and a run that did not complete is never 0.
 * Pure: the CLI prints the verdict (report.ts) and returns its code.
 */
import type { Gate } from '../engine/gate.js';
import type { GenericResult } from '../engine/generic.js';
import type { ReviewResult, RoundSummary } from '../engine/review.js';
import type { TriageResult } from '../engine/triage.js';
import type { Severity } from '../loop/schema.js';

export const EXIT = {
  /** The review completed and nothing verified is at or above failOn; or a dry run, or nothing to review. */
  ok: 0,
  /** A gate or threshold fails: a verified finding at or above failOn (or the loop's onError asks a failed run to fail), a score under --min-lrs, an eval under its bar. */
  gateFailed: 1,
  /** The command line or the loop files are wrong: an unknown command, option or loop, a missing or contradictory argument, a loop file that does not load. */
  usage: 2,
  /**
   * The run did not complete, or did not run: it crashed, a model call or the budget stopped it, a
   * person must decide. Its own code because it is neither a verdict on the code (1) nor a mistake
   * of the command line (2): a hook retries it, it does not block the push on it.
   */
  incomplete: 3
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The bar of a CLI run whose loop sets no `failOn`: the action's `fail-on` default. */
export const CLI_FAIL_ON: Severity = 'high';

/** The exit codes as `loopkit --help` and docs/cli.md state them. */
export const EXIT_CODES_HELP = `Exit codes (every command; docs/cli.md has the table per command):
  0   ok: the review completed and no verified finding is at or above failOn (the loop's, else
      high); also a dry run (it calls no model and proves nothing: it says so) and a change with
      no files; validate with every loop valid and at the bar
  1   a gate or threshold failed: a verified finding at or above failOn, a loop under --min-lrs or
      with an LRS blocker, an eval under --min-f1 and the like
  2   usage or loop-file error: an unknown command, option or loop, a missing or contradictory
      argument, a loop file that does not load, no loops at all
  3   did not complete: it crashed, a model call failed, the budget stopped it, the checker left
      findings for a person, a key or token is missing, the change or GitHub could not be read or
      did not answer; never 0, and never 1 or 2: it says nothing of the code or of the command line`;

export type VerdictWord = 'PASS' | 'FAIL' | 'INCOMPLETE' | 'DRY RUN';

export interface Verdict {
  code: ExitCode;
  word: VerdictWord;
  /** Why, in one clause. */
  why: string;
}

/** How a review or a triage ended. */
export type Finished = Pick<ReviewResult, 'dryRun' | 'status' | 'escalated'>;

/** A real review that ran to its end with nothing left for a person: the only kind whose head counts as reviewed. */
export function completed(result: Finished): boolean {
  return !result.dryRun && result.status === 'complete' && !result.escalated;
}

/**
 * Whether a round may be called passed, whatever the engine says: only in a completed run, and
 * only when what its makers reported (`reported`: findings or proposals) got verdicts; a round
 * with reports and no verdict verified nothing.
 */
export function roundPassed(round: Pick<RoundSummary, 'passed' | 'confirmed' | 'refuted' | 'uncertain'>, reported: number, result: Finished): boolean {
  return round.passed && completed(result) && (verdictsOf(round) > 0 || reported === 0);
}

export function verdictsOf(round: Pick<RoundSummary, 'confirmed' | 'refuted' | 'uncertain'>): number {
  return round.confirmed + round.refuted + round.uncertain;
}

/** A review's verdict: the gate's conclusion (engine/gate.ts reviewGate), never re-derived here. */
export function reviewVerdict(result: ReviewResult, gate: Gate): Verdict {
  if (result.dryRun) return DRY_RUN;
  if (gate.conclusion === 'failure') return { code: EXIT.gateFailed, word: 'FAIL', why: gate.title };
  if (gate.conclusion !== 'success' || !completed(result)) {
    const why = result.escalated && gate.conclusion === 'success' ? `a person must decide: ${result.escalation ?? 'escalated'}` : gate.title;
    return { code: EXIT.incomplete, word: 'INCOMPLETE', why };
  }
  return { code: EXIT.ok, word: 'PASS', why: gate.title };
}

/** No review ran (the flows said why): the gate of what is already known decides, else it did not run. */
export function notRunVerdict(gate: Gate | undefined, reason: string | undefined): Verdict {
  if (gate?.conclusion === 'failure') return { code: EXIT.gateFailed, word: 'FAIL', why: gate.title };
  if (gate?.conclusion === 'success') return { code: EXIT.ok, word: 'PASS', why: gate.title };
  return { code: EXIT.incomplete, word: 'INCOMPLETE', why: gate?.title ?? `not run: ${reason ?? 'unknown'}` };
}

/** A triage has no gate: it passes when it completed with nothing left for a person, and (with --post) every write landed. */
export function triageVerdict(result: TriageResult, writeProblems = 0): Verdict {
  if (result.dryRun) return DRY_RUN;
  if (result.status !== 'complete') return { code: EXIT.incomplete, word: 'INCOMPLETE', why: `triage ${result.status}: ${result.reasons.join('; ')}` };
  if (result.escalated) return { code: EXIT.incomplete, word: 'INCOMPLETE', why: `a person must decide: ${result.escalation ?? 'escalated'}` };
  if (writeProblems > 0) return { code: EXIT.incomplete, word: 'INCOMPLETE', why: `${writeProblems} write(s) to GitHub failed` };
  return { code: EXIT.ok, word: 'PASS', why: `${result.plans.length} issue(s) triaged` };
}

/** A generic loop: its check's gate when it declares one (engine/gate.ts genericGate), else whether it completed with nothing left for a person. */
export function genericVerdict(result: GenericResult): Verdict {
  if (result.dryRun) return DRY_RUN;
  const check = result.plan.check;
  if (check?.conclusion === 'failure') return { code: EXIT.gateFailed, word: 'FAIL', why: check.title };
  if (result.status !== 'complete') return { code: EXIT.incomplete, word: 'INCOMPLETE', why: `${result.loop} ${result.status}: ${result.reasons.join('; ')}` };
  if (result.escalated) return { code: EXIT.incomplete, word: 'INCOMPLETE', why: `a person must decide: ${result.escalation ?? 'escalated'}` };
  return { code: EXIT.ok, word: 'PASS', why: check?.title ?? `${result.proposals.length} proposal(s) checked` };
}

/** Exit 0 so the demo (`npm run demo`) and a first try run through; the line says it proved nothing. */
const DRY_RUN: Verdict = {
  code: EXIT.ok,
  word: 'DRY RUN',
  why: 'no model was called, nothing was verified; a dry run exits 0 and proves nothing'
};

export function verdictLine(verdict: Verdict): string {
  return `verdict: ${verdict.word} — ${verdict.why} (exit ${verdict.code})`;
}
