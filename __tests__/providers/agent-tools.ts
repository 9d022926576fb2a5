/**
 * A small AgentTools for the agent-loop tests: `read_file` over an in-memory repository, with a
 * delay so parallel calls overlap, counting the calls in flight. A real implementation of the
 * interface (it refuses what it cannot answer with an error result, as the contract says), not a
 * mock of ours.
 */
import type { AgentTools, ToolResult, ToolSpec } from '../../src/tools/types.js';

export const READ_FILE: ToolSpec = {
  name: 'read_file',
  description: 'Read a file of the repository at the head commit.',
  inputSchema: { type: 'object', properties: { path: { type: 'string', description: 'Path from the repository root.' } }, required: ['path'], additionalProperties: false },
  source: 'repository'
};

export interface FileTools extends AgentTools {
  /** Every call, in the order they started. */
  readonly calls: { name: string; input: unknown }[];
  /** Most calls that were running at once. */
  readonly maxInFlight: number;
}

export function fileTools(files: Record<string, string>, options: { maxTurns?: number; delayMs?: number } = {}): FileTools {
  const calls: { name: string; input: unknown }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const error = (text: string): ToolResult => ({ text, isError: true, truncated: false });
  return {
    specs: [READ_FILE],
    maxTurns: options.maxTurns ?? 4,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    async call(name, input) {
      calls.push({ name, input });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
        if (name !== READ_FILE.name) return error(`no tool named ${name}`);
        const path = typeof input === 'object' && input !== null ? (input as { path?: unknown }).path : undefined;
        if (typeof path !== 'string') return error('read_file needs a path');
        const text = files[path];
        return text === undefined ? error(`${path}: no such file at the head commit`) : { text, isError: false, truncated: false };
      } finally {
        inFlight -= 1;
      }
    }
  };
}
