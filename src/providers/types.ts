/**
 * The one interface between the engine and a model. The engine builds prompts and a structured
 * task; a provider turns them into a call (Anthropic or OpenAI over HTTP, or the deterministic
 * dry run) and returns the agent's answer validated against its zod schema, with usage.
 */
import type { z } from 'zod';
import type { TaskFile } from '../diff/types.js';
import type { Effort, ProviderName } from '../loop/schema.js';
import type { AgentTools, ToolCallRecord } from '../tools/types.js';
import type { TriageProposal } from '../answers/triage.js';

export interface Usage {
  inputTokens: number;
  /** Everything the model wrote, thinking included (billed at the output rate). */
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** The part of `outputTokens` spent thinking (reasoning), when the API says. */
  thinkingTokens: number;
}

export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    thinkingTokens: a.thinkingTokens + b.thinkingTokens
  };
}

/** What `a` used beyond `b` (the turns of a call not yet settled, from the call's total). */
export function usageBeyond(a: Usage, b: Usage): Usage {
  return {
    inputTokens: Math.max(0, a.inputTokens - b.inputTokens),
    outputTokens: Math.max(0, a.outputTokens - b.outputTokens),
    cacheWriteTokens: Math.max(0, a.cacheWriteTokens - b.cacheWriteTokens),
    cacheReadTokens: Math.max(0, a.cacheReadTokens - b.cacheReadTokens),
    thinkingTokens: Math.max(0, a.thinkingTokens - b.thinkingTokens)
  };
}

export function totalTokens(u: Usage): number {
  return u.inputTokens + u.outputTokens + u.cacheWriteTokens + u.cacheReadTokens;
}

/**
 * The form every answer of a run takes: one JSON object schema for makers and checker alike
 * (each fills its own fields), because the format is part of the cached prefix on both APIs.
 */
export interface AnswerFormat {
  name: string;
  schema: z.ZodObject;
}

/** What one agent answers: the fields of the run's format it fills, validated by `schema`. */
export interface AnswerSpec<T = unknown> {
  name: string;
  schema: z.ZodObject & z.ZodType<T>;
}

/**
 * Structured form of what a prompt asks, for providers that do not read text (the dry run).
 * The model providers ignore it: everything they need is in the prompts.
 */
export type Task =
  | { kind: 'review'; files: TaskFile[]; objections: string[] }
  | { kind: 'verify'; findings: TaskFinding[]; files: TaskFile[] }
  | { kind: 'triage'; issues: TaskIssue[]; labels: string[]; recent: TaskRecentIssue[]; objections: string[] }
  | { kind: 'verify-triage'; proposals: TaskProposal[]; issues: TaskIssue[]; labels: string[]; recent: TaskRecentIssue[] }
  | {
      kind: 'generic';
      title: string;
      sections: TaskSection[];
      kinds: string[];
      labels: string[];
      objections: string[];
      /** The ids of the feedback items a `lesson` may name (a learning loop). */
      lessons?: string[];
    }
  | { kind: 'verify-generic'; proposals: TaskGenericProposal[]; sections: TaskSection[] };

export interface TaskFinding {
  id: string;
  path: string;
  line: number;
  side: 'RIGHT' | 'LEFT';
  category: string;
  severity: string;
  claim: string;
  quote?: string;
}
export interface TaskIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  /** Comment texts, oldest first. */
  comments: string[];
}
/** An issue the triage may name as the original of a duplicate. */
export interface TaskRecentIssue {
  number: number;
  title: string;
}
/** One triage proposal the checker is asked about, typed as the engine holds it. */
export type TaskProposal = { id: string; issue: number } & TriageProposal;

/** One part of a generic loop's event context (what a connector read). */
export interface TaskSection {
  name: string;
  text: string;
}
/** One generic proposal the checker is asked about: its kind and what it would write. */
export interface TaskGenericProposal {
  id: string;
  kind: string;
  /** The finding's title and detail, the comment, label or release notes, or the issue's title and body. */
  text: string;
}

