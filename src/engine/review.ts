/**
 * The review loop: for each batch of the pull request, the makers run (pipeline steps: parallel,
 * sequential, conditional), their findings are anchored and de-duplicated, the checker verifies
 * them, and rounds repeat with the checker's objections until a round passes or rounds run out.
 * The result is complete even when the run is not: partial work is returned with the reasons.
 */
import picomatch from 'picomatch';
import { resolveAnchor, toTaskFile, type FileDiff } from '../diff/index.js';
import type { LoadedLoop } from '../loop/load.js';
import { comparisonHolds, type Agent, type Condition } from '../loop/schema.js';
import { modelOf } from '../providers/capabilities.js';
import { affordableBatches as affordable, DEFAULT_EFFORT, outputAllowance } from '../providers/cost-model.js';
import { ProviderError, type AnswerSpec, type ModelProvider, type Usage } from '../providers/types.js';
import { BudgetMeter, systemClock, type Clock, type Pricing } from './budget.js';
import { answerFormat, BudgetStop, CallRunner, inChunks, settleAll, silentEvents, type CallRecord, type EngineEvents } from './calls.js';
import type { FileReader, PullRequestSnapshot } from './context.js';
import { CheckerOutput, MakerOutput, type Finding, type MakerFinding } from './finding.js';
import { claimSimilarity, fingerprintOf } from './fingerprint.js';
import { BUDGET_LEFT_OUT, PARTLY_REVIEWED, packFiles, type Batch, type SkippedFile } from './pack.js';
import { checkerPrompt, excerpt, makerPrompt, sharedContext } from './prompts.js';
import { combineVerdicts, type CheckerVerdict } from './verdicts.js';

export const REPORT_FINDINGS: AnswerSpec<MakerOutput> = { name: 'report_findings', schema: MakerOutput };
export const REPORT_VERDICTS: AnswerSpec<CheckerOutput> = { name: 'report_verdicts', schema: CheckerOutput };
/** Makers fill `findings` (and `summary`), the checker `verdicts`: one format, one cached prefix. */
export const REVIEW_FORMAT = answerFormat('review_answer', [MakerOutput, CheckerOutput]);
const REVIEW_EFFORT = DEFAULT_EFFORT.review;
const FEWER_FINDINGS = 'Your previous answer was cut off at the output limit. Report at most 10 findings this time, the most severe first, with evidence of a few sentences each.';
const SHORTER_VERDICTS = 'Your previous answer was cut off at the output limit. Keep the evidence of each verdict to two or three sentences.';

export interface ReviewInput {
  loaded: LoadedLoop;
  pr: PullRequestSnapshot;
  provider: ModelProvider;
  pricing: Pricing;
  defaultModel: string;
  reader?: FileReader;
  clock?: Clock;
  events?: EngineEvents;
  /** Review only these paths (an incremental review); the others are reported as already reviewed. */
  onlyPaths?: ReadonlySet<string>;
  /** Findings suppressed on this pull request (`/loopkit ignore`). */
  ignored?: ReadonlySet<string>;
  /** Prompt tokens of the diff in one batch. */
  batchTokens?: number;
  concurrency?: number;
  /** Extra files every agent reads (the repo-files connector), already fetched. */
  repoFiles?: { path: string; text: string }[];
  /** How long calls wait for the first call on a shared prefix to start answering (see CallRunner). */
  warmWaitMs?: number;
}

export interface RoundSummary {
  batch: number;
  round: number;
  findings: number;
  confirmed: number;
  refuted: number;
  uncertain: number;
  score: number;
  passed: boolean;
}

export interface Coverage {
  filesReviewed: number;
  filesTotal: number;
  linesReviewed: number;
  linesTotal: number;
  skipped: SkippedFile[];
  batches: number;
  /**
   * Paths of this run's files that need no further review: their batch completed (every maker
   * answered, the checker judged every finding, no budget stop), or the loop's rules leave them out
   * (globs, lockfiles, no patch, maxFiles). A file the budget left out or cut short is not here.
   */
  settled: string[];
}

export interface AgentFailure {
  agent: string;
  batch: number;
  round: number;
  kind: string;
  message: string;
}

