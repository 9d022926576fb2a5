/**
 * One loop, whatever its kind, in four steps: start (its check run, the reads that do not depend on
 * each other) → restore (its state, record and plan) → run (the rounds runner, with the loop's
 * tools, skills and recalled notes) → publish (its writes, state, summary and check). A kind
 * (flows/kinds.ts) brings only what is its own to each step; what every kind shares — the token,
 * the blockers, the provider, the notes, the tool connectors, a required connector that failed, and
 * the guard that turns an unexpected error into an honest outcome — is here, once.
 *
 * The outcome is a union: the loop ran, did not run (and why), or crashed (and what was kept). A
 * crash still closes the check the loop opened as neutral, so the event flow can write the job
 * summary and run the next loop.
 */
import type { Clock, Pricing } from '../engine/budget.js';
import type { EngineEvents } from '../engine/calls.js';
import type { Gate } from '../engine/gate.js';
import { GitHubRepositoryReader, type GitHub, type TokenIdentity } from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { Agent } from '../loop/schema.js';
import type { LrsReport } from '../lrs/index.js';
import { pricing } from '../providers/cost-model.js';
import type { ModelProvider } from '../providers/types.js';
import { recall, type StateDocument } from '../state/index.js';
import type { AgentTools, RepositoryReader } from '../tools/index.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
import { openTools } from './tools.js';

/** A step's way of saying the loop stops here: why, and what its check says (the not-run gate unless given). */
export interface NotRun {
  notRun: string;
  gate?: Gate;
  /** The check's summary after its title. */
  detail?: string;
}

export function notRun(reason: string, more: Omit<NotRun, 'notRun'> = {}): NotRun {
  return { notRun: reason, ...more };
}

function isNotRun(value: unknown): value is NotRun {
  return typeof value === 'object' && value !== null && 'notRun' in value;
}

/** A check run a loop opened; closing it never throws (a failure is a warning in the log). */
export interface LoopCheck {
  close(gate: Gate, detail?: string): Promise<void>;
}

/** What a loop holds open that must be closed whatever happens: its check run, once it has one. */
export interface Held {
  check?: LoopCheck;
}

/** What a kind reads and writes through; at least the repository its tools read commits from. */
export interface Connection {
  repository: RepositoryReader;
}

/** GitHub as the token sees it: what the triage and generic kinds (and the review, in the action) use. */
export interface GitHubConnection extends Connection {
  github: GitHub;
  identity: TokenIdentity;
}

/** GitHub from the adapters, or undefined when there is no token. */
export function viaGitHub(ctx: FlowContext, adapters: FlowAdapters): GitHubConnection | undefined {
  const { github, identity } = adapters;
  if (!github || !identity) return undefined;
  return { github, identity, repository: new GitHubRepositoryReader(github, { owner: ctx.owner, repo: ctx.repo }) };
}

/** Everything a kind's step is given: the run, and what the kind connected to. */
export type KindRun<A, C extends Connection = GitHubConnection> = {
  ctx: FlowContext;
  adapters: FlowAdapters;
  loaded: LoadedLoop;
  report: LrsReport;
  args: A;
  held: Held;
} & C;

/** The rounds runner's input every kind shares; the kind adds what it reviews, triages or reads. */
export interface RunnerInput {
  loaded: LoadedLoop;
  provider: ModelProvider;
  pricing: Pricing;
  defaultModel: string;
  events: EngineEvents;
  clock: Clock;
  memoryNotes?: string[];
  tools?: (agent: Agent) => AgentTools | undefined;
}

/** What restore hands on: the state whose notes are recalled for the agents (none: only the notes file). */
export interface Restored {
  notes?: Pick<StateDocument, 'notes'>;
}

export interface Published<P> {
  ran: P;
  /** The job summary's section of learned notes the loop's notes file does not hold yet. */
  notesSummary?: string;
}

/**
 * One loop kind: its own part of each step. `A`: what routing gives it; `S`: what start read;
 * `R`: what restore found; `X`: the rounds runner's result; `P`: what it reports having done.
 */
