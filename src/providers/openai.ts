/**
 * The OpenAI Responses API as a ModelProvider, on the official `openai` SDK. Each call streams
 * (the first event tells the engine the cached prefix is being read), asks for the answer as a
 * strict `text.format` json_schema, validates it, and asks once more when it breaks what the
 * JSON schema cannot say. Prompt caching is automatic on OpenAI: the shared context goes first
 * as the instructions, the format is identical on every call of a run, and `prompt_cache_key`
 * (a hash of the shared context) routes the calls of one prefix to the same cache.
 * With tools: strict function tools, identical on every turn; the model's function calls run and
 * go back as function_call_output items after its output items, reasoning included (as encrypted
 * content, since nothing is stored), until it answers.
 * Retries of 429 (with `retry-after`), 5xx and dropped connections are the SDK's.
 */
import { createHash } from 'node:crypto';
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import type { AgentTools } from '../tools/types.js';
import { answerWithRepair, LAST_TURN_TEXT, readAnswer, repairText, wireSchema, type Reading, type ToolTurn, type ToolUse } from './answer.js';
import { KIND_BY_STATUS, redacted, type EndedBy } from './anthropic-errors.js';
import { nearestEffort, openaiModel } from './capabilities.js';
import { COUNT_PLACEHOLDER } from './cost-model.js';
import { COUNT_REQUEST, ModelApi, withRetryHint, type ModelApiOptions, type PrefixCount } from './model-api.js';
import {
  ProviderError,
  ZERO_USAGE,
  type AnswerFormat,
  type AnswerSpec,
  type ModelRequest,
  type ModelResponse,
  type PromptRequest,
  type Usage
} from './types.js';

export type OpenAIProviderOptions = ModelApiOptions;

type Params = OpenAI.Responses.ResponseCreateParamsStreaming;
type TextFormat = OpenAI.Responses.ResponseFormatTextJSONSchemaConfig;

const formats = new WeakMap<AnswerFormat, TextFormat>();

/** The strict json_schema format of a run, built once so every call sends the same bytes. */
export function textFormat(format: AnswerFormat): TextFormat {
  let built = formats.get(format);
  if (!built) {
    const { type, name, schema, strict } = zodTextFormat(wireSchema(format.schema), format.name);
    built = { type, name, schema, strict: strict ?? true };
    formats.set(format, built);
  }
  return built;
}

const toolLists = new WeakMap<AgentTools, OpenAI.Responses.FunctionTool[]>();

/** An agent's tools as strict function tools, built once so every turn sends the same bytes. */
export function functionTools(tools: AgentTools): OpenAI.Responses.FunctionTool[] {
  let built = toolLists.get(tools);
  if (!built) {
    built = tools.specs.map((spec) => ({ type: 'function', name: spec.name, description: spec.description, parameters: spec.inputSchema, strict: true }));
    toolLists.set(tools, built);
  }
  return built;
}

export function responseParams(
  request: Pick<ModelRequest<unknown>, 'model' | 'effort' | 'sharedContext' | 'prompt' | 'format' | 'maxOutputTokens' | 'tools'>
): Params {
  const model = openaiModel(request.model);
  const effort = nearestEffort(request.effort, model.efforts);
  const tools = request.tools && request.tools.specs.length > 0 ? functionTools(request.tools) : undefined;
  return {
    model: request.model,
    instructions: request.sharedContext,
    input: [{ role: 'user', content: request.prompt }],
    text: { format: textFormat(request.format) },
    ...(effort ? { reasoning: { effort } } : {}),
    // Reasoning goes back with the tool results; unstored, it can only go back encrypted.
    ...(tools ? { tools, include: ['reasoning.encrypted_content' as const] } : {}),
    max_output_tokens: Math.min(request.maxOutputTokens, model.maxOutputTokens),
    prompt_cache_key: createHash('sha256').update(request.sharedContext).digest('hex').slice(0, 32),
    store: false,
    stream: true
  };
}

