/**
 * One place where every model call goes through: budget reservation before, settlement after
 * (failed calls are billed too), cache-friendly ordering, and a record for the log. A call may
 * take several turns (requests): tool turns, and the repair turn of an answer its schema refused.
 * Each turn after the first reserves before it is sent and the turn before it is settled then,
 * so the reservations cover every request, and each request is priced on its own usage.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { z } from 'zod';
import {
  addUsage,
  ProviderError,
  usageBeyond,
  ZERO_USAGE,
  type AnswerFormat,
  type ModelProvider,
  type ModelRequest,
  type NextTurnReason,
  type PromptCount,
  type Usage
} from '../providers/types.js';
import type { AgentTools, ToolCallRecord } from '../tools/types.js';
import { completedPart, readAnswer } from '../providers/answer.js';
import { MIN_ANSWER_TOKENS, utf8Bytes } from '../providers/cost-model.js';
import { isRefusal, type BudgetMeter, type Reservation } from './budget.js';

export interface CallRecord {
  agent: string;
  role: 'maker' | 'checker';
  model: string;
  batch: number;
  round: number;
  usage: Usage;
  costUsd: number;
  durationMs: number;
  ok: boolean;
  error?: string;
  /** Model requests the call took: 1, plus one per turn of tool results and one for a repair. */
  turns: number;
  /** The tool calls of its turns, in the order they ended. */
  tools: ToolCallRecord[];
}

export interface EngineEvents {
  info(message: string): void;
  warning(message: string): void;
  call(record: CallRecord): void;
}

/** A call's turns and tool calls for its log line ('' for a call of one turn without tools), then one line per tool call. */
export function toolLog(record: CallRecord): { suffix: string; lines: string[] } {
  if (record.turns <= 1 && record.tools.length === 0) return { suffix: '', lines: [] };
  const suffix = ` · ${record.turns} turns, ${record.tools.length} tool call${record.tools.length === 1 ? '' : 's'}`;
  const lines = record.tools.map(
    (t) => `  ↳ ${t.ok ? '' : '✗ '}${t.tool} (${t.source}) · args ${t.argsDigest} · ${t.bytes} B · ${t.durationMs} ms${t.error ? ` · ${t.error}` : ''}`
  );
  return { suffix, lines };
}

export const silentEvents: EngineEvents = { info: () => {}, warning: () => {}, call: () => {} };

/** Thrown when the budget refuses a call: the loop stops launching work and reports partial results. */
export class BudgetStop extends Error {
  override readonly name = 'BudgetStop';
}

/**
 * A cache entry can be read only once the call that writes it has begun to answer. The first
 * call on a prefix starts at once; the others wait for its first token (or its end), then go
 * together, so one call writes and the rest read. The wait is bounded: a first call that hangs
 * must not hold the others back, which then pay a cache write of their own instead.
 */
class PrefixWarmer {
  private readonly started = new Map<string, Promise<void>>();

