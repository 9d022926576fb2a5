/**
 * Answers as JSON that both APIs can guarantee. Strict structured outputs (OpenAI's always,
 * Anthropic's in effect) need every property required and no extra ones, so the wire form of an
 * answer schema turns each optional field into a nullable one and each default into a required
 * field; reading turns the nulls back into absent fields and validates with the engine's own
 * schema, which also checks what a JSON schema cannot say (lengths, ranges, integers).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fenceOnce } from '../guard/index.js';
import type { AgentTools, ToolResult } from '../tools/types.js';
import { utf8Bytes } from './cost-model.js';
import { addUsage, ProviderError, ZERO_USAGE, type AnswerSpec, type ModelRequest, type ModelResponse, type NextTurnReason, type Usage } from './types.js';

export type Reading<T> = { ok: true; output: T } | { ok: false; problem: string };

/** The schema error as the model will read it; long lists of issues are cut, the first ones matter. */
const MAX_PROBLEM_CHARS = 4000;

/** The strict wire form of a schema: optional → nullable, default → required, objects closed. */
export function wireSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) return withDescription(z.nullable(wireSchema(schema.unwrap() as z.ZodType)), schema.description);
  if (schema instanceof z.ZodDefault) return withDescription(wireSchema(schema.unwrap() as z.ZodType), schema.description);
  // A discriminated union goes out as anyOf of its wired options (strict structured outputs take anyOf, not oneOf); reading validates with the union itself.
  if (schema instanceof z.ZodUnion) return withDescription(z.union(schema.options.map((option) => wireSchema(option as z.ZodType))), schema.description);
  if (schema instanceof z.ZodArray) return withDescription(z.array(wireSchema(schema.element as z.ZodType)), schema.description);
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, value]) => [key, wireSchema(value as z.ZodType)]));
    return withDescription(z.strictObject(shape), schema.description);
  }
  return schema;
}

function withDescription(schema: z.ZodType, description: string | undefined): z.ZodType {
  return description ? schema.describe(description) : schema;
}

