/**
 * Runs the action as the GitHub runner does: inputs, an event payload file, a workspace, with every
 * service it talks to (GitHub, Anthropic, OpenAI, the Actions cache) a local fake over real HTTP.
 * `runAction` runs the step's source in this process (src/action/adapters.ts `actionStep`), with
 * the runner's environment handed to it as adapter settings; `runBuiltAction`
 * spawns the bundle (dist/index.js) with INPUT_* variables and GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
 * and GITHUB_STATE files, for the few tests of what only the built action does (the runner's
 * commands, the post step, a stopped step).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { actionStep } from '../../src/action/adapters.js';
import type { RetryWaits } from '../../src/flows/adapters.js';
import { runnerInputs, type INPUT_NAMES } from '../../src/action/inputs.js';
import { actionLog, engineEvents } from '../../src/action/log.js';
import type { OpenCheckRun } from '../../src/github/index.js';
import { captureRunnerOutput } from '../helpers/runner-output.js';
import { actionsCacheEnv, startFakeCacheService, type FakeCacheService } from '../fakes/cache-server.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { startFakeOpenAI, type FakeOpenAI, type ResponsesBody, type FakeOpenAIReply } from '../fakes/openai-server.js';

const DIST = resolve('dist/index.js');
const DIST_POST = resolve('dist/post/index.js');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** What the step saved for its post step (GITHUB_STATE), as the runner passes it on: STATE_<name>. */
  state: Record<string, string>;
  /** The environment the step ran with, for its post step. */
  env: Record<string, string>;
}

export interface Fakes {
  gh: FakeGitHub;
  ai: FakeAnthropic;
  oa: FakeOpenAI;
  cache: FakeCacheService;
  /** Runner temp: stable across runs, as on one runner image (the cache store keys on it). */
  temp: string;
  close(): Promise<void>;
}

export async function startFakes(anthropic: FakeAnthropicOptions = {}, openai?: (body: ResponsesBody, index: number) => FakeOpenAIReply): Promise<Fakes> {
  const gh = await startFakeGitHub();
  const ai = await startFakeAnthropic({ ttfbMs: 5, latencyMs: 10, minCacheableTokens: 200, ...anthropic });
  const oa = await startFakeOpenAI(openai ? { respond: openai } : {});
  const cache = await startFakeCacheService();
  const temp = mkdtempSync(join(tmpdir(), 'loopkit-runner-'));
  const fakes: Fakes = {
    gh,
    ai,
    oa,
    cache,
    temp,
    // The servers in place when the test ends: a test may have swapped one (a model that changes between runs).
    close: async () => {
      await Promise.all([fakes.gh.close(), fakes.ai.close(), fakes.oa.close(), fakes.cache.close()]);
      rmSync(temp, { recursive: true, force: true });
    }
  };
  return fakes;
}

/** A workspace holding the repository's own loops (or the files given). */
export function workspace(fakes: Fakes, files?: Record<string, string>): string {
  const dir = join(fakes.temp, 'workspace');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (files) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  } else {
    cpSync('loops', join(dir, 'loops'), { recursive: true });
    cpSync('loopkit.yaml', join(dir, 'loopkit.yaml'));
  }
  return dir;
}

export interface RunOptions {
  event: string;
  payload: Record<string, unknown>;
  inputs?: Record<string, string>;
  workspace: string;
  runId?: number;
  env?: Record<string, string>;
  /** Polled every 20 ms while the step runs; when it answers true the step is stopped with SIGTERM, as the runner stops a cancelled job. */
  stopWhen?: () => boolean;
}

/** The step's environment as the runner sets it, and its inputs. */
function stepSetting(fakes: Fakes, options: RunOptions, dir: string): { env: Record<string, string>; inputs: Record<string, string> } {
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  const inputs = {
    'github-token': fakes.gh.token,
    'anthropic-api-key': fakes.ai.apiKey,
    config: 'loopkit.yaml',
    'dry-run': 'false',
    'min-lrs': '0',
    'fail-on': 'high',
    ...options.inputs
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? fakes.temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: 'octo/shop',
    GITHUB_API_URL: fakes.gh.url,
    GITHUB_RUN_ID: String(options.runId ?? 1000),
    GITHUB_RUN_ATTEMPT: '1',
    ANTHROPIC_BASE_URL: fakes.ai.url,
    OPENAI_BASE_URL: fakes.oa.url,
    ...actionsCacheEnv(fakes.cache, fakes.temp),
    ...options.env
  };
  return { env, inputs };
}

/**
 * The step in this process, with the action's own log (@actions/core's commands, escaped as on a
 * runner) and masking. The environment is the adapters' settings; only what @actions/cache reads
 * for itself (the cache service, the runner's temp folder and workspace) is set on process.env
 * while the step runs. What the step prints for the runner is kept in `stdout`. `stopWhen` needs a
 * process to stop: use runBuiltAction.
 */
