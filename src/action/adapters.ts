/**
 * The flows' adapters as the action builds them: from its inputs and the runner's environment
 * (passed in, never read from process.env here), so a test builds the very same adapters around the
 * local fakes. The log, the engine's progress and the check tracker come from the caller: the
 * action's are backed by @actions/core (log.ts, open-checks.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { systemClock } from '../engine/budget.js';
import type { EngineEvents } from '../engine/calls.js';
import { redactorFromEnv, type Redactor } from '../guard/index.js';
import { apiUrlFromEnv, createOctokit, TokenIdentity, type CheckRunTracker } from '../github/index.js';
import { FileSystemLoopSource } from '../loop/index.js';
import type { Loop } from '../loop/schema.js';
import { createProvider, DEFAULT_MODEL } from '../providers/index.js';
import { createStore, DEFAULT_STATE_DIR, FolderCarrier, storeFolder, type StateStore } from '../state/index.js';
import type { CarriedFolders, FlowAdapters, FlowContext, FlowEvent, FlowLog, RetryWaits } from '../flows/adapters.js';
import type { EvalOutcome } from '../flows/eval.js';
import { runEvent, type EventOutcome } from '../flows/event.js';
import { eventSummary, RunRecorder } from '../flows/run-record.js';
import { otlpSettings, type OtlpSettings } from './otlp-settings.js';
import { runRecordPath, writeRunRecord } from './run-record.js';
import { InputError, readInputs, type ActionInputs, type InputSource } from './inputs.js';

export type RunnerEnv = Readonly<Record<string, string | undefined>>;

export interface RunnerParts {
  inputs: ActionInputs;
  env: RunnerEnv;
  log: FlowLog;
  events: EngineEvents;
  checks?: CheckRunTracker;
  /** Hides a secret in the runner's log (core.setSecret): an MCP connector's `${{ secrets.X }}` values. */
  mask?: (secret: string) => void;
  /** Shorter waits between the clients' retries than their own defaults; the action passes none, tests do. */
  retryWaits?: RetryWaits;
}

/** The event flow's outcome, and the step's own output: where the run record is (empty when it could not be written). */
export type StepOutcome = Omit<EventOutcome, 'outputs'> & { outputs: EventOutcome['outputs'] & { 'run-record': string } };

/**
 * The action's step without @actions/core: its inputs read from `source`, the event flow run with
 * the adapters built from them, its run record written (action/run-record.ts) and, when the
 * environment names an OTLP endpoint, its trace exported (action/trace.ts, loaded only then). What
 * it answers is the entry's to write; a bad input is the one failure with nothing else to write.
 */
export async function actionStep(source: InputSource, parts: Omit<RunnerParts, 'inputs' | 'env'>): Promise<StepOutcome | EvalOutcome | { failures: string[] }> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(source);
  } catch (error) {
    if (error instanceof InputError) return { failures: [error.message] };
    throw error;
  }
  const { ctx, adapters, redactor, runnerTemp, otlp } = runnerFlow({ ...parts, inputs, env: source.env });
  // The evaluation's code is loaded only by a run in eval mode; its report is its record.
  if (inputs.eval) {
    const evaluation = await (await import('./eval-step.js')).evalStep(ctx, adapters, { inputs, evaluation: inputs.eval, env: source.env, redactor });
    return redactor.redactValue(evaluation, 'the job summary or the outputs');
  }
  const recorder = new RunRecorder(
    {
      repository: `${ctx.owner}/${ctx.repo}`,
      run: { ...ctx.run, ...(ctx.runUrl ? { url: ctx.runUrl } : {}) },
      event: eventSummary(ctx.event.name, ctx.event.payload),
      ...(ctx.sha ? { sha: ctx.sha } : {})
    },
    adapters.clock
  );
  const outcome = await runEvent(ctx, { ...adapters, observer: recorder });
  // An artifact and a tracing service are read by more people than the run's log.
  const record = redactor.redactValue(recorder.record(), 'the run record');
  const path = await writeRunRecord(runRecordPath(runnerTemp, record.run, source.env.GITHUB_ACTION), record, adapters.log);
  if (otlp) await (await import('./trace.js')).exportTrace(record, otlp, adapters.log);
  // The job summary, the outputs and the failures are read by people and later steps.
  return redactor.redactValue({ ...outcome, outputs: { ...outcome.outputs, 'run-record': path } }, 'the job summary or the outputs');
}

