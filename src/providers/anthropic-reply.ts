/**
 * What a Messages API reply means for a ModelRequest: the validated answer, a problem worth one
 * repair call, or a failure no repair can fix (cut short, refused).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { readAnswer, type Reading, type ToolUse } from './answer.js';
import { ProviderError, ZERO_USAGE, type AnswerSpec, type Usage } from './types.js';

export function usageOf(usage: Anthropic.Usage | Anthropic.MessageDeltaUsage): Usage {
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
    thinkingTokens: usage.output_tokens_details?.thinking_tokens ?? 0
  };
}

/** The tool calls of a reply that stopped to have them run (a reply cut short calls nothing: its last call may be incomplete). */
export function toolUses(reply: Anthropic.Message): ToolUse[] {
  if (reply.stop_reason !== 'tool_use') return [];
  return reply.content.flatMap((block) => (block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : []));
}

export function readReply<T>(reply: Anthropic.Message, answer: AnswerSpec<T>, agent: string): Reading<T> {
  // A reply cut short is never taken as the answer, even when what arrived happens to parse: a
  // findings list cut in the middle still validates and would silently lose findings. Its text
  // goes with the error, so the engine can keep the items it completed and say that it did.
  if (reply.stop_reason === 'max_tokens' || reply.stop_reason === 'model_context_window_exceeded') {
    throw new ProviderError('truncated', `${agent}: the reply stopped at ${reply.stop_reason} before the answer was complete`, ZERO_USAGE, 1, textOf(reply));
  }
  if (reply.stop_reason === 'refusal') {
    const details = reply.stop_details;
    const why = [details?.category, details?.explanation].filter(Boolean).join(': ');
    throw new ProviderError('refused', `${agent}: the model declined to answer${why ? ` (${why})` : ''}`);
  }
  return readAnswer(textOf(reply), answer);
}

function textOf(reply: Anthropic.Message): string {
  return reply.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}
