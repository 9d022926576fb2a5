/**
 * The terminal form of a run, in the blocks the original LoopKit's demo shows: the loop and its
 * pipeline, the maker/checker verification round by round, and the results (findings with
 * verdicts, coverage, spend). Model calls are reported on stderr as they finish, between them.
 */
import type { Gate } from '../engine/gate.js';
import type { ReviewResult, RoundSummary } from '../engine/review.js';
import type { TriageResult, TriageRound } from '../engine/triage.js';
import { isBuiltInVerifier } from '../loop/dialect.js';
import type { LoadedLoop } from '../loop/load.js';
import { planLine } from '../render/index.js';
import { notRunVerdict, reviewVerdict, roundPassed, triageVerdict, verdictLine, verdictsOf, type ExitCode, type Finished, type Verdict } from './exit.js';
import type { Output } from './output.js';

const WIDTH = 60;
const rule = (io: Output) => io.dim('='.repeat(WIDTH));
const section = (title: string, io: Output) => io.bold(`── ${title} ${'─'.repeat(Math.max(3, WIDTH - title.length - 4))}`);

/** What is about to run: the loop, its file, its steps, its makers and checkers. */
export function printPlan(loaded: LoadedLoop, subject: string, io: Output): void {
  const { loop } = loaded;
  io.out(rule(io));
  io.out(io.bold(`  Running loop: ${loop.name}`));
  io.out(rule(io));
  io.out(`config: ${loaded.file}`);
  io.out(`subject: ${subject}`);
  io.out(`pipeline: ${loop.pipeline.length} step(s)`);
  loop.pipeline.forEach((step, i) => {
    const agents = [...(step.agent ? [step.agent] : []), ...(step.parallel ?? []), ...(step.agents ?? [])].map((a) => a.label);
    const how = step.parallel ? `${agents.length} agent(s) in parallel` : step.agents ? `${agents.length} agent(s) in sequence` : 'one agent';
    io.out(`  ${i + 1}. ${how}: ${agents.join(', ')}${step.if ? io.dim(' (conditional)') : ''}`);
  });
  const checkers = loaded.checkers.map((c) => `${c.label}${isBuiltInVerifier(c) ? ' (built-in verifier)' : ''}`);
  io.out(
    `verification: makers ${loaded.makers.map((m) => m.label).join(', ') || 'none'} | ${checkers.length > 1 ? 'checkers' : 'checker'} ${checkers.join(' and ') || 'none'}${loop.verify ? `, up to ${loop.verify.maxRounds} round(s)` : ''}`
  );
  io.out();
  io.out(section('Pipeline execution', io));
}

export function printReview(result: ReviewResult, io: Output): void {
  const label = result.dryRun ? io.yellow(' [dry run: no model was called; findings come from built-in patterns]') : '';
  io.out();
  io.out(section('Maker/Checker verification', io));
  if (result.rounds.length === 0) io.out(io.dim('no verification round ran'));
  for (const r of result.rounds) {
    io.out(
      `round ${r.round}${result.coverage.batches > 1 ? ` (batch ${r.batch})` : ''}: ${roundLabel(r, r.findings, result, io)} (score ${r.score.toFixed(2)}): ${r.findings} checked, ${r.confirmed} confirmed, ${r.refuted} refuted, ${r.uncertain} uncertain`
    );
  }
  if (result.escalated) io.out(io.yellow(`needs a human: ${result.escalation}`));
  io.out();
  io.out(section('Results', io));
  io.out(`${io.bold(`LoopKit · ${result.loop}`)}${label}`);
  io.out(`status: ${statusWord(result, io)}${result.reasons.length ? ` — ${result.reasons.join('; ')}` : ''}`);
  io.out();
  if (result.findings.length === 0) io.out('No findings.');
  for (const f of result.findings) {
    const verdict = f.verdict
      ? f.verdict.kind === 'confirmed'
        ? io.green(`confirmed ${Math.round(f.verdict.confidence * 100)}%`)
        : f.verdict.kind === 'refuted'
          ? io.red(`refuted ${Math.round(f.verdict.confidence * 100)}%`)
          : io.yellow('uncertain')
      : io.dim('unverified');
    const where = f.anchor.ok
      ? `${f.anchor.path}:${f.anchor.startLine ? `${f.anchor.startLine}-` : ''}${f.anchor.line}`
      : `${f.path} ${io.dim(`(not placeable: ${f.anchor.reason})`)}`;
    io.out(`${severityTag(f.severity, io)} ${where}  [${verdict}]`);
    io.out(`    ${f.category}: ${f.claim}`);
    if (f.verdict) io.out(io.dim(`    checker: ${oneLine(f.verdict.evidence)}`));
    io.out(io.dim(`    by ${f.sources.join(', ')}`));
  }
  io.out();
  io.out(coverageLine(result));
  for (const s of result.coverage.skipped) io.out(io.dim(`    left out ${s.path}: ${s.reason}`));
  for (const f of result.failures) io.out(io.red(`failed: ${f.agent} (${f.kind}): ${f.message}`));
  const estimate = result.dryRun ? ' (estimated: what a real run would bill)' : '';
  io.out(
    `spend: ${result.calls.length} model calls, ${result.tokens.toLocaleString('en-US')} tokens (${result.usage.cacheReadTokens.toLocaleString('en-US')} read from cache), $${result.costUsd.toFixed(4)}${estimate}, ${(result.durationMs / 1000).toFixed(1)} s`
  );
  io.out(`verified: ${result.verified.length} finding(s)`);
}

