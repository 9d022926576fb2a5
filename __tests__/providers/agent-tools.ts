/**
 * A small AgentTools for the agent-loop tests, and the checker call both APIs' tests make with it:
 * `read_file` over an in-memory repository, with a delay so parallel calls overlap (cut short by
 * the call's signal), counting the calls in flight. A real implementation of the interface (it
 * refuses what it cannot answer with an error result, as the contract says), not a mock of ours.
 */
import { expect } from '@jest/globals';
import { z } from 'zod';
import { answerFormat } from '../../src/engine/calls.js';
import { addUsage, usageBeyond, ZERO_USAGE, type ModelProvider, type ModelRequest, type Usage } from '../../src/providers/types.js';
import type { AgentTools, ToolResult, ToolSpec } from '../../src/tools/types.js';

export const READ_FILE: ToolSpec = {
  name: 'read_file',
  description: 'Read a file of the repository at the head commit.',
  inputSchema: {
    type: 'object',
    properties: { path: { type: 'string', description: 'Path from the repository root.' } },
    required: ['path'],
    additionalProperties: false
  },
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
    async call(name, input, signal) {
      calls.push({ name, input });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.delayMs ?? 0);
          signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
        if (signal?.aborted) return error('the call was aborted: out of time');
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

export const Verdict = z.strictObject({ verdict: z.enum(['refuted', 'confirmed']), evidence: z.string() });
export type Verdict = z.infer<typeof Verdict>;
const FORMAT = answerFormat('verdicts', [Verdict]);
const SHARED = `Rules and the diff under review.\n${'const x = 1;\n'.repeat(600)}`; // well over 1,024 tokens
export const FILES: Record<string, string> = {
  'src/auth.ts': 'export function check(token: string): boolean {\n  return timingSafeEqual(token, SECRET);\n}\n',
  'src/db.ts': 'export const query = (sql: string, args: unknown[]) => pool.query(sql, args);\n'
};
export const ANSWER: Verdict = { verdict: 'refuted', evidence: 'src/db.ts passes the arguments apart from the SQL.' };

/** A checker's call that may read files of FILES: the same on both APIs but for the model. */
export function verifyRequest(model: string, overrides: Partial<ModelRequest<Verdict>> = {}): ModelRequest<Verdict> {
  return {
    agent: 'Verifier',
    model,
    sharedContext: SHARED,
    prompt: 'Is the finding "SQL injection in src/db.ts" real? Read the code you need.',
    format: FORMAT,
    answer: { name: 'verdict', schema: Verdict },
    effort: 'high',
    maxOutputTokens: 4000,
    thinkingTokens: 0,
    task: { kind: 'verify', findings: [], files: [] },
    tools: fileTools(FILES),
    ...overrides
  };
}

/**
 * Runs a three-turn call (two tool turns, then the answer) and checks what both APIs promise of
 * the cache: the first turn writes the shared prefix, each later turn reads all of the turn before
 * it, and the bound of each next prompt given to the budget is never below what the API billed.
 */
export async function expectEachTurnReadsTheLast(provider: ModelProvider, request: ModelRequest<Verdict>): Promise<void> {
  const ended: Usage[] = [];
  const bounds: number[] = [];
  const nextTurn = async (usage: Usage, promptTokens: number) => {
    ended.push(usage);
    bounds.push(promptTokens);
    return request.maxOutputTokens;
  };
  const response = await provider.call({ ...request, nextTurn });
  const turns = [...ended, usageBeyond(response.usage, ended.reduce(addUsage, ZERO_USAGE))];
  const prompt = (u: Usage) => u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  expect(turns).toHaveLength(3);
  expect(turns[0]!.cacheWriteTokens).toBeGreaterThan(1024);
  expect(turns[1]!.cacheReadTokens).toBe(prompt(turns[0]!));
  expect(turns[2]!.cacheReadTokens).toBe(prompt(turns[1]!));
  expect(bounds[0]).toBeGreaterThanOrEqual(prompt(turns[1]!));
  expect(bounds[1]).toBeGreaterThanOrEqual(prompt(turns[2]!));
}
