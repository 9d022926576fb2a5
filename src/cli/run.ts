/**
 * `loopkit run <loop>`: the same engine as the action, on the local diff, a saved pull request, or
 * (with `--repo`) a real pull request or issue on GitHub.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineEvents } from '../engine/calls.js';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import { runReview, type ReviewResult } from '../engine/review.js';
import { DEFAULT_STATE_DIR, emptyState, FileSystemStore } from '../state/index.js';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, taskOf } from '../loop/index.js';
import { createProvider, DEFAULT_MODEL, pricing } from '../providers/index.js';
import { localPullRequest } from './local-diff.js';
import { runRemote } from './remote.js';
import type { Output } from './output.js';
import { printReview } from './report.js';

export interface RunOptions {
  config: string;
  dryRun: boolean;
  base?: string;
  /** A saved pull request (the bundled sample): `{ pr, contents }`. */
  prFile?: string;
  json: boolean;
  env: NodeJS.ProcessEnv;
  /** owner/name: read the pull request or issue from GitHub instead of the working tree. */
  repo?: string;
  pr?: number;
  issue?: number;
  /** With `repo`: write the result to GitHub. */
  post: boolean;
}

const SavedPullRequest = z.object({
  pr: z.custom<PullRequestSnapshot>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { files?: unknown }).files), 'a pull request with files'),
  contents: z.record(z.string(), z.string()).default({})
});

export async function runLoop(root: string, name: string, options: RunOptions, io: Output): Promise<number> {
  const project = await loadProject(new FileSystemLoopSource(root), options.config);
  for (const d of project.diagnostics) io.err(formatDiagnostic(d));
  if (hasErrors(project.diagnostics)) return 1;
  const loaded = project.loops.find((l) => l.loop.name === name);
  if (!loaded) {
    io.err(`No loop named "${name}". Loops here: ${project.loops.map((l) => l.loop.name).join(', ') || 'none'}.`);
    return 1;
  }
  if (taskOf(loaded.loop) !== 'review' && !options.repo) {
    io.err(`"${name}" is a triage loop: it reads issues from GitHub. Pass --repo owner/name --issue N.`);
    return 1;
  }
  if (options.post && !options.repo) {
    io.err('--post writes to GitHub and needs --repo owner/name.');
    return 2;
  }
  if (options.post && options.dryRun) {
    io.err('--post cannot be combined with --dry-run: the dry run\'s findings are samples, not something to post.');
    return 2;
  }

  const made = createProvider({ loaded, defaultModel: DEFAULT_MODEL, keys: { anthropic: options.env.ANTHROPIC_API_KEY, openai: options.env.OPENAI_API_KEY }, env: options.env, dryRun: options.dryRun });
  if (!made.ok) {
    io.err(`${made.missing === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'} is not set: export it, or pass --dry-run to run without a model.`);
    return 1;
  }
  const provider = made.provider;
  if (options.repo) {
    return runRemote(
      loaded,
      provider,
      { repo: options.repo, post: options.post, json: options.json, env: options.env, events: progress(io), ...(options.pr !== undefined ? { pr: options.pr } : {}), ...(options.issue !== undefined ? { issue: options.issue } : {}) },
      io
    );
  }

  let pr: PullRequestSnapshot;
  let reader: FileReader;
  try {
    ({ pr, reader } = options.prFile ? await savedPullRequest(options.prFile) : await localPullRequest(root, options.base));
  } catch (error) {
    io.err(`Could not read the change to review: ${(error as Error).message}`);
    return 1;
  }
  if (pr.files.length === 0) {
    io.err(`Nothing to review: no changes against ${pr.baseRef}.`);
    return 0;
  }

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
    const saved = await recordLocalRun(root, pr, result);
    if (saved.warning) io.err(io.yellow(saved.warning));
  }
  return result.status === 'failed' ? 1 : 0;
}

/** The filesystem store of the CLI: one document per loop and branch, in .loopkit/state. */
async function recordLocalRun(root: string, pr: PullRequestSnapshot, result: ReviewResult): Promise<{ warning?: string }> {
  const store = new FileSystemStore(join(root, DEFAULT_STATE_DIR));
  const key = `local-${result.loop}-${pr.headRef}`;
  const { doc } = await store.load(key);
  const state = doc ?? emptyState(result.loop, { kind: 'pull_request' });
  const now = new Date().toISOString();
  state.lastReviewedHead = pr.headSha;
  state.reviewedAt = now;
  state.spend = { tokens: state.spend.tokens + result.tokens, costUsd: state.spend.costUsd + result.costUsd, runs: state.spend.runs + 1 };
  for (const r of result.rounds) state.rounds.push({ head: pr.headSha, round: r.round, score: r.score, passed: r.passed, at: now });
  const saved = await store.save(key, state);
  return saved.warning ? { warning: saved.warning } : {};
}

async function savedPullRequest(file: string): Promise<{ pr: PullRequestSnapshot; reader: FileReader }> {
  const saved = SavedPullRequest.parse(JSON.parse(await readFile(file, 'utf8')));
  return { pr: saved.pr, reader: { read: async (path) => saved.contents[path] ?? null } };
}

/** Each model call as it finishes, on stderr so `--json` output stays clean. */
function progress(io: Output): EngineEvents {
  return {
    info: (message) => io.err(io.dim(message)),
    warning: (message) => io.err(io.yellow(`warning: ${message}`)),
    call: (r) =>
      io.err(
        `${r.ok ? io.green('✓') : io.red('✗')} ${r.role} ${r.agent} · ${r.model} · batch ${r.batch} round ${r.round} · ${(r.usage.inputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens + r.usage.outputTokens).toLocaleString('en-US')} tok · $${r.costUsd.toFixed(4)} · ${(r.durationMs / 1000).toFixed(1)} s${r.error ? ` · ${r.error}` : ''}`
      )
  };
}
