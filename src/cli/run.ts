/**
 * `loopkit run <loop>`: a review loop on the local diff or a saved pull request through the
 * action's own review flow with the local forge (local-forge.ts), a triage loop on a saved issue,
 * or (with `--repo`) the flows on a real pull request or issue on GitHub (remote.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { systemClock } from '../engine/budget.js';
import { toolLog, type EngineEvents } from '../engine/calls.js';
import type { PullRequestSnapshot } from '../engine/context.js';
import type { ReviewResult } from '../engine/review.js';
import { runTriage } from '../engine/triage.js';
import type { TriageIssue } from '../engine/triage-prompts.js';
import type { FlowAdapters, FlowContext, FlowLog, RetryWaits } from '../flows/adapters.js';
import { reviewPullRequest } from '../flows/review.js';
import type { Spent } from '../flows/skeleton.js';
import type { LrsReport } from '../lrs/index.js';
import { emptyState, FileSystemStore, persisted, reviewRunRecord, type Persistence, type StateStore } from '../state/index.js';
import { slugOf } from '../loop/dialect.js';
import { suggestion } from '../loop/suggest.js';
import { sharedLoopOptions } from './shared.js';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, taskOf, type LoadedLoop } from '../loop/index.js';
import { scoreLoaded } from '../lrs/project.js';
import { pricing } from '../providers/cost-model.js';
import { DEFAULT_MODEL } from '../providers/models.js';
import type { ModelProvider } from '../providers/types.js';
import { unknownModels } from './models.js';
import { cliProvider } from './provider.js';
import { localPullRequest } from './local-diff.js';
import { LocalReviewForge, postedJson, postedMarkdown, SavedRepository, WorkingTreeRepository } from './local-forge.js';
import { runRemote, terminalLog } from './remote.js';
import type { GuardedOutput } from './guard.js';
import { runGenericLocal } from './run-generic.js';
import type { Output } from './output.js';
import { concludeNotRun, concludeReview, concludeTriage, printPlan, printReview, printTriage } from './report.js';
import { version } from './root.js';
import { CLI_FAIL_ON, completed, EXIT, roundPassed } from './exit.js';
import { stateDirOf } from './status.js';

/** What a local review prints on stdout: the report, or what would be posted (markdown, or the same as JSON). */
export const RunFormat = z.enum(['text', 'markdown', 'json']);
export type RunFormat = z.infer<typeof RunFormat>;

export interface RunOptions {
  config: string;
  dryRun: boolean;
  base?: string;
  /** A saved pull request (the bundled sample): `{ pr, contents }`. */
  prFile?: string;
  /** A saved issue (GitHub's JSON of an issue) for a triage loop, run without GitHub. */
  issueFile?: string;
  json: boolean;
  /** What a local review prints: the report (text), or what would be posted (markdown, json). */
  format: RunFormat;
  env: NodeJS.ProcessEnv;
  /** owner/name: read the pull request or issue from GitHub instead of the working tree. */
  repo?: string;
  pr?: number;
  issue?: number;
  /** With `repo`: write the result to GitHub. */
  post: boolean;
  /** Seconds one request to GitHub (or, when given, to a model) may go unanswered. */
  timeout?: number;
  /** A generic loop's local event (cli/local-events.ts): a commit range, or a saved payload and its name. */
  range?: string;
  eventFile?: string;
  eventName?: string;
  /** Shorter waits between retries than the clients' own (tests). */
  retryWaits?: RetryWaits;
}

const ChangedFileShape = z.object({ path: z.string(), status: z.string(), additions: z.number(), deletions: z.number(), patch: z.string().optional() });
const SavedPullRequest = z.object({
  pr: z.looseObject({
    number: z.number(),
    title: z.string(),
    headSha: z.string(),
    baseRef: z.string(),
    files: z.array(ChangedFileShape),
    filesTotal: z.number()
  }),
  contents: z.record(z.string(), z.string()).default({})
});

