/**
 * The eval gate's verdicts, pure: a loop a pull request changes, measured against the base's loop
 * on the same cases (or, on a schedule, a loop measured alone), and what its check concludes.
 *
 * A loop that did not finish never passes. Its own failures (a review that failed: a crash, a
 * refused or missing provider; a partial review: its budget, a required connector) conclude
 * `failure`: its figures would be of a review that never happened in full. What is not the
 * loop's doing (a pull request of the benchmark that could not be read, a judge call that failed,
 * the evaluation stopped, the base's loop not finishing) leaves nothing to compare and concludes
 * `neutral`, with the reason; only a finished comparison can conclude `success`.
 */
import { markdownCell } from '../render/index.js';
import { formatCost } from '../render/format.js';
import type { EvalReport, LoopReport } from './results.js';

export type GateConclusion = 'success' | 'failure' | 'neutral';

export interface GateVerdict {
  /** The loop's name, and its file in the pull request. */
  loop: string;
  file: string;
  conclusion: GateConclusion;
  /** One sentence: why. */
  reason: string;
  baseF1?: number | null;
  headF1: number | null;
}

/** Why a loop's review did not finish on some pull requests of the benchmark, or undefined. */
export function ownFailures(loop: LoopReport): string | undefined {
  const failed = loop.cases.filter((c) => c.status === 'review-failed');
  const partial = loop.cases.filter((c) => c.status === 'judged' && c.reviewStatus === 'partial');
  const parts = [
    ...(failed.length > 0 ? [`its review failed on ${failed.length} (${failed[0]!.error ?? 'no reason given'})`] : []),
    ...(partial.length > 0 ? [`its review was partial (its budget, or a required connector) on ${partial.length}`] : [])
  ];
  return parts.length > 0 ? `${parts.join('; ')} of ${loop.cases.length} pull request(s)` : undefined;
}

/** What kept the evaluation from measuring a loop on every case, not of the loop's doing, or undefined. */
function notMeasured(loop: LoopReport, report: EvalReport): string | undefined {
  const judge = loop.cases.filter((c) => c.status === 'judge-failed').length;
  const notRun = loop.cases.filter((c) => c.status === 'not-run').length;
  const parts = [
    ...(report.skipped.length > 0 ? [`${report.skipped.length} pull request(s) of the benchmark could not be read`] : []),
    ...(judge > 0 ? [`the judge failed on ${judge}`] : []),
    ...(notRun > 0 ? [`${notRun} not run${report.stopped ? ` (${report.stopped})` : ''}`] : []),
    ...(loop.totals.cases === 0 ? ['no pull request was judged'] : [])
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const f1Text = (v: number | null | undefined) => (v === null || v === undefined ? 'none' : v.toFixed(3));

/** The pull request's loop against the base's (absent: a loop the pull request adds) on the same cases. */
export function compareLoops(report: EvalReport, pair: { loop: string; file: string; base?: LoopReport; head: LoopReport }, maxF1Drop: number): GateVerdict {
  const { loop, file, base, head } = pair;
  const figures = { ...(base ? { baseF1: base.totals.f1 } : {}), headF1: head.totals.f1 };
  const verdict = (conclusion: GateConclusion, reason: string): GateVerdict => ({ loop, file, conclusion, reason, ...figures });
  const own = ownFailures(head);
  if (own) return verdict('failure', `this pull request's loop did not finish: ${own}`);
  const missing = notMeasured(head, report) ?? (base ? notMeasured(base, report) : undefined);
  if (missing) return verdict('neutral', `not measured in full: ${missing}`);
  if (!base) return verdict('success', `a new loop: nothing to compare with; F1 ${f1Text(head.totals.f1)}`);
  const baseOwn = ownFailures(base);
  if (baseOwn) return verdict('neutral', `the base's loop did not finish (${baseOwn}): nothing to compare with`);
  if (base.totals.f1 === null || head.totals.f1 === null) return verdict('neutral', 'F1 cannot be computed (no golden comment and no candidate)');
  const drop = base.totals.f1 - head.totals.f1;
  // A hair of float error is not a drop: figures are compared as shown, to three decimals.
  if (Number((drop - maxF1Drop).toFixed(6)) > 0)
    return verdict('failure', `F1 dropped by ${drop.toFixed(3)} (${f1Text(base.totals.f1)} → ${f1Text(head.totals.f1)}), more than the ${maxF1Drop} allowed`);
  return verdict(
    'success',
    `F1 ${f1Text(base.totals.f1)} → ${f1Text(head.totals.f1)} (${drop > 0 ? `down ${drop.toFixed(3)}, within ${maxF1Drop}` : 'not lower'})`
  );
}

/** A loop measured on its own (a scheduled evaluation): it passes when it finished on every case. */
export function measureLoop(report: EvalReport, head: LoopReport): GateVerdict {
  const verdict = (conclusion: GateConclusion, reason: string): GateVerdict => ({
    loop: head.loop,
    file: head.file,
    conclusion,
    reason,
    headF1: head.totals.f1
  });
  const own = ownFailures(head);
  if (own) return verdict('failure', `the loop did not finish: ${own}`);
  const missing = notMeasured(head, report);
  if (missing) return verdict('neutral', `not measured in full: ${missing}`);
  return verdict('success', `F1 ${f1Text(head.totals.f1)}`);
}

/** The worst of the verdicts: failure, then neutral; success only when every one succeeded (and there is one). */
export function gateConclusion(verdicts: readonly GateVerdict[]): GateConclusion {
  if (verdicts.some((v) => v.conclusion === 'failure')) return 'failure';
  if (verdicts.length === 0 || verdicts.some((v) => v.conclusion === 'neutral')) return 'neutral';
  return 'success';
}

/** The verdicts as a table (the check's summary and the head of the job summary). */
export function gateMarkdown(verdicts: readonly GateVerdict[], report: EvalReport, maxF1Drop?: number): string {
  const compared = verdicts.some((v) => 'baseF1' in v);
  const out = [
    compared ? '| loop | base F1 | this pull request F1 | verdict | why |' : '| loop | F1 | verdict | why |',
    compared ? '|---|--:|--:|---|---|' : '|---|--:|---|---|'
  ];
  for (const v of verdicts)
    out.push(
      compared
        ? `| ${markdownCell(v.loop)} (${markdownCell(v.file)}) | ${'baseF1' in v ? f1Text(v.baseF1) : '—'} | ${f1Text(v.headF1)} | ${v.conclusion} | ${markdownCell(v.reason)} |`
        : `| ${markdownCell(v.loop)} (${markdownCell(v.file)}) | ${f1Text(v.headF1)} | ${v.conclusion} | ${markdownCell(v.reason)} |`
    );
  out.push(
    '',
    `${report.loops[0]?.cases.length ?? 0} pull request(s) of ${markdownCell(report.bench)}; judge ${markdownCell(report.judge.model)}; whole evaluation ${formatCost(report.costUsd)}.${
      compared && maxF1Drop !== undefined ? ` A loop fails when its F1 drops by more than ${maxF1Drop}.` : ''
    }`
  );
  return out.join('\n');
}
