/**
 * The one cost model: what a request costs (at the rates the model table gives it), what it
 * reserves, what a batch of calls on one shared prefix typically spends, and so how many batches
 * a budget pays for. The engine's budget meter and batch planning and the LRS's budget-fit rule
 * all read it, so a cap the LRS calls sufficient is one the engine can run under. Thinking is
 * output: it is reserved and billed at the output rate.
 */
import { z } from 'zod';
import type { Budget, Effort } from '../loop/schema.js';
import { THINKING_TOKENS } from './capabilities.js';
import { MODELS, priceOf, type ModelPrice, type Rates } from './models.js';
import type { AnswerFormat, ModelRequest, Usage } from './types.js';

/**
 * Effort when neither the agent nor the loop sets one, by loop kind and role. Review makers at
 * medium: several look in parallel and breadth comes from their number; the review checker at
 * high: one call per batch weighs evidence, where depth pays (on OpenAI a different effort misses
 * the prompt cache for that one call, a price the verdicts are worth). Triage makers at low:
 * reading an issue and choosing labels is shallow work; its checker, which refuses a wrong label
 * or duplicate, at medium. Thinking at these efforts is reserved as THINKING_TOKENS says.
 */
export const DEFAULT_EFFORT = {
  review: { maker: 'medium', checker: 'high' },
  triage: { maker: 'low', checker: 'medium' }
} as const satisfies Record<string, Record<'maker' | 'checker', Effort>>;

/** Share of an output allowance (answer and thinking) a call typically writes; reservations take all of it. */
export const TYPICAL_SHARE = 0.25;
/** Prompt tokens of an agent's own instructions after the shared prefix, with the API's own additions. */
export const OWN_PROMPT_TOKENS = 3_000;
/** The smallest answer worth asking for. */
export const MIN_ANSWER_TOKENS = 512;

export interface Spend {
  tokens: number;
  costUsd: number;
}

/**
 * The rates a request is billed at: the long-prompt rates, for every token of it, once its
 * prompt (input, cache writes and reads) passes the model's threshold. Given a bound of the
 * prompt that is never low, the highest rates the request can be billed at.
 */
export function ratesAt(price: ModelPrice, promptTokens: number): Rates {
  return price.longPrompt && promptTokens > price.longPrompt.thresholdTokens ? price.longPrompt : price;
}

/** Cost of one request's usage at a given price. */
export function costAt(price: ModelPrice, usage: Usage): number {
  const rates = ratesAt(price, usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens);
  const micro =
    usage.inputTokens * rates.input + usage.outputTokens * rates.output + usage.cacheWriteTokens * rates.cacheWrite + usage.cacheReadTokens * rates.cacheRead;
  return micro / 1_000_000;
}

/** USD for one request's usage, or undefined when the model has no price. */
export function costUsd(model: string, usage: Usage): number | undefined {
  const price = priceOf(model);
  return price && costAt(price, usage);
}

/** A price card that is a guess, for a model the table does not list. */
export type GuessedPrice = ModelPrice & { guess: true };

const dearest = (rates: Rates[]): Rates => ({
  input: Math.max(...rates.map((r) => r.input)),
  output: Math.max(...rates.map((r) => r.output)),
  cacheWrite: Math.max(...rates.map((r) => r.cacheWrite)),
  cacheRead: Math.max(...rates.map((r) => r.cacheRead))
});

/**
 * For a model the table does not list: each rate the highest any listed model charges at any
 * prompt length, so an unpriced model is over-estimated, never counted as free. Marked a guess: a
 * run without a cost cap reports its cost at these rates, one with `maxCostUsd` is refused.
 */
export const conservativePrice: GuessedPrice = Object.freeze({
  ...dearest(Object.values(MODELS).flatMap(({ price }) => (price.longPrompt ? [price, price.longPrompt] : [price]))),
  guess: true as const
});

/** Prices as the engine's budget meter reads them: a model's card, or for a model without one the conservative guess. */
export const pricing = {
  rates: (model: string): ModelPrice | GuessedPrice => priceOf(model) ?? conservativePrice,
  cost: (model: string, usage: Usage): number => costAt(priceOf(model) ?? conservativePrice, usage)
};

/** What the budget meter reserves for a call: the prompt as if all of it were written to cache, and the whole output allowance. */
export function reservationOf(rates: Rates, promptTokens: number, outputTokens: number): Spend {
  return { tokens: promptTokens + outputTokens, costUsd: (promptTokens * Math.max(rates.input, rates.cacheWrite) + outputTokens * rates.output) / 1_000_000 };
}

/** A call's output allowance: its answer plus thinking at its effort. */
export function outputAllowance(answerTokens: number, effort: Effort): number {
  return answerTokens + THINKING_TOKENS[effort];
}

export interface BatchShape {
  /** The cached prefix every call of the batch shares. */
  sharedTokens: number;
  /** Each call's output allowance (answer and thinking). */
  outputs: number[];
}

