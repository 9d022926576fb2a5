/**
 * `npm run bench`: the built action (dist/index.js), run as the runner runs it, against the local
 * fakes of GitHub, Anthropic and the Actions cache with simulated latency, on generated pull
 * requests. One table row per fixture; the figures, the machine and the date go into
 * docs/BENCHMARKS.md. Targets are checked and a missed one is marked MISS, never hidden.
 *
 * Flags (or environment): --model-ms (BENCH_MODEL_MS, 3000) total time of one model call;
 * --ttfb-ms (BENCH_TTFB_MS, a tenth of it) its first byte; --github-ms (BENCH_GITHUB_MS, 100) per
 * GitHub request; --min-cacheable (BENCH_MIN_CACHEABLE, 1024) the shortest cacheable prefix;
 * --concurrency (BENCH_CONCURRENCY, 8) model calls in flight that the ideal assumes (the engine's
 * limit); --only small,medium; --no-write to leave docs/BENCHMARKS.md alone; --verbose to print
 * every GitHub request, model call and log line with its time; BENCH_NODE_ARGS are given to node
 * before the action (`--cpu-prof --cpu-prof-dir=/tmp/prof` profiles each run). The medium pull request also runs with the
 * cache service down (503 to everything, then no answer at all), beside its run with the service up,
 * and in the "tools" scenario (bench/tools.ts): its review with the checker reading files through a
 * tool, beside the same review without (`--only tools` runs that alone and writes only its section).
 * The medium run also gives the start and the end of a review: the first model call after the
 * process starts, the summary and the check after the last model answer, and the post step
 * (dist/post/index.js) when nothing is left open (`--only medium` writes only that section). It
 * also runs with OTEL_EXPORTER_OTLP_ENDPOINT naming a collector that is down (refused, silent): a
 * trace that cannot be sent must cost the run under 3 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeAnthropic } from '../__tests__/fakes/anthropic-server.js';
import { actionsCacheEnv, startFakeCacheService, type DownMode } from '../__tests__/fakes/cache-server.js';
import { startFakeGitHub, type FakeGitHub } from '../__tests__/fakes/github-server.js';
import { changedLines, fixtures, type Fixture } from './fixtures.js';
import { modelBusyMs, startMeter, type MeteredCall } from './meter.js';
import { benchScript, MAKERS } from './script.js';
import { toolsReport, toolsScenario, type ToolsTiming } from './tools.js';

const ROOT = process.cwd();
const DIST = resolve(ROOT, 'dist/index.js');
const DOC = resolve(ROOT, 'docs/BENCHMARKS.md');
const OWNER = 'octo';
const REPO = 'shop';
const PR = 7;
const BASE = '1'.repeat(40);
const HEAD = '2'.repeat(40);

const TARGET = {
  ratio: 1.15,
  billed: 0.35,
  githubMedium: 10,
  rssMb: 300,
  nonModelMs: 2000,
  cacheDownExtraMs: 3000,
  collectorDownExtraMs: 3000,
  firstCallMs: 400,
  settleMs: 300,
  postMs: 200
} as const;
const POST = resolve(ROOT, 'dist/post/index.js');

/** How the cache service is down in the runs that measure what that costs (the fake's modes). */
const CACHE_DOWN: Record<DownMode, string> = {
  error: 'every request answered 503, which @actions/cache retries for about 30 s',
  hang: 'every request accepted and never answered',
  reset: 'every connection dropped'
};

/** How the OpenTelemetry collector is down in the runs that measure what that costs. */
const COLLECTOR_DOWN = {
  refused: 'nothing listens on its port',
  silent: 'connections accepted and never answered'
} as const;
type CollectorMode = keyof typeof COLLECTOR_DOWN;

// ---------------------------------------------------------------- options