  async run<T>(prefix: string, maxWaitMs: number, call: (onFirstToken: () => void) => Promise<T>): Promise<T> {
    const waiting = this.started.get(prefix);
    if (waiting) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([waiting, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
      clearTimeout(timer);
      return call(() => {});
    }
    let begun!: () => void;
    this.started.set(prefix, new Promise<void>((resolve) => (begun = resolve)));
    try {
      return await call(begun);
    } finally {
      begun();
    }
  }
}

export interface CallContext {
  role: 'maker' | 'checker';
  batch: number;
  round: number;
}

/**
 * What the engine asks of one call. `maxOutputTokens` is room for the answer alone: the runner
 * adds the provider's thinking allowance for the model and effort. `fewer` is appended to the
 * prompt when a reply was cut at max_tokens and the budget cannot pay for a longer one; `cut`
 * hears when the answer that is returned is only the part of a cut reply that was complete.
 */
export type CallRequest<T> = Omit<ModelRequest<T>, 'onFirstToken' | 'signal' | 'thinkingTokens' | 'onToolCall' | 'nextTurn'> & {
  fewer: string;
  cut: (note: string) => void;
};

/**
 * Prompt tokens tools add to a call beyond their definitions' bytes: the instructions the API
 * puts around tool use (a few hundred tokens on both APIs), rounded up so the bound is never low.
 */
const TOOL_USE_OVERHEAD_TOKENS = 1_000;

/** A bound of what an agent's tool definitions add to each of its prompts. */
function toolTokens(tools: AgentTools | undefined): number {
  return tools && tools.specs.length > 0 ? utf8Bytes(JSON.stringify(tools.specs)) + TOOL_USE_OVERHEAD_TOKENS : 0;
}

/**
 * One answer format for every role of a run, the union of the roles' fields (each role fills its
 * own): the format is part of the cached prefix on both APIs, so makers and checker share it.
 */
export function answerFormat(name: string, roles: readonly z.ZodObject[]): AnswerFormat {
  const shape: Record<string, z.ZodType> = {};
  for (const role of roles) {
    for (const [key, value] of Object.entries(role.shape)) {
      if (key in shape && shape[key] !== value) throw new Error(`answer format ${name}: two roles define ${key} differently`);
      shape[key] = value as z.ZodType;
    }
  }
  return { name, schema: z.strictObject(shape) };
}

/** How long later calls wait for the first call on a prefix to start answering. */
export const DEFAULT_WARM_WAIT_MS = 20_000;

export class CallRunner {
  private readonly warmer = new PrefixWarmer();
  private readonly limit: LimitFunction;
  /** Fallback warnings already given: one per prefix the API could not count, not one per call. */
  private readonly warned = new Set<string>();
  readonly records: CallRecord[] = [];

  constructor(
    private readonly provider: ModelProvider,
    private readonly meter: BudgetMeter,
    private readonly events: EngineEvents,
    concurrency: number,
    private readonly warmWaitMs = DEFAULT_WARM_WAIT_MS
  ) {
    this.limit = pLimit(concurrency);
  }

  /**
   * Runs a call under the budget; throws BudgetStop when refused, ProviderError when it failed.
   * A reply cut at max_tokens is asked for once more: with twice the room for the answer when
   * the budget allows, else with the room there is and the `fewer` instruction.
   */
  async call<T>(request: CallRequest<T>, context: CallContext): Promise<T> {
    // Never spend more than a quarter of the time left waiting for someone else's first token.
    const maxWait = Math.min(this.warmWaitMs, this.meter.remainingMs() / 4);
    const thinking = this.provider.thinkingTokens(request.model, request.effort);
    // Counted now, while the call may still wait for a slot or for the first call's first token.
    const counting = this.provider.promptTokens({ ...request, thinkingTokens: thinking });
    // A count that fails before it is awaited (after the wait) must not surface as an unhandled rejection; the await rethrows it.
    counting.catch(() => {});
    return this.warmer.run(request.sharedContext, maxWait, (onFirstToken) =>
      this.limit(async () => {
        const promptTokens = this.#counted(await counting) + toolTokens(request.tools);
        const first = this.#reserve(request, promptTokens, request.maxOutputTokens, thinking);
        if (isRefusal(first)) {
          onFirstToken();
          throw new BudgetStop(first.reason);
        }
        try {
          return await this.#attempt(request, first, thinking, onFirstToken, context, request.prompt);
        } catch (error) {
          if (!isCut(error)) throw error;
          // The prompt may grow by the `fewer` instruction: its bytes bound what it adds.
          const longer = this.#reserve(request, promptTokens + utf8Bytes(`\n\n${request.fewer}`), request.maxOutputTokens * 2, thinking);
          if (isRefusal(longer)) return this.#completedPart(request, error);
          const room = longer.maxOutputTokens - thinking;
          const prompt = room >= request.maxOutputTokens * 2 ? request.prompt : `${request.prompt}\n\n${request.fewer}`;
          this.events.warning(
            `${request.agent}: the answer was cut at the output limit; asking again with ${room} tokens for it${prompt === request.prompt ? '' : ' and for a shorter answer'}`
          );
          try {
            return await this.#attempt(request, longer, thinking, () => {}, context, prompt);
          } catch (again) {
            if (!isCut(again)) throw again;
            return this.#completedPart(request, again);
          }
        }
      })
    );
  }

