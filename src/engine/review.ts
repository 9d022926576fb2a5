/**
 * The review loop: for each batch of the pull request, the makers run (pipeline steps: parallel,
 * sequential, conditional), their findings are anchored and de-duplicated, the checker verifies
 * them, and rounds repeat with the checker's objections until a round passes or rounds run out.
 * The result is complete even when the run is not: partial work is returned with the reasons.
 */
import picomatch from 'picomatch';
import { resolveAnchor, toTaskFile } from '../diff/index.js';
import { comparisonHolds, type Agent, type Condition } from '../loop/schema.js';
import { DEFAULT_EFFORT } from '../providers/cost-model.js';
import type { AnswerSpec } from '../providers/types.js';
import type { AgentTools } from '../tools/types.js';
import { CheckerOutput, MakerOutput, type MakerFinding } from '../answers/review.js';
import { answerFormat, type EngineEvents } from './calls.js';
import type { FileReader, PullRequestSnapshot } from './context.js';
import type { Anchor, Finding } from './finding.js';
import { claimSimilarity, fingerprintOf } from './fingerprint.js';
import { BUDGET_LEFT_OUT, PARTLY_REVIEWED, packFiles, type Batch, type SkippedFile } from './pack.js';
import { checkerPrompt, excerpt, makerPrompt, sharedContext } from './prompts.js';
import type { Recheck } from './lifecycle.js';
import { recheckBatch, type RecheckItem } from './recheck.js';
import { runRounds, verdictOf, type BatchPreset } from './rounds.js';
import {
  affordableBatches,
  escalationOf,
  lowered,
  SEVERITY_ORDER,
  spendOf,
  startRun,
  statusOf,
  type CallDefaults,
  type RunInput,
  type RunSpend
} from './run.js';

export type { AgentFailure } from './rounds.js';
export { SEVERITY_ORDER } from './run.js';

export const REPORT_FINDINGS: AnswerSpec<MakerOutput> = { name: 'report_findings', schema: MakerOutput };
export const REPORT_VERDICTS: AnswerSpec<CheckerOutput> = { name: 'report_verdicts', schema: CheckerOutput };
/** Makers fill `findings` (and `summary`), the checker `verdicts`: one format, one cached prefix. */
export const REVIEW_FORMAT = answerFormat('review_answer', [MakerOutput, CheckerOutput]);
const FEWER_FINDINGS =
  'Your previous answer was cut off at the output limit. Report at most 10 findings this time, the most severe first, with evidence of a few sentences each.';
const SHORTER_VERDICTS = 'Your previous answer was cut off at the output limit. Keep the evidence of each verdict to two or three sentences.';