export type ReviewStatus = 'complete' | 'partial' | 'failed';

export interface ReviewResult {
  loop: string;
  provider: string;
  dryRun: boolean;
  status: ReviewStatus;
  /** Why the review is partial or failed; empty when complete. */
  reasons: string[];
  findings: Finding[];
  /** Confirmed with at least the loop's minimum confidence: the only findings presented as verified. */
  verified: Finding[];
  suppressed: number;
  rounds: RoundSummary[];
  escalated: boolean;
  escalation?: string;
  coverage: Coverage;
  failures: AgentFailure[];
  calls: CallRecord[];
  usage: Usage;
  tokens: number;
  costUsd: number;
  durationMs: number;
  walkthrough: string[];
}

const DEFAULT_BATCH_TOKENS = 40_000;
const MAKER_OUTPUT_TOKENS = 8_000;
const CHECKER_OUTPUT_TOKENS = 6_000;
const FINDINGS_PER_CHECK = 15;

export async function runReview(input: ReviewInput): Promise<ReviewResult> {
  const { loaded, pr, provider } = input;
  const loop = loaded.loop;
  const events = input.events ?? silentEvents;
  const clock = input.clock ?? systemClock;
  const meter = new BudgetMeter(loop.budget ?? {}, input.pricing, clock);
  const runner = new CallRunner(provider, meter, events, input.concurrency ?? 8, input.warmWaitMs);
  const prConnector = loop.connectors?.find((c) => c.type === 'github-pull-request');
  const batchTokens = input.batchTokens ?? DEFAULT_BATCH_TOKENS;

  const files = input.onlyPaths ? pr.files.filter((f) => input.onlyPaths!.has(f.path)) : pr.files;
  const unchanged: SkippedFile[] = input.onlyPaths
    ? pr.files.filter((f) => !input.onlyPaths!.has(f.path)).map((f) => ({ path: f.path, reason: 'unchanged since the last review', changedLines: f.additions + f.deletions }))
    : [];
  const packing = packFiles(files, {
    ...(loop.paths?.include ? { include: loop.paths.include } : {}),
    ...(loop.paths?.exclude ? { exclude: loop.paths.exclude } : {}),
    batchTokens,
    maxBatches: affordableBatches(loaded, input, batchTokens),
    maxFiles: prConnector && 'maxFiles' in prConnector ? prConnector.maxFiles : 3000
  });
  const notListed = Math.max(0, pr.filesTotal - pr.files.length);
  const skipped = [...unchanged, ...packing.skipped];
  if (notListed > 0) skipped.push({ path: `(${notListed} more files)`, reason: 'GitHub lists at most 3,000 files of a pull request', changedLines: 0 });
  events.info(`${packing.batches.length} batch(es), ${packing.batches.reduce((n, b) => n + b.files.length, 0)} file(s) to review, ${skipped.length} left out`);

  const state: RunState = { findings: [], failures: [], rounds: [], reasons: new Set(), unsettled: new Set(), escalations: [], walkthrough: [], suppressed: 0 };
  const unaffordable = packing.skipped.filter((s) => s.reason === BUDGET_LEFT_OUT);
  if (unaffordable.length > 0) {
    // Reviewing a part of the pull request is a partial review, even when every call succeeds.
    state.reasons.add(`the budget covers ${packing.batches.length} batch(es): ${unaffordable.length} file(s) left out`);
  }
  const context: RunContext = { input, runner, state, events, radius: prConnector && 'surroundingLines' in prConnector ? prConnector.surroundingLines : 20 };
  await Promise.all(packing.batches.map((batch) => reviewBatch(batch, packing.batches.length, context)));

  const minConfidence = loop.verify?.minConfidence ?? 0.5;
  const findings = state.findings.sort(bySeverity);
  const verified = findings.filter((f) => f.verdict?.kind === 'confirmed' && f.verdict.confidence >= minConfidence);
  const makerCalls = runner.records.filter((r) => r.role === 'maker');
  const makersFailedEverywhere = makerCalls.length > 0 && makerCalls.every((r) => !r.ok);
  const reasons = [...state.reasons];
  const reviewedLines = packing.batches.reduce((n, b) => n + b.changedLines, 0);
  const spent = meter.spent();
  return {
    loop: loop.name,
    provider: provider.name,
    dryRun: provider.dryRun,
    status: makersFailedEverywhere ? 'failed' : reasons.length > 0 ? 'partial' : 'complete',
    reasons,
    findings,
    verified,
    suppressed: state.suppressed,
    rounds: state.rounds.sort((a, b) => a.batch - b.batch || a.round - b.round),
    escalated: state.escalations.length > 0,
    ...(state.escalations.length > 0 ? { escalation: state.escalations.join('; ') } : {}),
    coverage: {
      filesReviewed: packing.batches.reduce((n, b) => n + b.files.length, 0),
      filesTotal: pr.filesTotal,
      linesReviewed: reviewedLines,
      linesTotal: pr.files.reduce((n, f) => n + f.additions + f.deletions, 0),
      skipped,
      batches: packing.batches.length,
      settled: settledPaths(packing, state.unsettled)
    },
    failures: state.failures,
    calls: runner.records,
    usage: spent.usage,
    tokens: spent.tokens,
    costUsd: spent.costUsd,
    durationMs: meter.elapsedMs(),
    walkthrough: state.walkthrough
  };
}

