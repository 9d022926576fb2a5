/**
 * What the Anthropic and OpenAI providers share: options, the key check, the thinking reserve,
 * the per-call deadline joined with the caller's signal, and the default retry wait.
 */
import type { Effort } from '../loop/schema.js';
import type { EndedBy } from './anthropic-errors.js';
import { THINKING_TOKENS } from './capabilities.js';
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from './types.js';

type LogFn = (message: string, ...rest: unknown[]) => void;
/** Same shape as the SDKs' loggers, so one logger serves all. */
export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

export interface ModelApiOptions {
  apiKey: string;
  /** Defaults, as in each SDK, to ANTHROPIC_BASE_URL / OPENAI_BASE_URL, then the vendor's API. */
  baseURL?: string;
  /** Retries of one HTTP request by the SDK (429, 529, 5xx, connection errors). SDK default: 2. */
  maxRetries?: number;
  /** The longest one API call may take, first byte to last token, the SDK's retries included. */
  timeoutMs?: number;
  /**
   * Wait before an SDK retry when the server gave no `retry-after` (milliseconds, at least 1),
   * in place of the SDK's doubling backoff. A server's `retry-after` is always honoured.
   */
  retryBackoffMs?: number;
  logger?: Logger;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export abstract class ModelApi implements ModelProvider {
  abstract readonly name: string;
  readonly dryRun = false;
  protected readonly apiKey: string;
  protected readonly logger: Logger | undefined;
  readonly #timeoutMs: number;

  constructor(vendor: string, options: ModelApiOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `no ${vendor} API key was given`);
    this.apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
  }

  thinkingTokens(_model: string, effort: Effort): number {
    return THINKING_TOKENS[effort];
  }

  abstract call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>>;

  /** The signal one API call runs under: the caller's, and this provider's deadline; `endedBy` says which fired. */
  protected deadline(request: ModelRequest<unknown>): { signal: AbortSignal; endedBy(): EndedBy; clear(): void } {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    return {
      signal: request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal,
      endedBy: () => (request.signal?.aborted ? 'caller' : deadline.signal.aborted ? 'deadline' : undefined),
      clear: () => clearTimeout(timer)
    };
  }
}

/**
 * Both SDKs honour `retry-after-ms` before their own backoff; adding it to error responses that
 * carry no retry hint of their own swaps only the default wait.
 */
export function withRetryHint(response: Response, ms: number): Response {
  if (response.ok || response.headers.has('retry-after') || response.headers.has('retry-after-ms')) return response;
  const headers = new Headers(response.headers);
  headers.set('retry-after-ms', String(ms));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
