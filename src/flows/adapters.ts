/**
 * What a flow is given. A flow (review, triage, the event dispatch) decides what to read, run and
 * write; everything it touches outside the process comes through these narrow interfaces, built by
 * its entry: the action (src/action/main.ts, from inputs and the runner's environment, logging with
 * @actions/core), the CLI (from flags and the shell's environment, printing to the terminal), or a
 * test (the local fakes over real HTTP, a log that records). Flows never import @actions/core and
 * never read process.env.
 */
import type { Clock } from '../engine/budget.js';
import type { Redactor } from '../guard/index.js';
import type { CallRecord, EngineEvents } from '../engine/calls.js';
import type { CheckRunTracker, GitHub, TokenIdentity } from '../github/index.js';
import type { LoopFileSource } from '../loop/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { Loop, Memory, Severity, Task } from '../loop/schema.js';
import type { Created } from '../providers/create.js';
import type { StateStore } from '../state/index.js';
import type { LoopRun } from './run-record.js';

/**
 * Shorter waits between the clients' retries than their own defaults, given by an entry's caller:
 * the action and the CLI pass none, tests do (the fakes answer at once). A server's `retry-after`
 * is always waited out in full.
 */
export interface RetryWaits {
  /** GitHub's waits before retrying a 5xx grow as (attempt²) × this (client.ts `retry.delayUnitMs`). */
  githubDelayUnitMs?: number;
  /** The model SDKs' wait before a retry the API gave no `retry-after` for (model-api.ts `retryBackoffMs`). */
  modelBackoffMs?: number;
}

/** Where a line of a file is meant (a loop file's problem): the action makes it an annotation, the CLI prints it. */
export interface FlowLocation {
  file: string;
  startLine?: number;
  startColumn?: number;
  title?: string;
}

/**
 * The run's log. Messages are plain text: the entry escapes them for where they go (the runner's
 * workflow commands, a terminal). `warn` and `error` may name a place in a file. A superset of the
 * GitHub client's logger, so the same object serves both.
 */
export interface FlowLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, at?: FlowLocation): void;
  error(message: string, at?: FlowLocation): void;
  /** Something a person should see without reading the log (a loop that did not run, and why). */
  notice(message: string): void;
  /** A foldable section of the log around `body`. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
}

/**
 * What a loop's tool connectors need from outside the process: the checkout whose git objects the
 * repository tools read, the step's environment where `${{ secrets.X }}` of an MCP connector is
 * looked up, how a secret is hidden from the log, the run's Redactor and the version the MCP client tells servers.
 */
export interface ToolEnvironment {
  checkout?: string;
  env: Readonly<Record<string, string | undefined>>;
  mask(secret: string): void;
  /** The run's secrets: a connector's are added as they are resolved, and every text a server sends is redacted with all of them. */
  redactor: Redactor;
  clientVersion: string;
}

/** The Actions cache folders that carry loops' `memory.store: filesystem` between runs. */
export interface CarriedFolders {
  save(): Promise<void>;
}

/** How a loop ended, as the run record and the trace keep it (flows/run-record.ts `loopEnd`). */
export type LoopEnd = Omit<LoopRun, 'loop' | 'task' | 'startedAt' | 'durationMs' | 'calls'>;

/** Watches one loop run: every model call (with its tool calls) as it ends, then how the loop ended. */
export interface LoopObserver {
  call(record: CallRecord): void;
  ended(end: LoopEnd): void;
}

/**
 * Watches the loops an event runs, one after the other: the run record (flows/run-record.ts), and
 * through it the OpenTelemetry trace. Told of calls by the event flow, which tees the engine's events.
 */
export interface RunObserver {
  loopStarted(loop: { name: string; task: Task }): LoopObserver;
}

export interface FlowAdapters {
  /** GitHub as the token sees it; absent: no token, nothing on GitHub can be read or written. */
  github?: GitHub;
  /** Who LoopKit is on GitHub (present with `github`): only its own comments' markers are believed. */
  identity?: TokenIdentity;
  /** The model provider for one loop (the dry run, or the vendors its agents name), or why there is none. */
  providerFor(loaded: LoadedLoop): Created;
  /** The store a loop's state lives in, from its `memory:` (the action: the Actions cache unless it says otherwise). */
  stateFor(memory: Memory | undefined): StateStore;
  /** Restores the folders of the loops that keep memory in one, and answers the step that saves them; absent: nothing is carried. */
  carryFolders?(loops: readonly Loop[]): Promise<CarriedFolders>;
  /** Where the loop files (and the files they name) are read: the checkout; the event flow swaps in the base commit's for a pull request from a fork. */
  loops: LoopFileSource;
  clock: Clock;
  log: FlowLog;
  /** The engine's progress: every model call as it ends. */
  events: EngineEvents;
  /** Told of every check run created and completed, so the post step can complete one left in progress. */
  checks?: CheckRunTracker;
  /** Told of each loop run, its model and tool calls and how it ended; absent: nobody keeps a record. */
  observer?: RunObserver;
  /** What tool connectors (repository, MCP) need; absent: a loop's tool connectors are not opened, and the log says so. */
  tools?: ToolEnvironment;
}

/** The event a run answers: the webhook's name and payload (GITHUB_EVENT_NAME and GITHUB_EVENT_PATH in the action). */
export interface FlowEvent {
  name: string;
  payload: Record<string, unknown>;
  /** Run only this loop (the action's `loop` input). */
  only?: string;
}

/** The run's settings: the action's inputs, the CLI's flags. */
export interface FlowSettings {
  /** The model of agents that name none. */
  defaultModel: string;
  failOn: Severity | 'none';
  /** Inline comments per review at most (overrides the loop's `outputs.review.maxComments`). */
  maxComments?: number;
  /** The LoopKit LRS check fails below this score. */
  minLrs: number;
  /** False: nothing is written to GitHub or saved (a dry run; the CLI without `--post`); the flows print what they would do. */
  write: boolean;
  /** The loop config file (`loopkit.yaml`). */
  config: string;
}

export interface FlowContext {
  owner: string;
  repo: string;
  /** This run's page, linked from checks and comments. */
  runUrl?: string;
  /** Names the state entries this run saves (Actions cache entries cannot be overwritten): GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, `local` and `1` elsewhere. */
  run: { id: string; attempt: string };
  /** What started the run (the CLI, run by hand, names a `workflow_dispatch` with no payload). */
  event: FlowEvent;
  /** The event's commit (GITHUB_SHA): where a generic loop's check goes when the event names no other (a release, a schedule). */
  sha?: string;
  /** Refs whose Actions cache entries this run can restore: its own and the default branch's; empty when neither is known. */
  refs: string[];
  settings: FlowSettings;
}
