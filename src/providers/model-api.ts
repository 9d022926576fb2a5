/**
 * What the Anthropic and OpenAI providers share: options, the key check, the thinking reserve,
 * prompt counts for the budget (one count request per shared prefix), the per-call deadline
 * joined with the caller's signal, and the default retry wait.
 */
import { createHash } from 'node:crypto';
import type { Effort } from '../loop/schema.js';
import { redacted, type EndedBy } from './anthropic-errors.js';
import { THINKING_TOKENS } from './capabilities.js';
import { countedPrompt, promptBound } from './cost-model.js';
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse, type PromptCount, type PromptRequest } from './types.js';

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
/**
 * A count request is asked once, without the SDK's retries and briefly: a count that fails or is
 * slow (its own rate limit, an outage) costs a larger reservation, not a wait before the call.
 */
export const COUNT_REQUEST = { maxRetries: 0, timeout: 15_000 } as const;

/** How one shared prefix is counted: the key its calls share, and the count request (the prefix with a one-character prompt). */
export interface PrefixCount {
  key: string;
  count(): Promise<number>;
}

export abstract class ModelApi implements ModelProvider {
  abstract readonly name: string;
  readonly dryRun = false;
  protected readonly apiKey: string;
  protected readonly logger: Logger | undefined;
  readonly #timeoutMs: number;
  /** Counts of shared prefixes by key, kept for the run: every call of a batch after the first reads it. */
  readonly #prefixCounts = new Map<string, Promise<number | Error>>();

  constructor(
    private readonly vendor: string,
    options: ModelApiOptions
  ) {
    if (!options.apiKey) throw new ProviderError('auth', `no ${vendor} API key was given`);
    this.apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
  }

  thinkingTokens(_model: string, effort: Effort): number {
    return THINKING_TOKENS[effort];
  }

  abstract call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>>;

  /**
   * The API's count of the shared prefix (asked once per prefix, concurrent calls wait for the
   * same answer) plus a bound of the agent's own prompt; when the count fails, the byte bound of
   * the whole prompt, said once per prefix.
   */
  async promptTokens(request: PromptRequest): Promise<PromptCount> {
    const prefix = this.prefixCount(request);
    const key = createHash('sha256').update(prefix.key).digest('hex');
    let counted = this.#prefixCounts.get(key);
    if (!counted) {
      counted = prefix.count().catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      this.#prefixCounts.set(key, counted);
    }
    const result = await counted;
    if (typeof result === 'number') return { tokens: countedPrompt(result, request.prompt) };
    return {
      tokens: promptBound(request),
      fallback: redacted(
        `the ${this.vendor} API did not count the prompt of ${request.model} (${result.message}); the budget reserves its UTF-8 length instead, never low but larger`,
        this.apiKey
      )
    };
  }

  protected abstract prefixCount(request: PromptRequest): PrefixCount;

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