/** JSON text of the run's format → this agent's validated answer, or what is wrong with it. */
export function readAnswer<T>(text: string, answer: AnswerSpec<T>): Reading<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `The answer is not JSON: ${text.slice(0, 200)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'The answer is not a JSON object' };
  const fields = withoutNulls(json) as Record<string, unknown>;
  const own = Object.fromEntries(Object.keys(answer.schema.shape).flatMap((key) => (key in fields ? [[key, fields[key]]] : [])));
  const parsed = answer.schema.safeParse(own);
  if (parsed.success) return { ok: true, output: parsed.data };
  const summary = z.prettifyError(parsed.error);
  const cut = summary.length > MAX_PROBLEM_CHARS ? `${summary.slice(0, MAX_PROBLEM_CHARS)}\n…` : summary;
  return { ok: false, problem: `The answer does not match the ${answer.name} schema:\n${cut}` };
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}

/** The user turn of the one repair call: what was wrong, and the ask to answer again in full. */
export function repairText(problem: string): string {
  return `${problem}\n\nAnswer again with the whole answer, corrected.`;
}

/** A tool call a reply asks for. */
export interface ToolUse {
  id: string;
  name: string;
  input: unknown;
}

/** A tool call and what it returned, to send back on the next turn. */
export interface ToolAnswer {
  use: ToolUse;
  result: ToolResult;
}

/** The turn after one whose reply called tools: that reply as it was, the results, and whether tools are over. */
export interface ToolTurn<R> {
  reply: R;
  answers: ToolAnswer[];
  /** The last turn: the model is told to answer now (the tool list stays the same, so the cache holds). */
  last: boolean;
  /** Output allowance of this turn, thinking included. */
  maxOutputTokens: number;
}

/** What the model reads on its last turn, after the tool results. */
export const LAST_TURN_TEXT = 'That was your last tool call: no more tools. Answer now, in the answer format, from what you have read.';

/** The repair turn: the reply its schema refused, what was wrong, and the output allowance of the turn (thinking included). */
export interface RepairTurn<R> {
  reply: R;
  problem: string;
  maxOutputTokens: number;
}

/** What one model API does for `answerWithRepair`: send a turn (the first, a tool turn, or the repair of a reply) and read a reply. */
export interface AnswerTurns<R, T> {
  /**
   * Sends a turn, each after the ones before it in one conversation; `started` when the model
   * begins answering. A ProviderError it throws carries the usage already billed.
   */
  send(turn: { repair?: RepairTurn<R>; tools?: ToolTurn<R> }, started: () => void): Promise<{ reply: R; usage: Usage }>;
  /** The tool calls a complete reply asks for; none when it is (meant to be) the answer. */
  toolUses(reply: R): ToolUse[];
  read(reply: R): Reading<T>;
  modelOf(reply: R): string;
  toError(err: unknown): ProviderError;
  logger?: { warn(message: string): void } | undefined;
}

/**
 * One structured answer, the flow both model APIs share: the first turn; while the model calls
 * tools, the tools run (the calls of one turn in parallel) and their results go back in the next
 * turn, up to `tools.maxTurns` turns and what `nextTurn` allows; one repair turn when the answer
 * breaks what its JSON schema cannot say, in the room `nextTurn` allows; and every token billed
 * on the way kept in the response or the error. Every turn after the first is paid for through
 * `nextTurn` before it is sent; an error it throws (the budget) ends the call as it is.
 */
export async function answerWithRepair<R, T>(request: ModelRequest<T>, api: AnswerTurns<R, T>): Promise<ModelResponse<T>> {
  const started = Date.now();
  let usage: Usage = ZERO_USAGE;
  let attempts = 0;
  let answering = false;
  const onStart = () => {
    if (answering) return;
    answering = true;
    request.onFirstToken?.();
  };
  const send = async (turn: Parameters<AnswerTurns<R, T>['send']>[0]): Promise<{ reply: R; usage: Usage }> => {
    attempts += 1;
    try {
      const sent = await api.send(turn, onStart);
      usage = addUsage(usage, sent.usage);
      return sent;
    } catch (err) {
      const failure = err instanceof ProviderError ? err : api.toError(err);
      usage = addUsage(usage, failure.usage);
      throw failure;
    }
  };
  try {
    let sent = await send({});
    if (request.tools) sent = await toolTurns(request, request.tools, api, sent, send);
    let reply = sent.reply;
    let reading = api.read(reply);
    if (!reading.ok) {
      api.logger?.warn(`${request.agent}: ${reading.problem.split('\n')[0]}; asking once more`);
      // The repair's prompt is this one, the reply sent back and the problem: paid for before it is sent, like any turn.
      const maxOutputTokens = await roomFor(request, sent.usage, utf8Bytes(repairText(reading.problem)), 'repair');
      sent = await send({ repair: { reply, problem: reading.problem, maxOutputTokens } });
      reply = sent.reply;
      reading = api.read(reply);
      if (!reading.ok) throw new ProviderError('malformed', `${request.agent}: ${reading.problem}`);
    }
    return { output: reading.output, usage, model: api.modelOf(reply), attempts, durationMs: Date.now() - started };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    throw new ProviderError(err.kind, err.message, usage, attempts, err.partial);
  }
}

/**
 * The output allowance of the turn after one that used `ended`, from `nextTurn` (which pays for
 * it or throws), else the call's. Its prompt is the last one, the reply (thinking included) sent
 * back and `addedBytes` of new text (a bound of its tokens: see cost-model.ts `utf8Bytes`).
 */
async function roomFor(request: ModelRequest<unknown>, ended: Usage, addedBytes: number, why: NextTurnReason): Promise<number> {
  const promptTokens = ended.inputTokens + ended.cacheReadTokens + ended.cacheWriteTokens + ended.outputTokens + addedBytes;
  return request.nextTurn ? await request.nextTurn(ended, promptTokens, why) : request.maxOutputTokens;
}

/** The tool turns: runs what each reply calls and sends the results back, until a reply calls nothing; that turn is returned. */
async function toolTurns<R, T>(
  request: ModelRequest<T>,
  tools: AgentTools,
  api: AnswerTurns<R, T>,
  first: { reply: R; usage: Usage },
  send: (turn: { tools: ToolTurn<R> }) => Promise<{ reply: R; usage: Usage }>
): Promise<{ reply: R; usage: Usage }> {
  let sent = first;
  let turns = 1;
  for (let uses = api.toolUses(sent.reply); uses.length > 0; uses = api.toolUses(sent.reply)) {
    if (turns >= tools.maxTurns) {
      throw new ProviderError(
        'malformed',
        `${request.agent}: called ${uses.map((u) => u.name).join(', ')} on its last turn (${tools.maxTurns}) instead of answering`
      );
    }
    const answers = await Promise.all(uses.map((use) => callTool(request, tools, use)));
    // Out of time while the tools ran: no turn is reserved or sent that could only be aborted.
    if (request.signal?.aborted) throw new ProviderError('aborted', `${request.agent}: the call was aborted while its tools ran`);
    // The results go back with their wrapping.
    const room = await roomFor(request, sent.usage, utf8Bytes(JSON.stringify(answers)) + utf8Bytes(LAST_TURN_TEXT), 'tools');
    turns += 1;
    const last = turns >= tools.maxTurns || room < request.maxOutputTokens;
    sent = await send({ tools: { reply: sent.reply, answers, last, maxOutputTokens: room } });
  }
  return sent;
}

async function callTool(request: ModelRequest<unknown>, tools: AgentTools, use: ToolUse): Promise<ToolAnswer> {
  const started = Date.now();
  const result = await tools.call(use.name, use.input, request.signal);
  request.onToolCall?.({
    agent: request.agent,
    tool: use.name,
    source: tools.specs.find((spec) => spec.name === use.name)?.source ?? 'not offered',
    argsDigest: argsDigest(use.input),
    bytes: utf8Bytes(result.text),
    startedAt: started,
    durationMs: Date.now() - started,
    ok: !result.isError,
    ...(result.isError ? { error: result.text.split('\n')[0]!.slice(0, 200) } : {})
  });
  // What a tool answers (a file of the pull request, an MCP server's text) is untrusted like the pull request itself.
  return { use, result: { ...result, text: fenceOnce(`result of the tool ${use.name}`, result.text) } };
}

/** A short digest of a tool call's arguments: tells equal calls apart in the log without showing them. */
export function argsDigest(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(input) ?? '')
    .digest('hex')
    .slice(0, 12);
}

/**
 * The complete part of an answer cut short: its text up to the last array item it finished (an
 * object: a finding, a verdict, an issue), closed as JSON; undefined when no item was finished.
 */
export function completedPart(text: string): string | undefined {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let cut: { at: number; open: string[] } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') {
      stack.pop();
      if (c === '}' && stack.at(-1) === '[') cut = { at: i + 1, open: [...stack] };
    }
  }
  if (!cut) return undefined;
  return (
    text.slice(0, cut.at) +
    cut.open
      .reverse()
      .map((b) => (b === '{' ? '}' : ']'))
      .join('')
  );
}
