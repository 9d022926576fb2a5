/**
 * `loopkit run <loop>`: the same engine as the action, on the local diff, a saved pull request, or
 * (with `--repo`) a real pull request or issue on GitHub.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { toolLog, type EngineEvents } from '../engine/calls.js';
import { reviewGate } from '../engine/gate.js';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import { runReview, type ReviewResult } from '../engine/review.js';
import { runTriage } from '../engine/triage.js';
import type { TriageIssue } from '../engine/triage-prompts.js';
import { emptyState, FileSystemStore, persisted, reviewRunRecord, type Persistence } from '../state/index.js';
import { slugOf } from '../loop/dialect.js';
import { suggestion } from '../loop/suggest.js';
import { sharedLoopOptions } from './shared.js';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, taskOf, type LoadedLoop } from '../loop/index.js';
import { scoreLoaded } from '../lrs/project.js';
import { createProvider, DEFAULT_MODEL, pricing } from '../providers/index.js';
import type { ModelProvider } from '../providers/types.js';
import { unknownModels } from './models.js';
import { localPullRequest } from './local-diff.js';
import { runRemote } from './remote.js';
import type { Output } from './output.js';
import { concludeReview, concludeTriage, printPlan, printReview, printTriage } from './report.js';
import { CLI_FAIL_ON, completed, EXIT, roundPassed } from './exit.js';
import { stateDirOf } from './status.js';

export interface RunOptions {
  config: string;
  dryRun: boolean;
  base?: string;
  /** A saved pull request (the bundled sample): `{ pr, contents }`. */
  prFile?: string;
  /** A saved issue (GitHub's JSON of an issue) for a triage loop, run without GitHub. */
  issueFile?: string;
  json: boolean;
  env: NodeJS.ProcessEnv;
  /** owner/name: read the pull request or issue from GitHub instead of the working tree. */
  repo?: string;
  pr?: number;
  issue?: number;
  /** With `repo`: write the result to GitHub. */
  post: boolean;
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

export async function runLoop(root: string, name: string, options: RunOptions, io: Output): Promise<number> {
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
    io.err(`${loaded.loop.name} is a generic loop: it runs in the action, on its event (\`loopkit validate\` scores it).`);
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

  const made = createProvider({
    loaded,
    defaultModel: DEFAULT_MODEL,
    keys: { anthropic: options.env.ANTHROPIC_API_KEY, openai: options.env.OPENAI_API_KEY },
    env: options.env,
    dryRun: options.dryRun
  });
  if (!made.ok) {
    const [variable, input] = made.missing === 'openai' ? ['OPENAI_API_KEY', 'openai-api-key'] : ['ANTHROPIC_API_KEY', 'anthropic-api-key'];
    io.err(`${variable} is not set (in the action: the \`${input}\` input): export it, or pass --dry-run to run without a model.`);
    return EXIT.incomplete;
  }
  const provider = made.provider;
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
        ...(options.pr !== undefined ? { pr: options.pr } : {}),
        ...(options.issue !== undefined ? { issue: options.issue } : {})
      },
      io
    );
  }
  if (options.issueFile) return triageSavedIssue(loaded, provider, options.issueFile, options.json, io);

  let pr: PullRequestSnapshot;
  let reader: FileReader;
  try {
    ({ pr, reader } = options.prFile ? await savedPullRequest(options.prFile) : await localPullRequest(root, options.base));
  } catch (error) {
    io.err(`Could not read the change to review: ${(error as Error).message}`);
    return EXIT.incomplete;
  }
  if (pr.files.length === 0) {
    io.err(`Nothing to review: no changes against ${pr.baseRef}.`);
    return EXIT.ok;
  }

  if (!options.json) printPlan(loaded, `${pr.files.length} changed file(s) against ${pr.baseRef}`, io);
  const result = await runReview({
    loaded,
    pr,
    reader,
    provider,
    pricing,
    defaultModel: DEFAULT_MODEL,
    events: progress(io)
  });
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else printReview(result, io);
  // A real run is remembered for `loopkit status`; a dry run spent nothing and is not.
  if (!provider.dryRun) {
    const saved = await recordLocalRun(join(root, stateDirOf(loaded)), pr, result, loaded.loop.memory?.persistence);
    if (saved.warning) io.err(io.yellow(saved.warning));
  }
  return concludeReview(result, reviewGate(loaded.loop, result, CLI_FAIL_ON), options.json, io);
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

/** The filesystem store of the CLI: one document per loop and branch, in the loop's `memory.path` (default .loopkit/state), kept as its `memory.persistence` says. */
async function recordLocalRun(dir: string, pr: PullRequestSnapshot, result: ReviewResult, persistence: Persistence | undefined): Promise<{ warning?: string }> {
  const store = new FileSystemStore(dir);
  const key = `local-${result.loop}-${pr.headRef}`;
  const { doc } = await store.load(key);
  const state = doc ?? emptyState(result.loop, { kind: 'pull_request' });
  const now = new Date().toISOString();
  // Only a review that ran to its end makes its head the reviewed one; any run is remembered as it ended.
  if (completed(result)) {
    state.lastReviewedHead = pr.headSha;
    state.reviewedAt = now;
  }
  state.lastRun = { at: now, head: pr.headSha, status: result.status, escalated: result.escalated, reasons: result.reasons };
  state.spend = { tokens: state.spend.tokens + result.tokens, costUsd: state.spend.costUsd + result.costUsd, runs: state.spend.runs + 1 };
  for (const r of result.rounds) state.rounds.push({ head: pr.headSha, round: r.round, score: r.score, passed: roundPassed(r, r.findings, result), at: now });
  const saved = await store.save(key, persisted(state, persistence, reviewRunRecord(result, pr.headSha, now)));
  return saved.warning ? { warning: saved.warning } : {};
}

async function savedPullRequest(file: string): Promise<{ pr: PullRequestSnapshot; reader: FileReader }> {
  const read = await readJson(
    file,
    SavedPullRequest,
    'a saved pull request: `{ "pr": { number, title, headSha, baseRef, files: [{ path, status, additions, deletions, patch }], filesTotal, … }, "contents": { path: text } }` (see samples/sample-pr.json)'
  );
  if ('problem' in read) throw new Error(read.problem);
  const saved = read.value;
  return { pr: saved.pr as unknown as PullRequestSnapshot, reader: { read: async (path) => saved.contents[path] ?? null } };
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
