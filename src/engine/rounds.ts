/**
 * The one rounds runner every loop kind uses. Per batch (a unit sharing one cached prefix): the
 * pipeline's makers run (parallel through a pool, sequential, conditional), each answer becomes
 * items (the preset says how, and which items are the same), and the checkers verify them while
 * the other makers are still answering: a checker call starts on the items of the makers that
 * finished within a few milliseconds, so a round takes about one maker call and one checker call.
 * Ids a checker's answer leaves out are asked for again, alone, in one follow-up call on the same
 * prefix, and a failed checker call is made once more, before the round is scored. Verdicts combine
 * (verdicts.ts), the round is scored, and rounds repeat with the checker's objections until one
 * passes or rounds run out; items still uncertain or unjudged go back to the checker in the next
 * round with what the makers said of them again, and when rounds run out a person decides
 * (escalation). A round with no verdict at all never passes. A budget stop keeps what the makers
 * found, unverified, and says so. Pure: every call goes through the CallRunner.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { LoadedLoop } from '../loop/load.js';
import type { Agent, Condition, Severity } from '../loop/schema.js';
import { modelOf } from '../providers/capabilities.js';
import { ProviderError, type AnswerFormat, type AnswerSpec, type Task } from '../providers/types.js';
import type { AgentTools } from '../tools/types.js';
import type { VerdictKind } from '../answers/review.js';
import { BudgetStop, inChunks, settleAll, type CallRunner, type EngineEvents } from './calls.js';
import type { CallDefaults } from './run.js';
import { fence } from './prompts.js';
import { combineVerdicts, type CheckerVerdict } from './verdicts.js';

/** What an agent with tools is told they are for, after its own prompt (outside the cached prefix). */
const TOOL_USE: Record<'maker' | 'checker', string> = {
  maker:
    'You can call the tools you are given to read code the change depends on (callers, definitions, tests) before you report. Report only what the code you read supports.',
  checker:
    'You can call the tools you are given to read the repository. Use them to try to refute each finding: read the code it depends on (the definition, the callers, the guard that may already handle it) before you confirm it. A finding the code you read contradicts is refuted.'
};

export interface AgentFailure {
  agent: string;
  batch: number;
  round: number;
  kind: string;
  message: string;
}

/** What every item a maker proposes carries, whatever the loop. */
export interface RoundItem {
  /** Stable within a run, derived from the item's identity (see BatchPreset.key). */
  id: string;
  /** Maker labels that proposed it. */
  sources: string[];
  round: number;
  verdict?: { kind: VerdictKind; confidence: number; evidence: string; checker: string };
}

export interface RoundCount {
  batch: number;
  round: number;
  /** Items the checker was asked about in this round: the new ones and those asked again (uncertain or unjudged before). */
  items: number;
  confirmed: number;
  refuted: number;
  uncertain: number;
  score: number;
  passed: boolean;
}

/** What a run's batches add to, read by the preset to build its result. */
export interface RoundsState<I extends RoundItem> {
  items: I[];
  failures: AgentFailure[];
  rounds: RoundCount[];
  reasons: Set<string>;
  /** Batches whose work did not complete: a maker failed, a budget stopped it, an item went unjudged. */
  unsettled: Set<number>;
  escalations: string[];
}

export function emptyState<I extends RoundItem>(): RoundsState<I> {
  return { items: [], failures: [], rounds: [], reasons: new Set(), unsettled: new Set(), escalations: [] };
}

/** The parts of one call a preset decides; the runner adds the model, effort, output room, prefix and tools. */
export interface AgentAsk<T> {
  prompt: string;
  answer: AnswerSpec<T>;
  task: Task;
  /** Appended when a reply was cut and the budget cannot pay for a longer one. */
  fewer: string;
}

/** A checker's verdict on one item, as its answer gives it. */
export interface ItemVerdict {
  id: string;
  verdict: VerdictKind;
  confidence: number;
  evidence: string;
  severity?: Severity;
}

/**
 * What a loop kind supplies for one batch: what a maker is asked and how its answer becomes
 * drafts, when two drafts are the same item, what the checker is asked, what a verdict does.
 * D is a draft (an item as one maker proposed it), I the item.
 */
