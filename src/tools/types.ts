/**
 * What an agent may call while it answers: the narrow interface between the model providers
 * (which run the turns: tool call → result → … → the structured answer) and the tools that answer
 * (the repository, MCP servers, skills' resource files, memory). A leaf module: providers and the
 * engine import it, it imports nothing of ours.
 */

/** One tool as it is offered to a model. */
export interface ToolSpec {
  /** Unique within one agent's tools; what the model calls it by (^[a-zA-Z0-9_-]{1,64}$). */
  name: string;
  description: string;
  /** JSON Schema of the tool's input: an object schema usable as a strict tool on both APIs. */
  inputSchema: Record<string, unknown>;
  /** Where the tool comes from, for the log and the job summary: `repository`, `mcp:<server>`, `skill:<name>`. */
  source: string;
}

/** What a tool call returned, as the model will read it. */
export interface ToolResult {
  /** The result's text, already capped to the tool's size limit. */
  text: string;
  /** The tool failed or refused (bad arguments, outside the repository, over a cap, timed out): the model reads why. */
  isError: boolean;
  /** Whether `text` was cut to the size limit. */
  truncated: boolean;
}

/** One tool call, for the log, the job summary and the budget. */
export interface ToolCallRecord {
  agent: string;
  tool: string;
  source: string;
  /** A short digest of the arguments (never the arguments themselves: they may quote secrets or code). */
  argsDigest: string;
  /** UTF-8 bytes of the result given to the model. */
  bytes: number;
  /** When it was called (epoch ms): the run record and the trace place it in time. */
  startedAt: number;
  durationMs: number;
  ok: boolean;
  error?: string;
}

/**
 * The tools one agent call may use, with its caps already applied: `call` never throws (a refusal
 * or failure is a ToolResult with isError) and counts against the agent's and the loop's `maxCalls`.
 * The provider running the turns records each call as a ToolCallRecord.
 */
export interface AgentTools {
  readonly specs: readonly ToolSpec[];
  /** Most model turns (requests) the call may take before it must give its answer. */
  readonly maxTurns: number;
  call(name: string, input: unknown, signal?: AbortSignal): Promise<ToolResult>;
}
