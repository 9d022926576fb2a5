/**
 * The terminal form of a run, in the blocks the original LoopKit's demo shows: the loop and its
 * pipeline, the maker/checker verification round by round, and the results (findings with
 * verdicts, coverage, spend). Model calls are reported on stderr as they finish, between them.
 */
import type { ReviewResult } from '../engine/review.js';
import type { TriageResult } from '../engine/triage.js';
import { isBuiltInVerifier } from '../loop/dialect.js';
import type { LoadedLoop } from '../loop/load.js';
import { planLine } from '../render/index.js';
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
      `round ${r.round}${result.coverage.batches > 1 ? ` (batch ${r.batch})` : ''}: ${r.passed ? io.green('[ok] PASS') : io.yellow('[!] NOT PASSED')} (score ${r.score.toFixed(2)}): ${r.findings} new, ${r.confirmed} confirmed, ${r.refuted} refuted, ${r.uncertain} uncertain`
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
  const c = result.coverage;
  io.out(`coverage: ${c.filesReviewed} of ${c.filesTotal} files, ${c.linesReviewed} of ${c.linesTotal} changed lines, ${c.batches} batch(es)`);
  for (const s of c.skipped) io.out(io.dim(`    left out ${s.path}: ${s.reason}`));
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
      `round ${r.round}: ${r.passed ? io.green('[ok] PASS') : io.yellow('[!] NOT PASSED')} (score ${r.score.toFixed(2)}): ${r.proposals} proposal(s), ${r.confirmed} confirmed, ${r.refuted} refuted, ${r.uncertain} uncertain`
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

function statusWord(result: { status: 'complete' | 'partial' | 'failed' }, io: Output): string {
  return result.status === 'complete' ? io.green('complete') : result.status === 'partial' ? io.yellow('partial') : io.red('failed');
}

function severityTag(severity: string, io: Output): string {
  const tag = severity.toUpperCase().padEnd(8);
  return severity === 'critical' || severity === 'high' ? io.red(tag) : severity === 'medium' ? io.yellow(tag) : io.dim(tag);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