export function usageOf(usage: OpenAI.Responses.ResponseUsage | null | undefined): Usage {
  if (!usage) return ZERO_USAGE;
  const read = usage.input_tokens_details?.cached_tokens ?? 0;
  const written = usage.input_tokens_details?.cache_write_tokens ?? 0;
  return {
    // input_tokens counts the cached and cache-written tokens too; here each is counted once.
    inputTokens: Math.max(0, usage.input_tokens - read - written),
    outputTokens: usage.output_tokens,
    cacheWriteTokens: written,
    cacheReadTokens: read,
    thinkingTokens: usage.output_tokens_details?.reasoning_tokens ?? 0
  };
}

function messageParts(response: OpenAI.Responses.Response) {
  return response.output.flatMap((item) => (item.type === 'message' ? item.content : []));
}

function outputText(response: OpenAI.Responses.Response): string {
  return messageParts(response)
    .flatMap((p) => (p.type === 'output_text' ? [p.text] : []))
    .join('');
}

/** The function calls of a complete response. */
export function functionCalls(response: OpenAI.Responses.Response): ToolUse[] {
  if (response.status !== 'completed') return [];
  return response.output.flatMap((item) =>
    item.type === 'function_call' ? [{ id: item.call_id, name: item.name, input: parsedArguments(item.arguments) }] : []
  );
}

/** Strict tools make the arguments schema-valid JSON; anything else reaches the tool as it is, to be refused there. */
function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The request of the turn after a response that called functions: the input so far, the
 * response's output items (reasoning with its encrypted content, function calls, any text), an
 * output for each call (a failure says so: the API has no error flag), and on the last turn the
 * ask to answer now.
 */
export function toolTurnParams(previous: Params, turn: ToolTurn<OpenAI.Responses.Response>): Params {
  const replayed = turn.reply.output.flatMap((item): OpenAI.Responses.ResponseInputItem[] => {
    if (item.type === 'reasoning')
      return [{ type: 'reasoning', id: item.id, summary: item.summary, ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}) }];
    if (item.type === 'function_call') return [{ type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments }];
    if (item.type === 'message') return outputText(turn.reply) ? [{ role: 'assistant', content: outputText(turn.reply) }] : [];
    return [];
  });
  const outputs = turn.answers.map(({ use, result }): OpenAI.Responses.ResponseInputItem => ({
    type: 'function_call_output',
    call_id: use.id,
    output: result.isError ? `Error: ${result.text}` : result.text
  }));
  return {
    ...previous,
    input: [
      ...(previous.input as OpenAI.Responses.ResponseInputItem[]),
      ...replayed,
      ...outputs,
      ...(turn.last ? [{ role: 'user' as const, content: LAST_TURN_TEXT }] : [])
    ],
    max_output_tokens: Math.min(turn.maxOutputTokens, openaiModel(previous.model as string).maxOutputTokens)
  };
}

export function readResponse<T>(response: OpenAI.Responses.Response, answer: AnswerSpec<T>, agent: string): Reading<T> {
  const parts = messageParts(response);
  const refusal = parts.find((p) => p.type === 'refusal');
  if (refusal || response.incomplete_details?.reason === 'content_filter') {
    throw new ProviderError('refused', `${agent}: the model declined to answer${refusal ? ` (${refusal.refusal})` : ' (content filter)'}`);
  }
  if (response.status === 'incomplete') {
    throw new ProviderError(
      'truncated',
      `${agent}: the reply stopped at ${response.incomplete_details?.reason ?? 'incomplete'} before the answer was complete`,
      ZERO_USAGE,
      1,
      outputText(response)
    );
  }
  return readAnswer(outputText(response), answer);
}

export class OpenAIProvider extends ModelApi {
  readonly name = 'openai';
  readonly #client: OpenAI;