export interface BatchPreset<A, D, I extends RoundItem, C, S = true> {
  index: number;
  /** The cached prefix of every call on the batch. */
  shared: string;
  format: AnswerFormat;
  /** Effort and output room of the calls, unless the agent or the loop says otherwise. */
  defaults: CallDefaults;
  /** What items are called in messages: "finding", "proposal". */
  noun: string;
  /** Items per checker call. */
  chunkSize: number;
  maker(agent: Agent, ask: { round: number; objections: string[]; previous: I[]; scope: S }): AgentAsk<A>;
  /** The drafts of an answer; the preset drops (and records) what may not be applied, before anyone pays to check it. */
  draftsOf(answer: A, agent: Agent, round: number): D[];
  /** Whether a draft is the item already known. */
  same(draft: D, item: I): boolean;
  /** A new item (its id is set by the runner). */
  create(draft: D, source: string, round: number): I;
  /** The item's identity as text: its id is derived from it, so the same answers give the same ids. */
  key(item: I): string;
  /** What the item's id starts with, e.g. "B1R2F" for a review finding. */
  idPrefix(item: I): string;
  /**
   * What a step's makers work on in this round (e.g. the issues its condition holds for), or
   * undefined to skip the step. `retry`: the items the checker did not confirm in the last round
   * it judged (the makers of a later round look again at what they concern).
   */
  scope(condition: Condition | undefined, at: { round: number; itemsSoFar: number; retry: I[] }): S | undefined;
  checker(checker: Agent, items: I[], round: number): Promise<AgentAsk<C>> | AgentAsk<C>;
  verdictsOf(answer: C): ItemVerdict[];
  /** Applies the combined verdict (e.g. a lower severity the checkers agree on). */
  judge(item: I, verdict: CheckerVerdict): void;
  /** A refuted item as the makers of the next round read it. */
  objection(item: I): string;
  /** What a maker said of an item in a draft (its claim and evidence, its reason), shown to the checker asked again about it. */
  restated(draft: D): string;
}

export interface RoundsContext<I extends RoundItem> {
  loaded: LoadedLoop;
  defaultModel: string;
  runner: CallRunner;
  state: RoundsState<I>;
  events: EngineEvents;
  tools?: ((agent: Agent, role: 'maker' | 'checker') => AgentTools | undefined) | undefined;
}

/** How long a maker's items wait for those of makers finishing right after it, before the checker starts on them. */
const COALESCE_MS = 50;

interface RoundOutcome<I> {
  fresh: I[];
  /** Earlier items the checker refuted that makers reported again. */
  insisted: I[];
  /** Items (new or asked again) the checkers gave a verdict on in this round. */
  judged: Set<I>;
  /** Why items went without a verdict in this round (a checker failed twice, or left ids out twice). */
  shortfalls: string[];
  /** Every maker call of the round failed: the round found nothing because nobody looked. */
  makersFailed: boolean;
  stopped?: BudgetStop;
  checkStopped?: BudgetStop;
}

/** How a batch's rounds ended, for presets that treat a batch's units one by one (triage's issues). */
export interface BatchEnd<I extends RoundItem> {
  /** The last round run. */
  round: number;
  /** Why a budget stopped the makers or the checker in that round. */
  stopped?: string;
  /** Items left short of confirmation when a person must decide (escalation). */
  escalated: I[];
}

/**
 * Runs the rounds of one batch; what it finds and how it went goes into `ctx.state`. `seed`: items
 * known before the makers speak (with their ids), put to the checkers in the first round with the
 * makers' new ones (engine/recheck.ts: posted findings asked about again at a new head).
 */
