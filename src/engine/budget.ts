/**
 * Hard budgets. Every model request (the first turn of a call, each tool turn, the repair turn)
 * reserves its worst case before it is sent: its prompt as the provider counts it, never low,
 * plus the output it may write, at the highest rates it can be billed at (the long-prompt rates
 * when the prompt may pass the model's threshold, the prompt as if all written to cache). So
 * concurrent requests together can never pass a cap; each reservation is settled with the real
 * usage when its request returns.
 */
import type { Budget } from '../loop/schema.js';
import { MIN_ANSWER_TOKENS, ratesAt, reservationOf } from '../providers/cost-model.js';
import type { ModelPrice } from '../providers/models.js';
import { ZERO_USAGE, addUsage, totalTokens, type Usage } from '../providers/types.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A model's price card; `guess` when the model has none and these are stand-in rates, with which a cost cap cannot be kept. */
export type Price = ModelPrice & { guess?: true };

/** Price cards and exact costs per model; the meter does not know where prices come from. */
export interface Pricing {
  rates(model: string): Price;
  cost(model: string, usage: Usage): number;
}

export interface CallEstimate {
  model: string;
  /** Prompt tokens, never below what the API bills, priced as if none were read from cache (the worst case). */
  inputTokens: number;
  /** The most the call may write, thinking included. */
  maxOutputTokens: number;
  /** Below this the call is not worth making (room to think and a short answer); default 512. */
  minOutputTokens?: number;
}

export interface Reservation {
  readonly id: number;
  readonly tokens: number;
  readonly costUsd: number;
  /** Output tokens this call may write after the budget trimmed it to fit. */
  readonly maxOutputTokens: number;
}

export type BudgetRefusal = { ok: false; reason: string };

export class BudgetMeter {
  private usage: Usage = ZERO_USAGE;
  private cost = 0;
  private calls = 0;
  private reservedTokens = 0;
  private reservedCost = 0;
  private nextId = 1;
  private readonly open = new Map<number, Reservation>();
  private readonly startedAt: number;

  constructor(
    readonly limits: Budget,
    private readonly pricing: Pricing,
    private readonly clock: Clock = systemClock
  ) {
    this.startedAt = clock.now();
  }

  /** Milliseconds left before maxDurationMinutes; Infinity without a time cap. */
  remainingMs(): number {
    if (this.limits.maxDurationMinutes === undefined) return Infinity;
    return this.startedAt + this.limits.maxDurationMinutes * 60_000 - this.clock.now();
  }

  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  /**
   * Reserves room for a call, shrinking its output allowance to what is left when needed, or
   * refuses with the budget that ran out.
   */
  reserve(estimate: CallEstimate): Reservation | BudgetRefusal {
    const { maxIterations, maxTokens, maxCostUsd } = this.limits;
    if (this.remainingMs() <= 0) return { ok: false, reason: `time budget of ${this.limits.maxDurationMinutes} min used up` };
    if (maxIterations !== undefined && this.calls + this.open.size >= maxIterations) {
      return { ok: false, reason: `iteration budget of ${maxIterations} model calls used up` };
    }
    const card = this.pricing.rates(estimate.model);
    if (card.guess && maxCostUsd !== undefined) {
      return {
        ok: false,
        reason: `${estimate.model} has no price in LoopKit's model table, so the cost budget of $${maxCostUsd} cannot be kept: pick a priced model or drop budget.maxCostUsd`
      };
    }
    // The prompt bound decides the rates: past a long-prompt threshold every token of the request costs more.
    const price = ratesAt(card, estimate.inputTokens);
    // Worst case for the prompt: all of it written to cache (1.25×) rather than read.
    const inputCost = reservationOf(price, estimate.inputTokens, 0).costUsd;
    const byTokens = maxTokens === undefined ? Infinity : maxTokens - totalTokens(this.usage) - this.reservedTokens - estimate.inputTokens;
    const byCost = maxCostUsd === undefined ? Infinity : Math.floor(((maxCostUsd - this.cost - this.reservedCost - inputCost) * 1_000_000) / price.output);
    const maxOutput = Math.min(estimate.maxOutputTokens, byTokens, byCost);
    if (maxOutput < Math.min(estimate.minOutputTokens ?? MIN_ANSWER_TOKENS, estimate.maxOutputTokens)) {
      const which = byTokens <= byCost ? `token budget of ${maxTokens}` : `cost budget of $${maxCostUsd}`;
      return { ok: false, reason: `${which} would be exceeded by the next call` };
    }
    const reservation: Reservation = { id: this.nextId++, ...reservationOf(price, estimate.inputTokens, maxOutput), maxOutputTokens: maxOutput };
    this.open.set(reservation.id, reservation);
    this.reservedTokens += reservation.tokens;
    this.reservedCost += reservation.costUsd;
    return reservation;
  }

  /** Records what a call really used (also for failed calls, which are billed too). */
  settle(reservation: Reservation, model: string, usage: Usage): number {
    if (this.open.delete(reservation.id)) {
      this.reservedTokens -= reservation.tokens;
      this.reservedCost -= reservation.costUsd;
    }
    const cost = this.pricing.cost(model, usage);
    this.usage = addUsage(this.usage, usage);
    this.cost += cost;
    this.calls += 1;
    return cost;
  }

  spent(): { usage: Usage; costUsd: number; calls: number; tokens: number } {
    return { usage: this.usage, costUsd: this.cost, calls: this.calls, tokens: totalTokens(this.usage) };
  }
}

export function isRefusal(value: Reservation | BudgetRefusal): value is BudgetRefusal {
  return 'ok' in value && value.ok === false;
}

/** Token estimate for text: about four characters a token for English and code (for sizing batches, not for caps). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
