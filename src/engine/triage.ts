/**
 * The triage loop: for each batch of issues the makers propose labels, a type, a priority, a
 * possible duplicate, the missing information and a short reply; proposals the loop may not apply
 * are dropped before anyone pays to check them; the checker verifies the rest; rounds repeat with
 * the checker's objections as in the review loop. The result is a plan per issue made only of
 * confirmed proposals, capped as the loop's `outputs` say. Pure: it reads and writes nothing.
 */
import type { LoadedLoop } from '../loop/load.js';
import type { Agent, Condition } from '../loop/schema.js';
import { comparisonHolds } from '../loop/schema.js';
import { modelOf } from '../providers/capabilities.js';
import { affordableBatches as affordable, DEFAULT_EFFORT, outputAllowance } from '../providers/cost-model.js';
import { ProviderError, type AnswerSpec, type ModelProvider, type TaskIssue, type TaskProposal, type Usage } from '../providers/types.js';
import { BudgetMeter, estimateTokens, systemClock, type Clock, type Pricing } from './budget.js';
import { answerFormat, BudgetStop, CallRunner, inChunks, settleAll, silentEvents, type CallRecord, type EngineEvents } from './calls.js';
import type { VerdictKind } from './finding.js';
import type { AgentFailure } from './review.js';
import { triageCheckerPrompt, triageContext, triageMakerPrompt, type ProposalView, type RecentIssue, type TriageIssue } from './triage-prompts.js';
import { combineVerdicts, type CheckerVerdict } from './verdicts.js';
import {
  TriageCheckerOutput,
  TriageMakerOutput,
  type IssueProposal,
  type IssueType,
  type Priority,
} from '../answers/triage.js';

export type { RecentIssue, TriageIssue } from './triage-prompts.js';

export interface TriageInput {
  loaded: LoadedLoop;
  /** The issues to triage in this run. */
  issues: TriageIssue[];
  /** Issues a duplicate may point at (the issues to triage count too). */
  recent: RecentIssue[];
  /** Names of the labels the repository has. */
  repoLabels: string[];
  provider: ModelProvider;
  pricing: Pricing;
  defaultModel: string;
  clock?: Clock;
  events?: EngineEvents;
  /** Prompt tokens of the issues in one batch. */
  batchTokens?: number;
  concurrency?: number;
}

export type ProposalKind = TaskProposal['kind'];

export interface Proposal {
  id: string;
  issue: number;
  kind: ProposalKind;
  /** The label, type, priority, duplicate's `#N`, missing items joined by "; ", or the reply. */
  value: string;
  reason: string;
  /** Maker labels that proposed it. */
  sources: string[];
  round: number;
  verdict?: { kind: VerdictKind; confidence: number; evidence: string; checker: string };
}

export interface IssuePlan {
  issue: number;
  title: string;
  /** `updated_at` of the issue as it was triaged. */
  updatedAt: string;
  /** Labels to add: confirmed, allowed, existing (unless the loop may create labels), new to the issue, capped. */
  labels: string[];
  type?: IssueType;
  priority?: Priority;
  duplicateOf?: { issue: number; evidence: string };
  missing?: string[];
  /** The confirmed reply to the author. */
  reply?: string;
  /** Whether a triage comment is written: the loop may comment and a reply, duplicate or missing information was confirmed. */
  comment: boolean;
  /** Every proposal made for the issue, with its verdict. */
  proposals: Proposal[];
  /** Proposals left out before or after verification, and why. */
  dropped: { kind: ProposalKind; value: string; reason: string }[];
  /** Verification still fell short for this issue after the last round. */
  escalated: boolean;
}

export interface TriageRound {
  batch: number;
  round: number;
  proposals: number;
  confirmed: number;
  refuted: number;
  uncertain: number;
  score: number;
  passed: boolean;
}

export type TriageStatus = 'complete' | 'partial' | 'failed';

export interface TriageResult {
  loop: string;
  provider: string;
  dryRun: boolean;
  status: TriageStatus;
  /** Why the run is partial or failed; empty when complete. */
  reasons: string[];
  /** One plan per issue that was triaged (every batch whose makers and checker ran). */
  plans: IssuePlan[];
  /** Issues that were not triaged in this run, and why: they are tried again next time. */
  skipped: { issue: number; title: string; reason: string }[];
  rounds: TriageRound[];
  escalated: boolean;
  escalation?: string;
  failures: AgentFailure[];
  calls: CallRecord[];
  usage: Usage;
  tokens: number;
  costUsd: number;
  durationMs: number;
}