export async function runRounds<A, D, I extends RoundItem, C, S>(
  preset: BatchPreset<A, D, I, C, S>,
  ctx: RoundsContext<I>,
  seed: I[] = []
): Promise<BatchEnd<I>> {
  const { state, loaded } = ctx;
  const loop = loaded.loop;
  const maxRounds = loop.verify ? loop.verify.maxRounds : 1;
  const known: I[] = [];
  let objections: string[] = [];
  let retry: I[] = [];
  /** Items the checker left uncertain or without a verdict: asked about again in the next round. */
  let again: I[] = [];
  /** Why items of the last round run went without a verdict: recorded only if no later round judges them. */
  let shortfalls: string[] = [];
  const noun = preset.noun;
  const end = (round: number, stopped?: BudgetStop, escalated: I[] = []): BatchEnd<I> => {
    if (shortfalls.length > 0) {
      for (const reason of shortfalls) state.reasons.add(reason);
      state.unsettled.add(preset.index);
    }
    return { round, escalated, ...(stopped ? { stopped: stopped.message } : {}) };
  };

  for (let round = 1; round <= maxRounds; round++) {
    const seeded = round === 1 ? seed : [];
    const outcome = await runRound(preset, round, objections, known, retry, again, ctx, seeded);
    const { fresh, insisted, judged, makersFailed, stopped, checkStopped } = outcome;
    // A budget stop can keep items asked about again from their checker: what left them unjudged before still holds.
    shortfalls = stopped || checkStopped ? [...new Set([...shortfalls, ...outcome.shortfalls])] : outcome.shortfalls;
    known.push(...fresh);
    state.items.push(...fresh);
    if (stopped) {
      // What the makers already found is kept and reported, unverified where the checker did not get to it.
      state.reasons.add(`stopped by budget: ${stopped.message}`);
      state.unsettled.add(preset.index);
      return end(round, stopped);
    }
    if (loaded.checkers.length === 0) {
      if (fresh.length > 0) {
        state.reasons.add(`no checker: ${noun}s are reported unverified`);
        state.unsettled.add(preset.index);
      }
      return end(round);
    }
    if (checkStopped) {
      state.reasons.add(`stopped by budget before every ${noun} was verified: ${checkStopped.message}`);
      state.unsettled.add(preset.index);
      return end(round, checkStopped);
    }
    const asked = [...fresh, ...again, ...seeded];
    const last = !loop.verify?.autoRetry || round === maxRounds;
    if (asked.length === 0) {
      // Nothing to verify. When every maker failed nobody looked: the round does not pass (the
      // failures are the run's reasons). Makers that only repeat what the checker refuted still
      // disagree with it: that round does not pass, and after the last round a person decides.
      const passed = !makersFailed && insisted.length === 0;
      state.rounds.push({ batch: preset.index, round, items: 0, confirmed: 0, refuted: 0, uncertain: 0, score: passed ? 1 : 0, passed });
      if (makersFailed) return end(round);
      if (!passed && last) {
        state.escalations.push(`batch ${preset.index}: the makers still report ${insisted.length} ${noun}(s) the checker refuted, after ${round} round(s)`);
        return end(round, undefined, retry);
      }
      if (passed || !loop.verify?.autoRetry) return end(round);
      continue;
    }
    const counts = { confirmed: 0, refuted: 0, uncertain: 0 };
    for (const item of judged) counts[item.verdict!.kind]++;
    const score = judged.size === 0 ? 0 : (counts.confirmed + counts.uncertain * 0.5) / judged.size;
    const threshold = loop.verify?.passThreshold ?? 0.7;
    // Every item needs a verdict of this round, and a round whose makers all failed proves nothing.
    const passed = judged.size === asked.length && !makersFailed && score >= threshold;
    state.rounds.push({ batch: preset.index, round, items: asked.length, ...counts, score, passed });
    const unjudged = asked.length - judged.size;
    ctx.events.info(
      `batch ${preset.index} round ${round}: ${counts.confirmed} confirmed, ${counts.refuted} refuted, ${counts.uncertain} uncertain${unjudged > 0 ? `, ${unjudged} without a verdict` : ''} (score ${score.toFixed(2)}, ${passed ? 'passed' : 'not passed'})`
    );
    if (passed) return end(round);
    retry = asked.filter((item) => item.verdict?.kind !== 'confirmed');
    const unsettled = asked.filter((item) => !judged.has(item) || item.verdict?.kind === 'uncertain');
    if (last) {
      const open = unsettled.length > 0 ? `; ${unsettled.length} ${noun}(s) still uncertain or without a verdict` : '';
      state.escalations.push(
        `batch ${preset.index}: the checker confirmed ${Math.round(score * 100)}% of the ${noun}s (threshold ${Math.round(threshold * 100)}%) after ${round} round(s)${open}`
      );
      return end(round, undefined, retry);
    }
    objections = asked.filter((item) => item.verdict?.kind === 'refuted').map((item) => preset.objection(item));
    again = unsettled;
  }
  return end(maxRounds);
}

