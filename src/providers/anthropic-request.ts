/**
 * The Messages API request for a ModelRequest, laid out for prompt caching: the answer format
 * (`output_config.format`, which the API puts ahead of the system prompt), then the shared
 * context as the system prompt with the one cache breakpoint after it, then the agent's own
 * prompt. Format and system are byte-identical on every call of a run, so only the prompt after
 * the breakpoint is paid at the full input rate once the prefix is cached.
 *
 * With tools, the tool definitions (strict, identical on every turn) come ahead of the system
 * prompt, so they are part of the shared prefix; a moving breakpoint at the end of the latest
 * user turn (the prompt, then each turn's tool results) lets every turn read the one before, and
 * the previous turn's breakpoint stays so the read is found however many blocks a turn added:
 * three breakpoints at most, of the four the API allows.
 *
 * Within each model's rules (capabilities.ts): no tool_choice (never forced, which the newest
 * refuse, and never changed between turns, which would drop the cached turns), no sampling
 * parameters, no prefill; thinking adaptive where the model has it (never `disabled`, which the newest refuse),
 * else a fixed budget that leaves room for the answer; effort only where the model takes it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import type { AgentTools } from '../tools/types.js';
import { LAST_TURN_TEXT, repairText, wireSchema, type RepairTurn, type ToolTurn } from './answer.js';
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

const toolLists = new WeakMap<AgentTools, Anthropic.Tool[]>();

/** An agent's tools as strict tool definitions, built once so every turn sends the same bytes. */
export function toolParams(tools: AgentTools): Anthropic.Tool[] {
  let built = toolLists.get(tools);
  if (!built) {
    built = tools.specs.map((spec) => ({
      name: spec.name,
      description: spec.description,
      input_schema: spec.inputSchema as Anthropic.Tool.InputSchema,
      strict: true
    }));
    toolLists.set(tools, built);
  }
  return built;
}

const BREAKPOINT = { type: 'ephemeral' } as const;

/** What the first turn is built from. */
export type TurnRequest = Pick<
  ModelRequest<unknown>,
  'model' | 'maxOutputTokens' | 'effort' | 'thinkingTokens' | 'format' | 'sharedContext' | 'prompt' | 'tools'
>;

export function firstTurnParams(request: TurnRequest): MessageParams {
  const model = anthropicModel(request.model);
  const maxTokens = Math.min(request.maxOutputTokens, model.maxOutputTokens);
  const effort = nearestEffort(request.effort, model.efforts);
  const tools = request.tools && request.tools.specs.length > 0 ? toolParams(request.tools) : undefined;
  return {
    model: request.model,
    max_tokens: maxTokens,
    ...thinkingParams(model.thinking, request.thinkingTokens, maxTokens),
    output_config: { format: outputFormat(request.format), ...(effort ? { effort } : {}) },
    ...(tools ? { tools } : {}),
    system: [{ type: 'text', text: request.sharedContext, cache_control: BREAKPOINT }],
    // With tools, the next turn re-sends this prompt: cached here, it is read there.
    messages: [{ role: 'user', content: [{ type: 'text', text: request.prompt, ...(tools ? { cache_control: BREAKPOINT } : {}) }] }]
  };
}

/**
 * The request of the turn after a reply that called tools: the conversation so far, the reply
 * unchanged (thinking blocks with their signatures, tool_use blocks), then a user turn with a
 * tool_result for each call (errors flagged) and, on the last turn, the ask to answer now. The
 * breakpoint moves to the end of the new turn; the one before it stays, older ones go.
 */