export interface ReviewInput extends RunInput {
  pr: PullRequestSnapshot;
  reader?: FileReader;
  /** Review only these paths (an incremental review); the others are reported as already reviewed. */
  onlyPaths?: ReadonlySet<string>;
  /** Findings suppressed on this pull request (`/loopkit ignore`). */
  ignored?: ReadonlySet<string>;
  /** Prompt tokens of the diff in one batch. */
  batchTokens?: number;
  /** Extra files every agent reads (the repo-files connector), already fetched. */
  repoFiles?: { path: string; text: string }[];
  /** What maintainers taught the loop, given by the flow. */
  memoryNotes?: string[];
  tools?: (agent: Agent, role: 'maker' | 'checker') => AgentTools | undefined;
  /** Open findings of earlier reviews whose file changed: put to the checkers again at this head (recheck.ts). */
  recheck?: readonly RecheckItem[];
  /** Only the rechecks (`/loopkit recheck`): no maker is called and no file counts as reviewed. */
  recheckOnly?: boolean;
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

export type ReviewStatus = 'complete' | 'partial' | 'failed';

export interface ReviewResult extends RunSpend {
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
  walkthrough: string[];
  /** What the checkers said, asked again, of the open findings of earlier reviews (`recheck`). */
  rechecked: Recheck[];
}

const DEFAULT_BATCH_TOKENS = 40_000;
const REVIEW_DEFAULTS: CallDefaults = { effort: DEFAULT_EFFORT.review, makerOutputTokens: 8_000, checkerOutputTokens: 6_000 };
const FINDINGS_PER_CHECK = 15;
/** Batches of at most this many files have every file read at the start (one GitHub request for them all). */
const PREFETCH_FILES = 20;

export async function runReview(input: ReviewInput): Promise<ReviewResult> {
  const { loaded, pr, provider } = input;
  const loop = loaded.loop;
  const run = startRun<Finding>(input);
  const { events, state } = run;
  const prConnector = loop.connectors?.find((c) => c.type === 'github-pull-request');
  const batchTokens = input.batchTokens ?? DEFAULT_BATCH_TOKENS;

  const files = input.onlyPaths ? pr.files.filter((f) => input.onlyPaths!.has(f.path)) : pr.files;
  const unchanged: SkippedFile[] = input.onlyPaths
    ? pr.files
        .filter((f) => !input.onlyPaths!.has(f.path))
        .map((f) => ({ path: f.path, reason: 'unchanged since the last review', changedLines: f.additions + f.deletions }))
    : [];
  const packing = packFiles(files, {
    ...(loop.paths?.include ? { include: loop.paths.include } : {}),
    ...(loop.paths?.exclude ? { exclude: loop.paths.exclude } : {}),
    batchTokens,
    maxBatches: affordableBatches(input, batchTokens, REVIEW_DEFAULTS),
    maxFiles: prConnector && 'maxFiles' in prConnector ? prConnector.maxFiles : 3000
  });
  const notListed = Math.max(0, pr.filesTotal - pr.files.length);
  const skipped = [...unchanged, ...packing.skipped];
  if (notListed > 0) skipped.push({ path: `(${notListed} more files)`, reason: 'GitHub lists at most 3,000 files of a pull request', changedLines: 0 });
  events.info(`${packing.batches.length} batch(es), ${packing.batches.reduce((n, b) => n + b.files.length, 0)} file(s) to review, ${skipped.length} left out`);

  const extra: Extra = { walkthrough: [], suppressed: 0 };
  const unaffordable = packing.skipped.filter((s) => s.reason === BUDGET_LEFT_OUT);
  if (unaffordable.length > 0) {
    // Reviewing a part of the pull request is a partial review, even when every call succeeds.
    state.reasons.add(`the budget covers ${packing.batches.length} batch(es): ${unaffordable.length} file(s) left out`);
  }
  const radius = prConnector && 'surroundingLines' in prConnector ? prConnector.surroundingLines : 20;
  const rounds = { loaded, defaultModel: input.defaultModel, runner: run.runner, state, events, tools: input.tools };
  const rechecked: Recheck[] = [];
  await Promise.all(
    packing.batches.map(async (batch) => {
      const code = new CodeReader(input, radius, events);
      const preset = reviewPreset(batch, packing.batches.length, input, extra, code);
      if (!input.recheckOnly) await runRounds(preset, rounds);
      // After the makers: the batch's prefix is cached by then, so the checkers' second look pays little.
      const mine = (input.recheck ?? []).filter((item) => batch.files.some((f) => f.path === item.path));
      rechecked.push(...(await recheckBatch(preset, mine, rounds, (path) => code.text(path), radius)));
    })
  );

  const minConfidence = loop.verify?.minConfidence ?? 0.5;
  const findings = state.items.sort(bySeverity);
  const verified = findings.filter((f) => f.verdict?.kind === 'confirmed' && f.verdict.confidence >= minConfidence);
  const reviewedLines = packing.batches.reduce((n, b) => n + b.changedLines, 0);
  return {
    loop: loop.name,
    provider: provider.name,
    dryRun: provider.dryRun,
    status: statusOf(run),
    reasons: [...state.reasons],
    findings,
    verified,
    suppressed: extra.suppressed,
    rounds: state.rounds.sort((a, b) => a.batch - b.batch || a.round - b.round).map(({ items, ...round }) => ({ ...round, findings: items })),
    ...escalationOf(run),
    coverage: {
      filesReviewed: packing.batches.reduce((n, b) => n + b.files.length, 0),
      filesTotal: pr.filesTotal,
      linesReviewed: reviewedLines,
      linesTotal: pr.files.reduce((n, f) => n + f.additions + f.deletions, 0),
      skipped,
      batches: packing.batches.length,
      settled: input.recheckOnly ? [] : settledPaths(packing, state.unsettled)
    },
    ...spendOf(run),
    walkthrough: extra.walkthrough,
    rechecked
  };
}

/** See Coverage.settled. */
function settledPaths(packing: { batches: Batch[]; skipped: SkippedFile[] }, unsettled: ReadonlySet<number>): string[] {
  const cut = new Set(packing.skipped.filter((s) => s.reason === BUDGET_LEFT_OUT || s.reason.startsWith(PARTLY_REVIEWED)).map((s) => s.path));
  const reviewed = packing.batches.filter((b) => !unsettled.has(b.index)).flatMap((b) => b.files.map((f) => f.path));
  return [...new Set([...reviewed, ...packing.skipped.map((s) => s.path)])].filter((path) => !cut.has(path));
}

/** What the review keeps beside the items: the makers' walkthroughs, the findings `/loopkit ignore` suppressed. */
interface Extra {
  walkthrough: string[];
  suppressed: number;
}

/** A finding as one maker reported it, anchored in the diff. */
interface Draft {
  raw: MakerFinding;
  anchor: Anchor;
  fingerprint: string;
}

function reviewPreset(
  batch: Batch,
  batchCount: number,
  input: ReviewInput,
  extra: Extra,
  code: CodeReader
): BatchPreset<MakerOutput, Draft, Finding, CheckerOutput> {
  const byPath = new Map(batch.files.map((f) => [f.path, f] as const));
  const taskFiles = batch.files.map(toTaskFile);
  const skill = (agent: Agent) => (agent.skill ? input.loaded.skills[agent.skill] : undefined);
  // A small batch's files are read while the makers answer, so the checker never waits for GitHub;
  // a large one's only where findings are, which bounds the reads and the memory.
  if (batch.files.length <= PREFETCH_FILES) for (const file of batch.files) if (file.status !== 'removed') code.prefetch(file.path);
  return {
    index: batch.index,
    shared: sharedContext(input.pr, batch.rendered, { index: batch.index, count: batchCount }, input.repoFiles ?? [], input.memoryNotes ?? []),
    format: REVIEW_FORMAT,
    defaults: REVIEW_DEFAULTS,
    noun: 'finding',
    chunkSize: FINDINGS_PER_CHECK,
    maker: (agent, { objections, previous }) => ({
      prompt: makerPrompt(agent, skill(agent), {
        objections,
        previous: previous.map((f) => `- ${f.sources.join(', ')}: ${f.path}:${f.line} ${f.severity} ${f.category}: ${f.claim}`)
      }),
      answer: REPORT_FINDINGS,
      task: { kind: 'review', files: taskFiles, objections },
      fewer: FEWER_FINDINGS
    }),
    draftsOf: (output, _agent, round) => {
      if (output.summary && round === 1) extra.walkthrough.push(output.summary);
      return output.findings.flatMap((raw) => {
        const fingerprint = fingerprintOf(raw);
        if (input.ignored?.has(fingerprint)) {
          extra.suppressed++;
          return [];
        }
        return [{ raw, anchor: resolveAnchor(byPath.get(raw.path), raw), fingerprint }];
      });
    },
    same: ({ raw, anchor, fingerprint }, f) =>
      f.fingerprint === fingerprint ||
      (f.path === raw.path &&
        anchor.ok &&
        f.anchor.ok &&
        f.anchor.line === anchor.line &&
        f.anchor.side === anchor.side &&
        claimSimilarity(f.claim, raw.claim) >= 0.3),
    create: ({ raw, anchor, fingerprint }, source, round) => {
      const finding: Finding = { ...raw, id: '', fingerprint, sources: [source], anchor, round };
      // Read the code around it now, while the item waits for its checker call, not on the checker's critical path.
      if (placed(finding)) code.prefetch(finding.path);
      return finding;
    },
    key: (f) => f.fingerprint,
    idPrefix: (f) => `B${batch.index}R${f.round}F`,
    scope: (condition, { itemsSoFar }) => (!condition || conditionHolds(condition, batch, input.pr, itemsSoFar) ? true : undefined),
    checker: async (checker, chunk) => ({
      prompt: checkerPrompt(checker, skill(checker), chunk, await code.around(chunk)),
      answer: REPORT_VERDICTS,
      task: {
        kind: 'verify',
        findings: chunk.map((f) => ({
          id: f.id,
          path: f.path,
          line: f.anchor.ok ? f.anchor.line : f.line,
          side: f.anchor.ok ? f.anchor.side : f.side,
          category: f.category,
          severity: f.severity,
          claim: f.claim,
          quote: f.quote
        })),
        files: taskFiles
      },
      fewer: SHORTER_VERDICTS
    }),
    verdictsOf: (output) => output.verdicts,
    judge: (f, combined) => {
      f.verdict = verdictOf(combined);
      f.severity = lowered(f.severity, combined);
    },
    objection: (f) => `${f.path}:${f.line} — ${f.claim} (refuted: ${f.verdict!.evidence})`,
    restated: ({ raw }) => `${raw.claim} Evidence: ${raw.evidence}`
  };
}

function conditionHolds(condition: Condition, batch: Batch, pr: PullRequestSnapshot, findingsSoFar: number): boolean {
  if (condition.files && !batch.files.some((f) => picomatch(condition.files!, { dot: true })(f.path))) return false;
  if (condition.label && !condition.label.some((l) => pr.labels.includes(l))) return false;
  if (condition.findings && !comparisonHolds(condition.findings, findingsSoFar)) return false;
  return true;
}

/** A finding on the head side of the diff, whose surrounding code the checker is shown. */
function placed(f: Finding): boolean {
  return f.anchor.ok && f.anchor.side === 'RIGHT';
}

/** The head version of the code around findings, for the checker; each file is read once per batch. */
class CodeReader {
  private readonly texts = new Map<string, Promise<string | null>>();
  constructor(
    private readonly input: ReviewInput,
    private readonly radius: number,
    private readonly events: EngineEvents
  ) {}

  prefetch(path: string): void {
    if (this.input.reader) void this.read(this.input.reader, path);
  }

  /** The file at the head commit; null when it cannot be read. */
  async text(path: string): Promise<string | null> {
    return this.input.reader ? this.read(this.input.reader, path) : null;
  }

  async around(findings: Finding[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const reader = this.input.reader;
    if (!reader) return out;
    const shown = findings.filter(placed);
    const texts = await Promise.all(shown.map((f) => this.read(reader, f.path)));
    shown.forEach((f, i) => {
      const text = texts[i];
      if (text && f.anchor.ok) out.set(f.id, excerpt(text, f.anchor.line, this.radius));
    });
    return out;
  }

  private read(reader: FileReader, path: string): Promise<string | null> {
    let text = this.texts.get(path);
    if (!text) {
      text = reader.read(path, this.input.pr.headSha).catch((error: Error) => {
        this.events.warning(`could not read ${path} at the head commit: ${error.message}`);
        return null;
      });
      this.texts.set(path, text);
    }
    return text;
  }
}

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.path.localeCompare(b.path) || a.line - b.line;
}