export interface ModelRequest<T> {
  /** Agent label, for logs and errors. */
  agent: string;
  model: string;
  /** The API to call when a run mixes vendors; default: told by the model name. */
  provider?: ProviderName;
  /**
   * The cached prefix: identical, byte for byte, for every call of one run (system rules and the
   * untrusted, fenced context). The provider puts the cache breakpoint right after it.
   */
  sharedContext: string;
  /** The agent's own instructions and task, sent after the breakpoint. */
  prompt: string;
  /** The run's answer format, identical on every call so the cached prefix matches. */
  format: AnswerFormat;
  /** This agent's part of the format; validated, it is the output. */
  answer: AnswerSpec<T>;
  effort: Effort;
  /** `max_tokens`: room for thinking (`thinkingTokens` of it) and the answer. */
  maxOutputTokens: number;
  thinkingTokens: number;
  task: Task;
  /** Tools the agent may call before it answers (src/tools/types.ts); absent: one turn, no tools. */
  tools?: AgentTools;
  /** Called once, when the model starts answering (the cache entry is readable from then on). */
  onFirstToken?: () => void;
  signal?: AbortSignal;
  /** Hears every tool call as it ends, failed ones too (for the log, the job summary and the budget). */
  onToolCall?: (record: ToolCallRecord) => void;
  /**
   * Asked before each turn after the first (the model called tools, or its answer needs the
   * repair turn): `ended` is what the turn before used, `promptTokens` a bound, never low, of the
   * next turn's prompt. Answers the output allowance (thinking included) the next turn may use;
   * below `maxOutputTokens` a tool turn is the last, with no more tools. Throws when the budget
   * cannot pay for the turn (the error ends the call as it is). Absent: each turn may use the
   * call's `maxOutputTokens`.
   */
  nextTurn?: (ended: Usage, promptTokens: number, why: NextTurnReason) => Promise<number>;
}

/** Why a call takes another turn: tool results to send back, or the one repair of an answer its schema refused. */
export type NextTurnReason = 'tools' | 'repair';

export interface ModelResponse<T> {
  output: T;
  usage: Usage;
  model: string;
  /** Calls made, including the one repair retry after an answer its schema refused. */
  attempts: number;
  durationMs: number;
}

export type ProviderErrorKind =
  | 'malformed' // the answer broke its schema twice
  | 'truncated' // stopped at max_tokens before the answer was complete
  | 'refused' // the model declined to answer (Anthropic stop_reason "refusal", OpenAI refusal)
  | 'overloaded' // 529 after the SDK's retries
  | 'rate_limited' // 429 after the SDK's retries
  | 'timeout'
  | 'auth'
  | 'aborted'
  | 'api';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** Tokens already spent on the failed call(s): they still count against the budget. */
    readonly usage: Usage = ZERO_USAGE,
    readonly attempts = 1,
    /** For `truncated`: the answer's text as far as it came, so complete parts of it can be kept. */
    readonly partial?: string
  ) {
    super(message);
  }
}

/** What a call's prompt is counted from: the prompt itself and the request settings the API counts with. */
export type PromptRequest = Pick<ModelRequest<unknown>, 'agent' | 'model' | 'provider' | 'sharedContext' | 'prompt' | 'format' | 'effort' | 'thinkingTokens'>;

export interface PromptCount {
  /** Prompt tokens never below what the API will bill for the call. */
  tokens: number;
  /** Set when the API could not count and `tokens` is a bound made without it: why, for a warning. */
  fallback?: string;
}

export interface ModelProvider {
  readonly name: string;
  /** True when the output is made up locally (no model was asked): labelled wherever it appears. */
  readonly dryRun: boolean;
  /** Output tokens to set aside for thinking at this effort (0 when the model does not think). */
  thinkingTokens(model: string, effort: Effort): number;
  /** The prompt's tokens for the budget's reservation (see cost-model.ts: counted, bounded or, without an API, estimated). */
  promptTokens(request: PromptRequest): Promise<PromptCount>;
  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>>;
}