const { values } = parseArgs({
  options: {
    'model-ms': { type: 'string' },
    'ttfb-ms': { type: 'string' },
    'github-ms': { type: 'string' },
    'min-cacheable': { type: 'string' },
    concurrency: { type: 'string' },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false }
  }
});
const num = (flag: string | undefined, env: string, fallback: number): number => {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${env}: not a number: ${raw}`);
  return n;
};
const MODEL_MS = num(values['model-ms'], 'BENCH_MODEL_MS', 3000);
const TTFB_MS = num(values['ttfb-ms'], 'BENCH_TTFB_MS', Math.round(MODEL_MS / 10));
const GITHUB_MS = num(values['github-ms'], 'BENCH_GITHUB_MS', 100);
const MIN_CACHEABLE = num(values['min-cacheable'], 'BENCH_MIN_CACHEABLE', 1024);
const CONCURRENCY = num(values.concurrency, 'BENCH_CONCURRENCY', 8);
const VERBOSE = values.verbose || process.env.BENCH_VERBOSE === '1';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ONLY = (values.only ?? process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

// ---------------------------------------------------------------- the loop under test

const LOOP = `name: bench-review
description: Find bugs, security holes, performance traps and reliability problems that a pull request introduces; post only what the checker confirms.
trigger:
  event: pull_request
  types: [opened, synchronize, reopened, ready_for_review]
connectors:
  - type: github-pull-request
    surroundingLines: 20
pipeline:
  - parallel:
      - label: ${MAKERS[0]}
        prompt: |
          Find security vulnerabilities that this change introduces: injection (SQL, shell, HTML),
          secrets in code, unsafe deserialisation, missing authorisation checks, path traversal, SSRF,
          weak randomness for tokens. Report only problems on changed lines, with the code that proves them.
      - label: ${MAKERS[1]}
        prompt: |
          Find bugs that this change introduces: wrong conditions, off-by-one errors, null or undefined
          access, unhandled errors and rejected promises, races, broken edge cases.
          Report only problems that a failing test could demonstrate; no style remarks.
      - label: ${MAKERS[2]}
        prompt: |
          Find performance problems that this change introduces: work repeated inside loops, queries in
          loops (N+1), unbounded growth of lists and caches, blocking calls on hot paths.
          Report only problems that matter at the sizes the code handles.
      - label: ${MAKERS[3]}
        prompt: |
          Find reliability problems that this change introduces: missing timeouts and retries, errors
          swallowed or logged without handling, resources not released, partial writes on failure.
          Report only problems a production incident could come from.
agents:
  - label: Code Verifier
    prompt: |
      You are an adversarial verifier. Try to refute every finding: read the code around it, look for
      the guard, the caller or the test that makes it harmless, and check the claim against the actual
      lines. Confirm only what the code proves; refute what it disproves; say uncertain otherwise.
      Cite the code you relied on as evidence.
verify:
  maker: [${MAKERS.join(', ')}]
  checker: Code Verifier
  maxRounds: 2
  autoRetry: true
  passThreshold: 0.7
budget:
  maxTokens: 3000000
  maxCostUsd: 20
  maxDurationMinutes: 15
  maxIterations: 60
memory:
  store: cache
failOn: high
onError:
  provider: neutral
  budget: partial
escalation:
  label: needs-human-review
  comment: true
outputs:
  review:
    maxComments: 20
`;
const PROJECT = 'version: "1"\nsettings:\n  enforceMakerChecker: true\n';

// ---------------------------------------------------------------- one run

interface Row {
  fixture: Fixture;
  files: number;
  lines: number;
  code: number;
  wallMs: number;
  firstLineMs: number;
  /** From the spawn to the first model call (count_tokens requests are not calls). */
  firstCallMs: number;
  /** GitHub requests that reached the fake before the first model call. */
  githubBeforeFirstCall: number;
  /** From the end of the last model call to the last write of the summaries and the check. */
  settleMs: number;
  idealMs: number;
  waves: number;
  calls: MeteredCall[];
  batches: number;
  billed: number;
  naive: number;
  githubCalls: number;
  rssMb: number;
  nonModelMs: number;
  review: string;
  stderr: string;
}

function seed(gh: FakeGitHub, fixture: Fixture): void {
  const repo = gh.state.addRepo({ owner: OWNER, repo: REPO });
  repo.addPull({
    number: PR,
    title: fixture.title,
    body: fixture.body,
    base: { ref: 'main', sha: BASE },
    head: { ref: 'feature', sha: HEAD },
    files: fixture.files.map((f) => ({
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {})
    }))
  });
  for (const f of fixture.files) if (f.head !== undefined) repo.setFile(HEAD, f.filename, f.head);
  repo.addCommit({ sha: BASE, message: 'base' });
  repo.addCommit({ sha: HEAD, parents: [BASE], message: fixture.title, files: repo.pulls.get(PR)!.files });
}

interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  firstLineMs: number;
  /** Each line of stdout with the time (Date.now()) it arrived. */
  lines: { at: number; text: string }[];
}

/** Runs `args` with node; `stopAtFirstLine` ends it at its first visible log line (cold start). */
function runNode(args: string[], env: Record<string, string>, cwd: string, stopAtFirstLine = false): Promise<Spawned> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstLineMs = -1;
    const lines: Spawned['lines'] = [];
    child.stdout.on('data', (d: Buffer) => {
      const at = Date.now();
      const complete = (stdout.slice(stdout.lastIndexOf('\n') + 1) + d.toString()).split('\n').slice(0, -1);
      for (const text of complete) lines.push({ at, text });
      stdout += d.toString();
      if (
        firstLineMs < 0 &&
        stdout
          .split('\n')
          .slice(0, -1)
          .some((l) => l !== '' && !l.startsWith('::add-mask::'))
      ) {
        firstLineMs = performance.now() - started;
        if (stopAtFirstLine) child.kill();
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, wallMs: performance.now() - started, firstLineMs, lines }));
  });
}

const WRAPPER = `import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
process.on('exit', () => writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify(process.resourceUsage())));
await import(pathToFileURL(process.env.BENCH_DIST).href);
`;

interface Env {
  env: Record<string, string>;
  workspace: string;
  usageFile: string;
  wrapper: string;
}

function actionEnv(temp: string, gh: FakeGitHub, aiUrl: string, apiKey: string, cache: { url: string; token: string }): Env {
  const workspace = join(temp, 'workspace');
  mkdirSync(join(workspace, 'loops'), { recursive: true });
  writeFileSync(join(workspace, 'loopkit.yaml'), PROJECT);
  writeFileSync(join(workspace, 'loops', 'bench-review.yaml'), LOOP);
  const step = join(temp, 'step');
  mkdirSync(step, { recursive: true });
  const event = join(step, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      action: 'opened',
      number: PR,
      pull_request: { number: PR, draft: false, head: { sha: HEAD, ref: 'feature' }, base: { ref: 'main' } },
      repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } }
    })
  );
  writeFileSync(join(step, 'output'), '');
  writeFileSync(join(step, 'summary'), '');
  const wrapper = join(temp, 'wrapper.mjs');
  writeFileSync(wrapper, WRAPPER);
  const usageFile = join(step, 'usage.json');
  const inputs: Record<string, string> = {
    'github-token': gh.token,
    'anthropic-api-key': apiKey,
    config: 'loopkit.yaml',
    'dry-run': 'false',
    'min-lrs': '0',
    'fail-on': 'high'
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(step, 'output'),
    GITHUB_STEP_SUMMARY: join(step, 'summary'),
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '5000',
    GITHUB_RUN_ATTEMPT: '1',
    ANTHROPIC_BASE_URL: aiUrl,
    BENCH_USAGE_FILE: usageFile,
    BENCH_DIST: DIST,
    ...actionsCacheEnv(cache, temp),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  };
  return { env, workspace, usageFile, wrapper };
}

async function runFixture(fixture: Fixture, cacheDown?: DownMode, extraEnv: Record<string, string> = {}): Promise<Row> {
  const gh = await startFakeGitHub({ latencyMs: GITHUB_MS });
  const ai = await startFakeAnthropic({
    respond: benchScript(),
    ttfbMs: TTFB_MS,
    latencyMs: Math.max(0, MODEL_MS - TTFB_MS),
    minCacheableTokens: MIN_CACHEABLE
  });
  const meter = await startMeter(ai.url);
  const cache = await startFakeCacheService();
  if (cacheDown) cache.down(cacheDown);
  const temp = mkdtempSync(join(tmpdir(), 'loopkit-bench-'));
  try {
    seed(gh, fixture);
    const made = actionEnv(temp, gh, meter.url, ai.apiKey, cache);
    const { workspace, usageFile, wrapper } = made;
    const env = { ...made.env, ...extraEnv };
    const spawnedAt = Date.now();
    const run = await runNode([...NODE_ARGS, wrapper], env, workspace);
    if (VERBOSE) explain(fixture, spawnedAt, run, gh, meter.calls);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number };
    const calls = meter.calls.filter((c) => c.kind === 'message' && c.role !== 'other');
    const rounds = Math.max(1, ...calls.map((c) => c.round));
    const waves = Math.max(2 * rounds, Math.ceil(calls.length / CONCURRENCY));
    const idealMs = TTFB_MS + waves * MODEL_MS;
    const billed = calls.reduce((n, c) => n + c.usage.input + 1.25 * c.usage.cacheWrite + 0.1 * c.usage.cacheRead, 0);
    const naive = calls.reduce((n, c) => n + c.usage.input + c.usage.cacheWrite + c.usage.cacheRead, 0);
    const check = [...gh.state.repo(OWNER, REPO)!.checkRuns.values()].find((c) => c.name === 'LoopKit Review');
    const firstCall = Math.min(...calls.map((c) => c.startedAt));
    const lastAnswer = Math.max(...calls.map((c) => c.endedAt));
    // Written: the fake GitHub holds a request's write once its latency has passed; the job summary once its file changed.
    const ends = gh.requests.filter((r) => r.at >= lastAnswer && r.method !== 'GET' && SETTLING.test(r.path)).map((r) => r.at + GITHUB_MS);
    const settledAt = Math.max(...ends, statSync(env.GITHUB_STEP_SUMMARY!).mtimeMs);
    return {
      fixture,
      files: fixture.files.length,
      lines: changedLines(fixture.files),
      code: run.code,
      wallMs: run.wallMs,
      firstLineMs: run.firstLineMs,
      firstCallMs: firstCall - spawnedAt,
      githubBeforeFirstCall: gh.requests.filter((r) => r.at < firstCall).length,
      settleMs: settledAt - lastAnswer,
      idealMs,
      waves,
      calls,
      batches: new Set(calls.map((c) => c.prefixHash)).size,
      billed,
      naive,
      githubCalls: gh.requests.length,
      rssMb: usage.maxRSS / 1024,
      nonModelMs: run.wallMs - modelBusyMs(calls),
      review: check ? `${check.conclusion ?? check.status}: ${check.output.title ?? ''}` : 'no check',
      stderr: run.stderr
    };
  } finally {
    await Promise.all([gh.close(), ai.close(), meter.close(), cache.close()]);
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The writes that end a review: the check run and the summary comment. */
const SETTLING = /\/check-runs|\/issues\/(\d+\/)?comments/;

/** --verbose: where the time and the tokens went, call by call, beside the action's log. */
function explain(fixture: Fixture, t0: number, run: Spawned, gh: FakeGitHub, calls: MeteredCall[]): void {
  const at = (t: number) => `${String(t - t0).padStart(6)} ms`;
  const out: string[] = [];
  for (const l of run.lines) if (l.text.trim() && !l.text.startsWith('::add-mask::')) out.push(`${at(l.at)}  log ${l.text.slice(0, 160)}`);
  for (const r of gh.requests)
    out.push(`${at(r.at)}  GitHub ${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : ''}`);
  for (const c of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    out.push(
      `${at(c.startedAt)}  model ${c.kind === 'count' ? 'count_tokens' : c.role} r${c.round} prefix ${c.prefixHash} → ${c.endedAt - t0} ms · in ${c.usage.input} write ${c.usage.cacheWrite} read ${c.usage.cacheRead} out ${c.usage.output}`
    );
  }
  process.stderr.write(`--- ${fixture.name}: wall ${Math.round(run.wallMs)} ms\n${out.sort((a, b) => parseInt(a) - parseInt(b)).join('\n')}\n`);
}

/** dist/index.js to its first visible log line (not the `::add-mask::` lines), median of 5. */
async function coldStart(): Promise<number> {
  const gh = await startFakeGitHub();
  const ai = await startFakeAnthropic();
  const cache = await startFakeCacheService();
  const temp = mkdtempSync(join(tmpdir(), 'loopkit-bench-cold-'));
  try {
    seed(gh, fixtures()[0]!);
    const { env, workspace } = actionEnv(temp, gh, ai.url, ai.apiKey, cache);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await runNode([DIST], env, workspace, true)).firstLineMs);
    return times.sort((a, b) => a - b)[2]!;
  } finally {
    await Promise.all([gh.close(), ai.close(), cache.close()]);
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * The post step (dist/post/index.js) as the runner starts it after a main step that completed its
 * checks (its saved list of open check runs is empty), median of 5; and node alone, for scale.
 */
async function postStep(): Promise<{ postMs: number; nodeMs: number }> {
  const gh = await startFakeGitHub();
  const temp = mkdtempSync(join(tmpdir(), 'loopkit-bench-post-'));
  try {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? temp,
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      'INPUT_GITHUB-TOKEN': gh.token,
      'STATE_open-check-runs': '[]',
      'STATE_main-step-end': 'finished'
    };
    const median = async (args: string[]) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const run = await runNode(args, env, temp);
        if (run.code !== 0 || run.stderr) throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stderr}`);
        times.push(run.wallMs);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    const postMs = await median([POST]);
    if (gh.requests.length > 0) throw new Error(`the post step with nothing left open made ${gh.requests.length} GitHub request(s)`);
    return { postMs, nodeMs: await median(['-e', '']) };
  } finally {
    await gh.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const k = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000).toLocaleString('en-US')}k` : Math.round(n).toLocaleString('en-US'));
const miss = (ok: boolean, text: string) => (ok ? text : `${text} MISS`);

function rowCells(r: Row): string[] {
  const ratio = r.wallMs / r.idealMs;
  const billedRatio = r.naive === 0 ? 0 : r.billed / r.naive;
  const huge = r.fixture.name === 'huge';
  const makers = r.calls.filter((c) => c.role === 'maker').length;
  return [
    r.fixture.name,
    `${r.files.toLocaleString('en-US')} / ${r.lines.toLocaleString('en-US')}`,
    s(r.wallMs),
    `${s(r.idealMs)} (${r.waves} waves)`,
    miss(ratio <= TARGET.ratio, ratio.toFixed(2)),
    `${r.calls.length} (${makers}+${r.calls.length - makers}) · ${r.batches} batch${r.batches === 1 ? '' : 'es'}`,
    `${k(r.billed)} / ${k(r.naive)}`,
    miss(billedRatio <= TARGET.billed, billedRatio.toFixed(2)),
    r.fixture.name === 'medium' ? miss(r.githubCalls <= TARGET.githubMedium, String(r.githubCalls)) : String(r.githubCalls),
    huge ? miss(r.rssMb < TARGET.rssMb, `${Math.round(r.rssMb)} MB`) : `${Math.round(r.rssMb)} MB`,
    huge ? miss(r.nonModelMs < TARGET.nonModelMs, s(r.nonModelMs)) : s(r.nonModelMs),
    r.code === 0 ? r.review : `exit ${r.code} · ${r.review}`
  ];
}

const HEADERS = [
  'fixture',
  'files / changed lines',
  'wall',
  'ideal',
  'wall ÷ ideal (≤ 1.15)',
  'model calls (makers+checker) · batches',
  'billed input / naive (token-eq.)',
  'billed ÷ naive (≤ 0.35)',
  'GitHub calls (medium ≤ 10)',
  'peak RSS (3,000 files < 300 MB)',
  'non-model time (3,000 files < 2 s)',
  'LoopKit Review check'
];

function markdownTable(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADERS), line(HEADERS.map(() => '---')), ...rows.map(line)].join('\n');
}

function bundleSize(): string {
  const size = (file: string) => statSync(file).size;
  const chunks = readdirSync(resolve(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
  const total = chunks.reduce((n, f) => n + size(resolve(ROOT, 'dist', f)), 0);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
  return `dist/index.js ${mb(size(DIST))} (${mb(total)} with its ${chunks.length - 1} chunk(s))`;
}

function legend(): string {
  return [
    `Simulated latency: model ${MODEL_MS.toLocaleString('en-US')} ms per call, first byte after ${TTFB_MS} ms; GitHub ${GITHUB_MS} ms per request; prompt cache minimum ${MIN_CACHEABLE} tokens.`,
    `Loop: 4 makers in parallel and 1 checker (loops/bench-review.yaml in the benchmark), maxRounds 2; the scripted makers report one finding each per batch, the checker confirms 3 in 4.`,
    `Ideal = first byte (${TTFB_MS} ms) + waves × ${MODEL_MS.toLocaleString('en-US')} ms, waves = max(2 × rounds, ⌈model calls ÷ ${CONCURRENCY}⌉): every batch needs a maker wave then a checker wave (the checker reads the makers' findings), and with the engine's limit of ${CONCURRENCY} calls in flight the calls of many batches cannot all overlap.`,
    'Billed input counts input ×1, cache writes ×1.25 and cache reads ×0.1, as the fake reported usage for each call; naive counts every prompt token of the same calls at ×1 (caching off).',
    'Non-model time = wall time minus the time during which at least one model call was in flight. Peak RSS = maxRSS of the action process.'
  ].join('\n');
}

/** A run with a service down (`mode` says how), and the same fixture's usual run. */
interface DownRun<M extends string> {
  mode: M;
  row: Row;
  up: Row;
}
type CacheDownRun = DownRun<DownMode>;
type CollectorDownRun = DownRun<CollectorMode>;

/** One line per cache-down run: its wall time beside the run with the service up. */
function cacheDownLines(runs: CacheDownRun[]): string[] {
  return runs.map(({ mode, row, up }) => downLine(`Cache service down (${CACHE_DOWN[mode]})`, row, up, 'with it up', TARGET.cacheDownExtraMs));
}

/** A run with a service down, its wall time beside `up` (the same fixture as usual) against the target extra time. */
function downLine(what: string, row: Row, up: Row, baseline: string, targetMs: number): string {
  const extra = row.wallMs - up.wallMs;
  const state = row.code === 0 ? row.review.split(':')[0] : `exit ${row.code}`;
  return `${what}, ${row.fixture.name} pull request: ${s(row.wallMs)} against ${s(up.wallMs)} ${baseline}, ${miss(extra <= targetMs, `${extra >= 0 ? '+' : ''}${s(extra)}`)} (target: within ${s(targetMs)}); LoopKit Review ${state}.`;
}

/**
 * An OTLP endpoint that is down, as `mode` says, for the length of `body`: refused (a port nothing
 * listens on any more) or silent (a server that takes the connection and never answers).
 */
async function withDownCollector<T>(mode: CollectorMode, body: (endpoint: string) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((done) => server.close(() => done()));
  };
  if (mode === 'refused') await close();
  try {
    return await body(`http://127.0.0.1:${port}`);
  } finally {
    if (mode === 'silent') await close();
  }
}

