/**
 * A provider that asks no model: it answers review and verify tasks from a table of risky
 * patterns, deterministically, with no key and no network, so a whole loop can run (and be
 * tested, and demoed) offline. Its usage mirrors what a real run would bill, cache included.
 * Triage tasks are answered by the keyword rules of dry-run-triage.ts, generic ones by dry-run-generic.ts.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TaskFile } from '../diff/types.js';
import type { CheckerOutput, CheckerVerdict, MakerFinding, MakerOutput } from '../answers/review.js';
import type { GenericCheckerOutput, GenericMakerOutput } from '../answers/generic.js';
import type { TriageCheckerOutput, TriageMakerOutput } from '../answers/triage.js';
import type { Effort } from '../loop/schema.js';
import { THINKING_TOKENS } from './capabilities.js';
import { promptEstimate, TYPICAL_SHARE } from './cost-model.js';
import {
  ProviderError,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type PromptCount,
  type PromptRequest,
  type Task,
  type TaskFinding,
  type Usage
} from './types.js';
import { appliesTo, matches, RULES, type Rule } from './dry-run-rules.js';
import { dryRunGeneric, dryRunVerifyGeneric } from './dry-run-generic.js';
import { dryRunTriage, dryRunVerifyTriage } from './dry-run-triage.js';

const MAX_FINDINGS = 50;
const EXCERPT_CHARS = 200;
const CONFIDENT = 0.9;
const UNSURE = 0.5;

export class DryRunProvider implements ModelProvider {
  readonly name = 'dry-run';
  readonly dryRun = true;
  /** Shared contexts already "written to the cache", by hash. */
  readonly #cached = new Set<string>();

  /** As much as a real model would be given, so budgets stop a dry run where they would stop a real one. */
  thinkingTokens(_model: string, effort: Effort): number {
    return THINKING_TOKENS[effort];
  }

  /** No API to count with, and no bill to pass: the estimate is what its made-up usage is measured against. */
  async promptTokens(request: PromptRequest): Promise<PromptCount> {
    return { tokens: promptEstimate(request) };
  }

  async call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    if (request.signal?.aborted) throw new ProviderError('aborted', `${request.agent}: the call was aborted`);
    const started = Date.now();
    const answer = answerTask(request.task, request.agent);
    const parsed = request.answer.schema.safeParse(answer);
    if (!parsed.success) {
      throw new ProviderError('malformed', `${request.agent}: the dry run's own answer breaks ${request.answer.name}: ${z.prettifyError(parsed.error)}`);
    }
    request.onFirstToken?.();
    return { output: parsed.data, usage: this.#usage(request, answer), model: request.model, attempts: 1, durationMs: Date.now() - started };
  }

  /**
   * Tokens as ceil(chars / 4); the shared context is a cache write the first time, a read after.
   * Thinking is billed as output: a typical share of its reserve, as the cost model assumes.
   */
  #usage(request: ModelRequest<unknown>, answer: unknown): Usage {
    const key = createHash('sha256').update(request.sharedContext).digest('hex');
    const written = this.#cached.has(key);
    this.#cached.add(key);
    const shared = tokens(request.sharedContext);
    const thinking = Math.floor(request.thinkingTokens * TYPICAL_SHARE);
    return {
      inputTokens: tokens(request.prompt),
      outputTokens: tokens(JSON.stringify(answer)) + thinking,
      cacheWriteTokens: written ? 0 : shared,
      cacheReadTokens: written ? shared : 0,
      thinkingTokens: thinking
    };
  }
}

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function answerTask(
  task: Task,
  agent: string
): MakerOutput | CheckerOutput | TriageMakerOutput | TriageCheckerOutput | GenericMakerOutput | GenericCheckerOutput {
  switch (task.kind) {
    case 'review':
      return review(task.files, task.objections, focusOf(agent));
    case 'verify':
      return { verdicts: task.findings.map((finding) => verdictFor(finding, task.files)) };
    case 'triage':
      return dryRunTriage(task.issues, task.labels, task.recent, task.objections);
    case 'verify-triage':
      return dryRunVerifyTriage(task.proposals, task.issues, task.recent);
    case 'generic':
      return dryRunGeneric(task.title, task.sections, task.kinds, task.labels, task.objections, task.lessons ?? []);
    case 'verify-generic':
      return dryRunVerifyGeneric(task.proposals, task.sections);
  }
}