export async function runAction(fakes: Fakes, options: Omit<RunOptions, 'stopWhen'> & { retryWaits?: RetryWaits }): Promise<ActionRun> {
  const dir = mkdtempSync(join(fakes.temp, 'step-'));
  const { env, inputs } = stepSetting(fakes, options, dir);
  const open = new Map<number, OpenCheckRun>();
  const checks = { started: (run: OpenCheckRun) => void open.set(run.id, run), completed: (id: number) => void open.delete(id) };
  const source = { ...runnerInputs, get: (name: (typeof INPUT_NAMES)[number]) => (inputs[name] ?? '').trim(), env };
  const runner = captureRunnerOutput();
  const restoreEnv = setProcessEnv(Object.fromEntries(CACHE_ENV.map((name) => [name, env[name]])));
  let failures: string[];
  let written: { outputs: Record<string, string>; summary: string } = { outputs: {}, summary: '' };
  try {
    const outcome = await actionStep(source, { log: actionLog, events: engineEvents(actionLog), checks, retryWaits: options.retryWaits ?? RETRY_WAITS });
    if ('outputs' in outcome) written = { outputs: { ...outcome.outputs }, summary: outcome.summary };
    failures = outcome.failures;
  } catch (error) {
    failures = [`LoopKit failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  } finally {
    restoreEnv();
  }
  // What core.setFailed prints.
  for (const failure of failures) actionLog.error(failure);
  runner.restore();
  return {
    code: failures.length > 0 ? 1 : 0,
    stdout: runner.lines.join(''),
    stderr: '',
    ...written,
    state: open.size > 0 ? { 'open-check-runs': JSON.stringify([...open.values()]) } : {},
    env
  };
}

/**
 * The step in this process retries as often as on a runner, with waits of milliseconds instead of
 * seconds (the fakes answer at once), unless a test gives its own. A server's `retry-after` is
 * still waited out in full: tests assert that wait.
 */
const RETRY_WAITS = { githubDelayUnitMs: 5, modelBackoffMs: 5 };

/** What @actions/cache reads from process.env, and nothing else. */
const CACHE_ENV = ['ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'RUNNER_TEMP', 'GITHUB_SERVER_URL', 'GITHUB_WORKSPACE'];

function setProcessEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  return () => apply(saved);
}

/** The built action (dist/index.js), spawned as the runner starts it. */
export async function runBuiltAction(fakes: Fakes, options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(fakes.temp, 'step-'));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary');
  const statePath = join(dir, 'state');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  writeFileSync(statePath, '');
  const setting = stepSetting(fakes, options, dir);
  const env: Record<string, string> = {
    ...setting.env,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_STATE: statePath,
    ...Object.fromEntries(Object.entries(setting.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...options.env
  };
  const { code, stdout, stderr } = await spawnStep(DIST, env, options.workspace, options.stopWhen);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    state: parseOutputs(readFileSync(statePath, 'utf8')),
    env
  };
}

/** The action's post step (dist/post/index.js) after `main`, as the runner starts it: the same inputs, and STATE_<name> for what the main step saved. */
export async function runPost(main: ActionRun): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...main.env, ...Object.fromEntries(Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value])) };
  delete env.GITHUB_STATE;
  return spawnStep(DIST_POST, env, main.env.GITHUB_WORKSPACE ?? process.cwd());
}

async function spawnStep(
  script: string,
  env: Record<string, string>,
  cwd: string,
  stopWhen?: () => boolean
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script], { env, cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const poll = stopWhen ? setInterval(() => stopWhen() && child.kill('SIGTERM'), 20) : undefined;
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
  clearInterval(poll);
  return { code, stdout, stderr };
}

/** GITHUB_OUTPUT and GITHUB_STATE hold `name<<delimiter` blocks, as @actions/core writes them. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

/**
 * A `pull_request_review_comment` event: a maintainer's reply (`reply`, already added to the fake)
 * in the thread of `parent` on pull request `number` of octo/shop at `headSha`.
 */
export function maintainerReplyEvent(
  number: number,
  headSha: string,
  parent: { id: number; path: string; line?: number | null },
  reply: { id: number; body: string },
  login = 'maintainer'
): Record<string, unknown> {
  const fullName = 'octo/shop';
  return {
    action: 'created',
    comment: {
      id: reply.id,
      body: reply.body,
      path: parent.path,
      line: parent.line,
      in_reply_to_id: parent.id,
      user: { login, type: 'User' },
      author_association: 'MEMBER'
    },
    pull_request: {
      number,
      state: 'open',
      head: { sha: headSha, ref: 'feature', repo: { full_name: fullName } },
      base: { ref: 'main', repo: { full_name: fullName } }
    },
    repository: { id: 1296269, name: 'shop', full_name: fullName, owner: { login: 'octo', type: 'User' }, private: false, default_branch: 'main' },
    sender: { login, type: 'User' }
  };
}

export function pullRequestEvent(number: number, headSha: string, action = 'opened', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action,
    number,
    pull_request: { number, draft: false, head: { sha: headSha, ref: 'feature' }, base: { ref: 'main' }, ...extra },
    repository: { full_name: 'octo/shop', name: 'shop', owner: { login: 'octo' } }
  };
}
