/**
 * `loopkit eval`: review loops run on a benchmark of pull requests with human-verified golden
 * comments, judged by a model, reported side by side with their cost. The CLI builds the adapters
 * (GitHub, read only; the loops' providers; the judge's; the loops' tool connectors) and calls
 * src/eval/. Nothing is ever written to GitHub.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BudgetMeter, systemClock } from '../engine/budget.js';
import type { EngineEvents } from '../engine/calls.js';
import { readBench, selectCases } from '../eval/bench.js';
import { FolderBench, MARTIAN_BENCH, RepositoryBench } from '../eval/bench-sources.js';
import { CachedCaseSource } from '../eval/cases.js';
import { Judge } from '../eval/judge.js';
import { evalMarkdown } from '../eval/report.js';
import { missedThresholds, type Thresholds } from '../eval/results.js';
import { loopReviewer, type EvalLoop } from '../eval/review.js';
import { runEval } from '../eval/run.js';
import { openTools } from '../flows/tools.js';
import { apiUrlFromEnv, createOctokit, GitHubRepositoryReader } from '../github/index.js';
import { FileSystemLoopSource, formatDiagnostic, loadProject, taskOf, type LoadedLoop, type LoadOptions, type LoopFileSource } from '../loop/index.js';
import { createModelProvider, createProvider, DEFAULT_MODEL, pricing } from '../providers/index.js';
import type { ModelProvider } from '../providers/types.js';
import { recall } from '../state/index.js';
import type { GuardedOutput } from './guard.js';
import { EXIT } from './exit.js';
import type { Output } from './output.js';
import { terminalLog } from './remote.js';
import { findRoot, kind, version } from './root.js';
import { sharedLoopOptions } from './shared.js';

const EVAL_HELP = `loopkit eval — measure review loops on a benchmark of pull requests with golden comments

Usage:
  loopkit eval --bench DIR|martian [--loop FILE]... [options]

  --bench DIR        a folder holding golden_comments/*.json (the layout of Martian's Code Review
                     Bench); "martian": that benchmark's offline set, read from its repository at a
                     pinned commit through the GitHub API
  --loop FILE        a review loop file to evaluate (repeatable); default: every review loop here
  --cases N          only the first N pull requests (after --filter)
  --filter TEXT      only pull requests whose URL, title or golden file holds TEXT
  --cache DIR        keep each pull request read from GitHub there: reruns read it from the cache
  --judge-model M    the judge's model (default ${DEFAULT_MODEL}); Anthropic or OpenAI by its name
  --json FILE        write the report as JSON
  --concurrency N    reviews at once (default 2)
  --max-cost USD     budget of the whole evaluation (loops and judge): no review starts past it
  --min-f1 X, --min-precision X, --min-recall X, --max-cost-per-pr USD
                     exit 1 when a loop misses one (or when the evaluation is incomplete)
  --config FILE, --cwd DIR   as for the other commands

Environment: GITHUB_TOKEN (reads only; GITHUB_API_URL for GitHub Enterprise Server),
ANTHROPIC_API_KEY / OPENAI_API_KEY for the loops' models and the judge's.
`;

const DEFAULT_CONCURRENCY = 2;

export async function evalCommand(argv: string[], io: GuardedOutput, env: NodeJS.ProcessEnv): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        bench: { type: 'string' },
        loop: { type: 'string', multiple: true },
        cases: { type: 'string' },
        filter: { type: 'string' },
        cache: { type: 'string' },
        'judge-model': { type: 'string' },
        json: { type: 'string' },
        concurrency: { type: 'string' },
        'max-cost': { type: 'string' },
        'min-f1': { type: 'string' },
        'min-precision': { type: 'string' },
        'min-recall': { type: 'string' },
        'max-cost-per-pr': { type: 'string' },
        config: { type: 'string' },
        cwd: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }));
  } catch (error) {
    io.err(`loopkit eval: ${(error as Error).message.split('. ')[0]} (\`loopkit eval --help\` lists the options)`);
    return 2;
  }
  if (values.help) {
    io.out(EVAL_HELP);
    return 0;
  }
  if (!values.bench) {
    io.err('loopkit eval: --bench DIR (a folder with golden_comments/*.json) or --bench martian is needed');
    return 2;
  }
  const numbers = readNumbers(values, io);
  if (!numbers) return 2;

  const start = values.cwd ?? process.cwd();
  const config = values.config ?? 'loopkit.yaml';
  const root = await findRoot(start, config);
  const loops = await evalLoops(
    root,
    config,
    (values.loop ?? []).map((f) => resolve(start, f)),
    io,
    // A loop that extends a shared one on GitHub reads it with the same token as validate and run.
    sharedLoopOptions(env)
  );
  if (!loops) return 2;

  const keys = { anthropic: env.ANTHROPIC_API_KEY, openai: env.OPENAI_API_KEY };
  const providers = new Map<LoadedLoop, ModelProvider>();
  for (const loop of loops) {
    const made = createProvider({ loaded: loop.loaded, defaultModel: DEFAULT_MODEL, keys, env, dryRun: false, redactor: io.redactor });
    if (!made.ok) {
      io.err(`${loop.label}: ${made.missing === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'} is not set: an evaluation runs the real models.`);
      return EXIT.incomplete;
    }
    providers.set(loop.loaded, made.provider);
  }
  const judgeModel = values['judge-model'] ?? DEFAULT_MODEL;
  const judgeProvider = createModelProvider(judgeModel, { keys, env, redactor: io.redactor });
  if (!judgeProvider.ok) {
    io.err(`the judge's model ${judgeModel} needs ${judgeProvider.missing === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'}.`);
    return EXIT.incomplete;
  }
  const token = env.GITHUB_TOKEN;
  if (!token) {
    io.err('GITHUB_TOKEN is not set: export a token that can read the pull requests of the benchmark (nothing is written).');
    return EXIT.incomplete;
  }
  const log = terminalLog(io);
  const github = createOctokit({ token, baseUrl: apiUrlFromEnv(env), log, redactor: io.redactor });

  const files = values.bench === 'martian' ? new RepositoryBench(github, MARTIAN_BENCH) : new FolderBench(resolve(start, values.bench));
  let bench;
  try {
    bench = await readBench(files);
  } catch (error) {
    io.err(`Could not read the benchmark: ${(error as Error).message}`);
    return EXIT.incomplete;
  }
  for (const problem of bench.problems) io.err(io.yellow(`warning: ${problem}`));
  const cases = selectCases(bench.cases, {
    ...(values.filter ? { filter: values.filter } : {}),
    ...(numbers.cases !== undefined ? { limit: numbers.cases } : {})
  });
  if (cases.length === 0) {
    io.err(`No pull request of ${files.label} is selected${values.filter ? ` by --filter ${values.filter}` : ''}.`);
    return EXIT.usage;
  }
  io.err(io.dim(`${loops.length} loop(s) × ${cases.length} pull request(s) of ${files.label}; the judge is ${judgeModel}`));

  const events: EngineEvents = { info: () => {}, warning: (m) => io.err(io.yellow(`warning: ${m}`)), call: () => {} };
  const loopSource = new FileSystemLoopSource(root);
  const notes = new Map<LoadedLoop, Promise<string[]>>();
  const report = await runEval({
    bench: { ...bench, cases, label: files.label },
    loops,
    cases: new CachedCaseSource(github, values.cache ? resolve(start, values.cache) : undefined),
    reviewer: loopReviewer({
      providerFor: (loaded) => ({ ok: true, provider: providers.get(loaded)! }),
      openTools: (loaded, kase, commits) =>
        openTools(
          loaded,
          { tools: { env, mask: () => {}, redactor: io.redactor, clientVersion: version() }, log, loops: loopSource },
          new GitHubRepositoryReader(github, { owner: kase.pull.owner, repo: kase.pull.repo }),
          commits
        ),
      notesFor: (loaded) => {
        // Read once per loop, so a missing notes file is said once, not once per pull request.
        let reading = notes.get(loaded);
        if (!reading) {
          reading = recall(loaded.loop.memory, { notes: [] }, loopSource).then((recalled) => {
            if (recalled.warning) io.err(io.yellow(`warning: ${loaded.loop.name}: ${recalled.warning}`));
            return recalled.notes;
          });
          notes.set(loaded, reading);
        }
        return reading;
      },
      defaultModel: DEFAULT_MODEL,
      events,
      clock: systemClock
    }),
    judge: new Judge({ provider: judgeProvider.provider, model: judgeModel, meter: new BudgetMeter({}, pricing) }),
    concurrency: numbers.concurrency ?? DEFAULT_CONCURRENCY,
    ...(numbers.maxCost !== undefined ? { maxCostUsd: numbers.maxCost } : {}),
    clock: systemClock,
    skippedNow: (url, reason) => io.err(io.yellow(`skipped ${url} for every loop: ${reason}`)),
    progress: (done, total, loop, c) => {
      const figures =
        c.status === 'judged'
          ? `P ${c.precision?.toFixed(2) ?? '—'} R ${c.recall?.toFixed(2) ?? '—'} · ${c.truePositives}/${c.candidates} candidates, ${c.matchedGolden}/${c.golden} golden`
          : io.red(`${c.status}${c.error ? `: ${c.error}` : ''}`);
      io.err(`[${done}/${total}] ${loop.label} · ${c.url} · ${figures} · $${c.costUsd.toFixed(4)} + judge $${c.judgeCostUsd.toFixed(4)}`);
    }
  });

  io.out(evalMarkdown(report));
  if (values.json) {
    const file = resolve(start, values.json);
    await writeFile(file, `${JSON.stringify(io.redactor.redactValue(report, 'the report LoopKit wrote'), null, 2)}\n`);
    io.err(io.dim(`report written to ${file}`));
  }
  const thresholds: Thresholds = {
    ...(numbers.minF1 !== undefined ? { minF1: numbers.minF1 } : {}),
    ...(numbers.minPrecision !== undefined ? { minPrecision: numbers.minPrecision } : {}),
    ...(numbers.minRecall !== undefined ? { minRecall: numbers.minRecall } : {}),
    ...(numbers.maxCostPerPr !== undefined ? { maxCostPerPr: numbers.maxCostPerPr } : {})
  };
  const incomplete = [
    ...report.skipped.map((s) => `${s.url} could not be read: ${s.reason}`),
    ...report.loops.flatMap((l) => (l.totals.failed > 0 ? [`${l.loop}: ${l.totals.failed} pull request(s) failed`] : [])),
    ...(report.stopped ? [`stopped early: ${report.stopped}`] : [])
  ];
  for (const line of incomplete) io.err(io.yellow(`incomplete: ${line}`));
  const missed = missedThresholds(report, thresholds);
  for (const line of missed) io.err(io.red(`missed: ${line}`));
  // A gate cannot pass on figures it did not fully measure: a missed threshold fails it (1), an evaluation that did not complete cannot judge it (3).
  const gated = Object.keys(thresholds).length > 0;
  return missed.length > 0 ? EXIT.gateFailed : gated && incomplete.length > 0 ? EXIT.incomplete : EXIT.ok;
}

interface Numbers {
  cases?: number;
  concurrency?: number;
  maxCost?: number;
  minF1?: number;
  minPrecision?: number;
  minRecall?: number;
  maxCostPerPr?: number;
}

function readNumbers(values: Record<string, unknown>, io: Output): Numbers | undefined {
  const spec: [keyof Numbers, string, 'count' | 'ratio' | 'dollars'][] = [
    ['cases', 'cases', 'count'],
    ['concurrency', 'concurrency', 'count'],
    ['maxCost', 'max-cost', 'dollars'],
    ['minF1', 'min-f1', 'ratio'],
    ['minPrecision', 'min-precision', 'ratio'],
    ['minRecall', 'min-recall', 'ratio'],
    ['maxCostPerPr', 'max-cost-per-pr', 'dollars']
  ];
  const out: Numbers = {};
  for (const [key, flag, what] of spec) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    const n = Number(text);
    const ok =
      text.trim() !== '' &&
      (what === 'count' ? Number.isInteger(n) && n > 0 : what === 'ratio' ? Number.isFinite(n) && n >= 0 && n <= 1 : Number.isFinite(n) && n >= 0);
    if (!ok) {
      io.err(
        `loopkit eval: --${flag} takes ${what === 'count' ? 'a whole number above 0' : what === 'ratio' ? 'a number from 0 to 1' : 'an amount in dollars'}, got "${text}"`
      );
      return undefined;
    }
    out[key] = n;
  }
  return out;
}

/**
 * The loops to evaluate: each `--loop FILE` loaded with the project's defaults and skills, as if it
 * were the one file of the loops folder (so a.yaml and b.yaml anywhere can be compared); without
 * --loop, every review loop of the repository. A file with errors stops the evaluation: its figures
 * would be of some other loop.
 */