/**
 * The run's secrets: the tokens and keys of the inputs, every secret of the environment
 * (redactorFromEnv, as the CLI's), and (as the MCP connectors resolve them) each connector's
 * `${{ secrets.X }}`. A secret found in what is
 * about to leave is warned about in `log`.
 */
function runSecrets(inputs: ActionInputs, env: RunnerEnv, log: FlowLog): Redactor {
  return redactorFromEnv(env, { warn: (message) => log.warn(message), values: [inputs.githubToken, inputs.anthropicApiKey, inputs.openaiApiKey] });
}

/** The log and the engine's progress with the run's secrets taken out, in every form the runner's masking does not know. */
function redactedLog(log: FlowLog, redactor: Redactor): FlowLog {
  const clean = (message: string) => redactor.redact(message);
  return {
    debug: (m) => log.debug(clean(m)),
    info: (m) => log.info(clean(m)),
    warn: (m, at) => log.warn(clean(m), at),
    error: (m, at) => log.error(clean(m), at),
    notice: (m) => log.notice(clean(m)),
    group: (name, body) => log.group(clean(name), body)
  };
}

function redactedEvents(events: EngineEvents, redactor: Redactor): EngineEvents {
  return {
    info: (m) => events.info(redactor.redact(m)),
    warning: (m) => events.warning(redactor.redact(m)),
    call: (record) => events.call(redactor.redactValue(record))
  };
}

/** A store whose saved documents hold no secret of the run: a cache entry can be restored by any later run on the ref. */
function redactedStore(store: StateStore, redactor: Redactor): StateStore {
  return {
    kind: store.kind,
    load: (key) => store.load(key),
    save: (key, doc) => store.save(key, redactor.redactValue(doc, 'the state LoopKit saves')),
    ...(store.warmUp ? { warmUp: () => store.warmUp!() } : {})
  };
}

export function runnerFlow(parts: RunnerParts): { ctx: FlowContext; adapters: FlowAdapters; redactor: Redactor; runnerTemp: string; otlp?: OtlpSettings } {
  const { inputs, env, checks } = parts;
  const redactor = runSecrets(inputs, env, parts.log);
  const log = redactedLog(parts.log, redactor);
  const events = redactedEvents(parts.events, redactor);
  const mask = (secret: string) => parts.mask?.(secret);
  // The OTLP headers carry the tracing service's key (the redactor knows them already): hidden from the runner's log too.
  const { settings: otlp, problem } = otlpSettings(env);
  for (const value of Object.values(otlp?.headers ?? {})) mask(value);
  if (problem) log.warn(problem);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const runnerTemp = env.RUNNER_TEMP || tmpdir();
  const event = readEvent(env, inputs, log);
  // Outside a runner there is simply no repository.
  const [owner = '', repo = ''] = env.GITHUB_REPOSITORY?.split('/') ?? [];
  const runUrl = env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const run = { id: env.GITHUB_RUN_ID ?? 'local', attempt: env.GITHUB_RUN_ATTEMPT ?? '1' };
  const waits = parts.retryWaits ?? {};
  const github = inputs.githubToken
    ? createOctokit({
        token: inputs.githubToken,
        baseUrl: apiUrlFromEnv(env),
        log,
        redactor,
        ...(waits.githubDelayUnitMs !== undefined ? { retry: { delayUnitMs: waits.githubDelayUnitMs } } : {})
      })
    : undefined;
  const ctx: FlowContext = {
    owner,
    repo,
    ...(runUrl ? { runUrl } : {}),
    run,
    event,
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    refs: restorableRefs(env, event),
    settings: {
      defaultModel: inputs.model ?? DEFAULT_MODEL,
      failOn: inputs.failOn,
      ...(inputs.maxComments !== undefined ? { maxComments: inputs.maxComments } : {}),
      minLrs: inputs.minLrs,
      write: !inputs.dryRun,
      config: inputs.config
    }
  };
  const adapters: FlowAdapters = {
    // Who LoopKit is on GitHub, learnt once: only its own comments' markers are believed.
    ...(github ? { github, identity: new TokenIdentity(github) } : {}),
    providerFor: (loaded) =>
      createProvider({
        loaded,
        defaultModel: inputs.model ?? DEFAULT_MODEL,
        keys: { anthropic: inputs.anthropicApiKey, openai: inputs.openaiApiKey },
        env,
        dryRun: inputs.dryRun,
        redactor,
        ...(waits.modelBackoffMs !== undefined ? { retryBackoffMs: waits.modelBackoffMs } : {})
      }),
    // The Actions cache unless the loop says otherwise, bounded in time.
    stateFor: (memory) => {
      const store = createStore(memory, { fallback: 'cache', baseDir: workspace, cacheWorkDir: runnerTemp, cacheTimeoutMs: inputs.cacheTimeoutMs });
      store.warmUp?.();
      return redactedStore(store, redactor);
    },
    carryFolders: (loops) => carryMemoryFolders(loops, { workspace, runnerTemp, run, timeoutMs: inputs.cacheTimeoutMs, log }),
    loops: new FileSystemLoopSource(workspace),
    clock: systemClock,
    log,
    events,
    ...(checks ? { checks } : {}),
    tools: { checkout: workspace, env, mask, redactor, clientVersion: pkg.version }
  };
  return { ctx, adapters, redactor, runnerTemp, ...(otlp ? { otlp } : {}) };
}