  /** What a cut reply completed (whole findings, verdicts, issues), said as such; else the cut stands as the failure. */
  #completedPart<T>(request: CallRequest<T>, error: ProviderError): T {
    const text = error.partial === undefined ? undefined : completedPart(error.partial);
    const reading = text === undefined ? undefined : readAnswer(text, request.answer);
    if (!reading?.ok) throw error;
    request.cut(`${request.agent}'s answer was cut at the output limit: the items it completed are kept, the rest is lost`);
    return reading.output;
  }

  #counted(count: PromptCount): number {
    if (count.fallback && !this.warned.has(count.fallback)) {
      this.warned.add(count.fallback);
      this.events.warning(count.fallback);
    }
    return count.tokens;
  }

  #reserve(request: CallRequest<unknown>, promptTokens: number, answerTokens: number, thinking: number) {
    return this.meter.reserve({
      model: request.model,
      inputTokens: promptTokens,
      maxOutputTokens: answerTokens + thinking,
      minOutputTokens: Math.min(answerTokens, MIN_ANSWER_TOKENS) + thinking
    });
  }

  async #attempt<T>(
    request: CallRequest<T>,
    reservation: Reservation,
    thinking: number,
    onFirstToken: () => void,
    context: CallContext,
    prompt: string
  ): Promise<T> {
    const remaining = this.meter.remainingMs();
    const signal = Number.isFinite(remaining) ? AbortSignal.timeout(Math.max(1, remaining)) : undefined;
    const started = Date.now();
    const { fewer: _fewer, ...asked } = request;
    // The reservation of the turn in progress (none while the next one is being reserved), and what the turns before it used.
    let open: Reservation | undefined = reservation;
    let settled: Usage = ZERO_USAGE;
    let costUsd = 0;
    let turns = 1;
    const tools: ToolCallRecord[] = [];
    const settleOpen = (model: string, total: Usage) => {
      if (open) costUsd += this.meter.settle(open, model, usageBeyond(total, settled));
      open = undefined;
      settled = total;
    };
    const nextTurn = async (ended: Usage, promptTokens: number, why: NextTurnReason): Promise<number> => {
      settleOpen(request.model, addUsage(settled, ended));
      const next = this.#reserve(request, promptTokens, reservation.maxOutputTokens - thinking, thinking);
      if (isRefusal(next)) throw new BudgetStop(`${next.reason} (${request.agent} ${TURN_NEEDED[why]})`);
      open = next;
      turns += 1;
      return next.maxOutputTokens;
    };
    try {
      const response = await this.provider.call<T>({
        ...asked,
        prompt,
        maxOutputTokens: reservation.maxOutputTokens,
        thinkingTokens: thinking,
        onFirstToken,
        ...(signal ? { signal } : {}),
        nextTurn,
        ...(request.tools ? { onToolCall: (record: ToolCallRecord) => tools.push(record) } : {})
      });
      settleOpen(response.model, response.usage);
      this.record({
        ...context,
        agent: request.agent,
        model: response.model,
        usage: response.usage,
        costUsd,
        durationMs: response.durationMs,
        ok: true,
        turns,
        tools
      });
      return response.output;
    } catch (error) {
      const usage = error instanceof ProviderError ? error.usage : settled;
      settleOpen(request.model, usage);
      const message = error instanceof Error ? error.message : String(error);
      this.record({
        ...context,
        agent: request.agent,
        model: request.model,
        usage,
        costUsd,
        durationMs: Date.now() - started,
        ok: false,
        error: message,
        turns,
        tools
      });
      if (signal?.aborted) throw new BudgetStop(`time budget of ${this.meter.limits.maxDurationMinutes} min used up while ${request.agent} was answering`);
      throw error;
    }
  }

  private record(record: CallRecord): void {
    this.records.push(record);
    this.events.call(record);
  }
}

/** Why a turn was asked for, in the reason of a budget stop. */
const TURN_NEEDED: Record<NextTurnReason, string> = {
  tools: 'had called tools and needed another turn',
  repair: "had answered outside its schema's rules and needed the repair turn"
};

function isCut(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.kind === 'truncated';
}

/** Waits for every call; the first failure (e.g. a budget stop) is rethrown only after all settled. */
export async function settleAll(calls: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(calls);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Items in runs of at most `size`, e.g. findings per checker call. */
export function inChunks<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