export async function runLoop(root: string, name: string, options: RunOptions, io: GuardedOutput): Promise<number> {
  const project = await loadProject(new FileSystemLoopSource(root), options.config, sharedLoopOptions(options.env));
  const loaded = project.loops.find((l) => l.loop.name === slugOf(name) || l.file === name);
  // A broken file stops only its own loop: the others still run, and the problems are named.
  const own = project.diagnostics.filter((d) => !loaded || d.file === loaded.file);
  for (const d of own) io.err(d.severity === 'error' ? io.red(formatDiagnostic(d)) : io.yellow(formatDiagnostic(d)));
  const elsewhere = project.diagnostics.filter((d) => d.severity === 'error' && !own.includes(d));
  if (elsewhere.length > 0)
    io.err(
      io.yellow(
        `note: ${elsewhere.length} problem(s) in ${[...new Set(elsewhere.map((d) => d.file))].join(', ')} (\`loopkit validate\` shows them); running ${name} anyway`
      )
    );
  if (!loaded) {
    const errors = hasErrors(project.diagnostics);
    const names = project.loops.map((l) => l.loop.name);
    const near = suggestion(slugOf(name), names);
    io.err(
      `No loop named "${name}"${errors ? ' loaded' : ''}${near ? `; did you mean "${near}"?` : '.'} Loops here: ${names.join(', ') || 'none'}.${errors ? ' If it is in a file with errors above, fix them first.' : ''}`
    );
    return EXIT.usage;
  }
  const task = taskOf(loaded.loop);
  if (task === 'generic') {
    if (options.repo || options.post) {
      io.err(
        `${loaded.loop.name} is a generic loop: on GitHub it runs in the action, on its event; run it here with --range A..B (a push) or --event FILE (a saved event).`
      );
      return EXIT.usage;
    }
    return runGenericLocal(root, loaded, { ...options, events: progress(io) }, io);
  }
  if (options.range !== undefined || options.eventFile !== undefined) {
    io.err(`--range and --event run a generic loop on a local event; "${loaded.loop.name}" is a ${task} loop.`);
    return EXIT.usage;
  }
  if (task !== 'review' && !options.repo && !options.issueFile) {
    io.err(`"${loaded.loop.name}" is a triage loop: it triages issues. Pass --issue-file FILE (a saved issue) or --repo owner/name --issue N.`);
    return EXIT.usage;
  }
  if (task === 'review' && options.issueFile) {
    io.err(`"${loaded.loop.name}" is a review loop: --issue-file is for triage loops; use --pr-file or the working tree.`);
    return EXIT.usage;
  }
  if (options.post && !options.repo) {
    io.err('--post writes to GitHub and needs --repo owner/name.');
    return EXIT.usage;
  }
  if (options.post && options.dryRun) {
    io.err("--post cannot be combined with --dry-run: the dry run's findings are samples, not something to post.");
    return EXIT.usage;
  }
  for (const warning of unknownModels(loaded)) io.err(io.yellow(`warning: ${warning}`));

  const provider = cliProvider(loaded, options, io);
  if (!provider) return EXIT.incomplete;
  if (options.repo) {
    return runRemote(
      loaded,
      scoreLoaded(loaded, project.settings),
      provider,
      {
        repo: options.repo,
        post: options.post,
        json: options.json,
        config: options.config,
        root,
        env: options.env,
        events: progress(io),
        ...(options.timeout !== undefined ? { timeoutSeconds: options.timeout } : {}),
        ...(options.pr !== undefined ? { pr: options.pr } : {}),
        ...(options.issue !== undefined ? { issue: options.issue } : {}),
        ...(options.retryWaits ? { retryWaits: options.retryWaits } : {})
      },
      io
    );
  }
  if (options.issueFile) return triageSavedIssue(loaded, provider, options.issueFile, options.json, io);

  let forge: LocalReviewForge;
  try {
    forge = options.prFile ? await savedPullRequest(options.prFile) : await localForge(root, options.base);
  } catch (error) {
    io.err(`Could not read the change to review: ${(error as Error).message}`);
    return EXIT.incomplete;
  }
  const pr = await forge.pullRequest();
  if (pr.files.length === 0) {
    io.err(`Nothing to review: no changes against ${pr.baseRef}.`);
    return EXIT.ok;
  }
  return reviewLocally(root, { loaded, report: scoreLoaded(loaded, project.settings), provider, forge, pr }, options, io);
}

/** State kept nowhere: a local review starts from nothing, and only its record for `loopkit status` is saved (recordLocalRun). */
const NO_STATE: StateStore = { kind: 'memory', load: async () => ({ doc: null }), save: async () => ({ saved: false }) };

/**
 * A review loop on the local change, through the action's own review flow (flows/review.ts) with
 * the local forge: the loop's tools, its notes file and the crash guard, as in the action. What
 * the flow would post is kept by the forge and printed with `--format markdown|json`.
 */
