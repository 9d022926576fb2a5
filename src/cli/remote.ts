/**
 * `loopkit run <loop> --repo owner/name --pr N | --issue N [--post]`: the loop on a real pull
 * request or issue, read through the API with GITHUB_TOKEN, by the action's own flows (src/flows/).
 * The CLI only builds their adapters. Nothing is written unless `--post` is given; then a review
 * loop posts what the action would (one review of the verified findings not yet on the pull
 * request, the sticky summary), and a triage loop adds its labels and writes or edits its one
 * comment. The CLI keeps no Actions cache state: the summary's record, which the action reads
 * first, keeps pointing at the action's last saved state.
 */
import { systemClock } from '../engine/budget.js';
import type { EngineEvents } from '../engine/calls.js';
import { apiUrlFromEnv, createOctokit, rejectionReason, TokenIdentity, type GitHub } from '../github/index.js';
import { FileSystemLoopSource } from '../loop/index.js';
import type { LoadedLoop } from '../loop/load.js';
import { taskOf } from '../loop/schema.js';
import type { LrsReport } from '../lrs/index.js';
import { DEFAULT_MODEL } from '../providers/models.js';
import type { ModelProvider } from '../providers/types.js';
import type { StateStore } from '../state/index.js';
import type { FlowAdapters, FlowContext, FlowLog, RetryWaits } from '../flows/adapters.js';
import { version } from './root.js';
import { reviewPullRequest } from '../flows/review.js';
import { triageIssues } from '../flows/triage.js';
import type { GuardedOutput } from './guard.js';
import type { Output } from './output.js';
import { concludeNotRun, concludeReview, concludeTriage, printReview, printTriage } from './report.js';
import { CLI_FAIL_ON, EXIT } from './exit.js';

export interface RemoteOptions {
  /** owner/name */
  repo: string;
  pr?: number;
  issue?: number;
  post: boolean;
  json: boolean;
  /** The loop config file, as the action's `config` input. */
  config: string;
  /** The repository's root: the loops' own files (a notes file) are read there. */
  root: string;
  env: NodeJS.ProcessEnv;
  events: EngineEvents;
  /** Seconds one request to GitHub may go unanswered, its retries included; default DEFAULT_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
  /** Shorter waits between GitHub's retries than the client's own (tests). */
  retryWaits?: RetryWaits;
}

/** Long enough for GitHub's slowest answers (a large diff), short enough that no network is told in half a minute. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

const REPO = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

/** State kept nowhere: nothing is loaded, nothing saved, so the summary's record keeps the action's pointer. */
const NO_STATE: StateStore = { kind: 'memory', load: async () => ({ doc: null }), save: async () => ({ saved: false }) };

export async function runRemote(loaded: LoadedLoop, report: LrsReport, provider: ModelProvider, options: RemoteOptions, io: GuardedOutput): Promise<number> {
  const match = REPO.exec(options.repo);
  if (!match) {
    io.err(`--repo takes owner/name, got "${options.repo}"`);
    return EXIT.usage;
  }
  const review = taskOf(loaded.loop) === 'review';
  if (review && options.pr === undefined) {
    io.err(`${loaded.loop.name} is a review loop: pass --pr N`);
    return EXIT.usage;
  }
  if (!review && options.issue === undefined) {
    io.err(`${loaded.loop.name} is a triage loop: pass --issue N`);
    return EXIT.usage;
  }
  const token = options.env.GITHUB_TOKEN;
  if (!token) {
    io.err(`GITHUB_TOKEN is not set: export a token that can read ${options.repo}${options.post ? ' and write to its pull requests and issues' : ''}.`);
    return EXIT.incomplete;
  }
  const log = terminalLog(io);
  const { redactor } = io;
  const apiUrl = apiUrlFromEnv(options.env);
  const delayUnitMs = options.retryWaits?.githubDelayUnitMs;
  const github = createOctokit({ token, baseUrl: apiUrl, log, redactor, ...(delayUnitMs !== undefined ? { retry: { delayUnitMs } } : {}) });
  const seconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  io.err(
    io.dim(
      `loopkit: ${options.repo} ${review ? `pull request #${options.pr}` : `issue #${options.issue}`} on ${apiUrl} (a request unanswered for ${seconds} s ends the run)`
    )
  );
  boundRequests(github, apiUrl, seconds, io);
  const adapters: FlowAdapters = {
    github,
    identity: new TokenIdentity(github),
    providerFor: () => ({ ok: true, provider }),
    stateFor: () => NO_STATE,
    loops: new FileSystemLoopSource(options.root),
    clock: systemClock,
    log,
    events: options.events,
    // The local clone's git objects serve the repository tools when they hold the pull request's commits.
    tools: { checkout: options.root, env: options.env, mask: () => {}, redactor, clientVersion: version() }
  };
  const ctx: FlowContext = {
    owner: match[1]!,
    repo: match[2]!,
    run: { id: 'local', attempt: '1' },
    event: { name: 'workflow_dispatch', payload: {} },
    refs: [],
    settings: { defaultModel: DEFAULT_MODEL, failOn: CLI_FAIL_ON, minLrs: 0, write: options.post, config: options.config }
  };
  try {
    return review
      ? await remoteReview(ctx, adapters, loaded, report, options.pr!, options, io)
      : await remoteTriage(ctx, adapters, loaded, report, options.issue!, options, io);
  } catch (error) {
    io.err(`GitHub refused: ${rejectionReason(error)}`);
    return EXIT.incomplete;
  }
}