/** See Coverage.settled. */
function settledPaths(packing: { batches: Batch[]; skipped: SkippedFile[] }, unsettled: ReadonlySet<number>): string[] {
  const cut = new Set(packing.skipped.filter((s) => s.reason === BUDGET_LEFT_OUT || s.reason.startsWith(PARTLY_REVIEWED)).map((s) => s.path));
  const reviewed = packing.batches.filter((b) => !unsettled.has(b.index)).flatMap((b) => b.files.map((f) => f.path));
  return [...new Set([...reviewed, ...packing.skipped.map((s) => s.path)])].filter((path) => !cut.has(path));
}

interface RunState {
  findings: Finding[];
  failures: AgentFailure[];
  rounds: RoundSummary[];
  reasons: Set<string>;
  /** Batches whose review did not complete: a maker failed, a budget stopped it, a finding went unjudged. */
  unsettled: Set<number>;
  escalations: string[];
  walkthrough: string[];
  suppressed: number;
}

interface RunContext {
  input: ReviewInput;
  runner: CallRunner;
  state: RunState;
  events: EngineEvents;
  radius: number;
}

/** How many batches the caps can pay for, at one round each, so a huge PR ends within budget. */
function affordableBatches(loaded: LoadedLoop, input: ReviewInput, batchTokens: number): number {
  const loop = loaded.loop;
  const makers = loaded.makers.length > 0 ? loaded.makers : [undefined];
  const outputs = [
    ...makers.map((m) => outputAllowance(m?.maxOutputTokens ?? MAKER_OUTPUT_TOKENS, m?.effort ?? loop.effort ?? REVIEW_EFFORT.maker)),
    ...loaded.checkers.map((c) => outputAllowance(c.maxOutputTokens ?? CHECKER_OUTPUT_TOKENS, c.effort ?? loop.effort ?? REVIEW_EFFORT.checker))
  ];
  return affordable(loop.budget ?? {}, input.pricing.rates(modelOf(undefined, loop, input.defaultModel).model), { sharedTokens: batchTokens, outputs });
}