export async function reviewLocally(
  root: string,
  run: { loaded: LoadedLoop; report: LrsReport; provider: ModelProvider; forge: LocalReviewForge; pr: PullRequestSnapshot },
  options: Pick<RunOptions, 'config' | 'env' | 'format' | 'json'>,
  io: GuardedOutput,
  /** Adapters a test swaps in (a state store that fails, to see a crash reported). */
  swapped: Partial<FlowAdapters> = {}
): Promise<number> {
  const { loaded, provider, forge, pr } = run;
  const format = options.json ? 'result' : options.format;
  if (format === 'text') printPlan(loaded, `${pr.files.length} changed file(s) against ${pr.baseRef}`, io);
  const adapters: FlowAdapters = {
    providerFor: () => ({ ok: true, provider }),
    stateFor: () => NO_STATE,
    loops: new FileSystemLoopSource(root),
    clock: systemClock,
    log: quietLog(io),
    events: progress(io),
    // No checkout: the forge's reader serves the working tree at the head (the checkout's git objects hold only what is committed).
    tools: { env: options.env, mask: () => {}, redactor: io.redactor, clientVersion: version() },
    ...swapped
  };
  const ctx: FlowContext = {
    owner: 'local',
    repo: basename(root),
    run: { id: 'local', attempt: '1' },
    event: { name: 'workflow_dispatch', payload: {} },
    refs: [],
    // Writing is safe: the local forge keeps what would be posted, nothing leaves the machine.
    settings: { defaultModel: DEFAULT_MODEL, failOn: CLI_FAIL_ON, minLrs: 0, write: true, config: options.config }
  };
  const outcome = await reviewPullRequest(ctx, adapters, { loaded, report: run.report, pullNumber: pr.number, checkName: 'LoopKit Review', forge });
  const state = join(root, stateDirOf(loaded));
  if (outcome.status === 'crashed') {
    io.err(io.red(`${loaded.loop.name}: ${outcome.reason}`));
    if (!provider.dryRun)
      await recordLocalRun(
        state,
        pr,
        io.redactor.redactValue(crashedRun(loaded.loop.name, outcome.reason, outcome.spent), 'the state LoopKit saves'),
        loaded.loop.memory?.persistence,
        io
      );
    return concludeNotRun(undefined, outcome.reason, io);
  }
  if (outcome.status === 'not-run') {
    io.out(`${loaded.loop.name}: ${outcome.gate?.title ?? `not run: ${outcome.reason}`}`);
    return concludeNotRun(outcome.gate, outcome.reason, io);
  }
  const { result, gate } = outcome.ran;
  if (format === 'result') io.out(JSON.stringify(result, null, 2));
  else if (format === 'markdown') io.out(postedMarkdown(forge.captured));
  else if (format === 'json') io.out(JSON.stringify(postedJson(forge.captured), null, 2));
  else {
    printReview(result, io);
    io.err(io.dim('Nothing was posted: `--format markdown` prints the review and the summary the action would post.'));
  }
  // A real run is remembered for `loopkit status`; a dry run spent nothing and is not.
  if (!provider.dryRun) await recordLocalRun(state, pr, io.redactor.redactValue(result, 'the state LoopKit saves'), loaded.loop.memory?.persistence, io);
  return concludeReview(result, gate, format !== 'text', io);
}

/** The flows' log, as `loopkit run` shows it: warnings and notices; the flow's info lines would repeat the report. */
function quietLog(io: Output): FlowLog {
  return { ...terminalLog(io), info: () => {} };
}

/** A review that crashed, as `loopkit status` records it: failed, with the reason and what it had spent. */
function crashedRun(loop: string, reason: string, spent: Spent | undefined): Ended {
  return { loop, status: 'failed', escalated: false, reasons: [reason], tokens: spent?.tokens ?? 0, costUsd: spent?.costUsd ?? 0, rounds: [] };
}

const SavedIssue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).default([]),
  updated_at: z.string().optional(),
  comments: z.union([z.number(), z.array(z.object({ body: z.string().nullish(), user: z.object({ login: z.string() }).nullish() }))]).optional()
});

/** A triage loop on a saved issue (GitHub's JSON of it, e.g. from `gh api repos/o/r/issues/N`), with no GitHub at all. */
async function triageSavedIssue(loaded: LoadedLoop, provider: ModelProvider, file: string, json: boolean, io: Output): Promise<number> {
  const read = await readJson(file, SavedIssue, "an issue: `number`, `title`, `body` and `labels`, as GitHub's API returns it");
  if ('problem' in read) {
    io.err(read.problem);
    return EXIT.incomplete;
  }
  const raw = read.value;
  const issue: TriageIssue = {
    number: raw.number,
    title: raw.title,
    body: raw.body ?? '',
    author: raw.user?.login ?? 'unknown',
    labels: raw.labels.map((l) => (typeof l === 'string' ? l : l.name)),
    updatedAt: raw.updated_at ?? new Date(0).toISOString(),
    comments: Array.isArray(raw.comments) ? raw.comments.map((c) => ({ author: c.user?.login ?? 'unknown', body: c.body ?? '' })) : []
  };
  if (!json) printPlan(loaded, `issue #${issue.number} from ${file}`, io);
  // Offline, the allowed labels stand in for the repository's labels: nothing can be checked against GitHub.
  const repoLabels = [...new Set([...(loaded.loop.outputs?.labels?.allowed ?? []), ...issue.labels])];
  const result = await runTriage({ loaded, issues: [issue], recent: [], repoLabels, provider, pricing, defaultModel: DEFAULT_MODEL, events: progress(io) });
  if (json) io.out(JSON.stringify(result, null, 2));
  else {
    printTriage(result, io);
    io.out(io.dim('Nothing was written: a saved issue is triaged offline.'));
  }
  return concludeTriage(result, json, io);
}