/**
 * One round: the makers, and the checkers pipelined behind them. When a maker answers, its new
 * items wait a moment (COALESCE_MS, so makers that finish together share a checker call), get
 * their ids and go to every checker in chunks; a later maker repeating an item only adds a source.
 * Items asked about again (`again`) go to the checkers with the last items, once every maker has
 * said what it says of them this round.
 */
async function runRound<A, D, I extends RoundItem, C, S>(
  preset: BatchPreset<A, D, I, C, S>,
  round: number,
  objections: string[],
  known: I[],
  retry: I[],
  again: I[],
  ctx: RoundsContext<I>,
  seed: I[]
): Promise<RoundOutcome<I>> {
  const { loaded, state, runner } = ctx;
  const loop = loaded.loop;
  const checkers = loaded.checkers;
  const found: I[] = [];
  const insistedOn = new Set<I>();
  const waiting: I[] = [];
  const takenIds = new Set(known.map((item) => item.id));
  const verdicts = checkers.map(() => new Map<string, CheckerVerdict>());
  const checks: Promise<void>[] = [];
  /** What the makers said this round of the items asked about again, by item. */
  const restated = new Map<I, string[]>(again.map((item) => [item, []]));
  const shortfalls: string[] = [];
  let makerCalls = 0;
  let makerFailures = 0;
  let coalescing: NodeJS.Timeout | undefined;
  let stopped: BudgetStop | undefined;
  let checkStopped: BudgetStop | undefined;

  /** One call of an agent on the batch's prefix, in its role: the preset asks, the agent and the loop set model, effort and room. */
  const call = <T>(agent: Agent, role: 'maker' | 'checker', ask: AgentAsk<T>): Promise<T> => {
    const tools = ctx.tools?.(agent, role);
    return runner.call<T>(
      {
        agent: agent.label,
        ...modelOf(agent, loop, ctx.defaultModel),
        sharedContext: preset.shared,
        format: preset.format,
        effort: agent.effort ?? loop.effort ?? preset.defaults.effort[role],
        maxOutputTokens: agent.maxOutputTokens ?? (role === 'maker' ? preset.defaults.makerOutputTokens : preset.defaults.checkerOutputTokens),
        ...ask,
        ...(tools ? { prompt: `${ask.prompt}\n\n${TOOL_USE[role]}` } : {}),
        cut: (note) => state.reasons.add(note),
        ...(tools ? { tools } : {})
      },
      { role, batch: preset.index, round }
    );
  };
  const failure = (agent: Agent, error: unknown): { kind: string; message: string } => {
    const kind = error instanceof ProviderError ? error.kind : 'error';
    const message = error instanceof Error ? error.message : String(error);
    state.failures.push({ agent: agent.label, batch: preset.index, round, kind, message });
    ctx.events.warning(`${agent.label} failed on batch ${preset.index}: ${message}`);
    return { kind, message };
  };

  /** What the checker is asked about `items`: the preset's question, with what it judged before of the items asked again. */
  const checkerAsk = async (checker: Agent, items: I[], omitted: boolean): Promise<AgentAsk<C>> => {
    const ask = await preset.checker(checker, items, round);
    const parts = [ask.prompt];
    const repeated = items.filter((item) => restated.has(item));
    if (repeated.length > 0) parts.push(askedAgain(preset.noun, repeated, restated));
    if (omitted) parts.push(`Your previous answer gave no verdict on ${items.map((item) => item.id).join(', ')}: give one verdict for each of them.`);
    return { ...ask, prompt: parts.join('\n\n') };
  };

  /**
   * One checker on one chunk. Ids its answer leaves out are asked for again, alone, in one
   * follow-up call; a failed call is made once more. What the second call leaves is unjudged.
   */
  const check = async (checker: Agent, mine: Map<string, CheckerVerdict>, chunk: I[]): Promise<void> => {
    let open = chunk;
    let omitted = false;
    for (let attempt = 1; attempt <= 2 && open.length > 0; attempt++) {
      const asked = open;
      try {
        const output = await call(checker, 'checker', await checkerAsk(checker, asked, omitted));
        for (const v of preset.verdictsOf(output)) {
          // A verdict on an id this call was not asked about is the model's invention: ignored.
          if (mine.has(v.id) || !asked.some((item) => item.id === v.id)) continue;
          mine.set(v.id, {
            kind: v.verdict,
            confidence: v.confidence,
            evidence: v.evidence,
            checker: checker.label,
            ...(v.severity ? { severity: v.severity } : {})
          });
        }
        open = asked.filter((item) => !mine.has(item.id));
        omitted = true;
        if (open.length === 0) return;
        if (attempt === 1) ctx.events.info(`${checker.label} gave no verdict on ${open.map((item) => item.id).join(', ')}: asking for those verdicts alone`);
        else shortfalls.push(`the checker gave no verdict on ${open.map((item) => item.id).join(', ')}`);
      } catch (error) {
        if (error instanceof BudgetStop) {
          checkStopped ??= error;
          return;
        }
        if (attempt === 1) {
          const message = error instanceof Error ? error.message : String(error);
          ctx.events.warning(`${checker.label} failed on batch ${preset.index} (${message}): asking once more`);
          continue;
        }
        const { kind, message } = failure(checker, error);
        shortfalls.push(
          kind === 'refused'
            ? `checker ${checker.label} refused to answer (${message}): ${preset.noun}s left unverified`
            : `checker ${checker.label} failed (${kind}): ${preset.noun}s left unverified`
        );
      }
    }
  };

  /** Gives the waiting items their ids and sends them, with `also` (items that have ids), to the checkers. */
  const flush = (also: I[] = []): void => {
    clearTimeout(coalescing);
    coalescing = undefined;
    const batch = waiting.splice(0);
    for (const item of batch) item.id = idFor(preset, item, takenIds);
    batch.push(...also);
    batch.sort((a, b) => a.id.localeCompare(b.id));
    if (stopped || checkStopped) return;
    for (const chunk of inChunks(batch, preset.chunkSize)) checkers.forEach((checker, i) => checks.push(check(checker, verdicts[i]!, chunk)));
  };

  const add = (draft: D, source: string): void => {
    const earlier = known.find((item) => preset.same(draft, item)) ?? found.find((item) => preset.same(draft, item));
    if (earlier) {
      if (!earlier.sources.includes(source)) earlier.sources.push(source);
      if (earlier.verdict?.kind === 'refuted' && known.includes(earlier)) insistedOn.add(earlier);
      // An item asked about again takes what the maker says of it now to the checker.
      restated.get(earlier)?.push(`${source}: ${preset.restated(draft)}`);
      return;
    }
    const item = preset.create(draft, source, round);
    found.push(item);
    waiting.push(item);
  };

  const callMaker = async (agent: Agent, scope: S, previous: I[]): Promise<void> => {
    if (stopped) return;
    makerCalls++;
    try {
      const output = await call(agent, 'maker', preset.maker(agent, { round, objections, previous, scope }));
      for (const draft of preset.draftsOf(output, agent, round)) add(draft, agent.label);
      // Makers that finish together (within COALESCE_MS: scheduling jitter) share one checker call, which pays the prefix and thinks once.
      coalescing ??= setTimeout(flush, COALESCE_MS);
    } catch (error) {
      if (error instanceof BudgetStop) {
        stopped ??= error;
        return;
      }
      makerFailures++;
      const { kind, message } = failure(agent, error);
      state.reasons.add(kind === 'refused' ? `agent ${agent.label} refused to answer: ${message}` : `agent ${agent.label} failed (${kind})`);
      state.unsettled.add(preset.index);
    }
  };

  for (const step of loop.pipeline) {
    if (stopped) break;
    const scope = preset.scope(step.if, { round, itemsSoFar: known.length + found.length, retry });
    if (scope === undefined) {
      ctx.events.info(`step ${step.name ?? ''} skipped: its condition does not hold`);
      continue;
    }
    if (step.agent) await callMaker(step.agent, scope, []);
    if (step.parallel) {
      // A pool, not waves: a slow agent holds one slot, the next agent takes the first free one.
      const pool = pLimit(step.concurrency ?? step.parallel.length);
      await settleAll(step.parallel.map((agent) => pool(() => callMaker(agent, scope, []))));
    }
    if (step.agents) for (const agent of step.agents) await callMaker(agent, scope, [...found]);
  }
  // No maker is left to wait for: the last items, and those asked about again, go to the checkers
  // now. Items a budget stop left waiting get their ids all the same: they are reported, unverified.
  flush([...again, ...seed]);
  await settleAll(checks);
  const judged = new Set<I>();
  for (const item of [...found, ...again, ...seed]) {
    const combined = combineVerdicts(checkers.map((c, i) => ({ checker: c.label, verdict: verdicts[i]!.get(item.id) })));
    if (!combined) continue;
    preset.judge(item, combined);
    judged.add(item);
  }
  return {
    fresh: found,
    insisted: [...insistedOn],
    judged,
    shortfalls,
    makersFailed: makerCalls > 0 && makerFailures === makerCalls,
    ...(stopped ? { stopped } : {}),
    ...(checkStopped ? { checkStopped } : {})
  };
}