async function reviewBatch(batch: Batch, batchCount: number, ctx: RunContext): Promise<void> {
  const { input, state } = ctx;
  const loop = input.loaded.loop;
  const byPath = new Map(batch.files.map((f) => [f.path, f] as const));
  const shared = sharedContext(input.pr, batch.rendered, { index: batch.index, count: batchCount }, input.repoFiles ?? []);
  const maxRounds = loop.verify ? loop.verify.maxRounds : 1;
  const batchFindings: Finding[] = [];
  let objections: string[] = [];

  for (let round = 1; round <= maxRounds; round++) {
    const { fresh, insisted, stopped } = await runMakers(batch, byPath, shared, round, objections, batchFindings, ctx);
    batchFindings.push(...fresh);
    state.findings.push(...fresh);
    if (stopped) {
      // What the makers already found is kept and reported, unverified.
      state.reasons.add(`stopped by budget: ${stopped.message}`);
      state.unsettled.add(batch.index);
      return;
    }

    const checkers = input.loaded.checkers;
    if (checkers.length === 0) {
      if (fresh.length > 0) {
        state.reasons.add('no checker: findings are reported unverified');
        state.unsettled.add(batch.index);
      }
      return;
    }
    if (fresh.length === 0) {
      // Nothing new to verify. Makers that only repeat what the checker refuted still disagree
      // with it: that round does not pass, and after the last round a person decides.
      const passed = insisted === 0;
      state.rounds.push({ batch: batch.index, round, findings: 0, confirmed: 0, refuted: 0, uncertain: 0, score: passed ? 1 : 0, passed });
      if (!passed && (!loop.verify?.autoRetry || round === maxRounds)) {
        state.escalations.push(`batch ${batch.index}: the makers still report ${insisted} finding(s) the checker refuted, after ${round} round(s)`);
      }
      if (passed || !loop.verify?.autoRetry) return;
      continue;
    }
    try {
      await runCheckers(checkers, fresh, shared, batch, round, ctx);
    } catch (error) {
      if (error instanceof BudgetStop) {
        state.reasons.add(`stopped by budget before every finding was verified: ${error.message}`);
        state.unsettled.add(batch.index);
        return;
      }
      throw error;
    }

    const counts = { confirmed: 0, refuted: 0, uncertain: 0 };
    for (const f of fresh) if (f.verdict) counts[f.verdict.kind]++;
    const judged = counts.confirmed + counts.refuted + counts.uncertain;
    const score = judged === 0 ? 0 : (counts.confirmed + counts.uncertain * 0.5) / judged;
    const threshold = loop.verify?.passThreshold ?? 0.7;
    const passed = judged === fresh.length && score >= threshold;
    state.rounds.push({ batch: batch.index, round, findings: fresh.length, ...counts, score, passed });
    ctx.events.info(`batch ${batch.index} round ${round}: ${counts.confirmed} confirmed, ${counts.refuted} refuted, ${counts.uncertain} uncertain (score ${score.toFixed(2)}, ${passed ? 'passed' : 'not passed'})`);
    if (passed) return;
    if (!loop.verify?.autoRetry || round === maxRounds) {
      state.escalations.push(
        `batch ${batch.index}: the checker confirmed ${Math.round(score * 100)}% of the findings (threshold ${Math.round(threshold * 100)}%) after ${round} round(s)`
      );
      return;
    }
    objections = fresh.filter((f) => f.verdict?.kind === 'refuted').map((f) => `${f.path}:${f.line} — ${f.claim} (refuted: ${f.verdict!.evidence})`);
  }
}