/** How a local review ended, as `loopkit status` records it: its result, or a crash's reason and spend. */
type Ended = Pick<ReviewResult, 'loop' | 'status' | 'escalated' | 'reasons' | 'tokens' | 'costUsd' | 'rounds'> & Partial<Pick<ReviewResult, 'dryRun'>>;

/** The filesystem store of the CLI: one document per loop and branch, in the loop's `memory.path` (default .loopkit/state), kept as its `memory.persistence` says. */
async function recordLocalRun(
  dir: string,
  pr: PullRequestSnapshot,
  result: Ended | ReviewResult,
  persistence: Persistence | undefined,
  io: Output
): Promise<void> {
  const store = new FileSystemStore(dir);
  const key = `local-${result.loop}-${pr.headRef}`;
  const { doc } = await store.load(key);
  const state = doc ?? emptyState(result.loop, { kind: 'pull_request' });
  const now = new Date().toISOString();
  // Only a review that ran to its end makes its head the reviewed one; any run is remembered as it ended.
  if (completed({ dryRun: false, ...result })) {
    state.lastReviewedHead = pr.headSha;
    state.reviewedAt = now;
  }
  state.lastRun = { at: now, head: pr.headSha, status: result.status, escalated: result.escalated, reasons: result.reasons };
  state.spend = { tokens: state.spend.tokens + result.tokens, costUsd: state.spend.costUsd + result.costUsd, runs: state.spend.runs + 1 };
  for (const r of result.rounds)
    state.rounds.push({ head: pr.headSha, round: r.round, score: r.score, passed: roundPassed(r, r.findings, { dryRun: false, ...result }), at: now });
  const saved = await store.save(key, persisted(state, persistence, 'findings' in result ? reviewRunRecord(result, pr.headSha, now) : undefined));
  if (saved.warning) io.err(io.yellow(saved.warning));
}

/** The working tree against its base, as the local forge serves it. */
async function localForge(root: string, base: string | undefined): Promise<LocalReviewForge> {
  const { pr, reader } = await localPullRequest(root, base);
  return new LocalReviewForge(pr, reader, new WorkingTreeRepository(root, pr.headSha));
}

async function savedPullRequest(file: string): Promise<LocalReviewForge> {
  const read = await readJson(
    file,
    SavedPullRequest,
    'a saved pull request: `{ "pr": { number, title, headSha, baseRef, files: [{ path, status, additions, deletions, patch }], filesTotal, … }, "contents": { path: text } }` (see samples/sample-pr.json)'
  );
  if ('problem' in read) throw new Error(read.problem);
  const saved = read.value;
  const pr = saved.pr as unknown as PullRequestSnapshot;
  return new LocalReviewForge(pr, { read: async (path) => saved.contents[path] ?? null }, new SavedRepository(saved.contents, pr.headSha));
}

/** A JSON file checked against a shape, or one readable sentence on what is wrong with it (never zod's raw issues). */
async function readJson<T>(file: string, shape: z.ZodType<T>, what: string): Promise<{ value: T } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problem: `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `${file}: not valid JSON (${(error as Error).message})` };
  }
  const parsed = shape.safeParse(data);
  if (parsed.success) return { value: parsed.data };
  const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : 'the file'}: ${i.message.toLowerCase()}`);
  return { problem: `${file}: not ${what}. ${first.join('; ')}${parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : ''}` };
}

/** Each model call as it finishes, on stderr so `--json` output stays clean. */
function progress(io: Output): EngineEvents {
  return {
    info: (message) => io.err(io.dim(message)),
    warning: (message) => io.err(io.yellow(`warning: ${message}`)),
    call: (r) => {
      const tools = toolLog(r);
      io.err(
        `${r.ok ? io.green('✓') : io.red('✗')} ${r.role} ${r.agent} · ${r.model} · batch ${r.batch} round ${r.round} · ${(r.usage.inputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens + r.usage.outputTokens).toLocaleString('en-US')} tok${tools.suffix} · $${r.costUsd.toFixed(4)} · ${(r.durationMs / 1000).toFixed(1)} s${r.error ? ` · ${r.error}` : ''}`
      );
      tools.lines.forEach((line) => io.err(io.dim(line)));
    }
  };
}
