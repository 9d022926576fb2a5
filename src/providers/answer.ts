/**
 * Answers as JSON that both APIs can guarantee. Strict structured outputs (OpenAI's always,
 * Anthropic's in effect) need every property required and no extra ones, so the wire form of an
 * answer schema turns each optional field into a nullable one and each default into a required
 * field; reading turns the nulls back into absent fields and validates with the engine's own
 * schema, which also checks what a JSON schema cannot say (lengths, ranges, integers).
 */
import { z } from 'zod';
import { addUsage, ProviderError, ZERO_USAGE, type AnswerSpec, type ModelRequest, type ModelResponse, type Usage } from './types.js';

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

/** What one model API does for `answerWithRepair`: send a turn (the first, or the repair of a reply) and read a reply. */
export interface AnswerTurns<R, T> {
  /** Sends a turn; `started` when the model begins answering. A ProviderError it throws carries the usage already billed. */
  send(turn: { repair?: { reply: R; problem: string } }, started: () => void): Promise<{ reply: R; usage: Usage }>;
  read(reply: R): Reading<T>;
  modelOf(reply: R): string;
  toError(err: unknown): ProviderError;
  logger?: { warn(message: string): void } | undefined;
}

/**
 * One structured answer, the flow both model APIs share: the first turn, one repair turn when the
 * answer breaks what its JSON schema cannot say, and every token billed on the way kept in the
 * response or the error.
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
  const send = async (turn: { repair?: { reply: R; problem: string } }): Promise<R> => {
    attempts += 1;
    try {
      const sent = await api.send(turn, onStart);
      usage = addUsage(usage, sent.usage);
      return sent.reply;
    } catch (err) {
      if (err instanceof ProviderError) usage = addUsage(usage, err.usage);
      throw err;
    }
  };
  try {
    let reply = await send({});
    let reading = api.read(reply);
    if (!reading.ok) {
      api.logger?.warn(`${request.agent}: ${reading.problem.split('\n')[0]}; asking once more`);
      reply = await send({ repair: { reply, problem: reading.problem } });
      reading = api.read(reply);
      if (!reading.ok) throw new ProviderError('malformed', `${request.agent}: ${reading.problem}`);
    }
    return { output: reading.output, usage, model: api.modelOf(reply), attempts, durationMs: Date.now() - started };
  } catch (err) {
    const failure = err instanceof ProviderError ? err : api.toError(err);
    throw new ProviderError(failure.kind, failure.message, usage, attempts, failure.partial);
  }
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
  return text.slice(0, cut.at) + cut.open.reverse().map((b) => (b === '{' ? '}' : ']')).join('');
}