/** Makers split the work by their label, so several of them overlap the way real makers do. */
function focusOf(agent: string): (rule: Rule) => boolean {
  const label = agent.toLowerCase();
  if (label.includes('security')) return (rule) => rule.category === 'security';
  if (label.includes('logic') || label.includes('bug')) return (rule) => rule.category === 'bug' || rule.category === 'reliability';
  return () => true;
}

function review(files: TaskFile[], objections: string[], focus: (rule: Rule) => boolean): MakerOutput {
  const found: { finding: MakerFinding; order: number }[] = [];
  let added = 0;
  for (const file of files) {
    const rules = RULES.filter((rule) => focus(rule) && appliesTo(rule, file.path));
    for (const line of file.lines) {
      if (line.kind !== 'add' || line.side !== 'RIGHT') continue;
      added += 1;
      rules.forEach((rule) => {
        if (matches(rule, line.text)) found.push({ finding: findingOf(rule, file.path, line.line, line.text), order: RULES.indexOf(rule) });
      });
    }
  }
  const kept = found.filter(({ finding }) => !objections.some((objection) => mentions(objection, finding.claim)));
  kept.sort((a, b) => a.finding.path.localeCompare(b.finding.path) || a.finding.line - b.finding.line || a.order - b.order);
  const dropped = found.length - kept.length;
  // The tool takes at most 50 findings; beyond that they are cut in path and line order, not ranked.
  const findings = kept.slice(0, MAX_FINDINGS).map(({ finding }) => finding);
  return {
    findings,
    summary:
      `Dry run, no model: ${findings.length} finding(s) from pattern rules over ${added} added line(s) in ${files.length} file(s)` +
      (dropped > 0 ? `; ${dropped} dropped after objections.` : '.')
  };
}

function findingOf(rule: Rule, path: string, line: number, text: string): MakerFinding {
  return {
    path,
    line,
    side: 'RIGHT',
    quote: text,
    severity: rule.severity,
    category: rule.category,
    claim: rule.claim,
    evidence: `${path}:${line} adds \`${excerpt(text)}\`. ${rule.why}`,
    ...(rule.fix ? { fix: rule.fix } : {})
  };
}

function verdictFor(finding: TaskFinding, files: TaskFile[]): CheckerVerdict {
  const verdict = (kind: CheckerVerdict['verdict'], confidence: number, evidence: string): CheckerVerdict => ({
    id: finding.id,
    verdict: kind,
    confidence,
    evidence
  });
  const file = files.find((f) => f.path === finding.path);
  const quote = finding.quote?.trim();
  const holding = (file?.lines ?? []).filter((l) => (quote ? l.text.includes(quote) : l.line === finding.line && l.side === finding.side));
  if (!file || holding.length === 0) {
    return verdict('refuted', CONFIDENT, `Checked ${finding.path}: ${file ? 'the quoted code is not in its diff' : 'the file is not part of the change'}.`);
  }
  if ((finding.severity === 'low' || finding.severity === 'info') && (finding.category === 'style' || finding.category === 'maintainability')) {
    return verdict('uncertain', UNSURE, `Checked ${finding.path}:${finding.line}: a low-severity ${finding.category} point, which is a matter of judgement.`);
  }
  const addedLines = holding.filter((l) => l.kind === 'add' && l.side === 'RIGHT');
  addedLines.sort((a, b) => Math.abs(a.line - finding.line) - Math.abs(b.line - finding.line));
  // The maker's own rule when the claim is one of ours, else any rule of the claimed category.
  const ownRule = RULES.find((rule) => rule.claim === finding.claim);
  const rules = ownRule ? [ownRule] : RULES.filter((rule) => rule.category === finding.category && appliesTo(rule, finding.path));
  for (const line of addedLines) {
    const rule = rules.find((r) => r.pattern.test(line.text));
    if (rule) {
      return verdict('confirmed', CONFIDENT, `Checked ${finding.path}:${line.line}: the quoted code is on an added line and matches the "${rule.id}" pattern.`);
    }
  }
  return verdict(
    'uncertain',
    UNSURE,
    addedLines.length === 0
      ? `Checked ${finding.path}: the quoted code is there but not on an added line.`
      : `Checked ${finding.path}: the quoted code is on an added line, but no known ${finding.category} pattern matches it.`
  );
}

function mentions(objection: string, claim: string): boolean {
  const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return normal(objection).includes(normal(claim));
}

function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > EXCERPT_CHARS ? `${trimmed.slice(0, EXCERPT_CHARS)}…` : trimmed;
}
