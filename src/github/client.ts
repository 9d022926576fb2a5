/**
 * The Octokit LoopKit talks to GitHub with: retries for flaky reads and idempotent writes, patience for rate limits,
 * both bounded so a run never hangs, and a log that never shows the token.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { format } from 'node:util';
import { Redactor } from '../guard/index.js';

export type GitHub = Octokit;

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ClientOptions {
  token: string;
  /** REST API root; default: `GITHUB_API_URL` (set by Actions, GitHub Enterprise Server included). */
  baseUrl?: string;
  userAgent?: string;
  log?: Log;
  /**
   * The run's secrets: taken out of every request LoopKit sends (comments, reviews, check runs,
   * issues, labels, release bodies), of the errors it gets back and of the log. Default: one that
   * knows the token.
   */
  redactor?: Redactor;
  retry?: {
    /** Attempts after the first for an idempotent request (isIdempotent) that failed with a 5xx or a network error. Default 3. */
    retries?: number;
    /** Waits grow as (attempt²) × this. Default 1000. */
    delayUnitMs?: number;
  };
  rateLimit?: {
    /** Default 3. */
    maxRetries?: number;
    /** A limit that asks for a longer wait fails the request instead. Default 60. */
    maxWaitSeconds?: number;
    /** How long one second of `retry-after` lasts. Default 1000; only tests change it. */
    secondMs?: number;
    /**
     * GitHub asks integrators to leave a second between writes (three for writes that notify).
     * Default false: a run makes a handful of writes, and spacing them would add seconds to every
     * review for nothing; a secondary limit GitHub does signal is still waited out (above).
     */
    spaceWrites?: boolean;
  };
}

const DEFAULT_API_URL = 'https://api.github.com';

/**
 * Whether sending this request twice leaves GitHub as sending it once, so a 5xx or a dropped
 * connection can be retried: a write that failed that way may still have happened. Reads are;
 * PATCH, PUT and DELETE set or remove a state; of the POSTs, adding labels ("adds labels to an
 * issue", an existing one staying as it is) and reactions (GitHub answers 200 with the one already
 * there). A check run PATCH that carries annotations or images is not: GitHub appends those to the
 * ones already there. Never a review, a comment or a check run created twice.
 */
export function isIdempotent(request: { method: string; url: string; output?: unknown; query?: unknown }): boolean {
  switch (request.method) {
    case 'GET':
    case 'HEAD':
    case 'PUT':
    case 'DELETE':
      return true;
    case 'PATCH': {
      if (!/\/check-runs\/[^/]+$/.test(request.url)) return true;
      const output = (request.output ?? {}) as { annotations?: unknown[]; images?: unknown[] };
      return !output.annotations?.length && !output.images?.length;
    }
    case 'POST':
      // A GraphQL query is a read, though it is POSTed; a mutation is not retried.
      if (request.url === '/graphql') return typeof request.query === 'string' && !/^\s*mutation\b/.test(request.query);
      return /\/issues\/[^/]+\/labels$/.test(request.url) || /\/reactions$/.test(request.url);
    default:
      return false;
  }
}

export function apiUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
}

const LoopKitOctokit = Octokit.plugin(retry, throttling);

const silentLog: Log = {
  debug: () => {},
  info: () => {},
  warn: (message) => console.warn(message),
  error: (message) => console.error(message)
};

/**
 * A Bottleneck group that never waits, in the shape plugin-throttling calls (`key().schedule()`),
 * because importing Bottleneck itself would lean on a dependency we do not declare.
 */
const unspacedGroup = {
  key: () => ({
    schedule: (_job: unknown, task: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve().then(() => task(...args))
  })
} as unknown as NonNullable<ThrottlingOptions['write']>;

export function createOctokit(options: ClientOptions): GitHub {
  if (!options.token) throw new Error('a GitHub token is required (GITHUB_TOKEN or a token input)');
  const redactor = options.redactor ?? new Redactor();
  redactor.add(options.token);
  const log = redacting(options.log ?? silentLog, redactor);
  const maxRetries = options.rateLimit?.maxRetries ?? 3;
  const maxWaitSeconds = options.rateLimit?.maxWaitSeconds ?? 60;

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < maxRetries && retryAfter <= maxWaitSeconds;
      const why = retryCount >= maxRetries ? `after ${maxRetries} retries` : `it asks for ${retryAfter}s, over the ${maxWaitSeconds}s limit`;
      log.warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
          (retrying ? `waiting ${retryAfter}s (retry ${retryCount + 1} of ${maxRetries})` : `giving up ${why}`)
      );
      return retrying;
    };

  const octokit = new LoopKitOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? apiUrlFromEnv()).replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'loopkit',
    log,
    retry: {
      retries: options.retry?.retries ?? 3,
      retryAfterBaseValue: options.retry?.delayUnitMs ?? 1000,
      // Rate limits (403, 429) belong to the throttling plugin; other 4xx will not change on a retry.
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451]
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: options.rateLimit?.secondMs ?? 1000,
      ...(options.rateLimit?.spaceWrites === true ? {} : { write: unspacedGroup, notifications: unspacedGroup })
    }
  });

  // A write that failed with a 5xx may still have happened (a review posted twice notifies twice),
  // so only idempotent requests are retried. Replacing `request` keeps the shared defaults object untouched.
  octokit.hook.before('request', (request) => {
    if (!isIdempotent(request)) request.request = { ...request.request, retries: 0 } as typeof request.request;
  });
  // What LoopKit writes quotes models and tools, and either may quote a secret of the run: every
  // parameter a request sends (its body, its query) is redacted here, the one way out to GitHub.
  octokit.hook.before('request', (request) => {
    const params = request as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (NOT_SENT_AS_DATA.has(name)) continue;
      params[name] = redactor.redactValue(value, `what LoopKit was about to send to GitHub (${request.method} ${request.url})`);
    }
  });
  // Registered last, so it wraps the retries: it sees only the error the caller gets. Callers
  // print GitHub's words for a rejection, and a proxy or server that echoes the token would
  // otherwise put it into a warning.
  octokit.hook.wrap('request', async (request, params) => {
    try {
      return await request(params);
    } catch (error) {
      throw withoutSecrets(error, redactor);
    }
  });
  return octokit;
}

/** A request's options that say how and where to send it, not what: the headers carry the token itself. */
const NOT_SENT_AS_DATA = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType']);

/** The error with every secret of the run in its message and response body replaced by `***`. */
export function withoutSecrets(error: unknown, redactor: Redactor): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as { message?: unknown; response?: { data?: unknown } };
  if (typeof e.message === 'string') {
    const clean = redactor.redact(e.message);
    // A DOMException (an aborted request's AbortError) has a message getter and no setter; its
    // message is the platform's, never a secret, and assigning to it would throw over the real error.
    if (clean !== e.message) e.message = clean;
  }
  if (e.response && e.response.data !== undefined) e.response.data = redactor.redactValue(e.response.data);
  return error;
}

/**
 * plugin-request-log reports every request, failures at error level. A failure also throws, and
 * only the caller knows whether it matters (a 404 from the file reader is an answer, not an
 * error), so these lines go to debug.
 */
const REQUEST_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE) \S+ - \d+ with id \S+ in \d+ms$/;

/** Logs go through here so no secret reaches them, whatever a plugin decides to print. */
function redacting(log: Log, redactor: Redactor): Log {
  const clean = (args: unknown[]): string => redactor.redact(format(...args));
  const at =
    (level: keyof Log) =>
    (...args: unknown[]) => {
      const line = clean(args);
      log[REQUEST_LINE.test(line) ? 'debug' : level](line);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
