/**
 * The Messages API request for a ModelRequest, laid out for prompt caching: tools, then the
 * shared context as the system prompt with the one cache breakpoint after it, then the agent's
 * own prompt. Tools and system are byte-identical on every call of a run, so only the prompt
 * after the breakpoint is paid at the full input rate once the prefix is cached.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { ProviderError, type ModelRequest, type ToolSpec } from './types.js';
import { acceptsForcedToolChoice } from './tool-choice.js';

export type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

export function toolDefinition(tool: ToolSpec): Anthropic.Tool {
  // The model writes the tool's *input*: fields with defaults are optional there.
  const { $schema: _dialect, ...schema } = z.toJSONSchema(tool.schema, { io: 'input' }) as Record<string, unknown>;
  if (schema['type'] !== 'object') {
    throw new ProviderError('api', `tool ${tool.name}: its input schema must describe a JSON object`);
  }
  return { name: tool.name, description: tool.description, input_schema: { ...schema, type: 'object' } };
}

export function firstTurnParams(request: ModelRequest<unknown>): MessageParams {
  if (!request.tools.some((t) => t.name === request.tool.name)) {
    throw new ProviderError('api', `${request.agent}: tool ${request.tool.name} is not among the run's tools`);
  }
  const forced = acceptsForcedToolChoice(request.model);
  const prompt: Anthropic.TextBlockParam[] = [{ type: 'text', text: request.prompt }];
  if (!forced) {
    prompt.push({ type: 'text', text: `Give your answer by calling the \`${request.tool.name}\` tool. A reply in plain text cannot be used.` });
  }
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    tools: request.tools.map(toolDefinition),
    system: [{ type: 'text', text: request.sharedContext, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: prompt }],
    tool_choice: forced
      ? { type: 'tool', name: request.tool.name, disable_parallel_tool_use: true }
      : { type: 'auto', disable_parallel_tool_use: true }
  };
}

/**
 * The one repair call: the first request, the model's reply as it was, then a user turn that
 * answers each of its tool calls with an error (the API requires an answer to every one) and
 * asks for the tool again.
 */
export function repairParams(first: MessageParams, reply: Anthropic.Message, problem: string, toolName: string): MessageParams {
  const replayed = reply.content.flatMap(replayable);
  const results: Anthropic.ToolResultBlockParam[] = reply.content.flatMap((block) =>
    block.type === 'tool_use'
      ? [
          {
            type: 'tool_result' as const,
            tool_use_id: block.id,
            is_error: true,
            content: block.name === toolName ? problem : `Only the ${toolName} tool is used here.`
          }
        ]
      : []
  );
  const ask: Anthropic.TextBlockParam = {
    type: 'text',
    text:
      results.length > 0
        ? `Call the \`${toolName}\` tool again, with an input that satisfies its schema.`
        : `${problem}. Give your answer by calling the \`${toolName}\` tool.`
  };
  return {
    ...first,
    messages: [
      ...first.messages,
      // An assistant turn may not be empty; without one, the two user turns are merged by the API.
      ...(replayed.length > 0 ? [{ role: 'assistant' as const, content: replayed }] : []),
      { role: 'user', content: [...results, ask] }
    ]
  };
}

/** Reply blocks as request blocks. Thinking blocks go back unmodified: the API verifies them. */
function replayable(block: Anthropic.ContentBlock): Anthropic.ContentBlockParam[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: block.text }];
    case 'thinking':
      return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: block.data }];
    case 'tool_use':
      return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    default:
      return [];
  }
}
