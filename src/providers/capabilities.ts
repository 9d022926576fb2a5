/**
 * What each model accepts, one table per provider, read by the request builders (and by the
 * fakes' tests): which effort levels it takes, how it thinks, how much it may write.
 *
 * Anthropic (platform.claude.com/docs: about-claude/models/overview, build-with-claude/effort,
 * build-with-claude/adaptive-thinking, build-with-claude/structured-outputs, as of November 2026):
 * - every model listed takes structured outputs (`output_config.format`), so answers never ride
 *   on a tool call and `tool_choice` is never sent (Sonnet 5.5, Opus 5.5 and Fable 5.1+ answer a
 *   forced tool choice with 400);
 * - the 5.x models think adaptively by default, Opus 4.6+ and Sonnet 4.6 accept
 *   `thinking: {type: "adaptive"}`, the 4.5 models only a fixed `budget_tokens`; Sonnet 5.5,
 *   Opus 5.5 and Fable 5.1+ answer `thinking: {type: "disabled"}` and assistant prefill with 400,
 *   and every 5.x model answers sampling parameters other than the defaults with 400: LoopKit
 *   sends none of the three, to any model;
 * - `output_config.effort`: low/medium/high on Opus 4.5; `max` from Opus 4.6 and Sonnet 4.6;
 *   `xhigh` from Opus 4.7; all five on 5.x; Sonnet 4.5 and Haiku 4.5 take no effort.
 * A model not in the table is taken to follow the newest generation's rules.
 *
 * OpenAI (developers.openai.com/api/docs: models, guides/reasoning, guides/structured-outputs):
 * the reasoning models take `reasoning.effort` and strict `text.format` json_schema; a request
 * whose reasoning effort or text format differs misses the prompt cache (`reasoning_effort_changed`,
 * `text_format_changed`), so one run sends one format.
 */
import type { Agent, Effort, Loop, ProviderName } from '../loop/schema.js';
import { baseModelId } from './model-id.js';

export const EFFORTS: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

export type Thinking = 'adaptive' | 'budget';

export interface AnthropicModel {
  /** Effort levels `output_config.effort` accepts; empty: the field is not sent. */
  efforts: readonly Effort[];
  thinking: Thinking;
  /** The most `max_tokens` may be. */
  maxOutputTokens: number;
}

const ALL = EFFORTS;
const UP_TO_MAX: readonly Effort[] = ['low', 'medium', 'high', 'max'];
const CLAUDE_5: AnthropicModel = { efforts: ALL, thinking: 'adaptive', maxOutputTokens: 128_000 };
const OPUS_4_7: AnthropicModel = { efforts: ALL, thinking: 'adaptive', maxOutputTokens: 128_000 };

export const ANTHROPIC_MODELS: Readonly<Record<string, AnthropicModel>> = {
  'claude-fable-5-2': CLAUDE_5,
  'claude-mythos-5-2': CLAUDE_5,
  'claude-fable-5-1': CLAUDE_5,
  'claude-mythos-5-1': CLAUDE_5,
  'claude-fable-5': CLAUDE_5,
  'claude-mythos-5': CLAUDE_5,
  'claude-opus-5-5': CLAUDE_5,
  'claude-opus-5': CLAUDE_5,
  'claude-sonnet-5-5': { ...CLAUDE_5, maxOutputTokens: 64_000 },
  'claude-sonnet-5': { ...CLAUDE_5, maxOutputTokens: 64_000 },
  'claude-haiku-5-5': { ...CLAUDE_5, maxOutputTokens: 64_000 },
  'claude-opus-4-8': OPUS_4_7,
  'claude-opus-4-7': OPUS_4_7,
  'claude-opus-4-6': { efforts: UP_TO_MAX, thinking: 'adaptive', maxOutputTokens: 128_000 },
  'claude-sonnet-4-6': { efforts: UP_TO_MAX, thinking: 'adaptive', maxOutputTokens: 64_000 },
  'claude-opus-4-5': { efforts: ['low', 'medium', 'high'], thinking: 'budget', maxOutputTokens: 64_000 },
  'claude-sonnet-4-5': { efforts: [], thinking: 'budget', maxOutputTokens: 64_000 },
  'claude-haiku-4-5': { efforts: [], thinking: 'budget', maxOutputTokens: 64_000 }
};

export function anthropicModel(model: string): AnthropicModel {
  return ANTHROPIC_MODELS[baseModelId(model)] ?? CLAUDE_5;
}

export interface OpenAIModel {
  efforts: readonly Effort[];
  maxOutputTokens: number;
}

export const OPENAI_MODELS: Readonly<Record<string, OpenAIModel>> = {
  'gpt-6.2-sol': { efforts: ALL, maxOutputTokens: 128_000 },
  'gpt-6.1-sol': { efforts: ALL, maxOutputTokens: 128_000 },
  'gpt-6-sol': { efforts: ALL, maxOutputTokens: 128_000 },
  'gpt-5.5': { efforts: ['low', 'medium', 'high', 'xhigh'], maxOutputTokens: 128_000 }
};

export function openaiModel(model: string): OpenAIModel {
  return OPENAI_MODELS[model.trim().toLowerCase()] ?? { efforts: ALL, maxOutputTokens: 128_000 };
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

/** What an OpenAI loop runs on when it names no model. */
export const DEFAULT_OPENAI_MODEL = 'gpt-6.2-sol';

/** The model and the API an agent runs on: its own, else the loop's, else the default (OpenAI's when the loop says `provider: openai`). */
export function modelOf(agent: Agent | undefined, loop: Loop, defaultModel: string): { model: string; provider: ProviderName } {
  const provider = agent?.provider ?? (agent?.model ? providerOf(agent.model) : undefined) ?? loop.provider;
  const model = agent?.model ?? loop.model ?? (provider === 'openai' && providerOf(defaultModel) !== 'openai' ? DEFAULT_OPENAI_MODEL : defaultModel);
  return { model, provider: provider ?? providerOf(model) };
}

/** What a loop should know about a model and the effort it asks of it: unknown to the tables, or an effort it does not take. */
export function modelNotes(model: string, provider: ProviderName, effort: Effort | undefined): string[] {
  const known = provider === 'openai' ? OPENAI_MODELS[model.trim().toLowerCase()] : ANTHROPIC_MODELS[baseModelId(model)];
  if (!known) return [`${model} is not in LoopKit's model table: it gets the newest models' rules, and budgets price it at the dearest rates`];
  if (!effort) return [];
  const sent = nearestEffort(effort, known.efforts);
  if (sent === undefined) return [`${model} takes no effort setting: \`effort: ${effort}\` is not sent`];
  return sent === effort ? [] : [`${model} does not take \`effort: ${effort}\`: it is sent as ${sent}`];
}
