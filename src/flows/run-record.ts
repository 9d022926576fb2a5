/**
 * The run record: what one step of LoopKit did, as JSON a workflow uploads as an artifact and
 * `loopkit logs` / `loopkit audit` read back. The zod schema below is the type. The record is
 * built by a RunRecorder, one RunObserver among those the event flow tells of each loop (the
 * OpenTelemetry trace is built from the same record): a loop's start, every model call with its
 * tool calls as it ends, and how the loop ended.
 *
 * What a record holds is chosen so it can be shared with anyone who can read the workflow's
 * artifacts: names, numbers, models, tokens, cost, durations, verdict counts, outcomes, and the
 * errors LoopKit reported; never a prompt, a model's answer, a tool's arguments (a digest) or its
 * result, nor a title or body a person or model wrote. The action redacts the run's secrets from it
 * before it is written.
 */
import { z } from 'zod';
import type { CallRecord } from '../engine/calls.js';
import { Task } from '../loop/schema.js';
import { providerOf } from '../providers/capabilities.js';
import type { LoopEnd, LoopObserver, RunObserver } from './adapters.js';
import type { Reported } from './kinds.js';
import type { LoopOutcome } from './skeleton.js';

export const RUN_RECORD_VERSION = 1;

export const ToolCallEntry = z.strictObject({
  tool: z.string(),
  /** The connector that served it. */
  source: z.string(),
  /** A digest of the arguments, never the arguments. */
  argsDigest: z.string(),
  bytes: z.number().int().nonnegative(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  ok: z.boolean(),
  error: z.string().optional()
});
export type ToolCallEntry = z.infer<typeof ToolCallEntry>;

export const Usage = z.strictObject({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  thinkingTokens: z.number().int().nonnegative()
});

export const CallEntry = z.strictObject({
  agent: z.string(),
  role: z.enum(['maker', 'checker']),
  provider: z.enum(['anthropic', 'openai']),
  model: z.string(),
  batch: z.number().int(),
  round: z.number().int(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  ok: z.boolean(),
  error: z.string().optional(),
  /** Model requests the call took (tool turns and a repair turn add one each). */
  turns: z.number().int().positive(),
  usage: Usage,
  costUsd: z.number().nonnegative(),
  tools: z.array(ToolCallEntry)
});
export type CallEntry = z.infer<typeof CallEntry>;

export const Verdicts = z.strictObject({
  confirmed: z.number().int().nonnegative(),
  refuted: z.number().int().nonnegative(),
  uncertain: z.number().int().nonnegative()
});
export type Verdicts = z.infer<typeof Verdicts>;

/** How a loop ended: its run's status, or that it did not run or crashed. */
export const LoopOutcomeName = z.enum(['complete', 'partial', 'failed', 'not-run', 'crashed']);
export type LoopOutcomeName = z.infer<typeof LoopOutcomeName>;

export const LoopRun = z.strictObject({
  loop: z.string(),
  task: Task,
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  outcome: LoopOutcomeName,
  /** Why it is not complete: LoopKit's own words. */
  reasons: z.array(z.string()),
  findings: z.number().int().nonnegative(),
  verified: z.number().int().nonnegative(),
  verdicts: Verdicts,
  tokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** What the loop wrote on GitHub, in words ("3 inline comments"); empty: nothing (a dry run). */
  written: z.array(z.string()),
  calls: z.array(CallEntry)
});
export type LoopRun = z.infer<typeof LoopRun>;

export const RunRecord = z.strictObject({
  version: z.literal(RUN_RECORD_VERSION),
  repository: z.string(),
  run: z.strictObject({ id: z.string(), attempt: z.string(), url: z.string().optional() }),
  event: z.strictObject({
    name: z.string(),
    action: z.string().optional(),
    pullRequest: z.number().int().optional(),
    issue: z.number().int().optional()
  }),
  sha: z.string().optional(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  loops: z.array(LoopRun)
});
export type RunRecord = z.infer<typeof RunRecord>;

/** What the record says about the event: its name and the numbers it is about, never its text. */
export function eventSummary(name: string, payload: Record<string, unknown>): RunRecord['event'] {
  const number = (value: unknown) => {
    const n = (value as { number?: unknown } | undefined)?.number;
    return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
  };
  const pull = number(payload.pull_request);
  const issue = number(payload.issue);
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  return { name, ...(action ? { action } : {}), ...(pull !== undefined ? { pullRequest: pull } : {}), ...(issue !== undefined ? { issue } : {}) };
}

/** A loop's outcome as the record and the trace keep it: numbers and LoopKit's words only. */
export function loopEnd(outcome: LoopOutcome<Reported>): LoopEnd {
  if (outcome.status === 'not-run') return { ...NOTHING, outcome: 'not-run', reasons: [outcome.reason] };
  if (outcome.status === 'crashed') return { ...NOTHING, ...(outcome.spent ?? {}), outcome: 'crashed', reasons: [outcome.reason] };
  const { ran } = outcome;
  const { status, reasons } = runOf(ran.section);
  return {
    outcome: status,
    reasons,
    findings: ran.findings,
    verified: ran.verified,
    verdicts: ran.verdicts,
    tokens: ran.tokens,
    costUsd: ran.costUsd,
    written: ran.written
  };
}

const NOTHING: Omit<LoopEnd, 'outcome' | 'reasons'> = {
  findings: 0,
  verified: 0,
  verdicts: { confirmed: 0, refuted: 0, uncertain: 0 },
  tokens: 0,
  costUsd: 0,
  written: []
};

function runOf(section: Reported['section']): { status: 'complete' | 'partial' | 'failed'; reasons: string[] } {
  if ('review' in section) return section.review;
  if ('triage' in section) return section.triage.result;
  return section.generic;
}

type RoundVerdicts = { batch: number; round: number } & Verdicts;

/**
 * The verdicts of a run: an item confirmed or refuted is not asked again, so those add up over the
 * rounds; an uncertain one is asked again in the next round, so only each batch's last round's count.
 */
export function verdictsOf(rounds: readonly RoundVerdicts[]): Verdicts {
  const last = new Map<number, RoundVerdicts>();
  for (const r of rounds) if ((last.get(r.batch)?.round ?? -Infinity) < r.round) last.set(r.batch, r);
  return {
    confirmed: rounds.reduce((n, r) => n + r.confirmed, 0),
    refuted: rounds.reduce((n, r) => n + r.refuted, 0),
    uncertain: [...last.values()].reduce((n, r) => n + r.uncertain, 0)
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A model call as the record keeps it: it ended `endedAt` (when the observer heard of it). */
export function callEntry(record: CallRecord, endedAt: number): CallEntry {
  return {
    agent: record.agent,
    role: record.role,
    provider: providerOf(record.model),
    model: record.model,
    batch: record.batch,
    round: record.round,
    startedAt: iso(endedAt - record.durationMs),
    durationMs: record.durationMs,
    ok: record.ok,
    ...(record.error !== undefined ? { error: record.error } : {}),
    turns: record.turns,
    usage: { ...record.usage },
    costUsd: record.costUsd,
    tools: record.tools.map((t) => ({
      tool: t.tool,
      source: t.source,
      argsDigest: t.argsDigest,
      bytes: t.bytes,
      startedAt: iso(t.startedAt),
      durationMs: t.durationMs,
      ok: t.ok,
      ...(t.error !== undefined ? { error: t.error } : {})
    }))
  };
}

/** Builds the run record from what the event flow tells it. */
export class RunRecorder implements RunObserver {
  readonly #loops: LoopRun[] = [];
  readonly #started: number;

  constructor(
    private readonly header: Omit<RunRecord, 'version' | 'startedAt' | 'durationMs' | 'loops'>,
    private readonly clock: { now(): number }
  ) {
    this.#started = clock.now();
  }

  loopStarted(loop: { name: string; task: Task }): LoopObserver {
    const started = this.clock.now();
    const calls: CallEntry[] = [];
    return {
      call: (record) => calls.push(callEntry(record, this.clock.now())),
      ended: (end) => {
        this.#loops.push({ loop: loop.name, task: loop.task, startedAt: iso(started), durationMs: this.clock.now() - started, ...end, calls });
      }
    };
  }

  /** The record as it stands: call it once the event flow has returned. */
  record(): RunRecord {
    return {
      version: RUN_RECORD_VERSION,
      ...this.header,
      startedAt: iso(this.#started),
      durationMs: this.clock.now() - this.#started,
      loops: [...this.#loops]
    };
  }
}
