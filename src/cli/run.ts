/** `loopkit run <loop>`: the same engine as the action, on the local diff or a saved pull request. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EngineEvents } from '../engine/calls.js';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import { runReview } from '../engine/review.js';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, taskOf } from '../loop/index.js';
import { AnthropicProvider, DryRunProvider, DEFAULT_MODEL, anthropicPricing } from '../providers/index.js';
import type { ModelProvider } from '../providers/types.js';
import { localPullRequest } from './local-diff.js';
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
  if (taskOf(loaded.loop) !== 'review') {
    io.err(`"${name}" is a triage loop; the CLI runs review loops on a diff. Triage runs in the action on a schedule.`);
    return 1;
  }

  let provider: ModelProvider;
  if (options.dryRun) provider = new DryRunProvider();
  else {
    const apiKey = options.env.ANTHROPIC_API_KEY;
    if (!apiKey) {
      io.err('ANTHROPIC_API_KEY is not set: export it, or pass --dry-run to run without a model.');
      return 1;
    }
    provider = new AnthropicProvider({ apiKey });
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
    pricing: anthropicPricing,
    defaultModel: DEFAULT_MODEL,
    events: progress(io)
  });
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else printReview(result, io);
  return result.status === 'failed' ? 1 : 0;
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
