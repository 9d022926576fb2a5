/**
 * The triage preset: for each batch of issues the makers propose labels, a type, a priority, a
 * possible duplicate, the missing information and a short reply; proposals the loop may not apply
 * are dropped before anyone pays to check them; the checker verifies the rest; rounds repeat with
 * the checker's objections (the rounds runner, rounds.ts). The result is a plan per issue made only
 * of confirmed proposals, capped as the loop's `outputs` say. Pure: it reads and writes nothing.
 */
import type { Agent, Condition } from '../loop/schema.js';
import { comparisonHolds } from '../loop/schema.js';
import { DEFAULT_EFFORT } from '../providers/cost-model.js';
import type { AnswerSpec, TaskIssue } from '../providers/types.js';
import type { AgentTools } from '../tools/types.js';
import {
  proposalText,
  TriageCheckerOutput,
  TriageMakerOutput,
  type IssueProposal,
  type IssueType,
  type Priority,
  type ProposalKind,
  type TriageProposal
} from '../answers/triage.js';
import { estimateTokens } from './budget.js';
import { answerFormat } from './calls.js';
import { runRounds, verdictOf, type BatchPreset, type RoundItem, type RoundsContext, type RoundsState } from './rounds.js';
import {
  affordableBatches,
  escalationOf,
  labelPolicy,
  labelRefusal,
  spendOf,
  startRun,
  statusOf,
  type CallDefaults,
  type LabelPolicy,
  type RunInput,
  type RunSpend
} from './run.js';
import { triageCheckerPrompt, triageContext, triageMakerPrompt, type ProposalView, type RecentIssue, type TriageIssue } from './triage-prompts.js';

export type { RecentIssue, TriageIssue } from './triage-prompts.js';
export type { ProposalKind } from '../answers/triage.js';

export interface TriageInput extends RunInput {
  /** The issues to triage in this run. */
  issues: TriageIssue[];
  /** Issues a duplicate may point at (the issues to triage count too). */
  recent: RecentIssue[];
  /** Names of the labels the repository has. */
  repoLabels: string[];
  /** Prompt tokens of the issues in one batch. */
  batchTokens?: number;
  /** What maintainers taught the loop, given by the flow. */
  memoryNotes?: string[];
  tools?: (agent: Agent, role: 'maker' | 'checker') => AgentTools | undefined;
}

/** One proposal for one issue, typed, once de-duplicated and judged. */
export type Proposal = TriageProposal &
  RoundItem & {
    issue: number;
    reason: string;
  };

/** A proposal left out before or after verification, and why. */
export type DroppedProposal = TriageProposal & { reason: string };

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
  dropped: DroppedProposal[];
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

export interface TriageResult extends RunSpend {
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
  /** What the makers proposed for skipped issues before a budget stop: reported, never applied. */
  unverified: Proposal[];
  rounds: TriageRound[];
  escalated: boolean;
  escalation?: string;
}

export const REPORT_TRIAGE: AnswerSpec<TriageMakerOutput> = { name: 'report_triage', schema: TriageMakerOutput };
export const REPORT_TRIAGE_VERDICTS: AnswerSpec<TriageCheckerOutput> = { name: 'report_triage_verdicts', schema: TriageCheckerOutput };
/** Makers fill `issues`, the checker `verdicts`: every call of a triage run sends this one format, so the cached prefix matches. */
export const TRIAGE_FORMAT = answerFormat('triage_answer', [TriageMakerOutput, TriageCheckerOutput]);

const DEFAULT_BATCH_TOKENS = 30_000;
const ISSUES_PER_BATCH = 10;
const PROPOSALS_PER_CHECK = 30;
/** Prompt tokens of the rules, the labels and the recent issues, on top of the batch's issues. */
const CONTEXT_OVERHEAD_TOKENS = 3_000;

const TRIAGE_DEFAULTS: CallDefaults = { effort: DEFAULT_EFFORT.triage, makerOutputTokens: 6_000, checkerOutputTokens: 6_000 };
const FEWER_PROPOSALS = 'Your previous answer was cut off at the output limit. Keep each reason to one sentence and leave out what you are least sure of.';
const SHORTER_VERDICTS = 'Your previous answer was cut off at the output limit. Keep the evidence of each verdict to one or two sentences.';

const KIND_LETTER: Record<ProposalKind, string> = { label: 'L', type: 'T', priority: 'P', duplicate: 'D', missing: 'M', comment: 'C' };

