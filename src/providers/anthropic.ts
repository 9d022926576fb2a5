/**
 * The Anthropic Messages API as a ModelProvider. Each call streams (so the first token is known:
 * from then on the cached prefix is readable by the next agent), asks for the answer as
 * structured output, validates it, and asks once more when it breaks what the JSON schema cannot
 * say. Retries of 429/529/5xx, with backoff and `retry-after`, are the SDK's.
 */
import Anthropic, { type Middleware } from '@anthropic-ai/sdk';
import type { Effort } from '../loop/schema.js';
import { addUsage, ProviderError, ZERO_USAGE, type ModelProvider, type ModelRequest, type ModelResponse, type Usage } from './types.js';
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

  async call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    const started = Date.now();
    let usage: Usage = ZERO_USAGE;
    let attempts = 0;
    let answering = false;
    const send = (params: MessageParams) => {
      attempts += 1;
      return this.#send(params, request, {
        started: () => {
          if (answering) return;
          answering = true;
          request.onFirstToken?.();
        },
        spent: (spent) => (usage = addUsage(usage, spent))
      });
    };

    try {
      const params = firstTurnParams(request);
      let reply = await send(params);
      let reading = readReply(reply, request.answer, request.agent);
      if (!reading.ok) {
        this.#logger?.warn(`${request.agent}: ${reading.problem.split('\n')[0]}; asking once more`);
        reply = await send(repairParams(params, reply, reading.problem));
        reading = readReply(reply, request.answer, request.agent);
        if (!reading.ok) throw new ProviderError('malformed', `${request.agent}: ${reading.problem}`);
      }
      return { output: reading.output, usage, model: reply.model, attempts, durationMs: Date.now() - started };
    } catch (err) {
      const failure = err instanceof ProviderError ? err : toProviderError(err, request.agent, undefined, this.#apiKey);
      throw new ProviderError(failure.kind, failure.message, usage, attempts);
    }
  }

  /** One API call, streamed, bounded by the deadline and the caller's signal. */
  async #send(
    params: MessageParams,
    request: ModelRequest<unknown>,
    on: { started: () => void; spent: (usage: Usage) => void }
  ): Promise<Anthropic.Message> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    const stream = this.#client.messages.stream(params, { signal });
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') on.started();
    });
    try {
      const reply = await stream.finalMessage();
      on.spent(usageOf(reply.usage));
      return reply;
    } catch (err) {
      // Input tokens are billed once the answer has started, even if it never finished.
      const partial = stream.currentMessage?.usage;
      if (partial) on.spent(usageOf(partial));
      const endedBy: EndedBy = request.signal?.aborted ? 'caller' : deadline.signal.aborted ? 'deadline' : undefined;
      throw toProviderError(err, request.agent, endedBy, this.#apiKey);
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
