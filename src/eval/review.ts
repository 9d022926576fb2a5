/**
 * One loop on one benchmark pull request, as the action reviews it (flows/review.ts): the same
 * engine, the pull request and head files as GitHub gives them, the loop's tool connectors open
 * while the agents answer, its notes file, its own budgets. What differs is what an evaluation needs: the whole
 * pull request every time (no earlier review of it counts), nothing posted, no state kept.
 */
import type { Clock } from '../engine/budget.js';
import type { EngineEvents } from '../engine/calls.js';
import { runReview, type ReviewResult } from '../engine/review.js';
import type { LoadedLoop } from '../loop/load.js';
import type { Agent } from '../loop/schema.js';
import { pricing } from '../providers/cost-model.js';
import type { ModelProvider } from '../providers/types.js';
import type { AgentTools } from '../tools/types.js';
import type { BenchCase } from './bench.js';
import type { CaseData } from './cases.js';

/** A loop under evaluation: `file` as given (or found), `label` what the report calls it. */
export interface EvalLoop {
  loaded: LoadedLoop;
  file: string;
  label: string;
}

/** The loop's tool connectors for one pull request (the action's openTools, given by the CLI). */
export interface OpenedTools {
  toolsFor: (agent: Agent) => AgentTools | undefined;
  loaded: LoadedLoop;
  partialReason?: string;
  close(): Promise<void>;
}

export interface ReviewAdapters {
  providerFor(loaded: LoadedLoop): { ok: true; provider: ModelProvider } | { ok: false; reason: string };
  openTools?(loaded: LoadedLoop, kase: BenchCase, commits: { head: string; base: string }): Promise<OpenedTools | undefined>;
  /** The notes the loop's agents are given (its `memory.notesFile`), as the action recalls them; nothing learned is kept between evaluations. */
  notesFor?(loaded: LoadedLoop): Promise<string[]>;
  defaultModel: string;
  events: EngineEvents;
  clock: Clock;
}

export type Reviewer = (loop: EvalLoop, kase: BenchCase, data: CaseData) => Promise<ReviewResult>;

export function loopReviewer(adapters: ReviewAdapters): Reviewer {
  return async (loop, kase, { pr, reader }) => {
    const made = adapters.providerFor(loop.loaded);
    if (!made.ok) throw new Error(made.reason);
    const notes = (await adapters.notesFor?.(loop.loaded)) ?? [];
    const tools = await adapters.openTools?.(loop.loaded, kase, { head: pr.headSha, base: pr.baseSha });
    const result = await runReview({
      loaded: tools?.loaded ?? loop.loaded,
      pr,
      reader,
      provider: made.provider,
      pricing,
      defaultModel: adapters.defaultModel,
      events: adapters.events,
      clock: adapters.clock,
      ...(notes.length > 0 ? { memoryNotes: notes } : {}),
      ...(tools ? { tools: tools.toolsFor } : {})
    }).finally(() => tools?.close());
    // As in the action: a required connector that could not be opened makes the review partial.
    return tools?.partialReason
      ? { ...result, status: result.status === 'failed' ? 'failed' : 'partial', reasons: [...result.reasons, tools.partialReason] }
      : result;
  };
}
