/**
 * What an evaluation reports (the zod shapes are the types and the `--json` file's form) and the
 * arithmetic behind it, kept pure so that every figure can be checked against the judge's answers.
 *
 * How the judge's answers count:
 * - a candidate judged `match` with at least one golden id of the case is a true positive, and
 *   every golden id it names is found;
 * - `no_match` is a false positive;
 * - `uncertain` is not a true positive (counted as `uncertain`);
 * - a candidate the judge left out, or judged `match` without naming a golden comment of the case,
 *   is not a true positive either (counted as `unjudged`): the judge's gaps never raise precision;
 * - ids the case does not have are ignored; a second judgment of one candidate is ignored.
 * Precision = true positives / candidates, recall = golden found / golden, F1 their harmonic mean;
 * the totals add the counts of every judged case first (micro-averaged), then divide.
 */
import { z } from 'zod';
import { SEVERITIES } from '../loop/schema.js';
import type { GoldenComment } from './bench.js';
import { goldenIds, type Candidate, type JudgeAnswer } from './judge.js';

const Ratio = z.number().min(0).max(1).nullable();

export const SeverityRecall = z.object({ golden: z.number().int(), found: z.number().int(), recall: Ratio });
export type SeverityRecall = z.infer<typeof SeverityRecall>;

export const Counts = z.object({
  golden: z.number().int(),
  candidates: z.number().int(),
  truePositives: z.number().int(),
  matchedGolden: z.number().int(),
  uncertain: z.number().int(),
  unjudged: z.number().int(),
  bySeverity: z.partialRecord(z.enum(SEVERITIES), SeverityRecall)
});
export type Counts = z.infer<typeof Counts>;

/** Precision is null with no candidate, recall with no golden comment: a ratio of nothing is not 0 or 1. */
export const Ratios = z.object({ precision: Ratio, recall: Ratio, f1: Ratio });
export type Ratios = z.infer<typeof Ratios>;

export const CASE_STATUSES = ['judged', 'review-failed', 'judge-failed', 'not-run'] as const;

export const CaseResult = z.object({
  url: z.string(),
  title: z.string(),
  /**
   * judged: in the totals; review-failed (every maker call failed), judge-failed: not in the
   * totals, and the evaluation exits 1; not-run: the evaluation's budget stopped before it.
   */
  status: z.enum(CASE_STATUSES),
  error: z.string().optional(),
  /** The loop's own status on it: a partial review (its budget) still counts, as it would post. */
  reviewStatus: z.enum(['complete', 'partial', 'failed']).optional(),
  ...Counts.shape,
  ...Ratios.shape,
  /** The loop's spend on this pull request; the judge's apart. */
  costUsd: z.number(),
  judgeCostUsd: z.number(),
  wallMs: z.number(),
  /** Each candidate with its judgment, to read why a figure is what it is. */
  judgments: z.array(
    z.object({ candidate: z.string(), text: z.string(), verdict: z.enum(['match', 'no_match', 'uncertain', 'unjudged']), golden: z.array(z.number().int()) })
  )
});
export type CaseResult = z.infer<typeof CaseResult>;

export const LoopTotals = z.object({
  cases: z.number().int(),
  /** Cases left out of the totals: failed reviews or judge calls, and cases not run. */
  failed: z.number().int(),
  notRun: z.number().int(),
  ...Counts.shape,
  ...Ratios.shape,
  costUsd: z.number(),
  judgeCostUsd: z.number(),
  /** The loop's cost per true positive; null without one. */
  costPerTruePositive: z.number().nullable(),
  /** The loop's mean cost per judged pull request. */
  costPerPr: z.number().nullable(),
  wallMs: z.number()
});
export type LoopTotals = z.infer<typeof LoopTotals>;

export const LoopReport = z.object({ loop: z.string(), file: z.string(), cases: z.array(CaseResult), totals: LoopTotals });
export type LoopReport = z.infer<typeof LoopReport>;

export const EvalReport = z.object({
  bench: z.string(),
  loops: z.array(LoopReport),
  judge: z.object({ model: z.string(), calls: z.number().int(), costUsd: z.number() }),
  /** Pull requests that could not be read, each with why: skipped by every loop, never dropped silently. */
  skipped: z.array(z.object({ url: z.string(), reason: z.string() })),
  /** Golden entries that could not be used. */
  problems: z.array(z.string()),
  /** Why the evaluation stopped before every case ran (its budget). */
  stopped: z.string().optional(),
  costUsd: z.number()
});
export type EvalReport = z.infer<typeof EvalReport>;

export type Verdict = CaseResult['judgments'][number];

export interface Scored {
  counts: Counts;
  judgments: Verdict[];
}

