/**
 * The Anthropic Messages API as a ModelProvider. Each call streams (so the first token is known:
 * from then on the cached prefix is readable by the next agent), asks for the answer as
 * structured output, validates it, and asks once more when it breaks what the JSON schema cannot
 * say. Retries of 429/529/5xx, with backoff and `retry-after`, are the SDK's.
 */
import Anthropic, { type Middleware } from '@anthropic-ai/sdk';
import type { Effort } from '../loop/schema.js';
import { answerWithRepair } from './answer.js';
import { ProviderError, ZERO_USAGE, type ModelProvider, type ModelRequest, type ModelResponse, type Usage } from './types.js';
import { THINKING_TOKENS } from './capabilities.js';
import { firstTurnParams, repairParams, type MessageParams } from './anthropic-request.js';
import { readReply, usageOf } from './anthropic-reply.js';
import { toProviderError, type EndedBy } from './anthropic-errors.js';

type LogFn = (message: string, ...rest: unknown[]) => void;
/** Same shape as the SDK's logger, so one logger serves both. */
export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

export interface AnthropicProviderOptions {
  apiKey: string;
  /** Defaults, as in the SDK, to ANTHROPIC_BASE_URL, then https://api.anthropic.com. */
  baseURL?: string;
  /** Retries of one HTTP request by the SDK (429, 529, 5xx, connection errors). SDK default: 2. */
  maxRetries?: number;
  /** The longest one API call may take, first byte to last token, the SDK's retries included. */
  timeoutMs?: number;
  /**
   * Wait before an SDK retry when the server gave no `retry-after` (milliseconds, at least 1),
   * in place of the SDK's 0.5 s doubling backoff. A server's `retry-after` is always honoured.
   */
  retryBackoffMs?: number;
  logger?: Logger;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export class AnthropicProvider implements ModelProvider {
  readonly name = 'anthropic';
  readonly dryRun = false;
  readonly #client: Anthropic;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger | undefined;

  constructor(options: AnthropicProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', 'no Anthropic API key was given');
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#logger = options.logger;
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: options.maxRetries,
      logger: options.logger,
      middleware: options.retryBackoffMs === undefined ? [] : [retryAfterDefault(options.retryBackoffMs)]
    });
  }

  thinkingTokens(_model: string, effort: Effort): number {
    return THINKING_TOKENS[effort];
  }

  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    const first = firstTurnParams(request);
    return answerWithRepair<Anthropic.Message, T>(request, {
      send: (turn, started) => this.#send(turn.repair ? repairParams(first, turn.repair.reply, turn.repair.problem) : first, request, started),
      read: (reply) => readReply(reply, request.answer, request.agent),
      modelOf: (reply) => reply.model,
      toError: (err) => toProviderError(err, request.agent, undefined, this.#apiKey),
      logger: this.#logger
    });
  }

  /** One API call, streamed, bounded by the deadline and the caller's signal. */
  async #send(params: MessageParams, request: ModelRequest<unknown>, started: () => void): Promise<{ reply: Anthropic.Message; usage: Usage }> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    const stream = this.#client.messages.stream(params, { signal });
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') started();
    });
    try {
      const reply = await stream.finalMessage();
      return { reply, usage: usageOf(reply.usage) };
    } catch (err) {
      const endedBy: EndedBy = request.signal?.aborted ? 'caller' : deadline.signal.aborted ? 'deadline' : undefined;
      const failure = toProviderError(err, request.agent, endedBy, this.#apiKey);
      // Input tokens are billed once the answer has started, even if it never finished.
      const partial = stream.currentMessage?.usage;
      throw new ProviderError(failure.kind, failure.message, partial ? usageOf(partial) : ZERO_USAGE);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The SDK honours `retry-after-ms` before its own backoff; adding it to error responses that
 * carry no retry hint of their own swaps only the default wait.
 */
function retryAfterDefault(ms: number): Middleware {
  return async (request, next) => {
    const response = await next(request);
    if (response.ok || response.headers.has('retry-after') || response.headers.has('retry-after-ms')) return response;
    const headers = new Headers(response.headers);
    headers.set('retry-after-ms', String(ms));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