async function evalLoops(root: string, config: string, files: string[], io: Output, shared: LoadOptions): Promise<EvalLoop[] | undefined> {
  const source = new FileSystemLoopSource(root);
  const project = await loadProject(source, config, shared);
  const picked: EvalLoop[] = [];
  if (files.length === 0) {
    const errors = project.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.err(io.red(formatDiagnostic(d)));
    for (const loaded of project.loops) if (taskOf(loaded.loop) === 'review') picked.push({ loaded, file: loaded.file, label: loaded.loop.name });
    if (picked.length === 0) {
      io.err(`No review loop in ${root}${errors.length > 0 ? ' loaded' : ''}: pass --loop FILE.`);
      return undefined;
    }
    return errors.length > 0 ? undefined : picked;
  }
  for (const file of files) {
    if ((await kind(file)) !== 'file') {
      io.err(`--loop ${file}: no such file`);
      return undefined;
    }
    const name = basename(file);
    const bytes = await new FileSystemLoopSource(dirname(file)).read(name);
    const one = await loadProject(new OneLoopSource(source, project.settings.loopsDir, name, bytes!), config, shared);
    const own = `${project.settings.loopsDir}/${name}`;
    const errors = one.diagnostics.filter((d) => d.severity === 'error' && d.file === own);
    for (const d of errors) io.err(io.red(formatDiagnostic({ ...d, file: shown(root, file) })));
    const loaded = one.loops.find((l) => l.file === own);
    if (errors.length > 0 || !loaded) return undefined;
    if (taskOf(loaded.loop) !== 'review') {
      io.err(`--loop ${file}: ${loaded.loop.name} is not a review loop; eval measures review loops`);
      return undefined;
    }
    picked.push({ loaded: { ...loaded, file: shown(root, file) }, file: shown(root, file), label: loaded.loop.name });
  }
  // Two files may name their loop alike (a loop and its edited copy): the report then tells them apart by file.
  const names = picked.map((l) => l.label);
  return picked.map((l) => (names.filter((n) => n === l.label).length > 1 ? { ...l, label: l.file } : l));
}

function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** The repository's loop files with the loops folder holding one file only: the one given. */
class OneLoopSource implements LoopFileSource {
  constructor(
    private readonly base: LoopFileSource,
    private readonly dir: string,
    private readonly name: string,
    private readonly bytes: Uint8Array
  ) {}

  read(path: string): Promise<Uint8Array | null> {
    return path === join(this.dir, this.name) || path === `${this.dir}/${this.name}` ? Promise.resolve(this.bytes) : this.base.read(path);
  }

  list(dir: string): Promise<string[]> {
    return dir === this.dir ? Promise.resolve([this.name]) : this.base.list(dir);
  }
}