async function runMakers(
  batch: Batch,
  byPath: Map<string, FileDiff>,
  shared: string,
  round: number,
  objections: string[],
  known: Finding[],
  ctx: RunContext
): Promise<{ fresh: Finding[]; insisted: number; stopped?: BudgetStop }> {
  const { input, runner, state } = ctx;
  const loop = input.loaded.loop;
  const found: Finding[] = [];
  const insistedOn = new Set<string>();
  const taskFiles = batch.files.map(toTaskFile);

  const callMaker = async (agent: Agent, previous: string[]): Promise<void> => {
    try {
      const output = await runner.call<MakerOutput>(
        {
          agent: agent.label,
          ...modelOf(agent, loop, input.defaultModel),
          sharedContext: shared,
          prompt: makerPrompt(agent, agent.skill ? input.loaded.skills[agent.skill] : undefined, { objections, previous }),
          format: REVIEW_FORMAT,
          answer: REPORT_FINDINGS,
          effort: agent.effort ?? loop.effort ?? REVIEW_EFFORT.maker,
          fewer: FEWER_FINDINGS,
          cut: (note) => state.reasons.add(note),
          maxOutputTokens: agent.maxOutputTokens ?? MAKER_OUTPUT_TOKENS,
          task: { kind: 'review', files: taskFiles, objections }
        },
        { role: 'maker', batch: batch.index, round }
      );
      if (output.summary && round === 1) state.walkthrough.push(output.summary);
      for (const raw of output.findings) addFinding(raw, agent.label);
    } catch (error) {
      if (error instanceof BudgetStop) throw error;
      const kind = error instanceof ProviderError ? error.kind : 'error';
      const message = error instanceof Error ? error.message : String(error);
      state.failures.push({ agent: agent.label, batch: batch.index, round, kind, message });
      state.reasons.add(kind === 'refused' ? `agent ${agent.label} refused to answer: ${message}` : `agent ${agent.label} failed (${kind})`);
      state.unsettled.add(batch.index);
      ctx.events.warning(`${agent.label} failed on batch ${batch.index}: ${message}`);
    }
  };

  const addFinding = (raw: MakerFinding, source: string): void => {
    const anchor = resolveAnchor(byPath.get(raw.path), raw);
    const fingerprint = fingerprintOf(raw);
    if (input.ignored?.has(fingerprint)) {
      state.suppressed++;
      return;
    }
    const same = [...known, ...found].find(
      (f) =>
        f.fingerprint === fingerprint ||
        (f.path === raw.path && anchor.ok && f.anchor.ok && f.anchor.line === anchor.line && f.anchor.side === anchor.side && claimSimilarity(f.claim, raw.claim) >= 0.3)
    );
    if (same) {
      if (!same.sources.includes(source)) same.sources.push(source);
      if (same.verdict?.kind === 'refuted' && known.includes(same)) insistedOn.add(same.fingerprint);
      return;
    }
    found.push({ ...raw, id: '', fingerprint, sources: [source], anchor, round });
  };

  let stopped: BudgetStop | undefined;
  try {
    for (const step of loop.pipeline) {
      if (step.if && !conditionHolds(step.if, batch, input.pr, known.length + found.length)) {
        ctx.events.info(`step ${step.name ?? ''} skipped: its condition does not hold`);
        continue;
      }
      if (step.agent) await callMaker(step.agent, []);
      if (step.parallel) {
        const limit = step.concurrency ?? step.parallel.length;
        for (let i = 0; i < step.parallel.length; i += limit) {
          await settleAll(step.parallel.slice(i, i + limit).map((agent) => callMaker(agent, [])));
        }
      }
      if (step.agents) {
        for (const agent of step.agents) {
          const previous = found.map((f) => `- ${f.sources.join(', ')}: ${f.path}:${f.line} ${f.severity} ${f.category}: ${f.claim}`);
          await callMaker(agent, previous);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetStop)) throw error;
    stopped = error;
  }
  // Ids are handed out after all makers have answered, in a stable order.
  found.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.claim.localeCompare(b.claim));
  found.forEach((f, i) => (f.id = `B${batch.index}R${round}F${i + 1}`));
  return { fresh: found, insisted: insistedOn.size, ...(stopped ? { stopped } : {}) };
}

function conditionHolds(condition: Condition, batch: Batch, pr: PullRequestSnapshot, findingsSoFar: number): boolean {
  if (condition.files && !batch.files.some((f) => picomatch(condition.files!, { dot: true })(f.path))) return false;
  if (condition.label && !condition.label.some((l) => pr.labels.includes(l))) return false;
  if (condition.findings && !comparisonHolds(condition.findings, findingsSoFar)) return false;
  return true;
}

/** Every checker verifies the findings on its own; their verdicts combine (verdicts.ts), also when the budget stops one of them. */
async function runCheckers(checkers: Agent[], findings: Finding[], shared: string, batch: Batch, round: number, ctx: RunContext): Promise<void> {
  const verdicts = checkers.map(() => new Map<string, CheckerVerdict>());
  try {
    await settleAll(checkers.map((checker, i) => runChecker(checker, verdicts[i]!, findings, shared, batch, round, ctx)));
  } finally {
    for (const f of findings) {
      const combined = combineVerdicts(checkers.map((c, i) => ({ checker: c.label, verdict: verdicts[i]!.get(f.id) })));
      if (!combined) continue;
      const { severity, ...verdict } = combined;
      f.verdict = verdict;
      if (severity && SEVERITY_ORDER.indexOf(severity) > SEVERITY_ORDER.indexOf(f.severity)) f.severity = severity;
    }
  }
}