/** One case's counts from the judge's answer (see the rules at the top). */
export function scoreCase(golden: readonly GoldenComment[], candidates: readonly Candidate[], answer: JudgeAnswer | undefined): Scored {
  const ids = goldenIds(golden);
  const byCandidate = new Map<string, JudgeAnswer['judgments'][number]>();
  for (const j of answer?.judgments ?? []) if (!byCandidate.has(j.candidate)) byCandidate.set(j.candidate, j);
  const found = new Set<number>();
  const judgments: Verdict[] = candidates.map((c) => {
    const j = byCandidate.get(c.id);
    if (!j) return { candidate: c.id, text: c.text, verdict: 'unjudged', golden: [] };
    if (j.verdict !== 'match') return { candidate: c.id, text: c.text, verdict: j.verdict, golden: [] };
    const matched = [...new Set(j.golden.map((g) => ids.indexOf(g)).filter((i) => i >= 0))].sort((a, b) => a - b);
    if (matched.length === 0) return { candidate: c.id, text: c.text, verdict: 'unjudged', golden: [] };
    matched.forEach((i) => found.add(i));
    // Golden comments as 1-based positions in their file's list, as a person reading it counts.
    return { candidate: c.id, text: c.text, verdict: 'match', golden: matched.map((i) => i + 1) };
  });
  const bySeverity: Counts['bySeverity'] = {};
  golden.forEach((g, i) => {
    const s = (bySeverity[g.severity] ??= { golden: 0, found: 0, recall: null });
    s.golden += 1;
    if (found.has(i)) s.found += 1;
  });
  for (const s of Object.values(bySeverity)) s.recall = s.found / s.golden;
  return {
    counts: {
      golden: golden.length,
      candidates: candidates.length,
      truePositives: judgments.filter((j) => j.verdict === 'match').length,
      matchedGolden: found.size,
      uncertain: judgments.filter((j) => j.verdict === 'uncertain').length,
      unjudged: judgments.filter((j) => j.verdict === 'unjudged').length,
      bySeverity
    },
    judgments
  };
}

export function ratiosOf(c: Pick<Counts, 'golden' | 'candidates' | 'truePositives' | 'matchedGolden'>): Ratios {
  const precision = c.candidates === 0 ? null : c.truePositives / c.candidates;
  const recall = c.golden === 0 ? null : c.matchedGolden / c.golden;
  if (precision === null && recall === null) return { precision, recall, f1: null };
  const p = precision ?? 0;
  const r = recall ?? 0;
  return { precision, recall, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

export const ZERO_COUNTS: Counts = { golden: 0, candidates: 0, truePositives: 0, matchedGolden: 0, uncertain: 0, unjudged: 0, bySeverity: {} };

/** Micro-averaged totals over the judged cases. */
export function totalsOf(cases: readonly CaseResult[]): LoopTotals {
  const judged = cases.filter((c) => c.status === 'judged');
  const counts: Counts = { ...ZERO_COUNTS, bySeverity: {} };
  for (const c of judged) {
    counts.golden += c.golden;
    counts.candidates += c.candidates;
    counts.truePositives += c.truePositives;
    counts.matchedGolden += c.matchedGolden;
    counts.uncertain += c.uncertain;
    counts.unjudged += c.unjudged;
    for (const severity of SEVERITIES) {
      const s = c.bySeverity[severity];
      if (!s) continue;
      const t = (counts.bySeverity[severity] ??= { golden: 0, found: 0, recall: null });
      t.golden += s.golden;
      t.found += s.found;
    }
  }
  for (const s of Object.values(counts.bySeverity)) s.recall = s.golden === 0 ? null : s.found / s.golden;
  const costUsd = sum(cases.map((c) => c.costUsd));
  const judgedCost = sum(judged.map((c) => c.costUsd));
  return {
    cases: judged.length,
    failed: cases.filter((c) => c.status === 'review-failed' || c.status === 'judge-failed').length,
    notRun: cases.filter((c) => c.status === 'not-run').length,
    ...counts,
    ...ratiosOf(counts),
    costUsd,
    judgeCostUsd: sum(cases.map((c) => c.judgeCostUsd)),
    costPerTruePositive: counts.truePositives === 0 ? null : judgedCost / counts.truePositives,
    costPerPr: judged.length === 0 ? null : judgedCost / judged.length,
    wallMs: sum(cases.map((c) => c.wallMs))
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((n, v) => n + v, 0);
}

export interface Thresholds {
  minF1?: number;
  minPrecision?: number;
  minRecall?: number;
  maxCostPerPr?: number;
}

/** Every threshold a loop misses, one sentence each; a figure that cannot be computed misses its threshold. */
export function missedThresholds(report: EvalReport, t: Thresholds): string[] {
  const missed: string[] = [];
  const fmt = (v: number | null) => (v === null ? 'none' : v.toFixed(3));
  for (const { loop, totals } of report.loops) {
    const below = (name: string, value: number | null, min: number | undefined) => {
      if (min !== undefined && (value === null || value < min)) missed.push(`${loop}: ${name} ${fmt(value)} is below --min-${name} ${min}`);
    };
    below('f1', totals.f1, t.minF1);
    below('precision', totals.precision, t.minPrecision);
    below('recall', totals.recall, t.minRecall);
    if (t.maxCostPerPr !== undefined && (totals.costPerPr === null || totals.costPerPr > t.maxCostPerPr))
      missed.push(
        `${loop}: cost per pull request ${totals.costPerPr === null ? 'none' : `$${totals.costPerPr.toFixed(4)}`} is above --max-cost-per-pr ${t.maxCostPerPr}`
      );
  }
  return missed;
}