/** A triage's plan per issue, in the same blocks as a review. */
export function printTriage(result: TriageResult, io: Output): void {
  io.out();
  io.out(section('Maker/Checker verification', io));
  if (result.rounds.length === 0) io.out(io.dim('no verification round ran'));
  for (const r of result.rounds) {
    io.out(
      `round ${r.round}: ${roundLabel(r, r.proposals, result, io)} (score ${r.score.toFixed(2)}): ${r.proposals} proposal(s), ${r.confirmed} confirmed, ${r.refuted} refuted, ${r.uncertain} uncertain`
    );
  }
  if (result.escalated) io.out(io.yellow(`needs a human: ${result.escalation}`));
  io.out();
  io.out(section('Results', io));
  io.out(`${io.bold(`LoopKit · ${result.loop}`)}${result.dryRun ? io.yellow(' [dry run: no model was called; proposals come from keyword rules]') : ''}`);
  io.out(`status: ${statusWord(result, io)}${result.reasons.length ? ` — ${result.reasons.join('; ')}` : ''}`);
  for (const plan of result.plans) io.out(planLine(plan));
  for (const s of result.skipped) io.out(io.dim(`not triaged #${s.issue}: ${s.reason}`));
  io.out(
    `spend: ${result.calls.length} model calls, ${result.tokens.toLocaleString('en-US')} tokens, $${result.costUsd.toFixed(4)}${result.dryRun ? ' (estimated)' : ''}, ${(result.durationMs / 1000).toFixed(1)} s`
  );
}

/** The engine's status, green only for a run that completed with nothing left for a person. */
function statusWord(result: Finished, io: Output): string {
  if (result.status === 'failed') return io.red('failed');
  if (result.status === 'partial') return io.yellow('partial');
  return result.escalated ? io.yellow('complete, escalated to a person') : result.dryRun ? io.yellow('complete (dry run)') : io.green('complete');
}

/**
 * A round is PASS only when roundPassed says so: the engine's `passed` alone is not enough (a round
 * whose makers all failed found nothing, and nothing was verified).
 */
function roundLabel(round: RoundSummary | TriageRound, reported: number, result: Finished, io: Output): string {
  if (result.dryRun) return io.yellow(`[dry run] ${round.passed ? 'would pass' : 'would not pass'}, nothing verified`);
  if (!roundPassed(round, reported, result)) {
    // A round the checker judged nothing in has no verdict, whether or not the engine scored it.
    if (verdictsOf(round) === 0 && (reported > 0 || result.status !== 'complete')) return io.yellow('[!] NO VERDICT');
    if (!round.passed) return io.yellow('[!] NOT PASSED');
    return io.yellow(`[!] NOT PASSED (the run is ${result.escalated && result.status === 'complete' ? 'escalated' : result.status})`);
  }
  return verdictsOf(round) > 0 ? io.green('[ok] PASS') : io.green('[ok] nothing reported, nothing to verify');
}

/**
 * Coverage as it is: the files whose review ran to its end (Coverage.settled, less the files the
 * loop's rules leave out) against every file of the change, never the files merely sent.
 */
function coverageLine(result: ReviewResult): string {
  const c = result.coverage;
  const leftOut = new Set(c.skipped.map((s) => s.path));
  const reviewed = c.settled.filter((path) => !leftOut.has(path)).length;
  const byRules = c.settled.length - reviewed;
  const unsettled = c.filesReviewed - reviewed;
  return [
    `coverage: ${reviewed} of ${c.filesTotal} files reviewed to the end${result.dryRun ? " (by the dry run's patterns)" : ''}`,
    ...(byRules > 0 ? [`, ${byRules} left out by the loop's rules`] : []),
    ...(unsettled > 0 ? [`; ${unsettled} sent to the makers but not settled (the review did not complete)`] : []),
    `; ${c.linesReviewed} of ${c.linesTotal} changed lines sent, ${c.batches} batch(es)`
  ].join('');
}

/**
 * The run's last line: its verdict and exit code (exit.ts), from the gate for a review. With
 * `--json` it goes to stderr, so stdout stays the result alone. Returns the code to exit with.
 */
export function concludeReview(result: ReviewResult, gate: Gate, json: boolean, io: Output): ExitCode {
  return conclude(reviewVerdict(result, gate), json, io);
}

export function concludeTriage(result: TriageResult, json: boolean, io: Output, writeProblems = 0): ExitCode {
  return conclude(triageVerdict(result, writeProblems), json, io);
}

/** No review ran (the flows said why); the verdict of what is already known. */
export function concludeNotRun(gate: Gate | undefined, reason: string | undefined, io: Output): ExitCode {
  return conclude(notRunVerdict(gate, reason), false, io);
}

export function conclude(verdict: Verdict, json: boolean, io: Output): ExitCode {
  const paint = verdict.word === 'PASS' ? io.green : verdict.word === 'FAIL' ? io.red : io.yellow;
  const line = paint(verdictLine(verdict));
  if (json) io.err(line);
  else io.out(line);
  return verdict.code;
}

function severityTag(severity: string, io: Output): string {
  const tag = severity.toUpperCase().padEnd(8);
  return severity === 'critical' || severity === 'high' ? io.red(tag) : severity === 'medium' ? io.yellow(tag) : io.dim(tag);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