export const REPORT_TRIAGE: AnswerSpec<TriageMakerOutput> = { name: 'report_triage', schema: TriageMakerOutput };
export const REPORT_TRIAGE_VERDICTS: AnswerSpec<TriageCheckerOutput> = { name: 'report_triage_verdicts', schema: TriageCheckerOutput };
/** Makers fill `issues`, the checker `verdicts`: every call of a triage run sends this one format, so the cached prefix matches. */
export const TRIAGE_FORMAT = answerFormat('triage_answer', [TriageMakerOutput, TriageCheckerOutput]);

const DEFAULT_BATCH_TOKENS = 30_000;
const ISSUES_PER_BATCH = 10;
const MAKER_OUTPUT_TOKENS = 6_000;
const CHECKER_OUTPUT_TOKENS = 6_000;
const PROPOSALS_PER_CHECK = 30;
/** Prompt tokens of the rules, the labels and the recent issues, on top of the batch's issues. */
const CONTEXT_OVERHEAD_TOKENS = 3_000;

const TRIAGE_EFFORT = DEFAULT_EFFORT.triage;
const FEWER_PROPOSALS = 'Your previous answer was cut off at the output limit. Keep each reason to one sentence and leave out what you are least sure of.';
const SHORTER_VERDICTS = 'Your previous answer was cut off at the output limit. Keep the evidence of each verdict to one or two sentences.';

const KIND_LETTER: Record<ProposalKind, string> = { label: 'L', type: 'T', priority: 'P', duplicate: 'D', missing: 'M', comment: 'C' };

export async function runTriage(input: TriageInput): Promise<TriageResult> {
  const loop = input.loaded.loop;
  const events = input.events ?? silentEvents;
  const meter = new BudgetMeter(loop.budget ?? {}, input.pricing, input.clock ?? systemClock);
  const runner = new CallRunner(input.provider, meter, events, input.concurrency ?? 8);
  const policy = policyOf(input);

  const batchTokens = input.batchTokens ?? DEFAULT_BATCH_TOKENS;
  const all = batchesOf(input.issues, batchTokens);
  const affordable = affordableBatches(input, batchTokens);
  const batches = all.slice(0, affordable);
  const state: RunState = { proposals: [], failures: [], rounds: [], reasons: new Set(), escalations: [], escalatedIssues: new Set(), triaged: new Set(), skipped: [], dropped: new Map() };
  for (const left of all.slice(affordable)) {
    for (const issue of left) state.skipped.push({ issue: issue.number, title: issue.title, reason: `left for the next run: the budget covers ${affordable} batch(es) of issues` });
  }
  if (all.length > affordable) state.reasons.add(`the budget covers ${affordable} of ${all.length} batch(es) of issues`);
  events.info(`${batches.length} batch(es), ${batches.reduce((n, b) => n + b.length, 0)} issue(s) to triage, ${state.skipped.length} left for the next run`);

  const ctx: RunContext = { input, runner, state, events, policy };
  await Promise.all(batches.map((issues, i) => triageBatch(issues, i + 1, batches.length, ctx)));

  const plans = input.issues.filter((i) => state.triaged.has(i.number)).map((issue) => planFor(issue, state, policy, loop.verify?.minConfidence ?? 0.5));
  const makerCalls = runner.records.filter((r) => r.role === 'maker');
  const failedEverywhere = makerCalls.length > 0 && makerCalls.every((r) => !r.ok);
  const spent = meter.spent();
  return {
    loop: loop.name,
    provider: input.provider.name,
    dryRun: input.provider.dryRun,
    status: failedEverywhere ? 'failed' : state.reasons.size > 0 ? 'partial' : 'complete',
    reasons: [...state.reasons],
    plans,
    skipped: state.skipped.sort((a, b) => a.issue - b.issue),
    rounds: state.rounds.sort((a, b) => a.batch - b.batch || a.round - b.round),
    escalated: state.escalations.length > 0,
    ...(state.escalations.length > 0 ? { escalation: state.escalations.join('; ') } : {}),
    failures: state.failures,
    calls: runner.records,
    usage: spent.usage,
    tokens: spent.tokens,
    costUsd: spent.costUsd,
    durationMs: meter.elapsedMs()
  };
}