  constructor(options: OpenAIProviderOptions) {
    super('OpenAI', options);
    const retryBackoffMs = options.retryBackoffMs;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      // The SDK reads OPENAI_BASE_URL itself when none is given; null would turn that off.
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(retryBackoffMs !== undefined
        ? { fetch: async (input: string | URL | Request, init?: RequestInit) => withRetryHint(await fetch(input, init), retryBackoffMs) }
        : {})
    });
  }

  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    // The conversation so far: each turn is sent after the ones before it.
    let current = responseParams(request);
    return answerWithRepair<OpenAI.Responses.Response, T>(request, {
      send: async (turn, started) => {
        if (turn.tools) current = toolTurnParams(current, turn.tools);
        const params = turn.repair
          ? {
              ...current,
              // The room the budget reserved for the repair.
              max_output_tokens: Math.min(turn.repair.maxOutputTokens, openaiModel(request.model).maxOutputTokens),
              input: [
                ...(current.input as OpenAI.Responses.ResponseInputItem[]),
                { role: 'assistant' as const, content: outputText(turn.repair.reply) },
                { role: 'user' as const, content: repairText(turn.repair.problem) }
              ]
            }
          : current;
        const reply = await this.#send(params, request, started);
        return { reply, usage: usageOf(reply.usage) };
      },
      toolUses: functionCalls,
      read: (reply) => readResponse(reply, request.answer, request.agent),
      modelOf: (reply) => reply.model,
      toError: (err) => toProviderError(err, request.agent, undefined, this.apiKey),
      logger: this.logger
    });
  }

  /**
   * POST /v1/responses/input_tokens with the call's model, instructions and format and a
   * one-character input. Effort is left out, as for Anthropic: makers and checker share one count.
   */
  protected prefixCount(request: PromptRequest): PrefixCount {
    const { model, instructions, text } = responseParams({ ...request, prompt: COUNT_PLACEHOLDER, maxOutputTokens: request.thinkingTokens });
    const params: OpenAI.Responses.InputTokenCountParams = {
      model,
      instructions,
      ...(text ? { text } : {}),
      input: [{ role: 'user', content: COUNT_PLACEHOLDER }]
    };
    return { key: JSON.stringify(params), count: async () => (await this.#client.responses.inputTokens.count(params, COUNT_REQUEST)).input_tokens };
  }

  /** One API call, streamed, bounded by the deadline and the caller's signal. */
  async #send(params: Params, request: ModelRequest<unknown>, started: () => void): Promise<OpenAI.Responses.Response> {
    const deadline = this.deadline(request);
    let partial: OpenAI.Responses.Response | undefined;
    try {
      const stream = this.#client.responses.stream(params, { signal: deadline.signal });
      stream.on('event', (event) => {
        if (event.type === 'response.created') started();
        if ('response' in event) partial = event.response;
      });
      return await stream.finalResponse();
    } catch (err) {
      const failure = toProviderError(err, request.agent, deadline.endedBy(), this.apiKey);
      // Usage arrives with the last event; a stream cut before it bills what the server counted, which we cannot see.
      throw new ProviderError(failure.kind, failure.message, usageOf(partial?.usage));
    } finally {
      deadline.clear();
    }
  }
}

function toProviderError(err: unknown, agent: string, endedBy: EndedBy, secret: string): ProviderError {
  let kind: ProviderError['kind'] = 'api';
  let detail: string;
  if (endedBy === 'caller' || (!endedBy && err instanceof APIUserAbortError)) {
    kind = 'aborted';
    detail = 'the call was aborted';
  } else if (endedBy === 'deadline' || err instanceof APIConnectionTimeoutError) {
    kind = 'timeout';
    detail = 'no complete answer from the OpenAI API in time';
  } else if (err instanceof APIError) {
    kind = (err.status !== undefined ? KIND_BY_STATUS[err.status] : undefined) ?? 'api';
    const request = err.requestID ? ` (request ${err.requestID})` : '';
    detail = `OpenAI API error ${[err.status, err.code, err.message].filter((p) => p !== undefined && p !== null).join(' ')}${request}`;
  } else {
    detail = err instanceof Error ? err.message : String(err);
  }
  return new ProviderError(kind, redacted(`${agent}: ${detail}`, secret));
}
