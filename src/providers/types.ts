/**
 * The one interface between the engine and a model. The engine builds prompts and a structured
 * task; a provider turns them into a call (Anthropic over HTTP, or the deterministic dry run)
 * and returns output validated against the forced tool's zod schema, with usage.
 */
import type { z } from 'zod';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens
  };
}

export function totalTokens(u: Usage): number {
  return u.inputTokens + u.outputTokens + u.cacheWriteTokens + u.cacheReadTokens;
}

/** A tool the model must call; its input is the agent's structured answer. */
export interface ToolSpec<T = unknown> {
  name: string;
  description: string;
  schema: z.ZodType<T>;
}

/**
 * Structured form of what a prompt asks, for providers that do not read text (the dry run).
 * The Anthropic provider ignores it: everything it needs is in the prompts.
 */
export type Task =
  | { kind: 'review'; files: TaskFile[]; objections: string[] }
  | { kind: 'verify'; findings: TaskFinding[]; files: TaskFile[] }
  | { kind: 'triage'; issues: TaskIssue[]; labels: string[]; recent: TaskRecentIssue[]; objections: string[] }
  | { kind: 'verify-triage'; proposals: TaskProposal[]; issues: TaskIssue[]; labels: string[]; recent: TaskRecentIssue[] };

export interface TaskFile {
  path: string;
  /** Hunks as the model sees them: new-side line numbers and text of every line. */
  lines: { side: 'RIGHT' | 'LEFT'; line: number; text: string; kind: 'add' | 'del' | 'context' }[];
}
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
/** One triage proposal the checker is asked about. */
export interface TaskProposal {
  id: string;
  issue: number;
  kind: 'label' | 'type' | 'priority' | 'duplicate' | 'missing' | 'comment';
  /** The label, type, priority, duplicate's number, missing items (joined by "; ") or comment text. */
  value: string;
}

export interface ModelRequest<T> {
  /** Agent label, for logs and errors. */
  agent: string;
  model: string;
  /**
   * The cached prefix: identical, byte for byte, for every call of one run (system rules and the
   * untrusted, fenced context). The provider puts the cache breakpoint right after it.
   */
  sharedContext: string;
  /** The agent's own instructions and task, sent after the breakpoint. */
  prompt: string;
  /** Every tool of the run, in the same order on every call, so the cached prefix matches. */
  tools: ToolSpec[];
  /** The tool the model is forced to call; its input, validated, is the output. */
  tool: ToolSpec<T>;
  maxOutputTokens: number;
  task: Task;
  /** Called once, when the model starts answering (the cache entry is readable from then on). */
  onFirstToken?: () => void;
  signal?: AbortSignal;
}

export interface ModelResponse<T> {
  output: T;
  usage: Usage;
  model: string;
  /** Calls made, including the one repair retry after a malformed reply. */
  attempts: number;
  durationMs: number;
}

export type ProviderErrorKind =
  | 'malformed' // the reply broke the tool schema twice
  | 'truncated' // stopped at max_tokens before the tool call was complete
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
    readonly attempts = 1
  ) {
    super(message);
  }
}

export interface ModelProvider {
  readonly name: string;
  /** True when the output is made up locally (no model was asked): labelled wherever it appears. */
  readonly dryRun: boolean;
  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>>;
}