/** What the loop may write, resolved against the repository's labels. */
interface Policy {
  /** Allowed label (lower case) → the name to apply: the repository's spelling when it exists. */
  labels: Map<string, string>;
  /** Allowed labels the repository does not have, which the loop may not create. */
  missingLabels: Set<string>;
  labelsDeclared: boolean;
  maxLabels: number;
  comments: boolean;
}

function policyOf(input: TriageInput): Policy {
  const outputs = input.loaded.loop.outputs;
  const existing = new Map(input.repoLabels.map((l) => [l.toLowerCase(), l] as const));
  const labels = new Map<string, string>();
  const missingLabels = new Set<string>();
  for (const name of outputs?.labels?.allowed ?? []) {
    const known = existing.get(name.toLowerCase());
    if (known) labels.set(name.toLowerCase(), known);
    else if (outputs?.labels?.create) labels.set(name.toLowerCase(), name);
    else missingLabels.add(name.toLowerCase());
  }
  return { labels, missingLabels, labelsDeclared: outputs?.labels !== undefined, maxLabels: outputs?.labels?.max ?? 0, comments: (outputs?.comment?.max ?? 0) > 0 };
}

interface RunState {
  proposals: Proposal[];
  failures: AgentFailure[];
  rounds: TriageRound[];
  reasons: Set<string>;
  escalations: string[];
  escalatedIssues: Set<number>;
  /** Issues whose batch ran its makers and its checker. */
  triaged: Set<number>;
  skipped: { issue: number; title: string; reason: string }[];
  /** Proposals dropped before verification, by issue. */
  dropped: Map<number, IssuePlan['dropped']>;
}

interface RunContext {
  input: TriageInput;
  runner: CallRunner;
  state: RunState;
  events: EngineEvents;
  policy: Policy;
}

