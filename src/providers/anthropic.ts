/**
 * The Anthropic Messages API as a ModelProvider. Each call streams (so the first token is known:
 * from then on the cached prefix is readable by the next agent), asks for the answer as
 * structured output, validates it, and asks once more when it breaks what the JSON schema cannot
 * say. With tools, the model's tool calls run and their results go back until it answers. Retries of 429/529/5xx, with backoff and `retry-after`, are the SDK's.
 */
import Anthropic from '@anthropic-ai/sdk';
import { answerWithRepair } from './answer.js';
import { COUNT_REQUEST, ModelApi, withRetryHint, type ModelApiOptions, type PrefixCount } from './model-api.js';
import { ProviderError, ZERO_USAGE, type ModelRequest, type ModelResponse, type PromptRequest, type Usage } from './types.js';
import { firstTurnParams, prefixCountParams, repairParams, toolTurnParams, type MessageParams } from './anthropic-request.js';
import { readReply, toolUses, usageOf } from './anthropic-reply.js';
import { toProviderError } from './anthropic-errors.js';

export type AnthropicProviderOptions = ModelApiOptions;

export class AnthropicProvider extends ModelApi {
  readonly name = 'anthropic';
  readonly #client: Anthropic;

  constructor(options: AnthropicProviderOptions) {
    super('Anthropic', options);
    const retryBackoffMs = options.retryBackoffMs;
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: options.maxRetries,
      logger: options.logger,
      middleware: retryBackoffMs === undefined ? [] : [async (request, next) => withRetryHint(await next(request), retryBackoffMs)]
    });
  }

  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    // The conversation so far: each turn is sent after the ones before it.
    let params = firstTurnParams(request);
    return answerWithRepair<Anthropic.Message, T>(request, {
      send: (turn, started) => {
        if (turn.tools) params = toolTurnParams(params, request.thinkingTokens, turn.tools);
        return this.#send(turn.repair ? repairParams(params, request.thinkingTokens, turn.repair) : params, request, started);
      },
      toolUses,
      read: (reply) => readReply(reply, request.answer, request.agent),
      modelOf: (reply) => reply.model,
      toError: (err) => toProviderError(err, request.agent, undefined, this.apiKey),
      logger: this.logger
    });
  }

  /** POST /v1/messages/count_tokens: free, with rate limits of its own. */
  protected prefixCount(request: PromptRequest): PrefixCount {
    const params = prefixCountParams(request);
    return { key: JSON.stringify(params), count: async () => (await this.#client.messages.countTokens(params, COUNT_REQUEST)).input_tokens };
  }

  /** One API call, streamed, bounded by the deadline and the caller's signal. */
  async #send(params: MessageParams, request: ModelRequest<unknown>, started: () => void): Promise<{ reply: Anthropic.Message; usage: Usage }> {
    const deadline = this.deadline(request);
    const stream = this.#client.messages.stream(params, { signal: deadline.signal });
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') started();
    });
    try {
      const reply = await stream.finalMessage();
      return { reply, usage: usageOf(reply.usage) };
    } catch (err) {
      const failure = toProviderError(err, request.agent, deadline.endedBy(), this.apiKey);
      // Input tokens are billed once the answer has started, even if it never finished.
      const partial = stream.currentMessage?.usage;
      throw new ProviderError(failure.kind, failure.message, partial ? usageOf(partial) : ZERO_USAGE);
    } finally {
      deadline.clear();
    }
  }
}