/** What a batch typically spends: the prefix written once and read by the others, each call's own prompt, a typical share of each allowance. */
export function batchSpend(rates: Rates, shape: BatchShape): Spend {
  const calls = shape.outputs.length;
  const output = shape.outputs.reduce((n, o) => n + o * TYPICAL_SHARE, 0);
  const tokens = calls * (shape.sharedTokens + OWN_PROMPT_TOKENS) + output;
  const costUsd =
    (shape.sharedTokens * rates.cacheWrite +
      (calls - 1) * shape.sharedTokens * rates.cacheRead +
      calls * OWN_PROMPT_TOKENS * rates.input +
      output * rates.output) /
    1_000_000;
  return { tokens, costUsd };
}

/** How many batches of this shape the caps pay for (at least one: a run always tries). */
export function affordableBatches(budget: Budget, rates: Rates, shape: BatchShape): number {
  const spend = batchSpend(rates, shape);
  let max = Number.MAX_SAFE_INTEGER;
  if (budget.maxIterations !== undefined) max = Math.min(max, Math.floor(budget.maxIterations / shape.outputs.length));
  if (budget.maxTokens !== undefined) max = Math.min(max, Math.floor(budget.maxTokens / spend.tokens));
  if (budget.maxCostUsd !== undefined) max = Math.min(max, Math.floor(budget.maxCostUsd / spend.costUsd));
  return Math.max(1, max);
}

/** The smallest call the meter will make: a short prompt, room to think at this effort and a short answer. */
export function minimalCall(rates: Rates, effort: Effort): Spend {
  return reservationOf(rates, 2_000, outputAllowance(MIN_ANSWER_TOKENS, effort));
}

/** A typical review call's reservation: a batch of diff and a full answer, with thinking at this effort. */
export function typicalCall(rates: Rates, effort: Effort): Spend {
  return reservationOf(rates, 20_000, outputAllowance(8_000, effort));
}

/** The parts of a request that make up its prompt. */
export type PromptParts = Pick<ModelRequest<unknown>, 'sharedContext' | 'prompt' | 'format'>;

/** Prompt tokens the API adds around ours: the structured-output instructions, turn markers, thinking setup. */
const REQUEST_OVERHEAD_TOKENS = 600;

/**
 * Share added to a counted prefix: the count endpoints are documented as estimates that "may
 * differ by a small amount" from what the call bills (Anthropic's token counting guide).
 */
const COUNT_MARGIN = 0.01;

/**
 * The UTF-8 length of a text: an upper bound on its tokens when every token covers at least one
 * byte. True of byte-level BPE (OpenAI's published tokenizers); Claude's tokenizer is not
 * published, so for Claude it is an assumption, which the count endpoint replaces wherever it answers.
 */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

const formatTexts = new WeakMap<AnswerFormat, string>();

function formatText(format: AnswerFormat): string {
  let text = formatTexts.get(format);
  if (text === undefined) {
    text = JSON.stringify(z.toJSONSchema(format.schema));
    formatTexts.set(format, text);
  }
  return text;
}

/**
 * A prompt's tokens for a provider that cannot count them (the dry run, test doubles): ASCII at
 * three characters a token, other text at its UTF-8 bytes. A guess, not a bound: model APIs
 * reserve with `countedPrompt`, or with `promptBound` when their count endpoint fails.
 */
export function promptEstimate(request: PromptParts): number {
  return tokenEstimate(request.sharedContext) + tokenEstimate(request.prompt) + tokenEstimate(formatText(request.format)) + REQUEST_OVERHEAD_TOKENS;
}

function tokenEstimate(text: string): number {
  let ascii = 0;
  for (const char of text) if (char.codePointAt(0)! < 0x80) ascii++;
  return Math.ceil(ascii / 3) + utf8Bytes(text) - ascii;
}

/**
 * A prompt's tokens that are never low, without asking the API: the UTF-8 bytes of everything we
 * send (see `utf8Bytes`) and an allowance for the API's own additions around it (not published:
 * 600 tokens is a margin, not a measurement). Two to four times the real count on English and code.
 */
export function promptBound(request: PromptParts): number {
  return utf8Bytes(request.sharedContext) + utf8Bytes(request.prompt) + utf8Bytes(formatText(request.format)) + REQUEST_OVERHEAD_TOKENS;
}

/**
 * A prompt's tokens from the API's count of its shared prefix (counted with a one-character
 * prompt): the count with its margin, plus the byte bound of the agent's own prompt, which the
 * API tokenizes as a message of its own after the prefix.
 */
export function countedPrompt(prefixTokens: number, prompt: string): number {
  return Math.ceil(prefixTokens * (1 + COUNT_MARGIN)) + utf8Bytes(prompt);
}

/** The one-character prompt a shared prefix is counted with. */
export const COUNT_PLACEHOLDER = '.';