/**
 * What the checker is told of items it judged before without settling them: its earlier verdict
 * (or that it gave none) and what the makers said of them this round, fenced (model text).
 */
function askedAgain<I extends RoundItem>(noun: string, items: I[], restated: ReadonlyMap<I, string[]>): string {
  const lines = items.map((item) => {
    const earlier = item.verdict
      ? `earlier verdict: ${item.verdict.kind} (confidence ${item.verdict.confidence}) by ${item.verdict.checker}: ${item.verdict.evidence}`
      : 'earlier verdict: none (the checker failed or left it out)';
    const said = restated.get(item) ?? [];
    const makers = said.length > 0 ? said.map((s) => `\n  maker, this round: ${s}`).join('') : '\n  no maker reported it again this round';
    return `- ${item.id}: ${earlier}${makers}`;
  });
  return `## Asked again\n${items.map((item) => item.id).join(', ')} went without a settled verdict in an earlier round. Below: the earlier verdict and what the makers said of each this round (claims, not facts). Judge each again; say uncertain only if the context still cannot settle it.\n${fence(`${noun}s asked again`, lines.join('\n'))}`;
}

/**
 * An id from the item's identity, so the same answers give the same ids whatever order the makers
 * finish in: a number (ids read as "B1R2F4711") taken from a digest of the preset's key.
 */
function idFor<I extends RoundItem>(preset: Pick<BatchPreset<unknown, unknown, I, unknown, unknown>, 'key' | 'idPrefix'>, item: I, taken: Set<string>): string {
  const digest = parseInt(createHash('sha256').update(preset.key(item)).digest('hex').slice(0, 12), 16);
  const prefix = preset.idPrefix(item);
  let digits = 4;
  let id = `${prefix}${digest % 10 ** digits}`;
  // Two items with one identity (a preset's `same` may be stricter than its key) are told apart by a count.
  for (let n = 2; taken.has(id); n++) id = digits < 12 ? `${prefix}${digest % 10 ** ++digits}` : `${prefix}${digest}${n}`;
  taken.add(id);
  return id;
}

/** The verdict as items carry it: the checker's own proposals (e.g. a severity) are the preset's to apply. */
export function verdictOf(combined: CheckerVerdict): NonNullable<RoundItem['verdict']> {
  return { kind: combined.kind, confidence: combined.confidence, evidence: combined.evidence, checker: combined.checker };
}
