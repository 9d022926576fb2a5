/**
 * One place where every model call goes through: budget reservation before, settlement after
 * (failed calls are billed too), cache-friendly ordering, and a record for the log.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { ProviderError, ZERO_USAGE, type ModelProvider, type ModelRequest, type Usage } from '../providers/types.js';
import { estimateTokens, isRefusal, type BudgetMeter } from './budget.js';

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
}

export interface EngineEvents {
  info(message: string): void;
  warning(message: string): void;
  call(record: CallRecord): void;
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

/** How long later calls wait for the first call on a prefix to start answering. */
export const DEFAULT_WARM_WAIT_MS = 20_000;

export class CallRunner {
  private readonly warmer = new PrefixWarmer();
  private readonly limit: LimitFunction;
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

  /** Runs a call under the budget; throws BudgetStop when refused, ProviderError when it failed. */
  async call<T>(request: Omit<ModelRequest<T>, 'onFirstToken' | 'signal'>, context: CallContext): Promise<T> {
    // Never spend more than a quarter of the time left waiting for someone else's first token.
    const maxWait = Math.min(this.warmWaitMs, this.meter.remainingMs() / 4);
    return this.warmer.run(request.sharedContext, maxWait, (onFirstToken) =>
      this.limit(async () => {
        const reservation = this.meter.reserve({
          model: request.model,
          inputTokens: estimateTokens(request.sharedContext) + estimateTokens(request.prompt) + 200 * request.tools.length,
          maxOutputTokens: request.maxOutputTokens
        });
        if (isRefusal(reservation)) {
          onFirstToken();
          throw new BudgetStop(reservation.reason);
        }
        const remaining = this.meter.remainingMs();
        const signal = Number.isFinite(remaining) ? AbortSignal.timeout(Math.max(1, remaining)) : undefined;
        const started = Date.now();
        try {
          const response = await this.provider.call<T>({
            ...request,
            maxOutputTokens: reservation.maxOutputTokens,
            onFirstToken,
            ...(signal ? { signal } : {})
          });
          const costUsd = this.meter.settle(reservation, response.model, response.usage);
          this.record({ ...context, agent: request.agent, model: response.model, usage: response.usage, costUsd, durationMs: response.durationMs, ok: true });
          return response.output;
        } catch (error) {
          const usage = error instanceof ProviderError ? error.usage : ZERO_USAGE;
          const costUsd = this.meter.settle(reservation, request.model, usage);
          const message = error instanceof Error ? error.message : String(error);
          this.record({ ...context, agent: request.agent, model: request.model, usage, costUsd, durationMs: Date.now() - started, ok: false, error: message });
          if (signal?.aborted) throw new BudgetStop(`time budget of ${this.meter.limits.maxDurationMinutes} min used up while ${request.agent} was answering`);
          throw error;
        }
      })
    );
  }

  private record(record: CallRecord): void {
    this.records.push(record);
    this.events.call(record);
  }
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
