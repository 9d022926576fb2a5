/**
 * What Anthropic and OpenAI charge per model, in USD per million tokens, for the standard
 * (non-batch, global inference) tier and the 5-minute cache TTL, which is the only TTL LoopKit
 * asks for. Thinking (reasoning) tokens are output tokens and billed at the output rate.
 *
 * Sources: the model pages and pricing page on platform.claude.com, and openai.com/api/pricing,
 * as of November 2026. Anthropic cache writes cost 1.25× input everywhere; cache reads are 0.1×
 * input except where Anthropic cut them (Fable 5.1/5.2, Opus 5.5, Sonnet 5.5), so every rate is
 * written out rather than derived. OpenAI caches automatically: writes at the input rate, reads
 * at 0.1× input. Prices change: when a model is missing here, `costUsd` says so (undefined)
 * instead of guessing.
 */
import type { Usage } from './types.js';
import { baseModelId } from './model-id.js';

export interface Rates {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export interface ModelPrice extends Rates {
  /** Haiku 5.5 bills every token of a request at higher rates once its prompt passes a threshold. */
  longPrompt?: Rates & { thresholdTokens: number };
}

/** The current Sonnet: the sensible speed/quality/cost balance for reviewing a diff. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

const FABLE_5: ModelPrice = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 };
const FABLE_5_1: ModelPrice = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 };
const FABLE_5_2: ModelPrice = { input: 8, output: 40, cacheWrite: 10, cacheRead: 0.2 };
const OPUS_4_5_TO_5: ModelPrice = { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 };
const SONNET_4: ModelPrice = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  // Mythos models are the invitation-only siblings of Fable and share its price card.
  'claude-fable-5-2': FABLE_5_2,
  'claude-mythos-5-2': FABLE_5_2,
  'claude-fable-5-1': FABLE_5_1,
  'claude-mythos-5-1': FABLE_5_1,
  'claude-fable-5': FABLE_5,
  'claude-mythos-5': FABLE_5,
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-opus-5': OPUS_4_5_TO_5,
  'claude-opus-4-8': OPUS_4_5_TO_5,
  'claude-opus-4-7': OPUS_4_5_TO_5,
  'claude-opus-4-6': OPUS_4_5_TO_5,
  'claude-opus-4-5': OPUS_4_5_TO_5,
  // Sonnet 5.5 cache reads dropped from $0.20 to $0.10 on 2026-10-07.
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-sonnet-4-6': SONNET_4,
  'claude-sonnet-4-5': SONNET_4,
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cacheWrite: 0.125,
    cacheRead: 0.01,
    longPrompt: { thresholdTokens: 100_000, input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 }
  },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'gpt-6.2-sol': { input: 2, output: 10, cacheWrite: 2, cacheRead: 0.2 }
};

export function priceOf(model: string): ModelPrice | undefined {
  return PRICES[baseModelId(model)];
}

/**
 * For budgets when the model is not in the table: each rate is the highest any listed model
 * charges, so an unknown model can only be over-estimated, never counted as free.
 */
export const conservativePrice: ModelPrice = Object.freeze(
  Object.values(PRICES).reduce<ModelPrice>(
    (max, p) => ({
      input: Math.max(max.input, p.input),
      output: Math.max(max.output, p.output),
      cacheWrite: Math.max(max.cacheWrite, p.cacheWrite),
      cacheRead: Math.max(max.cacheRead, p.cacheRead)
    }),
    { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }
  )
);

/** Cost of one request's usage at a given price. */
export function costAt(price: ModelPrice, usage: Usage): number {
  const promptTokens = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  const rates = price.longPrompt && promptTokens > price.longPrompt.thresholdTokens ? price.longPrompt : price;
  const micro =
    usage.inputTokens * rates.input + usage.outputTokens * rates.output + usage.cacheWriteTokens * rates.cacheWrite + usage.cacheReadTokens * rates.cacheRead;
  return micro / 1_000_000;
}

/** USD for one request's usage, or undefined when the model's price is unknown (see `conservativePrice`). */
export function costUsd(model: string, usage: Usage): number | undefined {
  const price = priceOf(model);
  return price && costAt(price, usage);
}

/** Prices as the engine's budget meter reads them; unknown models are priced conservatively. */
export const pricing = {
  rates: (model: string): Rates => priceOf(model) ?? conservativePrice,
  cost: (model: string, usage: Usage): number => costAt(priceOf(model) ?? conservativePrice, usage)
};
