/** The terminal form of a review result: findings with verdicts, coverage, rounds, spend. */
import type { ReviewResult } from '../engine/review.js';
import type { Output } from './output.js';

export function printReview(result: ReviewResult, io: Output): void {
  const label = result.dryRun ? io.yellow(' [dry run: no model was called; findings come from built-in patterns]') : '';
  io.out();
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
    const where = f.anchor.ok ? `${f.anchor.path}:${f.anchor.startLine ? `${f.anchor.startLine}-` : ''}${f.anchor.line}` : `${f.path} ${io.dim(`(not placeable: ${f.anchor.reason})`)}`;
    io.out(`${severityTag(f.severity, io)} ${where}  [${verdict}]`);
    io.out(`    ${f.category}: ${f.claim}`);
    if (f.verdict) io.out(io.dim(`    checker: ${oneLine(f.verdict.evidence)}`));
    io.out(io.dim(`    by ${f.sources.join(', ')}`));
  }
  io.out();
  const c = result.coverage;
  io.out(`coverage: ${c.filesReviewed} of ${c.filesTotal} files, ${c.linesReviewed} of ${c.linesTotal} changed lines, ${c.batches} batch(es)`);
  for (const s of c.skipped) io.out(io.dim(`    left out ${s.path}: ${s.reason}`));
  for (const r of result.rounds) {
    io.out(`round ${r.round}${c.batches > 1 ? ` (batch ${r.batch})` : ''}: ${r.findings} new, ${r.confirmed} confirmed, ${r.refuted} refuted, ${r.uncertain} uncertain, score ${r.score.toFixed(2)} ${r.passed ? 'passed' : 'not passed'}`);
  }
  if (result.escalated) io.out(io.yellow(`needs a human: ${result.escalation}`));
  for (const f of result.failures) io.out(io.red(`failed: ${f.agent} (${f.kind}): ${f.message}`));
  const estimate = result.dryRun ? ' (estimated: what a real run would bill)' : '';
  io.out(`spend: ${result.calls.length} model calls, ${result.tokens.toLocaleString('en-US')} tokens (${result.usage.cacheReadTokens.toLocaleString('en-US')} read from cache), $${result.costUsd.toFixed(4)}${estimate}, ${(result.durationMs / 1000).toFixed(1)} s`);
  io.out(`verified: ${result.verified.length} finding(s)`);
}

function statusWord(result: ReviewResult, io: Output): string {
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