async function runChecker(checker: Agent, verdicts: Map<string, CheckerVerdict>, findings: Finding[], shared: string, batch: Batch, round: number, ctx: RunContext): Promise<void> {
  const { input, runner, state } = ctx;
  const code = await codeAround(findings, ctx);
  const chunks = inChunks(findings, FINDINGS_PER_CHECK);
  const byId = new Map(findings.map((f) => [f.id, f] as const));

  await settleAll(
    chunks.map(async (chunk) => {
      try {
        const output = await runner.call<CheckerOutput>(
          {
            agent: checker.label,
            ...modelOf(checker, input.loaded.loop, input.defaultModel),
            sharedContext: shared,
            prompt: checkerPrompt(checker, checker.skill ? input.loaded.skills[checker.skill] : undefined, chunk, code),
            format: REVIEW_FORMAT,
            answer: REPORT_VERDICTS,
            effort: checker.effort ?? input.loaded.loop.effort ?? REVIEW_EFFORT.checker,
            fewer: SHORTER_VERDICTS,
            cut: (note) => state.reasons.add(note),
            maxOutputTokens: checker.maxOutputTokens ?? CHECKER_OUTPUT_TOKENS,
            task: {
              kind: 'verify',
              findings: chunk.map((f) => ({ id: f.id, path: f.path, line: f.anchor.ok ? f.anchor.line : f.line, side: f.anchor.ok ? f.anchor.side : f.side, category: f.category, severity: f.severity, claim: f.claim, quote: f.quote })),
              files: batch.files.map(toTaskFile)
            }
          },
          { role: 'checker', batch: batch.index, round }
        );
        for (const v of output.verdicts) {
          const finding = byId.get(v.id);
          // A verdict on an id we did not ask about is the model's invention: ignored.
          if (!finding || verdicts.has(v.id) || !chunk.includes(finding)) continue;
          verdicts.set(v.id, { kind: v.verdict, confidence: v.confidence, evidence: v.evidence, checker: checker.label, ...(v.severity ? { severity: v.severity } : {}) });
        }
        const missing = chunk.filter((f) => !verdicts.has(f.id));
        if (missing.length > 0) {
          state.reasons.add(`the checker gave no verdict on ${missing.map((f) => f.id).join(', ')}`);
          state.unsettled.add(batch.index);
        }
      } catch (error) {
        if (error instanceof BudgetStop) throw error;
        const kind = error instanceof ProviderError ? error.kind : 'error';
        const message = error instanceof Error ? error.message : String(error);
        state.failures.push({ agent: checker.label, batch: batch.index, round, kind, message });
        state.reasons.add(kind === 'refused' ? `checker ${checker.label} refused to answer (${message}): findings left unverified` : `checker ${checker.label} failed (${kind}): findings left unverified`);
        state.unsettled.add(batch.index);
        ctx.events.warning(`${checker.label} failed on batch ${batch.index}: ${message}`);
      }
    })
  );
}

/** The head version of the code around each finding, read once per file. */
async function codeAround(findings: Finding[], ctx: RunContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const reader = ctx.input.reader;
  if (!reader) return out;
  const paths = [...new Set(findings.filter((f) => f.anchor.ok && f.anchor.side === 'RIGHT').map((f) => f.path))];
  const texts = new Map<string, string | null>();
  await Promise.all(
    paths.map(async (path) => {
      try {
        texts.set(path, await reader.read(path, ctx.input.pr.headSha));
      } catch (error) {
        ctx.events.warning(`could not read ${path} at the head commit: ${(error as Error).message}`);
      }
    })
  );
  for (const f of findings) {
    const text = texts.get(f.path);
    if (text && f.anchor.ok) out.set(f.id, excerpt(text, f.anchor.line, ctx.radius));
  }
  return out;
}

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.path.localeCompare(b.path) || a.line - b.line;
}