/** The event as the runner hands it over: GITHUB_EVENT_NAME, and the webhook payload in the file at GITHUB_EVENT_PATH. */
function readEvent(env: RunnerEnv, inputs: ActionInputs, log: FlowLog): FlowEvent {
  const path = env.GITHUB_EVENT_PATH;
  let payload: Record<string, unknown> = {};
  if (path && existsSync(path)) payload = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  else if (path) log.warn(`GITHUB_EVENT_PATH ${path} does not exist`);
  return { name: env.GITHUB_EVENT_NAME ?? '', payload, ...(inputs.loop ? { only: inputs.loop } : {}) };
}

const RepositoryPayload = z.object({ repository: z.object({ default_branch: z.string().min(1) }) });

/**
 * The refs whose Actions cache entries this run can restore: its own and the default branch's.
 * Empty when neither is known, which lets the triage state be looked for on any ref.
 */
function restorableRefs(env: RunnerEnv, event: FlowEvent): string[] {
  const repository = RepositoryPayload.safeParse(event.payload);
  const refs = [env.GITHUB_REF, repository.success ? `refs/heads/${repository.data.repository.default_branch}` : undefined];
  return [...new Set(refs.filter((r): r is string => typeof r === 'string' && r !== ''))];
}

/**
 * Restores the folder of every filesystem store among `loops` from the Actions cache (each folder
 * once, however many loops share it) and answers the step that saves them after the loops ran.
 */
async function carryMemoryFolders(
  loops: readonly Loop[],
  where: { workspace: string; runnerTemp: string; run: FlowContext['run']; timeoutMs: number; log: FlowLog }
): Promise<CarriedFolders> {
  const { log } = where;
  const folders = new Map<string, string>();
  for (const { memory } of loops) if (memory?.store === 'filesystem') folders.set(storeFolder(memory, where.workspace), memory.path ?? DEFAULT_STATE_DIR);
  const carriers = [...folders].map(
    ([folder, name]) =>
      new FolderCarrier(folder, { name, runId: where.run.id, runAttempt: where.run.attempt }, where.runnerTemp, { timeoutMs: where.timeoutMs })
  );
  await Promise.all(
    carriers.map(async (c) => {
      const { key, warning } = await c.restore();
      if (warning) log.warn(warning);
      else log.info(key ? `memory folder ${c.folder} restored from the Actions cache (${key})` : `memory folder ${c.folder}: no earlier run saved it`);
    })
  );
  return {
    save: async () => {
      await Promise.all(
        carriers.map(async (c) => {
          const { key, warning } = await c.save();
          if (warning) log.warn(warning);
          if (key) log.info(`memory folder ${c.folder} saved to the Actions cache (${key})`);
        })
      );
    }
  };
}