/** Issues in order, grouped so each batch's text stays under the token budget. */
function batchesOf(issues: readonly TriageIssue[], batchTokens: number): TriageIssue[][] {
  const batches: TriageIssue[][] = [];
  let current: TriageIssue[] = [];
  let tokens = 0;
  for (const issue of issues) {
    const size = estimateTokens(issue.title + issue.body + issue.comments.map((c) => c.body).join(''));
    if (current.length > 0 && (current.length >= ISSUES_PER_BATCH || tokens + size > batchTokens)) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(issue);
    tokens += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** How many batches the caps can pay for at one round each, so a long backlog ends within budget. */
function affordableBatches(input: TriageInput, batchTokens: number): number {
  const loop = input.loaded.loop;
  const makers = input.loaded.makers.length > 0 ? input.loaded.makers : [undefined];
  const outputs = [
    ...makers.map((m) => outputAllowance(m?.maxOutputTokens ?? MAKER_OUTPUT_TOKENS, m?.effort ?? loop.effort ?? TRIAGE_EFFORT.maker)),
    ...input.loaded.checkers.map((c) => outputAllowance(c.maxOutputTokens ?? CHECKER_OUTPUT_TOKENS, c.effort ?? loop.effort ?? TRIAGE_EFFORT.checker))
  ];
  return affordable(loop.budget ?? {}, input.pricing.rates(modelOf(undefined, loop, input.defaultModel).model), { sharedTokens: batchTokens + CONTEXT_OVERHEAD_TOKENS, outputs });
}

async function triageBatch(issues: TriageIssue[], index: number, count: number, ctx: RunContext): Promise<void> {
  const { input, state } = ctx;
  const loop = input.loaded.loop;
  const allowed = [...ctx.policy.labels.values()];
  const shared = triageContext(issues, input.recent, allowed, { index, count });
  const skipAll = (reason: string) => {
    for (const i of issues) if (!state.triaged.has(i.number)) state.skipped.push({ issue: i.number, title: i.title, reason });
  };
  const maxRounds = loop.verify ? loop.verify.maxRounds : 1;
  const known: Proposal[] = [];
  let objections: string[] = [];
  let focus = issues;

  for (let round = 1; round <= maxRounds; round++) {
    let fresh: Proposal[];
    let insisted: number;
    try {
      ({ fresh, insisted } = await runMakers(focus, index, shared, round, objections, known, ctx));
    } catch (error) {
      if (!(error instanceof BudgetStop)) throw error;
      state.reasons.add(`stopped by budget: ${error.message}`);
      if (round === 1) skipAll(`left for the next run: ${error.message}`);
      return;
    }
    if (round === 1 && state.failures.some((f) => f.batch === index && f.round === 1) && fresh.length === 0) {
      skipAll('the makers failed; tried again next run');
      return;
    }
    known.push(...fresh);
    state.proposals.push(...fresh);

    const checkers = input.loaded.checkers;
    if (checkers.length === 0) {
      if (fresh.length > 0) state.reasons.add('no checker: proposals are reported unverified and nothing is applied');
      for (const i of issues) state.triaged.add(i.number);
      return;
    }
    if (fresh.length === 0) {
      for (const i of issues) state.triaged.add(i.number);
      const passed = insisted === 0;
      state.rounds.push({ batch: index, round, proposals: 0, confirmed: 0, refuted: 0, uncertain: 0, score: passed ? 1 : 0, passed });
      if (!passed && (!loop.verify?.autoRetry || round === maxRounds)) {
        state.escalations.push(`batch ${index}: the makers still propose ${insisted} thing(s) the checker refuted, after ${round} round(s)`);
        for (const i of focus) state.escalatedIssues.add(i.number);
      }
      if (passed || !loop.verify?.autoRetry) return;
      continue;
    }
    try {
      await runCheckers(checkers, fresh, shared, issues, index, round, ctx);
    } catch (error) {
      if (!(error instanceof BudgetStop)) throw error;
      state.reasons.add(`stopped by budget before every proposal was verified: ${error.message}`);
      if (round === 1) skipAll(`left for the next run: ${error.message}`);
      else for (const i of issues) state.triaged.add(i.number);
      return;
    }
    if (round === 1 && fresh.every((p) => !p.verdict) && state.failures.some((f) => f.batch === index && checkers.some((c) => c.label === f.agent))) {
      skipAll('the checker failed; tried again next run');
      return;
    }
    for (const i of issues) state.triaged.add(i.number);

    const counts = { confirmed: 0, refuted: 0, uncertain: 0 };
    for (const p of fresh) if (p.verdict) counts[p.verdict.kind]++;
    const judged = counts.confirmed + counts.refuted + counts.uncertain;
    const score = judged === 0 ? 0 : (counts.confirmed + counts.uncertain * 0.5) / judged;
    const threshold = loop.verify?.passThreshold ?? 0.7;
    const passed = judged === fresh.length && score >= threshold;
    state.rounds.push({ batch: index, round, proposals: fresh.length, ...counts, score, passed });
    ctx.events.info(`batch ${index} round ${round}: ${counts.confirmed} confirmed, ${counts.refuted} refuted, ${counts.uncertain} uncertain (score ${score.toFixed(2)}, ${passed ? 'passed' : 'not passed'})`);
    if (passed) return;
    const refuted = fresh.filter((p) => p.verdict?.kind === 'refuted');
    if (!loop.verify?.autoRetry || round === maxRounds) {
      state.escalations.push(`batch ${index}: the checker confirmed ${Math.round(score * 100)}% of the proposals (threshold ${Math.round(threshold * 100)}%) after ${round} round(s)`);
      for (const p of fresh) if (p.verdict?.kind !== 'confirmed') state.escalatedIssues.add(p.issue);
      return;
    }
    objections = refuted.map((p) => `issue #${p.issue} ${p.kind} ${JSON.stringify(p.value)} (refuted: ${p.verdict!.evidence})`);
    // The next round asks again only about the issues whose proposals the checker turned down.
    const again = new Set(fresh.filter((p) => p.verdict?.kind !== 'confirmed').map((p) => p.issue));
    focus = issues.filter((i) => again.has(i.number));
  }
}

async function runMakers(
  issues: TriageIssue[],
  batch: number,
  shared: string,
  round: number,
  objections: string[],
  known: Proposal[],
  ctx: RunContext
): Promise<{ fresh: Proposal[]; insisted: number }> {
  const { input, runner, state } = ctx;
  const loop = input.loaded.loop;
  const found: Proposal[] = [];
  const insistedOn = new Set<string>();
  const readable = new Set([...input.recent.map((r) => r.number), ...input.issues.map((i) => i.number)]);

  const add = (issue: TriageIssue, kind: ProposalKind, value: string, reason: string, source: string): void => {
    const problem = dropReason(ctx.policy, issue, kind, value, readable);
    if (problem) {
      const dropped = state.dropped.get(issue.number) ?? [];
      if (!dropped.some((d) => d.kind === kind && same(d.value, value))) dropped.push({ kind, value, reason: problem });
      state.dropped.set(issue.number, dropped);
      return;
    }
    const canonical = kind === 'label' ? ctx.policy.labels.get(value.toLowerCase())! : value;
    const match = [...known, ...found].find((p) => p.issue === issue.number && p.kind === kind && same(p.value, canonical));
    if (match) {
      if (!match.sources.includes(source)) match.sources.push(source);
      if (match.verdict?.kind === 'refuted' && known.includes(match)) insistedOn.add(match.id);
      return;
    }
    found.push({ id: '', issue: issue.number, kind, value: canonical, reason, sources: [source], round });
  };

  const callMaker = async (agent: Agent, subset: TriageIssue[], previous: string[]): Promise<void> => {
    try {
      const output = await runner.call<TriageMakerOutput>(
        {
          agent: agent.label,
          ...modelOf(agent, loop, input.defaultModel),
          sharedContext: shared,
          prompt: triageMakerPrompt(agent, agent.skill ? input.loaded.skills[agent.skill] : undefined, subset.map((i) => i.number), { objections, previous }),
          format: TRIAGE_FORMAT,
          answer: REPORT_TRIAGE,
          effort: agent.effort ?? loop.effort ?? TRIAGE_EFFORT.maker,
          fewer: FEWER_PROPOSALS,
          cut: (note) => state.reasons.add(note),
          maxOutputTokens: agent.maxOutputTokens ?? MAKER_OUTPUT_TOKENS,
          task: { kind: 'triage', issues: subset.map(toTaskIssue), labels: [...ctx.policy.labels.values()], recent: input.recent.map((r) => ({ number: r.number, title: r.title })), objections }
        },
        { role: 'maker', batch, round }
      );
      for (const entry of output.issues) {
        // An entry for an issue this call was not asked about is the model's invention.
        const issue = subset.find((i) => i.number === entry.issue);
        if (!issue) continue;
        for (const [kind, value, reason] of proposalsOf(entry)) add(issue, kind, value, reason, agent.label);
      }
    } catch (error) {
      if (error instanceof BudgetStop) throw error;
      const kind = error instanceof ProviderError ? error.kind : 'error';
      const message = error instanceof Error ? error.message : String(error);
      state.failures.push({ agent: agent.label, batch, round, kind, message });
      state.reasons.add(kind === 'refused' ? `agent ${agent.label} refused to answer: ${message}` : `agent ${agent.label} failed (${kind})`);
      ctx.events.warning(`${agent.label} failed on batch ${batch}: ${message}`);
    }
  };

  for (const step of loop.pipeline) {
    const subset = step.if ? issues.filter((i) => conditionHolds(step.if!, i, known.length + found.length)) : issues;
    if (subset.length === 0) {
      ctx.events.info(`step ${step.name ?? ''} skipped: its condition holds for no issue of batch ${batch}`);
      continue;
    }
    if (step.agent) await callMaker(step.agent, subset, []);
    if (step.parallel) {
      const limit = step.concurrency ?? step.parallel.length;
      for (let i = 0; i < step.parallel.length; i += limit) {
        await settleAll(step.parallel.slice(i, i + limit).map((agent) => callMaker(agent, subset, [])));
      }
    }
    if (step.agents) {
      for (const agent of step.agents) await callMaker(agent, subset, found.map((p) => `- ${p.sources.join(', ')}: issue #${p.issue} ${p.kind} ${JSON.stringify(p.value)}`));
    }
  }
  // Ids are handed out after every maker has answered, in a stable order.
  found.sort((a, b) => a.issue - b.issue || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.value.localeCompare(b.value));
  const taken = new Set(known.map((p) => p.id));
  for (const p of found) {
    let n = 1;
    while (taken.has(`I${p.issue}-${KIND_LETTER[p.kind]}${n}`)) n++;
    p.id = `I${p.issue}-${KIND_LETTER[p.kind]}${n}`;
    taken.add(p.id);
  }
  return { fresh: found, insisted: insistedOn.size };
}

const KIND_ORDER: readonly ProposalKind[] = ['label', 'type', 'priority', 'duplicate', 'missing', 'comment'];

function proposalsOf(entry: IssueProposal): [ProposalKind, string, string][] {
  const out: [ProposalKind, string, string][] = entry.labels.map((l) => ['label', l.name, l.reason]);
  if (entry.type) out.push(['type', entry.type.value, entry.type.reason]);
  if (entry.priority) out.push(['priority', entry.priority.value, entry.priority.reason]);
  if (entry.duplicate) out.push(['duplicate', `#${entry.duplicate.of}`, entry.duplicate.evidence]);
  if (entry.missing) out.push(['missing', entry.missing.items.join('; '), entry.missing.reason]);
  if (entry.comment) out.push(['comment', entry.comment.trim(), 'the reply to the author']);
  return out;
}

/** Why a proposal cannot be applied whatever the checker says, or undefined. */
function dropReason(policy: Policy, issue: TriageIssue, kind: ProposalKind, value: string, readable: Set<number>): string | undefined {
  if (kind === 'label') {
    const key = value.toLowerCase();
    if (!policy.labelsDeclared) return 'the loop declares no `outputs.labels`: it applies no labels';
    if (policy.missingLabels.has(key)) return 'the repository has no such label and `outputs.labels.create` is false';
    if (!policy.labels.has(key)) return 'not in `outputs.labels.allowed`';
    if (issue.labels.some((l) => l.toLowerCase() === key)) return 'already on the issue';
  }
  if (kind === 'duplicate') {
    const of = Number(value.slice(1));
    if (of === issue.number) return 'an issue is not a duplicate of itself';
    if (!readable.has(of)) return `#${of} is not among the issues LoopKit read`;
  }
  if (kind === 'comment' && !policy.comments) return 'the loop may not comment (`outputs.comment`)';
  return undefined;
}

function same(a: string, b: string): boolean {
  const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return normal(a) === normal(b);
}

/** A step's condition, for one issue: labels it carries, proposals so far; a files condition never holds for an issue. */
function conditionHolds(condition: Condition, issue: TriageIssue, proposalsSoFar: number): boolean {
  if (condition.files) return false;
  if (condition.label && !condition.label.some((l) => issue.labels.some((have) => have.toLowerCase() === l.toLowerCase()))) return false;
  if (condition.findings && !comparisonHolds(condition.findings, proposalsSoFar)) return false;
  return true;
}

/** Every checker verifies the proposals on its own; their verdicts combine (verdicts.ts), also when the budget stops one of them. */
async function runCheckers(checkers: Agent[], proposals: Proposal[], shared: string, issues: TriageIssue[], batch: number, round: number, ctx: RunContext): Promise<void> {
  const verdicts = checkers.map(() => new Map<string, CheckerVerdict>());
  try {
    await settleAll(checkers.map((checker, i) => runChecker(checker, verdicts[i]!, proposals, shared, issues, batch, round, ctx)));
  } finally {
    for (const p of proposals) {
      const combined = combineVerdicts(checkers.map((c, i) => ({ checker: c.label, verdict: verdicts[i]!.get(p.id) })));
      if (combined) p.verdict = { kind: combined.kind, confidence: combined.confidence, evidence: combined.evidence, checker: combined.checker };
    }
  }
}

async function runChecker(checker: Agent, verdicts: Map<string, CheckerVerdict>, proposals: Proposal[], shared: string, issues: TriageIssue[], batch: number, round: number, ctx: RunContext): Promise<void> {
  const { input, runner, state } = ctx;
  const views = new Map(proposals.map((p) => [p.id, viewOf(p, input)] as const));
  const chunks = inChunks(proposals, PROPOSALS_PER_CHECK);
  await settleAll(
    chunks.map(async (chunk) => {
      try {
        const output = await runner.call<TriageCheckerOutput>(
          {
            agent: checker.label,
            ...modelOf(checker, input.loaded.loop, input.defaultModel),
            sharedContext: shared,
            prompt: triageCheckerPrompt(checker, checker.skill ? input.loaded.skills[checker.skill] : undefined, chunk.map((p) => views.get(p.id)!)),
            format: TRIAGE_FORMAT,
            answer: REPORT_TRIAGE_VERDICTS,
            effort: checker.effort ?? input.loaded.loop.effort ?? TRIAGE_EFFORT.checker,
            fewer: SHORTER_VERDICTS,
            cut: (note) => state.reasons.add(note),
            maxOutputTokens: checker.maxOutputTokens ?? CHECKER_OUTPUT_TOKENS,
            task: {
              kind: 'verify-triage',
              proposals: chunk.map((p) => ({ id: p.id, issue: p.issue, kind: p.kind, value: p.value })),
              issues: issues.map(toTaskIssue),
              labels: [...ctx.policy.labels.values()],
              recent: input.recent.map((r) => ({ number: r.number, title: r.title }))
            }
          },
          { role: 'checker', batch, round }
        );
        for (const v of output.verdicts) {
          const proposal = chunk.find((p) => p.id === v.id);
          // A verdict on an id this call was not asked about is the model's invention: ignored.
          if (!proposal || verdicts.has(v.id)) continue;
          verdicts.set(v.id, { kind: v.verdict, confidence: v.confidence, evidence: v.evidence, checker: checker.label });
        }
        const missing = chunk.filter((p) => !verdicts.has(p.id));
        if (missing.length > 0) state.reasons.add(`the checker gave no verdict on ${missing.map((p) => p.id).join(', ')}`);
      } catch (error) {
        if (error instanceof BudgetStop) throw error;
        const kind = error instanceof ProviderError ? error.kind : 'error';
        const message = error instanceof Error ? error.message : String(error);
        state.failures.push({ agent: checker.label, batch, round, kind, message });
        state.reasons.add(kind === 'refused' ? `checker ${checker.label} refused to answer (${message}): proposals left unverified` : `checker ${checker.label} failed (${kind}): proposals left unverified`);
        ctx.events.warning(`${checker.label} failed on batch ${batch}: ${message}`);
      }
    })
  );
}

function viewOf(p: Proposal, input: TriageInput): ProposalView {
  if (p.kind !== 'duplicate') return { id: p.id, issue: p.issue, kind: p.kind, value: p.value, reason: p.reason };
  const of = Number(p.value.slice(1));
  const recent = input.recent.find((r) => r.number === of);
  const candidate = input.issues.find((i) => i.number === of);
  const original = candidate ? `Title: ${candidate.title}\n\n${candidate.body.slice(0, 2_000)}` : recent ? `Title: ${recent.title} (${recent.state})\n\n${recent.excerpt}` : undefined;
  return { id: p.id, issue: p.issue, kind: p.kind, value: p.value, reason: p.reason, ...(original ? { original } : {}) };
}

/** The confirmed proposals of one issue, capped, as what may be applied. */
function planFor(issue: TriageIssue, state: RunState, policy: Policy, minConfidence: number): IssuePlan {
  const proposals = state.proposals.filter((p) => p.issue === issue.number).sort((a, b) => a.id.localeCompare(b.id));
  const dropped = [...(state.dropped.get(issue.number) ?? [])];
  const confirmed = (kind: ProposalKind) =>
    proposals
      .filter((p) => p.kind === kind && p.verdict?.kind === 'confirmed' && p.verdict.confidence >= minConfidence)
      .sort((a, b) => b.verdict!.confidence - a.verdict!.confidence || a.id.localeCompare(b.id));
  const labels = confirmed('label');
  for (const extra of labels.slice(policy.maxLabels)) dropped.push({ kind: 'label', value: extra.value, reason: `over \`outputs.labels.max\` (${policy.maxLabels})` });
  const [type] = confirmed('type');
  const [priority] = confirmed('priority');
  const [duplicate] = confirmed('duplicate');
  const [missing] = confirmed('missing');
  const [reply] = confirmed('comment');
  return {
    issue: issue.number,
    title: issue.title,
    updatedAt: issue.updatedAt,
    labels: labels.slice(0, policy.maxLabels).map((p) => p.value),
    ...(type ? { type: type.value as IssueType } : {}),
    ...(priority ? { priority: priority.value as Priority } : {}),
    ...(duplicate ? { duplicateOf: { issue: Number(duplicate.value.slice(1)), evidence: duplicate.reason } } : {}),
    ...(missing ? { missing: missing.value.split('; ') } : {}),
    ...(reply ? { reply: reply.value } : {}),
    comment: policy.comments && (reply !== undefined || duplicate !== undefined || missing !== undefined),
    proposals,
    dropped,
    escalated: state.escalatedIssues.has(issue.number)
  };
}

function toTaskIssue(issue: TriageIssue): TaskIssue {
  return { number: issue.number, title: issue.title, body: issue.body, labels: issue.labels, comments: issue.comments.map((c) => c.body) };
}