export async function runTriage(input: TriageInput): Promise<TriageResult> {
  const loop = input.loaded.loop;
  const run = startRun<Proposal>(input);
  const { events, state } = run;
  const policy = policyOf(input);

  const batchTokens = input.batchTokens ?? DEFAULT_BATCH_TOKENS;
  const all = batchesOf(input.issues, batchTokens);
  const affordable = affordableBatches(input, batchTokens + CONTEXT_OVERHEAD_TOKENS, TRIAGE_DEFAULTS);
  const batches = all.slice(0, affordable);
  const triage: TriageState = { escalatedIssues: new Set(), triaged: new Set(), skipped: [], dropped: new Map() };
  for (const left of all.slice(affordable)) {
    for (const issue of left)
      triage.skipped.push({ issue: issue.number, title: issue.title, reason: `left for the next run: the budget covers ${affordable} batch(es) of issues` });
  }
  if (all.length > affordable) state.reasons.add(`the budget covers ${affordable} of ${all.length} batch(es) of issues`);
  events.info(`${batches.length} batch(es), ${batches.reduce((n, b) => n + b.length, 0)} issue(s) to triage, ${triage.skipped.length} left for the next run`);

  const rounds: RoundsContext<Proposal> = { loaded: input.loaded, defaultModel: input.defaultModel, runner: run.runner, state, events, tools: input.tools };
  await Promise.all(batches.map((issues, i) => triageBatch(issues, i + 1, batches.length, input, policy, state, triage, rounds)));

  const plans = input.issues
    .filter((i) => triage.triaged.has(i.number))
    .map((issue) => planFor(issue, state.items, triage, policy, loop.verify?.minConfidence ?? 0.5));
  const skippedIssues = new Set(triage.skipped.map((s) => s.issue));
  return {
    loop: loop.name,
    provider: input.provider.name,
    dryRun: input.provider.dryRun,
    status: statusOf(run),
    reasons: [...state.reasons],
    plans,
    skipped: triage.skipped.sort((a, b) => a.issue - b.issue),
    unverified: state.items.filter((p) => skippedIssues.has(p.issue)).sort((a, b) => a.issue - b.issue || a.id.localeCompare(b.id)),
    rounds: state.rounds.sort((a, b) => a.batch - b.batch || a.round - b.round).map(({ items, ...round }) => ({ ...round, proposals: items })),
    ...escalationOf(run),
    ...spendOf(run)
  };
}

/** What the loop may write, resolved against the repository's labels. */
interface Policy extends LabelPolicy {
  labelsDeclared: boolean;
  maxLabels: number;
  comments: boolean;
}

function policyOf(input: TriageInput): Policy {
  const outputs = input.loaded.loop.outputs;
  return {
    ...labelPolicy(outputs, input.repoLabels),
    labelsDeclared: outputs?.labels !== undefined,
    maxLabels: outputs?.labels?.max ?? 0,
    comments: (outputs?.comment?.max ?? 0) > 0
  };
}

