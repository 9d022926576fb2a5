/** What a connector contributes to the Toolbox: its tools, each with the code that answers it, and the caps they share. */
import type { ToolSpec } from './types.js';

export interface ToolAnswer {
  text: string;
  /** The tool itself reported an error (an MCP result with isError): the model reads it as one. */
  isError?: boolean;
}

export interface ToolHandler {
  spec: ToolSpec;
  /** The answer; throws a ToolRefusal for what the model asked wrongly, any other error for a failure. */
  run(input: unknown, signal: AbortSignal): Promise<ToolAnswer>;
}

/** One connector's tools and the caps they share. */
export interface ToolGroup {
  /** `repository` or `mcp:<server>`: the source of every tool in the group. */
  source: string;
  handlers: ToolHandler[];
  /** Calls in the whole run, all agents together. */
  maxCalls: number;
  /** Calls by one agent call. */
  maxCallsPerAgent: number;
  maxResultBytes: number;
  timeoutMs: number;
  /** Labels of the agents that get the group; undefined: every agent. */
  agents?: readonly string[];
}
