/**
 * The one table of the models LoopKit knows, both vendors: for each, what its requests may carry
 * (effort levels, thinking, output room) and what it costs. The request builders, the budget
 * meter, the LRS and `loopkit validate` all read this table, so what a model takes and what it
 * costs cannot drift apart, and every model listed has a price: a model that is not here has
 * none, and a loop with `budget.maxCostUsd` is refused on it rather than billed at a guess.
 *
 * Anthropic (platform.claude.com/docs: about-claude/models/overview, about-claude/pricing,
 * build-with-claude/effort, build-with-claude/adaptive-thinking, build-with-claude/structured-outputs,
 * as of November 2026):
 * - every model listed takes structured outputs (`output_config.format`), so answers never ride
 *   on a tool call and `tool_choice` is never sent (Sonnet 5.5, Opus 5.5 and Fable 5.1+ answer a
 *   forced tool choice with 400);
 * - the 5.x models think adaptively by default, Opus 4.6+ and Sonnet 4.6 accept
 *   `thinking: {type: "adaptive"}`, the 4.5 models only a fixed `budget_tokens`; Sonnet 5.5,
 *   Opus 5.5 and Fable 5.1+ answer `thinking: {type: "disabled"}` and assistant prefill with 400,
 *   and every 5.x model answers sampling parameters other than the defaults with 400: LoopKit
 *   sends none of the three, to any model;
 * - `output_config.effort`: low/medium/high on Opus 4.5; `max` from Opus 4.6 and Sonnet 4.6;
 *   `xhigh` from Opus 4.7; all five on 5.x; Sonnet 4.5 and Haiku 4.5 take no effort;
 * - prices are the standard (non-batch, global inference) tier and the 5-minute cache TTL, the
 *   only one LoopKit asks for. Cache writes cost 1.25× input everywhere; cache reads are 0.1×
 *   input except where Anthropic cut them (Fable 5.1/5.2, Opus 5.5, Sonnet 5.5), so every rate is
 *   written out rather than derived. Haiku 5.5 bills every token of a request at higher rates once
 *   its prompt passes 100K tokens.
 *
 * OpenAI (developers.openai.com/api/docs: models/<id>, pricing, guides/reasoning,
 * guides/structured-outputs, as of November 2026): the reasoning models take `reasoning.effort`
 * and strict `text.format` json_schema; a request whose reasoning effort or text format differs
 * misses the prompt cache (`reasoning_effort_changed`, `text_format_changed`), so one run sends
 * one format. Caching is automatic; the GPT-6.x Sol pages list cache writes at $2.50 (30-minute
 * retention, the default), GPT-5.5 lists none, so its writes are taken at the input rate. A request
 * with more than 272K input tokens is billed whole at twice the input and cache rates and 1.5× the
 * output rate. The gpt-6.2-sol card is read from its model page; the gpt-6.1-sol, gpt-6-sol and
 * gpt-5.5 cards are the pricing page's as republished, alike, by several price trackers in
 * September–November 2026: check them against the model pages when this table is next updated.
 *
 * Thinking (reasoning) tokens are output tokens, billed at the output rate. Prices are USD per
 * million tokens.
 */
import type { Effort } from '../loop/schema.js';
import { baseModelId } from './model-id.js';

export const EFFORTS: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

export interface Rates {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export interface ModelPrice extends Rates {
  /** Rates for every token of a request once its prompt passes `thresholdTokens` (Haiku 5.5, the OpenAI models). */
  longPrompt?: Rates & { thresholdTokens: number };
}

export type Thinking = 'adaptive' | 'budget';

interface Model {
  /** Effort levels the API takes (`output_config.effort`, `reasoning.effort`); empty: the field is not sent. */
  efforts: readonly Effort[];
  /** The most `max_tokens` / `max_output_tokens` may be. */
  maxOutputTokens: number;
  price: ModelPrice;
}

export interface AnthropicModel extends Model {
  vendor: 'anthropic';
  thinking: Thinking;
}

export interface OpenAIModel extends Model {
  vendor: 'openai';
}

export type ModelInfo = AnthropicModel | OpenAIModel;

/** The current Sonnet: the sensible speed/quality/cost balance for reviewing a diff. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** What an OpenAI loop runs on when it names no model. */
export const DEFAULT_OPENAI_MODEL = 'gpt-6.2-sol';

const UP_TO_MAX: readonly Effort[] = ['low', 'medium', 'high', 'max'];

const claude = (price: ModelPrice, rest: Partial<Omit<AnthropicModel, 'vendor' | 'price'>> = {}): AnthropicModel => ({
  vendor: 'anthropic',
  efforts: EFFORTS,
  thinking: 'adaptive',
  maxOutputTokens: 128_000,
  price,
  ...rest
});

const FABLE_5: ModelPrice = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 };
const FABLE_5_1: ModelPrice = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 };
const FABLE_5_2: ModelPrice = { input: 8, output: 40, cacheWrite: 10, cacheRead: 0.2 };
const OPUS_4_5_TO_5: ModelPrice = { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 };
const SONNET_4: ModelPrice = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };

/** OpenAI's long-context rule: past 272K input tokens, input and cache rates double and output costs 1.5×, for the whole request. */
function openaiPrice(rates: Rates): ModelPrice {
  return {
    ...rates,
    longPrompt: {
      thresholdTokens: 272_000,
      input: rates.input * 2,
      output: rates.output * 1.5,
      cacheWrite: rates.cacheWrite * 2,
      cacheRead: rates.cacheRead * 2
    }
  };
}

export const MODELS: Readonly<Record<string, ModelInfo>> = {
  // Mythos models are the invitation-only siblings of Fable and share its price card.
  'claude-fable-5-2': claude(FABLE_5_2),
  'claude-mythos-5-2': claude(FABLE_5_2),
  'claude-fable-5-1': claude(FABLE_5_1),
  'claude-mythos-5-1': claude(FABLE_5_1),
  'claude-fable-5': claude(FABLE_5),
  'claude-mythos-5': claude(FABLE_5),
  'claude-opus-5-5': claude({ input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 }),
  'claude-opus-5': claude(OPUS_4_5_TO_5),
  // Sonnet 5.5 cache reads dropped from $0.20 to $0.10 on 2026-10-07.
  'claude-sonnet-5-5': claude({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 }, { maxOutputTokens: 64_000 }),
  'claude-sonnet-5': claude({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }, { maxOutputTokens: 64_000 }),
  'claude-haiku-5-5': claude(
    {
      input: 0.1,
      output: 0.5,
      cacheWrite: 0.125,
      cacheRead: 0.01,
      longPrompt: { thresholdTokens: 100_000, input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 }
    },
    { maxOutputTokens: 64_000 }
  ),
  'claude-opus-4-8': claude(OPUS_4_5_TO_5),
  'claude-opus-4-7': claude(OPUS_4_5_TO_5),
  'claude-opus-4-6': claude(OPUS_4_5_TO_5, { efforts: UP_TO_MAX }),
  'claude-sonnet-4-6': claude(SONNET_4, { efforts: UP_TO_MAX, maxOutputTokens: 64_000 }),
  'claude-opus-4-5': claude(OPUS_4_5_TO_5, { efforts: ['low', 'medium', 'high'], thinking: 'budget', maxOutputTokens: 64_000 }),
  'claude-sonnet-4-5': claude(SONNET_4, { efforts: [], thinking: 'budget', maxOutputTokens: 64_000 }),
  'claude-haiku-4-5': claude({ input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }, { efforts: [], thinking: 'budget', maxOutputTokens: 64_000 }),
  'gpt-6.2-sol': {
    vendor: 'openai',
    efforts: EFFORTS,
    maxOutputTokens: 128_000,
    price: openaiPrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 })
  },
  'gpt-6.1-sol': {
    vendor: 'openai',
    efforts: EFFORTS,
    maxOutputTokens: 128_000,
    price: openaiPrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 })
  },
  'gpt-6-sol': { vendor: 'openai', efforts: EFFORTS, maxOutputTokens: 128_000, price: openaiPrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }) },
  'gpt-5.5': {
    vendor: 'openai',
    efforts: ['low', 'medium', 'high', 'xhigh'],
    maxOutputTokens: 128_000,
    price: openaiPrice({ input: 5, output: 30, cacheWrite: 5, cacheRead: 0.5 })
  }
};

/** The table's row for a model (dated Anthropic snapshots read their alias's row), or undefined. */
export function modelInfo(model: string): ModelInfo | undefined {
  return MODELS[baseModelId(model)];
}

/** A model's price, or undefined when LoopKit has none (never a guess: see `conservativePrice` for what budgets do then). */
export function priceOf(model: string): ModelPrice | undefined {
  return modelInfo(model)?.price;
}