/** One line per collector-down run: its wall time beside the run with no tracing at all. */
function collectorDownLines(runs: CollectorDownRun[]): string[] {
  return runs.map(({ mode, row, up }) =>
    downLine(`OpenTelemetry collector down (${COLLECTOR_DOWN[mode]})`, row, up, 'without tracing', TARGET.collectorDownExtraMs)
  );
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform} ${process.arch}`;
}

function writeDoc(rows: Row[], cold: number, cacheDown: CacheDownRun[], collectorDown: CollectorDownRun[]): void {
  const generated = [
    '<!-- bench:start (generated by `npm run bench`; edits between these markers are overwritten) -->',
    `Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${machine()}.`,
    '',
    markdownTable(rows.map(rowCells)),
    '',
    `- Cold start of dist/index.js to its first log line: ${Math.round(cold)} ms (median of 5).`,
    `- Bundle: ${bundleSize()}.`,
    ...cacheDownLines(cacheDown).map((l) => `- ${l}`),
    ...collectorDownLines(collectorDown).map((l) => `- ${l}`),
    ...legend()
      .split('\n')
      .map((l) => `- ${l}`),
    '<!-- bench:end -->'
  ].join('\n');
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
  const next = current.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, generated);
  writeFileSync(DOC, next);
}

/** Replaces the section `name` of docs/BENCHMARKS.md (added at the end, under `heading`, the first time). */
function writeSection(name: string, heading: string, lines: string[]): void {
  const generated = [
    `<!-- bench:${name}:start (generated by \`npm run bench\`; edits between these markers are overwritten) -->`,
    ...lines,
    `<!-- bench:${name}:end -->`
  ].join('\n');
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const section = new RegExp(`<!-- bench:${name}:start[\\s\\S]*?<!-- bench:${name}:end -->`);
  const next = section.test(current) ? current.replace(section, () => generated) : `${current.trimEnd()}\n\n## ${heading}\n\n${generated}\n`;
  writeFileSync(DOC, next);
}

