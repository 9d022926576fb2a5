/**
 * What every loop kind's run shares around its rounds: the meter and the call runner, how many
 * batches the caps can pay for, the labels the loop may apply, and the spend and status it reports.
 */
import type { LoadedLoop } from '../loop/load.js';
import type { Effort, Outputs, Severity } from '../loop/schema.js';
import { modelOf } from '../providers/capabilities.js';
import { affordableBatches as affordable, outputAllowance } from '../providers/cost-model.js';
import type { ModelProvider, Usage } from '../providers/types.js';
import { BudgetMeter, systemClock, type Clock, type Pricing } from './budget.js';
import { CallRunner, silentEvents, type CallRecord, type EngineEvents } from './calls.js';
import { emptyState, type AgentFailure, type RoundItem, type RoundsState } from './rounds.js';
import type { CheckerVerdict } from './verdicts.js';

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** What the inputs of every loop kind give for running its calls. */
export interface RunInput {
  loaded: LoadedLoop;
  provider: ModelProvider;
  pricing: Pricing;
  defaultModel: string;
  clock?: Clock;
  events?: EngineEvents;
  concurrency?: number;
  /** How long calls wait for the first call on a shared prefix to start answering (see CallRunner). */
  warmWaitMs?: number;
}

/** A loop kind's defaults for its calls, unless an agent or the loop says otherwise. */
export interface CallDefaults {
  effort: { maker: Effort; checker: Effort };
  makerOutputTokens: number;
  checkerOutputTokens: number;
}

/** The end of every loop kind's result: who failed, every call, and what it all cost. */
export interface RunSpend {
  failures: AgentFailure[];
  calls: CallRecord[];
  usage: Usage;
  tokens: number;
  costUsd: number;
  durationMs: number;
}

export interface Run<I extends RoundItem> {
  meter: BudgetMeter;
  runner: CallRunner;
  events: EngineEvents;
  state: RoundsState<I>;
}

export function startRun<I extends RoundItem>(input: RunInput): Run<I> {
  const events = input.events ?? silentEvents;
  const meter = new BudgetMeter(input.loaded.loop.budget ?? {}, input.pricing, input.clock ?? systemClock);
  return { meter, runner: new CallRunner(input.provider, meter, events, input.concurrency ?? 8, input.warmWaitMs), events, state: emptyState<I>() };
}

/** Failed when every maker call failed, partial when anything fell short, else complete. */
export function statusOf(run: Run<RoundItem>): 'complete' | 'partial' | 'failed' {
  const makerCalls = run.runner.records.filter((r) => r.role === 'maker');
  if (makerCalls.length > 0 && makerCalls.every((r) => !r.ok)) return 'failed';
  return run.state.reasons.size > 0 ? 'partial' : 'complete';
}

export function spendOf(run: Run<RoundItem>): RunSpend {
  const spent = run.meter.spent();
  return {
    failures: run.state.failures,
    calls: run.runner.records,
    usage: spent.usage,
    tokens: spent.tokens,
    costUsd: spent.costUsd,
    durationMs: run.meter.elapsedMs()
  };
}

/** The escalation fields of a result. */
export function escalationOf(run: Run<RoundItem>): { escalated: boolean; escalation?: string } {
  return { escalated: run.state.escalations.length > 0, ...(run.state.escalations.length > 0 ? { escalation: run.state.escalations.join('; ') } : {}) };
}

/** How many batches of `sharedTokens` the caps can pay for at one round each, so a large input ends within budget. */
export function affordableBatches(input: RunInput, sharedTokens: number, defaults: CallDefaults): number {
  const { loaded } = input;
  const loop = loaded.loop;
  const makers = loaded.makers.length > 0 ? loaded.makers : [undefined];
  const outputs = [
    ...makers.map((m) => outputAllowance(m?.maxOutputTokens ?? defaults.makerOutputTokens, m?.effort ?? loop.effort ?? defaults.effort.maker)),
    ...loaded.checkers.map((c) => outputAllowance(c.maxOutputTokens ?? defaults.checkerOutputTokens, c.effort ?? loop.effort ?? defaults.effort.checker))
  ];
  return affordable(loop.budget ?? {}, input.pricing.rates(modelOf(undefined, loop, input.defaultModel).model), { sharedTokens, outputs });
}

/** The labels a loop may apply, resolved against the repository's. */
export interface LabelPolicy {
  /** Allowed label (lower case) → the name to apply: the repository's spelling when it has it. */
  labels: Map<string, string>;
  /** Allowed labels the repository does not have, which the loop may not create. */
  missingLabels: Set<string>;
}

export function labelPolicy(outputs: Outputs | undefined, repoLabels: readonly string[]): LabelPolicy {
  const existing = new Map(repoLabels.map((l) => [l.toLowerCase(), l] as const));
  const labels = new Map<string, string>();
  const missingLabels = new Set<string>();
  for (const name of outputs?.labels?.allowed ?? []) {
    const known = existing.get(name.toLowerCase());
    if (known) labels.set(name.toLowerCase(), known);
    else if (outputs?.labels?.create) labels.set(name.toLowerCase(), name);
    else missingLabels.add(name.toLowerCase());
  }
  return { labels, missingLabels };
}

/** Why a label may not be applied whatever the checker says, or undefined. */
export function labelRefusal(policy: LabelPolicy, label: string): string | undefined {
  const key = label.toLowerCase();
  if (policy.missingLabels.has(key)) return 'the repository has no such label and `outputs.labels.create` is false';
  if (!policy.labels.has(key)) return 'not in `outputs.labels.allowed`';
  return undefined;
}

/** The checkers' severity for an item they agree is real but overstated: lower, never higher. */
export function lowered(severity: Severity, verdict: CheckerVerdict): Severity {
  return verdict.severity && SEVERITY_ORDER.indexOf(verdict.severity) > SEVERITY_ORDER.indexOf(severity) ? verdict.severity : severity;
}
