/**
 * The Messages API request for a ModelRequest, laid out for prompt caching: the answer format
 * (`output_config.format`, which the API puts ahead of the system prompt), then the shared
 * context as the system prompt with the one cache breakpoint after it, then the agent's own
 * prompt. Format and system are byte-identical on every call of a run, so only the prompt after
 * the breakpoint is paid at the full input rate once the prefix is cached.
 *
 * Within each model's rules (capabilities.ts): no tool_choice, no sampling parameters, no
 * prefill; thinking adaptive where the model has it (never `disabled`, which the newest refuse),
 * else a fixed budget that leaves room for the answer; effort only where the model takes it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { wireSchema, repairText } from './answer.js';
import { anthropicModel, nearestEffort } from './capabilities.js';
import { COUNT_PLACEHOLDER } from './cost-model.js';
import type { AnswerFormat, ModelRequest } from './types.js';

export type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

/** Budget thinking needs at least this much, and must leave the answer room (API rule: budget_tokens ≥ 1,024 and < max_tokens). */
const MIN_THINKING_BUDGET = 1024;
const MIN_ANSWER_TOKENS = 512;

const formats = new WeakMap<AnswerFormat, Anthropic.JSONOutputFormat>();

/** The JSON schema of a run's format, built once so every call sends the same bytes. */
export function outputFormat(format: AnswerFormat): Anthropic.JSONOutputFormat {
  let built = formats.get(format);
  if (!built) {
    built = { type: 'json_schema', schema: zodOutputFormat(wireSchema(format.schema)).schema };
    formats.set(format, built);
  }
  return built;
}

/** What the first turn is built from. */
export type TurnRequest = Pick<ModelRequest<unknown>, 'model' | 'maxOutputTokens' | 'effort' | 'thinkingTokens' | 'format' | 'sharedContext' | 'prompt'>;

export function firstTurnParams(request: TurnRequest): MessageParams {
  const model = anthropicModel(request.model);
  const maxTokens = Math.min(request.maxOutputTokens, model.maxOutputTokens);
  const effort = nearestEffort(request.effort, model.efforts);
  return {
    model: request.model,
    max_tokens: maxTokens,
    ...thinkingParams(model.thinking, request.thinkingTokens, maxTokens),
    output_config: { format: outputFormat(request.format), ...(effort ? { effort } : {}) },
    system: [{ type: 'text', text: request.sharedContext, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: request.prompt }] }]
  };
}

/**
 * The count_tokens request for a call's shared prefix: its model, thinking, format and system as
 * the call sends them, with a one-character prompt. Effort is left out, so makers and checker,
 * which differ only in it, share one count: it steers how much the model writes, not the prompt.
 */
export function prefixCountParams(request: Omit<TurnRequest, 'prompt' | 'maxOutputTokens'>): Anthropic.MessageCountTokensParams {
  const { model, thinking, system, output_config } = firstTurnParams({ ...request, prompt: COUNT_PLACEHOLDER, maxOutputTokens: request.thinkingTokens + MIN_ANSWER_TOKENS });
  return { model, ...(thinking ? { thinking } : {}), ...(output_config?.format ? { output_config: { format: output_config.format } } : {}), system, messages: [{ role: 'user', content: [{ type: 'text', text: COUNT_PLACEHOLDER }] }] };
}

function thinkingParams(kind: 'adaptive' | 'budget', thinkingTokens: number, maxTokens: number): Pick<MessageParams, 'thinking'> {
  if (kind === 'adaptive') return { thinking: { type: 'adaptive' } };
  const budget = Math.min(thinkingTokens, maxTokens - MIN_ANSWER_TOKENS);
  // The 4.5 models accept thinking off; with too little room for both, the answer comes first.
  return budget >= MIN_THINKING_BUDGET ? { thinking: { type: 'enabled', budget_tokens: budget } } : { thinking: { type: 'disabled' } };
}

/**
 * The one repair call: the first request, the model's reply as it was (thinking blocks go back
 * unmodified: the API verifies them), then a user turn that says what its schema refused.
 */
export function repairParams(first: MessageParams, reply: Anthropic.Message, problem: string): MessageParams {
  const replayed = reply.content.flatMap(replayable);
  return {
    ...first,
    messages: [
      ...first.messages,
      // An assistant turn may not be empty; without one, the two user turns are merged by the API.
      ...(replayed.length > 0 ? [{ role: 'assistant' as const, content: replayed }] : []),
      { role: 'user', content: [{ type: 'text', text: repairText(problem) }] }
    ]
  };
}

function replayable(block: Anthropic.ContentBlock): Anthropic.ContentBlockParam[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: block.text }];
    case 'thinking':
      return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: block.data }];
    default:
      return [];
  }
}