interface StartEnd {
  row: Row;
  postMs: number;
  nodeMs: number;
}

/** The start and the end of the medium review against their targets. */
function startEndLines({ row, postMs, nodeMs }: StartEnd): string[] {
  const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
  const verdict = (value: number, target: number, strict = false) => ((strict ? value < target : value <= target) ? 'PASS' : 'MISS');
  return [
    `Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${machine()}, load average ${loadavg()[0]!.toFixed(1)} when it ended.`,
    '',
    `The ${row.fixture.name} pull request (${row.files} files; GitHub ${GITHUB_MS} ms a request, model ${MODEL_MS.toLocaleString('en-US')} ms a call), run by the built action as above:`,
    '',
    '| measure | measured | target | |',
    '| --- | --- | --- | --- |',
    `| first model call, after the process starts | ${ms(row.firstCallMs)} | ≤ ${ms(TARGET.firstCallMs)} | ${verdict(row.firstCallMs, TARGET.firstCallMs)} |`,
    `| summary and check written, after the last model answer | ${ms(row.settleMs)} | ≤ ${ms(TARGET.settleMs)} | ${verdict(row.settleMs, TARGET.settleMs)} |`,
    `| post step with nothing left open (dist/post/index.js, median of 5) | ${ms(postMs)} | < ${ms(TARGET.postMs)} | ${verdict(postMs, TARGET.postMs, true)} |`,
    '',
    `- Before the first model call: the action's first log line at ${ms(row.firstLineMs)}, ${row.githubBeforeFirstCall} GitHub request(s). For scale, \`node -e ''\` takes ${ms(nodeMs)} (median of 5) on this machine at this time.`,
    `- Written: when the fake GitHub holds the last write of the check run and the summary comment (its request, then the ${GITHUB_MS} ms latency), or the job summary file changed, whichever is later.`
  ];
}