export function toolTurnParams(previous: MessageParams, thinkingTokens: number, turn: ToolTurn<Anthropic.Message>): MessageParams {
  const results: Anthropic.ContentBlockParam[] = turn.answers.map(({ use, result }) => ({
    type: 'tool_result',
    tool_use_id: use.id,
    content: result.text,
    ...(result.isError ? { is_error: true } : {})
  }));
  const content: Anthropic.ContentBlockParam[] = [...results, ...(turn.last ? [{ type: 'text' as const, text: LAST_TURN_TEXT }] : [])];
  const marked = content.map((block, i) => (i === content.length - 1 ? { ...block, cache_control: BREAKPOINT } : block)) as Anthropic.ContentBlockParam[];
  const kept = previous.messages.map((message, i) => (i === previous.messages.length - 1 ? message : withoutBreakpoints(message)));
  return {
    ...previous,
    ...roomParams(previous, thinkingTokens, turn.maxOutputTokens),
    messages: [...kept, { role: 'assistant', content: turn.reply.content.flatMap(replayable) }, { role: 'user', content: marked }]
  };
}

/**
 * A later turn's output room (`max_tokens`, what the budget reserved for it). The thinking
 * setting stays as it was (a change drops the cached turns) unless the smaller room no longer fits it.
 */
function roomParams(previous: MessageParams, thinkingTokens: number, maxOutputTokens: number): Pick<MessageParams, 'max_tokens' | 'thinking'> {
  const model = anthropicModel(previous.model);
  const maxTokens = Math.min(maxOutputTokens, model.maxOutputTokens);
  const refit = previous.thinking?.type === 'enabled' && previous.thinking.budget_tokens >= maxTokens;
  return { max_tokens: maxTokens, ...(refit ? thinkingParams(model.thinking, thinkingTokens, maxTokens) : {}) };
}

function withoutBreakpoints(message: Anthropic.MessageParam): Anthropic.MessageParam {
  if (typeof message.content === 'string' || !message.content.some((block) => 'cache_control' in block && block.cache_control)) return message;
  const content = (message.content as Anthropic.ContentBlockParam[]).map((block) => {
    if (!('cache_control' in block)) return block;
    const { cache_control: _dropped, ...rest } = block;
    return rest as Anthropic.ContentBlockParam;
  });
  return { ...message, content } as Anthropic.MessageParam;
}

/**
 * The count_tokens request for a call's shared prefix: its model, thinking, format and system as
 * the call sends them, with a one-character prompt. Effort is left out, so makers and checker,
 * which differ only in it, share one count: it steers how much the model writes, not the prompt.
 */
export function prefixCountParams(request: Omit<TurnRequest, 'prompt' | 'maxOutputTokens'>): Anthropic.MessageCountTokensParams {
  const { model, thinking, system, output_config } = firstTurnParams({
    ...request,
    prompt: COUNT_PLACEHOLDER,
    maxOutputTokens: request.thinkingTokens + MIN_ANSWER_TOKENS
  });
  return {
    model,
    ...(thinking ? { thinking } : {}),
    ...(output_config?.format ? { output_config: { format: output_config.format } } : {}),
    system,
    messages: [{ role: 'user', content: [{ type: 'text', text: COUNT_PLACEHOLDER }] }]
  };
}

function thinkingParams(kind: 'adaptive' | 'budget', thinkingTokens: number, maxTokens: number): Pick<MessageParams, 'thinking'> {
  if (kind === 'adaptive') return { thinking: { type: 'adaptive' } };
  const budget = Math.min(thinkingTokens, maxTokens - MIN_ANSWER_TOKENS);
  // The 4.5 models accept thinking off; with too little room for both, the answer comes first.
  return budget >= MIN_THINKING_BUDGET ? { thinking: { type: 'enabled', budget_tokens: budget } } : { thinking: { type: 'disabled' } };
}

/**
 * The one repair call: the conversation so far, the model's reply as it was (thinking blocks go
 * back unmodified: the API verifies them), then a user turn that says what its schema refused;
 * in the room the budget reserved for it.
 */
export function repairParams(previous: MessageParams, thinkingTokens: number, repair: RepairTurn<Anthropic.Message>): MessageParams {
  const { reply, problem } = repair;
  const replayed = reply.content.flatMap(replayable);
  return {
    ...previous,
    ...roomParams(previous, thinkingTokens, repair.maxOutputTokens),
    messages: [
      ...previous.messages,
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
    case 'tool_use':
      return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    default:
      return [];
  }
}
