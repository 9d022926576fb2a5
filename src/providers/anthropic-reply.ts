/**
 * What a Messages API reply means for a ModelRequest: the validated tool input, a problem worth
 * one repair call, or a failure no repair can fix.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { ProviderError, type ToolSpec, type Usage } from './types.js';

export type Reading<T> = { ok: true; output: T } | { ok: false; problem: string };

/** The schema error as the model will read it; long lists of issues are cut, the first ones matter. */
const MAX_PROBLEM_CHARS = 4000;

export function usageOf(usage: Anthropic.Usage): Usage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0
  };
}

export function readReply<T>(reply: Anthropic.Message, tool: ToolSpec<T>, agent: string): Reading<T> {
  // A reply cut short is never trusted, even when what arrived happens to parse: a findings
  // list cut in the middle still validates and would silently lose findings.
  if (reply.stop_reason === 'max_tokens' || reply.stop_reason === 'model_context_window_exceeded') {
    throw new ProviderError('truncated', `${agent}: the reply stopped at ${reply.stop_reason} before the ${tool.name} call was complete`);
  }
  if (reply.stop_reason === 'refusal') {
    throw new ProviderError('api', `${agent}: the model declined to answer (stop_reason refusal)`);
  }
  const call = reply.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use' && block.name === tool.name);
  if (!call) return { ok: false, problem: `The reply did not call the \`${tool.name}\` tool` };
  const parsed = tool.schema.safeParse(call.input);
  if (parsed.success) return { ok: true, output: parsed.data };
  const summary = z.prettifyError(parsed.error);
  const cut = summary.length > MAX_PROBLEM_CHARS ? `${summary.slice(0, MAX_PROBLEM_CHARS)}\n…` : summary;
  return { ok: false, problem: `The input to \`${tool.name}\` does not match its schema:\n${cut}` };
}
