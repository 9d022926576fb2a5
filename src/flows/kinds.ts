/**
 * The loop kinds, one entry each: what the kind takes from a routed event (a pull request, an
 * issue, the event itself), the log group it runs in, and what the event flow takes from it once it
 * ran (its part of the outputs, a command's answer, its section of the job summary). Each kind's
 * own steps (start, restore, run, publish) are in its file (review.ts, triage.ts, generic.ts); the
 * steps every kind shares are the skeleton (skeleton.ts). Adding a kind adds an entry here and a
 * file beside it; the event flow (event.ts) does not change.
 */
import type { ReviewResult } from '../engine/review.js';
import type { LrsReport } from '../lrs/index.js';
import type { Task } from '../loop/schema.js';
import type { AppliedOutputs, GenericReport } from '../render/generic.js';
import type { TriageReport } from '../render/index.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
import { runGenericLoop } from './generic.js';
import { reviewPullRequest } from './review.js';
import type { RoutedLoop } from './routing.js';
import { verdictsOf, type Verdicts } from './run-record.js';
import type { LoopOutcome } from './skeleton.js';
import { triageIssues } from './triage.js';

/** What the event flow takes from a loop that ran. */
export interface Reported {
  tokens: number;
  costUsd: number;
  /** Review findings, and those verified (the step's `findings` and `verified-findings` outputs). */
  findings: number;
  verified: number;
  /** The checkers' verdicts over the run's rounds. */
  verdicts: Verdicts;
  /** What the loop wrote on GitHub, in words and numbers only (the run record); empty: nothing. */
  written: string[];
  /** For a command that ran the loop: whether it worked, and why not. */
  ok: boolean;
  failure?: string;
  /** Its section of the job summary: a review after the LRS table, the triages and generic runs after the reviews. */
  section: { review: ReviewResult } | { triage: TriageReport } | { generic: GenericReport };
}

/** One routed loop as its kind is given it. */
export interface Routed {
  routed: RoutedLoop;
  report: LrsReport;
  /** How many review loops the event runs: with several, each review check carries its loop's name. */
  reviewLoops: number;
}

export interface LoopKindEntry {
  /** The log group the loop runs in. */
  title(given: Routed, ctx: FlowContext): string;
  run(ctx: FlowContext, adapters: FlowAdapters, given: Routed): Promise<LoopOutcome<Reported>>;
}

/** A kind's outcome with what it did reported to the event flow. */
function reported<P>(outcome: LoopOutcome<P>, report: (ran: P) => Reported): LoopOutcome<Reported> {
  return outcome.status === 'ran' ? { ...outcome, ran: report(outcome.ran) } : outcome;
}

/** Status and reasons of a run, as a command's answer: it worked unless it failed. */
function answered(result: { status: string; reasons: string[] }): Pick<Reported, 'ok' | 'failure'> {
  return result.status === 'failed' ? { ok: false, failure: result.reasons.join('; ') || 'failed' } : { ok: true };
}

/** A generic loop's writes in words: kinds and numbers, never the model's text. */
function writtenOf(applied: AppliedOutputs): string[] {
  return [
    ...(applied.comment && applied.comment !== 'unchanged' ? [`comment ${applied.comment}`] : []),
    ...(applied.labels.length > 0 ? [`${applied.labels.length} label(s)`] : []),
    ...applied.issues.filter((i) => !i.existed).map((i) => `issue #${i.number} opened`),
    ...(applied.release && applied.release !== 'unchanged' ? [`release notes ${applied.release}`] : []),
    ...(applied.check ? [`check ${applied.check.conclusion}`] : [])
  ];
}

const spentOf = (r: { tokens: number; costUsd: number }) => ({ tokens: r.tokens, costUsd: r.costUsd });

export const LOOP_KINDS: Record<Task, LoopKindEntry> = {
  review: {
    title: ({ routed }) => `LoopKit ${routed.loaded.loop.name} · pull request #${routed.pullNumber ?? '?'}`,
    run: async (ctx, adapters, { routed, report, reviewLoops }) => {
      const name = routed.loaded.loop.name;
      // Routing gives every review loop its pull request; the event's head lets the check start while the pull request is read.
      const pullNumber = routed.pullNumber;
      if (pullNumber === undefined) return { status: 'not-run', loop: name, reason: 'the event names no pull request' };
      const eventHead = (ctx.event.payload.pull_request as { head?: { sha?: string } } | undefined)?.head?.sha;
      const outcome = await reviewPullRequest(ctx, adapters, {
        loaded: routed.loaded,
        pullNumber,
        report,
        checkName: reviewLoops > 1 ? `LoopKit Review · ${name}` : 'LoopKit Review',
        ...(routed.force ? { force: true } : {}),
        ...(routed.recheck ? { recheck: true } : {}),
        ...(eventHead ? { headSha: eventHead } : {})
      });
      // A review that ran is a command done, whatever it found: its check says what it found.
      return reported(outcome, ({ result, posted }) => ({
        ...spentOf(result),
        findings: result.findings.length,
        verified: result.verified.length,
        verdicts: verdictsOf(result.rounds),
        written: posted ? [`${posted.inline} inline comment(s)`, `${posted.notPlaced} finding(s) in the review body or summary`, 'the summary comment'] : [],
        ok: true,
        section: { review: result }
      }));
    }
  },
  triage: {
    title: ({ routed }) =>
      `LoopKit ${routed.loaded.loop.name} · ${routed.issueNumber === undefined ? 'issues changed since the last triage' : `issue #${routed.issueNumber}`}`,
    run: async (ctx, adapters, { routed, report }) => {
      const outcome = await triageIssues(ctx, adapters, {
        loaded: routed.loaded,
        report,
        ...(routed.issueNumber !== undefined ? { issueNumber: routed.issueNumber } : {})
      });
      return reported(outcome, ({ report: triaged }) => ({
        ...spentOf(triaged.result),
        findings: 0,
        verified: 0,
        verdicts: verdictsOf(triaged.result.rounds),
        written: triaged.applied.flatMap((a) => [
          ...(a.labels.length > 0 ? [`issue #${a.issue}: ${a.labels.length} label(s)`] : []),
          ...(a.comment && a.comment !== 'unchanged' ? [`issue #${a.issue}: comment ${a.comment}`] : [])
        ]),
        ...answered(triaged.result),
        section: { triage: triaged }
      }));
    }
  },
  generic: {
    title: ({ routed }, ctx) => {
      const on =
        routed.pullNumber !== undefined ? ` · pull request #${routed.pullNumber}` : routed.issueNumber !== undefined ? ` · issue #${routed.issueNumber}` : '';
      return `LoopKit ${routed.loaded.loop.name} · ${ctx.event.name}${on}`;
    },
    run: async (ctx, adapters, { routed, report }) => {
      const outcome = await runGenericLoop(ctx, adapters, {
        loaded: routed.loaded,
        report,
        ...(routed.pullNumber !== undefined ? { pullNumber: routed.pullNumber } : {}),
        ...(routed.issueNumber !== undefined ? { issueNumber: routed.issueNumber } : {})
      });
      return reported(outcome, ({ result, report: generic }) => ({
        ...spentOf(result),
        findings: 0,
        verified: 0,
        verdicts: verdictsOf(result.rounds),
        written: generic.applied ? writtenOf(generic.applied) : [],
        ...answered(result),
        section: { generic }
      }));
    }
  }
};