async function tools(): Promise<void> {
  const medium = fixtures().find((f) => f.name === 'medium')!;
  process.stderr.write(`bench: tools, medium with and without the checker reading files…\n`);
  const timing: ToolsTiming = { modelMs: MODEL_MS, ttfbMs: TTFB_MS, minCacheable: MIN_CACHEABLE, concurrency: CONCURRENCY };
  const lines = toolsReport(medium, await toolsScenario(medium, LOOP, timing), timing);
  console.log(`\n${lines.join('\n')}`);
  if (!values['no-write']) {
    writeSection('tools', 'Tool turns', lines);
    console.log(`\nwritten to ${DOC}`);
  }
}

async function main(): Promise<void> {
  const all = fixtures().filter((f) => ONLY.length === 0 || ONLY.includes(f.name));
  if (all.length > 0) await actionRuns(all);
  if (ONLY.length === 0 || ONLY.includes('tools')) await tools();
}

async function actionRuns(all: Fixture[]): Promise<void> {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run bundle` first');
  const rows: Row[] = [];
  for (const fixture of all) {
    process.stderr.write(`bench: ${fixture.name} (${fixture.files.length} files, ${changedLines(fixture.files)} changed lines)…\n`);
    const row = await runFixture(fixture);
    if (row.code !== 0 || row.stderr) process.stderr.write(`bench: ${fixture.name} exited ${row.code}${row.stderr ? `\n${row.stderr}` : ''}\n`);
    rows.push(row);
  }
  const cacheDown: CacheDownRun[] = [];
  const medium = rows.find((r) => r.fixture.name === 'medium');
  for (const mode of medium ? (['error', 'hang'] as const) : []) {
    process.stderr.write(`bench: medium with the cache service down (${mode})…\n`);
    const row = await runFixture(medium!.fixture, mode);
    if (row.code !== 0 || row.stderr) process.stderr.write(`bench: medium, cache down (${mode}), exited ${row.code}${row.stderr ? `\n${row.stderr}` : ''}\n`);
    cacheDown.push({ mode, row, up: medium! });
  }
  const collectorDown: CollectorDownRun[] = [];
  for (const mode of medium ? (['refused', 'silent'] as const) : []) {
    process.stderr.write(`bench: medium with the OpenTelemetry collector down (${mode})…\n`);
    const row = await withDownCollector(mode, (endpoint) => runFixture(medium!.fixture, undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }));
    if (row.code !== 0 || row.stderr)
      process.stderr.write(`bench: medium, collector down (${mode}), exited ${row.code}${row.stderr ? `\n${row.stderr}` : ''}\n`);
    collectorDown.push({ mode, row, up: medium! });
  }
  const cold = await coldStart();
  const startEnd = medium ? { row: medium, ...(await postStep()) } : undefined;
  const table = [HEADERS, ...rows.map(rowCells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const cells of table) console.log(cells.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log('');
  console.log(`cold start (dist/index.js to its first log line, median of 5): ${Math.round(cold)} ms`);
  console.log(`bundle: ${bundleSize()}`);
  for (const line of cacheDownLines(cacheDown)) console.log(line);
  for (const line of collectorDownLines(collectorDown)) console.log(line);
  console.log(legend());
  if (startEnd) console.log(`\n${startEndLines(startEnd).join('\n')}`);
  if (values['no-write']) return;
  if (ONLY.length === 0) writeDoc(rows, cold, cacheDown, collectorDown);
  if (startEnd) writeSection('start-end', 'Time to first model call', startEndLines(startEnd));
  if (ONLY.length === 0 || startEnd) console.log(`\nwritten to ${DOC}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