export interface LoopKind<A, S, R extends Restored, X, P, C extends Connection = GitHubConnection> {
  /** What the loop reads, for "no github-token: LoopKit cannot read …". */
  reads: string;
  /** What the kind reads and writes through (viaGitHub for most); undefined: there is no token. */
  connect(ctx: FlowContext, adapters: FlowAdapters, args: A): C | undefined;
  /** The gate of a loop that did not run, as its check shows it. */
  notRunGate(reason: string): Gate;
  start(run: KindRun<A, C>): Promise<S | NotRun>;
  /** Why there is no provider, as this kind says it; absent: the provider's reason. */
  noProvider?(started: S, reason: string): string;
  restore(run: KindRun<A, C>, started: S): Promise<R | NotRun>;
  /** The commits the repository tools read; undefined: the run is about none. */
  commits(run: KindRun<A, C>, started: S): { head: string; base?: string } | undefined;
  run(run: KindRun<A, C>, started: S, restored: R, input: RunnerInput): Promise<X>;
  /** The result of a run whose required tool connector could not be opened: never one that passes. */
  withoutTools(run: KindRun<A, C>, result: X, reason: string): X;
  publish(run: KindRun<A, C>, started: S, restored: R, result: X, notesSummary: string | undefined): Promise<Published<P>>;
  /** What the rounds runner spent, kept when the loop crashes after it answered. */
  spent(result: X): Spent;
}

export interface Spent {
  tokens: number;
  costUsd: number;
}

export type LoopOutcome<P> =
  | { status: 'ran'; loop: string; ran: P; notesSummary?: string }
  | { status: 'not-run'; loop: string; reason: string; gate?: Gate }
  | {
      status: 'crashed';
      loop: string;
      reason: string;
      /** LoopKit's own error, with its stack: it fails the step. */
      error: string;
      /** What the rounds runner had spent when the crash came, if it had answered. */
      spent?: Spent;
    };

export async function runKind<A, S, R extends Restored, X, P, C extends Connection>(
  kind: LoopKind<A, S, R, X, P, C>,
  ctx: FlowContext,
  adapters: FlowAdapters,
  given: { loaded: LoadedLoop; report: LrsReport; args: A }
): Promise<LoopOutcome<P>> {
  const { loaded, report } = given;
  const loop = loaded.loop;
  const { log } = adapters;
  const held: Held = {};
  const stop = async ({ notRun: reason, gate = kind.notRunGate(reason), detail }: NotRun): Promise<LoopOutcome<P>> => {
    if (gate.conclusion === 'neutral') log.notice(`${loop.name}: not run: ${reason}`);
    await held.check?.close(gate, detail);
    return { status: 'not-run', loop: loop.name, reason, gate };
  };
  const connection = kind.connect(ctx, adapters, given.args);
  if (!connection) return stop(notRun(`no github-token: LoopKit cannot read ${kind.reads}`));
  const run: KindRun<A, C> = { ctx, adapters, loaded, report, args: given.args, held, ...connection };
  let answered: X | undefined;
  // Whatever goes wrong from here on, the check must not stay in progress or claim a verdict, and the other loops still run.
  try {
    const started = await kind.start(run);
    if (isNotRun(started)) return await stop(started);
    if (report.blockers.length > 0) return await stop(notRun(`the loop has blockers (${report.blockers.map((b) => b.message).join('; ')})`));
    const made = adapters.providerFor(loaded);
    if (!made.ok) return await stop(notRun(kind.noProvider ? kind.noProvider(started, made.reason) : made.reason));
    const restored = await kind.restore(run, started);
    if (isNotRun(restored)) return await stop(restored);

    // What maintainers taught the loop (and the notes file people keep), for its agents.
    const recalled = await recall(loop.memory, restored.notes ?? { notes: [] }, adapters.loops);
    if (recalled.warning) log.warn(recalled.warning);
    // The loop's tool connectors, open while the agents answer; a required one that failed makes the run partial.
    const tools = await openTools(loaded, adapters, connection.repository, kind.commits(run, started));
    const result = await kind
      .run(run, started, restored, {
        loaded: tools?.loaded ?? loaded,
        provider: made.provider,
        pricing,
        defaultModel: ctx.settings.defaultModel,
        events: adapters.events,
        clock: adapters.clock,
        ...(recalled.notes.length > 0 ? { memoryNotes: recalled.notes } : {}),
        ...(tools ? { tools: tools.toolsFor } : {})
      })
      .finally(() => tools?.close());
    answered = tools?.partialReason ? kind.withoutTools(run, result, tools.partialReason) : result;
    const published = await kind.publish(run, started, restored, answered, recalled.summary);
    return { status: 'ran', loop: loop.name, ran: published.ran, ...(published.notesSummary ? { notesSummary: published.notesSummary } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await held.check?.close(kind.notRunGate(`LoopKit failed unexpectedly (${message})`));
    return {
      status: 'crashed',
      loop: loop.name,
      reason: `failed unexpectedly: ${message}`,
      error: `LoopKit failed while running ${loop.name}: ${error instanceof Error ? (error.stack ?? message) : message}`,
      ...(answered !== undefined ? { spent: kind.spent(answered) } : {})
    };
  }
}
