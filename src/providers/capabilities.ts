/**
 * What a request may carry for a model, read from the model table (models.ts, with its sources):
 * the effort sent, how the model thinks, how much it may write; which API serves a model, and
 * what a loop should know about the models it names. A model not in the table is taken to
 * follow the newest generation's rules of its vendor.
 */
import type { Agent, Effort, Loop, ProviderName } from '../loop/schema.js';
import { DEFAULT_OPENAI_MODEL, EFFORTS, modelInfo, type AnthropicModel, type OpenAIModel } from './models.js';

/** What an Anthropic model not in the table is taken to take: the newest generation's rules. */
const NEWEST_CLAUDE: Omit<AnthropicModel, 'price'> = { vendor: 'anthropic', efforts: EFFORTS, thinking: 'adaptive', maxOutputTokens: 128_000 };
const NEWEST_GPT: Omit<OpenAIModel, 'price'> = { vendor: 'openai', efforts: EFFORTS, maxOutputTokens: 128_000 };

export function anthropicModel(model: string): Omit<AnthropicModel, 'price'> {
  const known = modelInfo(model);
  return known?.vendor === 'anthropic' ? known : NEWEST_CLAUDE;
}

export function openaiModel(model: string): Omit<OpenAIModel, 'price'> {
  const known = modelInfo(model);
  return known?.vendor === 'openai' ? known : NEWEST_GPT;
}

/** The supported level nearest to the one asked for, rounding up first (more effort, never less, when both are as near). */
export function nearestEffort(effort: Effort, accepted: readonly Effort[]): Effort | undefined {
  if (accepted.length === 0) return undefined;
  const want = EFFORTS.indexOf(effort);
  return [...accepted].sort((a, b) => Math.abs(EFFORTS.indexOf(a) - want) - Math.abs(EFFORTS.indexOf(b) - want) || EFFORTS.indexOf(b) - EFFORTS.indexOf(a))[0];
}

/**
 * Output tokens set aside for thinking at each effort, on top of the answer: `max_tokens` is
 * thinking plus answer, so a budget that trims the allowance never leaves thinking without room
 * to answer. Adaptive thinking uses less at low effort; these are the reservations, not targets.
 */
export const THINKING_TOKENS: Readonly<Record<Effort, number>> = { low: 2_048, medium: 4_096, high: 8_192, xhigh: 16_384, max: 32_000 };

/** Which provider serves a model, by its name. */
export function providerOf(model: string): 'anthropic' | 'openai' {
  return /^(gpt-|o\d|chatgpt-|codex-)/i.test(model.trim()) ? 'openai' : 'anthropic';
}

/** The model and the API an agent runs on: its own, else the loop's, else the default (OpenAI's when the loop says `provider: openai`). */
export function modelOf(agent: Agent | undefined, loop: Loop, defaultModel: string): { model: string; provider: ProviderName } {
  const provider = agent?.provider ?? (agent?.model ? providerOf(agent.model) : undefined) ?? loop.provider;
  const model = agent?.model ?? loop.model ?? (provider === 'openai' && providerOf(defaultModel) !== 'openai' ? DEFAULT_OPENAI_MODEL : defaultModel);
  return { model, provider: provider ?? providerOf(model) };
}

/** What a loop should know about a model and the effort it asks of it: unknown to the table, or an effort it does not take. */
export function modelNotes(model: string, provider: ProviderName, effort: Effort | undefined): string[] {
  const known = modelInfo(model);
  if (!known || known.vendor !== provider) {
    return [
      `${model} is not in LoopKit's model table: it gets the newest models' rules and has no price (its cost is reported at the dearest rates listed, and a loop with \`budget.maxCostUsd\` is refused)`
    ];
  }
  if (!effort) return [];
  const sent = nearestEffort(effort, known.efforts);
  if (sent === undefined) return [`${model} takes no effort setting: \`effort: ${effort}\` is not sent`];
  return sent === effort ? [] : [`${model} does not take \`effort: ${effort}\`: it is sent as ${sent}`];
}