async function remoteReview(
  ctx: FlowContext,
  adapters: FlowAdapters,
  loaded: LoadedLoop,
  report: LrsReport,
  pullNumber: number,
  options: RemoteOptions,
  io: Output
): Promise<number> {
  const outcome = await reviewPullRequest(ctx, adapters, { loaded, pullNumber, report });
  // The reason, not the stack: a crash is reported as what happened, the exit code says the run did not complete.
  if (outcome.status === 'crashed') io.err(io.red(`${loaded.loop.name}: ${outcome.reason}`));
  if (outcome.status !== 'ran') {
    // A pull request reviewed completely at its head is no failure; a review that could not run is.
    const gate = outcome.status === 'not-run' ? outcome.gate : undefined;
    io.out(`${loaded.loop.name}: ${gate?.title ?? `not run: ${outcome.reason}`}`);
    return concludeNotRun(gate, outcome.reason, io);
  }
  const { result, posted } = outcome.ran;
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else printReview(result, io);
  if (posted) io.out(`posted: ${posted.inline} inline comment(s), ${posted.notPlaced} in the review body; the summary comment is updated`);
  else io.err(io.dim('Nothing was posted (pass --post to post the review).'));
  return concludeReview(result, outcome.ran.gate, options.json, io);
}

async function remoteTriage(
  ctx: FlowContext,
  adapters: FlowAdapters,
  loaded: LoadedLoop,
  report: LrsReport,
  issueNumber: number,
  options: RemoteOptions,
  io: Output
): Promise<number> {
  const outcome = await triageIssues(ctx, adapters, { loaded, report, issueNumber });
  if (outcome.status === 'crashed') io.err(io.red(`${loaded.loop.name}: ${outcome.reason}`));
  if (outcome.status !== 'ran') {
    io.err(`${loaded.loop.name}: triage not run: ${outcome.reason}`);
    return concludeNotRun(undefined, outcome.reason, io);
  }
  const { result, applied } = outcome.ran.report;
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else printTriage(result, io);
  if (!options.post) {
    io.err(io.dim('Nothing was written (pass --post to apply the plan).'));
    return concludeTriage(result, options.json, io);
  }
  for (const done of applied) {
    io.out(`posted #${done.issue}: labels ${done.labels.length > 0 ? done.labels.join(', ') : 'none'} · comment ${done.comment ?? 'none'}`);
    for (const p of done.problems) io.err(io.red(`#${done.issue}: ${p}`));
  }
  return concludeTriage(
    result,
    options.json,
    io,
    applied.reduce((n, a) => n + a.problems.length, 0)
  );
}

/**
 * Every request to GitHub said on stderr as it starts (which step the run is on), and bounded:
 * one GitHub leaves unanswered for `seconds`, its retries included, is aborted and fails with what
 * did not answer and how to fix it, so no network is never a silent wait.
 */
function boundRequests(github: GitHub, apiUrl: string, seconds: number, io: Output): void {
  github.hook.wrap('request', async (request, params) => {
    const what = `${params.method} ${params.url}`;
    io.err(io.dim(`… GitHub ${what}`));
    // An abort, not AbortSignal.timeout: Octokit retries a fetch that failed with a TimeoutError
    // as a server error (the abandoned request went on being sent, and kept the process alive),
    // while an AbortError is thrown at once.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), seconds * 1000);
    const deadline = controller.signal;
    const given = params.request?.signal as AbortSignal | undefined;
    const options: NonNullable<typeof params.request> = { ...params.request, signal: given ? AbortSignal.any([given, deadline]) : deadline };
    const timedOut = new Error(
      `GitHub did not answer ${what} at ${apiUrl} within ${seconds} s: check the network connection, and GITHUB_API_URL (GitHub Enterprise Server's API, e.g. https://HOST/api/v3), or wait longer with --timeout SECONDS`
    );
    let stop = () => {};
    const gaveUp = new Promise<never>((_resolve, reject) => {
      stop = () => reject(timedOut);
      deadline.addEventListener('abort', stop, { once: true });
    });
    // In place: a hook's `request` goes on with the options object the chain started with and
    // ignores what it is called with (before-after-hook binds it), so a new object loses the signal.
    params.request = options;
    const answer = Promise.resolve(request(params));
    // Once the deadline passed, what the aborted request still throws is no one's to hear.
    answer.catch(() => {});
    try {
      return await Promise.race([answer, gaveUp]);
    } finally {
      clearTimeout(timer);
      deadline.removeEventListener('abort', stop);
    }
  });
}

/** The flows' log on stderr, so `--json` output stays clean; a notice is the one line a person must see. */
export function terminalLog(io: Output): FlowLog {
  return {
    debug: () => {},
    info: (m) => io.err(io.dim(m)),
    warn: (m) => io.err(io.yellow(`warning: ${m}`)),
    error: (m) => io.err(io.red(m)),
    notice: (m) => io.err(m),
    group: (_name, body) => body()
  };
}
