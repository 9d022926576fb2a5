/**
 * An evaluation: every loop on every pull request of the benchmark, each pull request read once,
 * each review judged once, a bounded number at a time. A pull request that cannot be read is
 * skipped by every loop and listed with why; the evaluation's own budget stops it from starting
 * more work, and what was done is reported.
 */
import pLimit from 'p-limit';
import type { Clock } from '../engine/budget.js';
import type { ReviewResult } from '../engine/review.js';
import type { Bench, BenchCase } from './bench.js';
import type { CaseData, CaseSource } from './cases.js';
import { candidatesOf, JudgeError, type Judge } from './judge.js';
import { ratiosOf, scoreCase, totalsOf, ZERO_COUNTS, type CaseResult, type EvalReport } from './results.js';
import type { EvalLoop, Reviewer } from './review.js';

export interface EvalInput {
  bench: Bench & { label: string };
  loops: EvalLoop[];
  cases: CaseSource;
  reviewer: Reviewer;
  judge: Judge;
  /** Reviews (with their judge calls) running at once. */
  concurrency: number;
  /**
   * Dollars for the whole evaluation, loops and judge together. Checked before each review and each
   * judge call: work in flight finishes, so the spend can pass it by what the reviews running at
   * that moment cost (each bounded by its loop's own budget).
   */
  maxCostUsd?: number;
  clock: Clock;
  /** Hears each review as it is judged (or fails), for the terminal. */
  progress?: (done: number, total: number, loop: EvalLoop, result: CaseResult) => void;
  /** Hears once of each pull request that cannot be read, when it is found out. */
  skippedNow?: (url: string, reason: string) => void;
}

export async function runEval(input: EvalInput): Promise<EvalReport> {
  const { bench, loops, clock } = input;
  const limit = pLimit(input.concurrency);
  const skipped = new Map<string, string>();
  let spent = 0;
  let stopped: string | undefined;
  let done = 0;
  const total = bench.cases.length * loops.length;
  const overBudget = () => {
    if (stopped === undefined && input.maxCostUsd !== undefined && spent >= input.maxCostUsd)
      stopped = `the evaluation's budget of $${input.maxCostUsd} was spent ($${spent.toFixed(4)})`;
    return stopped !== undefined;
  };

  const one = async (loop: EvalLoop, kase: BenchCase): Promise<CaseResult | undefined> => {
    const started = clock.now();
    const base = { url: kase.url, title: kase.title, ...ZERO_COUNTS, golden: kase.golden.length, costUsd: 0, judgeCostUsd: 0, wallMs: 0, judgments: [] };
    const result = (status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult => ({
      ...base,
      ...ratiosOf(base),
      status,
      ...extra,
      wallMs: clock.now() - started
    });
    if (overBudget()) return result('not-run', { error: stopped! });
    let data: CaseData;
    try {
      data = await input.cases.read(kase);
    } catch (error) {
      if (!skipped.has(kase.url)) {
        skipped.set(kase.url, (error as Error).message);
        input.skippedNow?.(kase.url, (error as Error).message);
      }
      return undefined;
    }
    let review: ReviewResult;
    try {
      review = await input.reviewer(loop, kase, data);
    } catch (error) {
      return result('review-failed', { error: (error as Error).message });
    }
    spent += review.costUsd;
    const reviewed = { reviewStatus: review.status, costUsd: review.costUsd };
    if (review.status === 'failed') return result('review-failed', { ...reviewed, error: review.reasons.join('; ') || 'every maker call failed' });
    const candidates = candidatesOf(review.verified);
    // Nothing to match: every golden comment is missed, and no judge call is needed to say so.
    if (candidates.length === 0) return judged(result, scoreCase(kase.golden, candidates, undefined), reviewed, 0);
    if (overBudget()) return result('not-run', { ...reviewed, error: `${stopped!}, before the judge` });
    try {
      const call = await input.judge.judge(kase.title, kase.golden, candidates);
      spent += call.costUsd;
      return judged(result, scoreCase(kase.golden, candidates, call.answer), reviewed, call.costUsd);
    } catch (error) {
      const cost = error instanceof JudgeError ? error.costUsd : 0;
      spent += cost;
      return result('judge-failed', { ...reviewed, candidates: candidates.length, judgeCostUsd: cost, error: `the judge: ${(error as Error).message}` });
    }
  };

  const runs = loops.map((loop) =>
    bench.cases.map((kase) =>
      limit(async () => {
        const outcome = await one(loop, kase);
        done += 1;
        if (outcome) input.progress?.(done, total, loop, outcome);
        return outcome;
      })
    )
  );
  const perLoop = await Promise.all(runs.map((cases) => Promise.all(cases)));
  const reports = loops.map((loop, i) => {
    const cases = perLoop[i]!.filter((c): c is CaseResult => c !== undefined && !skipped.has(c.url));
    return { loop: loop.label, file: loop.file, cases, totals: totalsOf(cases) };
  });
  const judgeCost = input.judge.records.reduce((n, r) => n + r.costUsd, 0);
  return {
    bench: bench.label,
    loops: reports,
    judge: { model: input.judge.model, calls: input.judge.records.length, costUsd: judgeCost },
    skipped: [...skipped].map(([url, reason]) => ({ url, reason })),
    problems: bench.problems,
    ...(stopped ? { stopped } : {}),
    costUsd: reports.reduce((n, r) => n + r.totals.costUsd, 0) + judgeCost
  };
}

function judged(
  result: (status: CaseResult['status'], extra?: Partial<CaseResult>) => CaseResult,
  scored: ReturnType<typeof scoreCase>,
  reviewed: Pick<CaseResult, 'reviewStatus' | 'costUsd'>,
  judgeCostUsd: number
): CaseResult {
  return result('judged', { ...reviewed, ...scored.counts, ...ratiosOf(scored.counts), judgeCostUsd, judgments: scored.judgments });
}