/** What triage keeps beside the proposals: which issues were triaged, skipped, escalated, and what was dropped. */
interface TriageState {
  escalatedIssues: Set<number>;
  /** Issues whose batch ran its makers and its checker. */
  triaged: Set<number>;
  skipped: { issue: number; title: string; reason: string }[];
  /** Proposals dropped before verification, by issue. */
  dropped: Map<number, DroppedProposal[]>;
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

/** A proposal as one maker made it, for one issue. */
interface Draft {
  issue: number;
  proposal: TriageProposal;
  reason: string;
}

async function triageBatch(
  issues: TriageIssue[],
  index: number,
  count: number,
  input: TriageInput,
  policy: Policy,
  state: RoundsState<Proposal>,
  triage: TriageState,
  rounds: RoundsContext<Proposal>
): Promise<void> {
  const end = await runRounds(triagePreset(issues, index, count, input, policy, triage), rounds);
  const mine = (p: { issue: number }) => issues.some((i) => i.number === p.issue);
  const skipAll = (reason: string) => {
    for (const i of issues) triage.skipped.push({ issue: i.number, title: i.title, reason });
  };
  const firstRound = state.items.filter((p) => mine(p) && p.round === 1);
  const makers = new Set(input.loaded.makers.map((m) => m.label));
  const failedInRound1 = (maker: boolean) => state.failures.some((f) => f.batch === index && f.round === 1 && makers.has(f.agent) === maker);
  // A batch that never got past its first round is tried again next run: nothing of it is applied.
  if (end.stopped && end.round === 1) return skipAll(`left for the next run: ${end.stopped}`);
  if (failedInRound1(true) && firstRound.length === 0) return skipAll('the makers failed; tried again next run');
  if (input.loaded.checkers.length > 0 && firstRound.length > 0 && firstRound.every((p) => !p.verdict) && failedInRound1(false))
    return skipAll('the checker failed; tried again next run');
  for (const i of issues) triage.triaged.add(i.number);
  for (const p of end.escalated) triage.escalatedIssues.add(p.issue);
}

function triagePreset(
  issues: TriageIssue[],
  index: number,
  count: number,
  input: TriageInput,
  policy: Policy,
  triage: TriageState
): BatchPreset<TriageMakerOutput, Draft, Proposal, TriageCheckerOutput, TriageIssue[]> {
  const allowed = [...policy.labels.values()];
  const readable = new Set([...input.recent.map((r) => r.number), ...input.issues.map((i) => i.number)]);
  const recent = input.recent.map((r) => ({ number: r.number, title: r.title }));
  const skill = (agent: Agent) => (agent.skill ? input.loaded.skills[agent.skill] : undefined);
  return {
    index,
    shared: triageContext(issues, input.recent, allowed, { index, count }, input.memoryNotes ?? []),
    format: TRIAGE_FORMAT,
    defaults: TRIAGE_DEFAULTS,
    noun: 'proposal',
    chunkSize: PROPOSALS_PER_CHECK,
    maker: (agent, { objections, previous, scope }) => ({
      prompt: triageMakerPrompt(
        agent,
        skill(agent),
        scope.map((i) => i.number),
        { objections, previous: previous.map((p) => `- ${p.sources.join(', ')}: issue #${p.issue} ${p.kind} ${JSON.stringify(proposalText(p))}`) }
      ),
      answer: REPORT_TRIAGE,
      task: { kind: 'triage', issues: scope.map(toTaskIssue), labels: allowed, recent, objections },
      fewer: FEWER_PROPOSALS
    }),
    draftsOf: (output) =>
      output.issues.flatMap((entry) => {
        // An entry for an issue this batch was not asked about is the model's invention.
        const issue = issues.find((i) => i.number === entry.issue);
        if (!issue) return [];
        return proposalsOf(entry).flatMap(({ proposal, reason }) => {
          const problem = dropReason(policy, issue, proposal, readable);
          if (problem) {
            const dropped = triage.dropped.get(issue.number) ?? [];
            if (!dropped.some((d) => d.kind === proposal.kind && same(proposalText(d), proposalText(proposal)))) dropped.push({ ...proposal, reason: problem });
            triage.dropped.set(issue.number, dropped);
            return [];
          }
          // The repository's spelling of an allowed label.
          const canonical: TriageProposal = proposal.kind === 'label' ? { kind: 'label', label: policy.labels.get(proposal.label.toLowerCase())! } : proposal;
          return [{ issue: issue.number, proposal: canonical, reason }];
        });
      }),
    same: (draft, p) => p.issue === draft.issue && p.kind === draft.proposal.kind && same(proposalText(p), proposalText(draft.proposal)),
    create: (draft, source, round) => ({ ...draft.proposal, issue: draft.issue, reason: draft.reason, id: '', sources: [source], round }),
    key: (p) => `${p.issue}\n${p.kind}\n${proposalText(p).toLowerCase()}`,
    idPrefix: (p) => `I${p.issue}-${KIND_LETTER[p.kind]}`,
    scope: (condition, { round, itemsSoFar, retry }) => {
      // A later round asks again only about the issues whose proposals the checker did not confirm.
      const again = new Set(retry.map((p) => p.issue));
      const focus = round === 1 ? issues : issues.filter((i) => again.has(i.number));
      const subset = condition ? focus.filter((i) => conditionHolds(condition, i, itemsSoFar)) : focus;
      return subset.length > 0 ? subset : undefined;
    },
    checker: (checker, chunk) => ({
      prompt: triageCheckerPrompt(
        checker,
        skill(checker),
        chunk.map((p) => viewOf(p, input))
      ),
      answer: REPORT_TRIAGE_VERDICTS,
      task: { kind: 'verify-triage', proposals: chunk.map(taskProposal), issues: issues.map(toTaskIssue), labels: allowed, recent },
      fewer: SHORTER_VERDICTS
    }),
    verdictsOf: (output) => output.verdicts,
    judge: (p, combined) => {
      p.verdict = verdictOf(combined);
    },
    objection: (p) => `issue #${p.issue} ${p.kind} ${JSON.stringify(proposalText(p))} (refuted: ${p.verdict!.evidence})`,
    restated: (draft) => draft.reason
  };
}

/** The typed proposal alone, as the checker's task carries it. */
function taskProposal(p: Proposal): TriageProposal & { id: string; issue: number } {
  const { sources: _sources, round: _round, verdict: _verdict, reason: _reason, ...proposal } = p;
  return proposal;
}

function proposalsOf(entry: IssueProposal): { proposal: TriageProposal; reason: string }[] {
  const out: { proposal: TriageProposal; reason: string }[] = entry.labels.map((l) => ({ proposal: { kind: 'label', label: l.name }, reason: l.reason }));
  if (entry.type) out.push({ proposal: { kind: 'type', type: entry.type.value }, reason: entry.type.reason });
  if (entry.priority) out.push({ proposal: { kind: 'priority', priority: entry.priority.value }, reason: entry.priority.reason });
  if (entry.duplicate) out.push({ proposal: { kind: 'duplicate', of: entry.duplicate.of }, reason: entry.duplicate.evidence });
  if (entry.missing) out.push({ proposal: { kind: 'missing', items: entry.missing.items }, reason: entry.missing.reason });
  if (entry.comment) out.push({ proposal: { kind: 'comment', body: entry.comment.trim() }, reason: 'the reply to the author' });
  return out;
}

/** Why a proposal cannot be applied whatever the checker says, or undefined. */
function dropReason(policy: Policy, issue: TriageIssue, proposal: TriageProposal, readable: Set<number>): string | undefined {
  if (proposal.kind === 'label') {
    const key = proposal.label.toLowerCase();
    if (!policy.labelsDeclared) return 'the loop declares no `outputs.labels`: it applies no labels';
    const refused = labelRefusal(policy, proposal.label);
    if (refused) return refused;
    if (issue.labels.some((l) => l.toLowerCase() === key)) return 'already on the issue';
  }
  if (proposal.kind === 'duplicate') {
    if (proposal.of === issue.number) return 'an issue is not a duplicate of itself';
    if (!readable.has(proposal.of)) return `#${proposal.of} is not among the issues LoopKit read`;
  }
  if (proposal.kind === 'comment' && !policy.comments) return 'the loop may not comment (`outputs.comment`)';
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

function viewOf(p: Proposal, input: TriageInput): ProposalView {
  const view = { id: p.id, issue: p.issue, kind: p.kind, text: proposalText(p), reason: p.reason };
  if (p.kind !== 'duplicate') return view;
  const recent = input.recent.find((r) => r.number === p.of);
  const candidate = input.issues.find((i) => i.number === p.of);
  const original = candidate
    ? `Title: ${candidate.title}\n\n${candidate.body.slice(0, 2_000)}`
    : recent
      ? `Title: ${recent.title} (${recent.state})\n\n${recent.excerpt}`
      : undefined;
  return { ...view, ...(original ? { original } : {}) };
}

/** The confirmed proposals of one issue, capped, as what may be applied. */
function planFor(issue: TriageIssue, all: Proposal[], triage: TriageState, policy: Policy, minConfidence: number): IssuePlan {
  const proposals = all.filter((p) => p.issue === issue.number).sort((a, b) => a.id.localeCompare(b.id));
  const dropped = [...(triage.dropped.get(issue.number) ?? [])];
  const confirmed = <K extends ProposalKind>(kind: K) =>
    proposals
      .filter((p): p is Extract<Proposal, { kind: K }> => p.kind === kind && p.verdict?.kind === 'confirmed' && p.verdict.confidence >= minConfidence)
      .sort((a, b) => b.verdict!.confidence - a.verdict!.confidence || a.id.localeCompare(b.id));
  const labels = confirmed('label');
  for (const extra of labels.slice(policy.maxLabels))
    dropped.push({ kind: 'label', label: extra.label, reason: `over \`outputs.labels.max\` (${policy.maxLabels})` });
  const [type] = confirmed('type');
  const [priority] = confirmed('priority');
  const [duplicate] = confirmed('duplicate');
  const [missing] = confirmed('missing');
  const [reply] = confirmed('comment');
  return {
    issue: issue.number,
    title: issue.title,
    updatedAt: issue.updatedAt,
    labels: labels.slice(0, policy.maxLabels).map((p) => p.label),
    ...(type ? { type: type.type } : {}),
    ...(priority ? { priority: priority.priority } : {}),
    ...(duplicate ? { duplicateOf: { issue: duplicate.of, evidence: duplicate.reason } } : {}),
    ...(missing ? { missing: missing.items } : {}),
    ...(reply ? { reply: reply.body } : {}),
    comment: policy.comments && (reply !== undefined || duplicate !== undefined || missing !== undefined),
    proposals,
    dropped,
    escalated: triage.escalatedIssues.has(issue.number)
  };
}

function toTaskIssue(issue: TriageIssue): TaskIssue {
  return { number: issue.number, title: issue.title, body: issue.body, labels: issue.labels, comments: issue.comments.map((c) => c.body) };
}
