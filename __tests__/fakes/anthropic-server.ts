/**
 * A local fake of Anthropic's Messages API (`POST /v1/messages`) on 127.0.0.1, port 0.
 *
 * It follows the real API's documented rules, not whatever LoopKit sends, so a test against it
 * fails where the real API would:
 * - auth: the key as `x-api-key` (the documented header) or `Authorization: Bearer` (what
 *   @anthropic-ai/sdk 1.x sends); missing or wrong → 401 `authentication_error`. A missing or
 *   unknown `anthropic-version` → 400 `invalid_request_error`, as the real API answers.
 * - request shape: model known (else 404 `not_found_error`), `max_tokens` ≥ 1, no unknown fields,
 *   first message from `user`, consecutive same-role messages merged into one turn (documented),
 *   no empty message, every `tool_use` answered by a `tool_result` first in the next user turn,
 *   unique tool names, `tool_choice` naming a tool that exists, no forced `tool_choice` on the
 *   models that reject it, at most 4 `cache_control` breakpoints → 400 `invalid_request_error`.
 *   Not modelled (rejected): content LoopKit never sends (images, documents, server tools),
 *   `system`-role messages, `max_tokens: 0` cache pre-warming.
 * - streaming: message_start, ping, content_block_start / _delta (text_delta, input_json_delta,
 *   thinking_delta, signature_delta) / _stop, message_delta (stop_reason, usage), message_stop.
 * - prompt caching: the prefix is tools → system → messages; a breakpoint is a block with
 *   `cache_control` (or the last block, for top-level `cache_control`). Tokens are counted as
 *   ceil(chars / 4) per block: the text of text/thinking blocks, the JSON of anything else.
 *   A prefix shorter than `minCacheableTokens` (default 1,024; real minimums vary by model from
 *   512 to 4,096) is neither written nor read. A prefix is readable only once a call that wrote
 *   it has started answering (message_start sent); until then other calls write it too. Hits are
 *   looked up at each breakpoint and up to 20 blocks before it. `input_tokens` is the uncached
 *   remainder. Entries never expire (the real 5-minute TTL outlives any test).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { z } from 'zod';

// ---------- request schema (what the real API accepts, for the content LoopKit uses) ----------

const CacheControl = z.strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).nullish();
const TextBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: CacheControl,
  citations: z.array(z.unknown()).nullish()
});
const ToolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: CacheControl,
  caller: z.strictObject({ type: z.literal('direct') }).optional()
});
const ToolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(TextBlock)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControl
});
const ThinkingBlock = z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
const RedactedThinkingBlock = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() });
const Block = z.discriminatedUnion('type', [TextBlock, ToolUseBlock, ToolResultBlock, ThinkingBlock, RedactedThinkingBlock]);
type Block = z.infer<typeof Block>;
const Message = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(Block)]) });
const Tool = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  cache_control: CacheControl,
  strict: z.boolean().optional(),
  type: z.literal('custom').nullish()
});
const parallel = { disable_parallel_tool_use: z.boolean().optional() };
const ToolChoice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto'), ...parallel }),
  z.strictObject({ type: z.literal('any'), ...parallel }),
  z.strictObject({ type: z.literal('tool'), name: z.string(), ...parallel }),
  z.strictObject({ type: z.literal('none') })
]);
export const MessagesBody = z.strictObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(Message).min(1),
  system: z.union([z.string(), z.array(TextBlock)]).optional(),
  tools: z.array(Tool).optional(),
  tool_choice: ToolChoice.optional(),
  stream: z.boolean().optional(),
  cache_control: CacheControl,
  metadata: z.strictObject({ user_id: z.string().nullish() }).optional(),
  stop_sequences: z.array(z.string()).optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
  output_config: z.looseObject({}).optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional()
});
export type MessagesBody = z.infer<typeof MessagesBody>;

/** The model ids @anthropic-ai/sdk 1.14.0 lists; anything else is a 404 like the real API's. */
export const KNOWN_MODELS: readonly string[] = [
  'claude-fable-5-2', 'claude-mythos-5-2', 'claude-haiku-5-5', 'claude-sonnet-5-5', 'claude-fable-5-1',
  'claude-opus-5-5', 'claude-mythos-5-1', 'claude-sonnet-5', 'claude-fable-5', 'claude-mythos-5', 'claude-opus-5',
  'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-haiku-4-5',
  'claude-haiku-4-5-20251001', 'claude-opus-4-5', 'claude-opus-4-5-20251101', 'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929'
];
/** Documented to answer a forced tool_choice ("tool" or "any") with a 400. */
const REJECT_FORCED_TOOL_CHOICE = new Set(['claude-fable-5-1', 'claude-mythos-5-1', 'claude-opus-5-5', 'claude-sonnet-5-5']);
const API_VERSIONS = new Set(['2023-01-01', '2023-06-01', '2026-10-21']);
const MAX_BREAKPOINTS = 4;
const LOOKBACK_BLOCKS = 20;

// ---------- scripting ----------

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'model_context_window_exceeded';
export type FakeBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: unknown; id?: string }
  | { type: 'thinking'; thinking: string; signature: string };

interface Timing {
  /** Overrides the server's time to first byte for this reply. */
  ttfbMs?: number;
  /** Overrides the server's latency (first byte → rest of the answer) for this reply. */
  latencyMs?: number;
}
export type FakeReply = Timing &
  (
    | /** A call to `name` (default: the tool `tool_choice` names) with this input. With stop_reason max_tokens, only half of its JSON is sent. */
      { kind: 'tool'; input: unknown; name?: string; stopReason?: StopReason; outputTokens?: number }
    | { kind: 'content'; content: FakeBlock[]; stopReason: StopReason; outputTokens?: number }
    | { kind: 'error'; status: number; type?: string; message?: string; retryAfterSeconds?: number }
    /** An `event: error` after message_start, as the real API sends when it overloads mid-answer. */
    | { kind: 'stream-error'; type: string; message?: string }
    /** Never answers: the connection stays open until the client gives up or the server closes. */
    | { kind: 'hang' }
  );

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  /** Set once the body passed validation. */
  body?: MessagesBody;
  arrivedAt: number;
  firstByteAt?: number;
  status?: number;
}

export interface FakeAnthropicOptions {
  apiKey?: string;
  respond?: (request: RecordedRequest & { body: MessagesBody }, callIndex: number) => FakeReply | Promise<FakeReply>;
  ttfbMs?: number;
  latencyMs?: number;
  minCacheableTokens?: number;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`baseURL`), without `/v1`. */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const FAKE_API_KEY = 'sk-ant-api03-fake-key-for-tests-0123456789';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error'
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

// ---------- server ----------

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? FAKE_API_KEY;
  const minCacheable = options.minCacheableTokens ?? 1024;
  const respond = options.respond ?? ((): FakeReply => ({ kind: 'content', content: [{ type: 'text', text: 'OK' }], stopReason: 'end_turn' }));
  const requests: RecordedRequest[] = [];
  const readyPrefixes = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let calls = 0;
  let ids = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake: ${String(err)}`);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      headers: flattenHeaders(req.headers),
      rawBody: '',
      arrivedAt: Date.now()
    };
    requests.push(record);
    record.rawBody = await readBody(req);
    let gone = false;
    res.on('close', () => (gone = !res.writableEnded));
    const markFirstByte = () => (record.firstByteAt ??= Date.now());

    let body: MessagesBody;
    try {
      body = validate(record, apiKey);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      record.status = err.status;
      markFirstByte();
      return sendError(res, err.status, err.message);
    }
    record.body = body;
    const usage = cacheUsage(body, readyPrefixes, minCacheable);
    const reply = await respond(record as RecordedRequest & { body: MessagesBody }, calls++);
    if (reply.kind === 'hang') return;
    await sleep(reply.ttfbMs ?? options.ttfbMs ?? 0);
    if (gone) return;
    const latency = reply.latencyMs ?? options.latencyMs ?? 0;

    if (reply.kind === 'error') {
      record.status = reply.status;
      markFirstByte();
      const headers: Record<string, string> = reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) };
      return sendError(res, reply.status, reply.message ?? defaultMessage(reply.status), reply.type, headers);
    }

    const id = `msg_fake_${++ids}`;
    const answerStarted = () => usage.written.forEach((prefix) => readyPrefixes.add(prefix));
    const startUsage = {
      input_tokens: usage.input,
      cache_creation_input_tokens: usage.write,
      cache_read_input_tokens: usage.read,
      cache_creation: { ephemeral_5m_input_tokens: usage.write, ephemeral_1h_input_tokens: 0 },
      output_tokens: 1,
      service_tier: 'standard'
    };
    const shell = { id, type: 'message', role: 'assistant', model: body.model, stop_sequence: null, stop_details: null, container: null };
    record.status = 200;

    if (reply.kind === 'stream-error') {
      if (!body.stream) throw new Error('stream-error replies need a streaming request');
      markFirstByte();
      startSse(res, id);
      answerStarted();
      sse(res, 'message_start', { type: 'message_start', message: { ...shell, content: [], stop_reason: null, usage: startUsage } });
      await sleep(latency);
      sse(res, 'error', { type: 'error', error: { type: reply.type, message: reply.message ?? 'Overloaded' } });
      return void res.end();
    }

    const plan = planAnswer(reply, body, () => `toolu_fake_${++ids}`);
    const finalUsage = { ...startUsage, output_tokens: plan.outputTokens };
    if (!body.stream) {
      await sleep(latency);
      if (gone) return;
      markFirstByte();
      answerStarted();
      const content = plan.content.map((b) => (b.type === 'tool_use' ? { ...b, input: plan.truncatedJson === undefined ? b.input : {} } : b));
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
      return void res.end(JSON.stringify({ ...shell, content, stop_reason: plan.stopReason, usage: finalUsage }));
    }

    markFirstByte();
    startSse(res, id);
    answerStarted();
    sse(res, 'message_start', { type: 'message_start', message: { ...shell, content: [], stop_reason: null, usage: startUsage } });
    sse(res, 'ping', { type: 'ping' });
    await sleep(latency);
    if (gone) return;
    plan.content.forEach((block, index) => streamBlock(res, block, index, plan.truncatedJson));
    sse(res, 'message_delta', {
      type: 'message_delta',
      delta: { stop_reason: plan.stopReason, stop_sequence: null, stop_details: null, container: null },
      usage: { output_tokens: plan.outputTokens, input_tokens: usage.input, cache_creation_input_tokens: usage.write, cache_read_input_tokens: usage.read }
    });
    sse(res, 'message_stop', { type: 'message_stop' });
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

// ---------- validation ----------

function validate(record: RecordedRequest, apiKey: string): MessagesBody {
  if (record.method !== 'POST' || record.path !== '/v1/messages') throw new RequestError(404, 'Not Found');
  const key = record.headers['x-api-key'] ?? record.headers['authorization']?.replace(/^Bearer /, '');
  if (!key) throw new RequestError(401, 'x-api-key header is required');
  if (key !== apiKey) throw new RequestError(401, 'invalid x-api-key');
  const version = record.headers['anthropic-version'];
  if (!version) throw new RequestError(400, 'anthropic-version: header is required');
  if (!API_VERSIONS.has(version)) throw new RequestError(400, `anthropic-version: ${JSON.stringify(version)} is not a valid version`);

  let json: unknown;
  try {
    json = JSON.parse(record.rawBody);
  } catch {
    throw new RequestError(400, 'The request body is not valid JSON.');
  }
  const parsed = MessagesBody.safeParse(json);
  if (!parsed.success) throw new RequestError(400, describeIssues(parsed.error));
  const body = parsed.data;
  if (!KNOWN_MODELS.includes(body.model)) throw new RequestError(404, `model: ${body.model}`);
  checkTools(body);
  checkTurns(body.messages);
  const breakpoints = blocksOf(body).filter((b) => 'cache_control' in b && b.cache_control).length + (body.cache_control ? 1 : 0);
  if (breakpoints > MAX_BREAKPOINTS) {
    throw new RequestError(400, `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
  }
  return body;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${[...issue.path, key].join('.')}: Extra inputs are not permitted`)
        : [`${issue.path.join('.')}: ${issue.message}`]
    )
    .join('; ');
}

function checkTools(body: MessagesBody): void {
  const names = (body.tools ?? []).map((t) => t.name);
  if (new Set(names).size !== names.length) throw new RequestError(400, 'tools: Tool names must be unique.');
  const choice = body.tool_choice;
  if (!choice || choice.type === 'auto' || choice.type === 'none') return;
  if (REJECT_FORCED_TOOL_CHOICE.has(body.model)) {
    throw new RequestError(400, 'tool_choice: type "tool" and "any" are not supported for this model.');
  }
  if (names.length === 0) throw new RequestError(400, 'tool_choice: forcing tool use requires tools.');
  if (choice.type === 'tool' && !names.includes(choice.name)) {
    throw new RequestError(400, `tool_choice.name: Tool '${choice.name}' not found in tools.`);
  }
}

interface Turn {
  role: 'user' | 'assistant';
  firstIndex: number;
  blocks: Block[];
}

function checkTurns(messages: MessagesBody['messages']): void {
  messages.forEach((m, i) => {
    const empty = typeof m.content === 'string' ? m.content === '' : m.content.length === 0;
    if (empty && !(i === messages.length - 1 && m.role === 'assistant')) {
      throw new RequestError(400, `messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    }
  });
  const turns: Turn[] = [];
  messages.forEach((m, i) => {
    const blocks: Block[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    const last = turns.at(-1);
    if (last && last.role === m.role) last.blocks.push(...blocks);
    else turns.push({ role: m.role, firstIndex: i, blocks: [...blocks] });
  });
  if (turns[0]?.role !== 'user') throw new RequestError(400, 'messages: first message must use the "user" role');

  turns.forEach((turn, t) => {
    if (turn.role !== 'user') return;
    const previous = turns[t - 1];
    const offered = new Set(previous?.blocks.flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) ?? []);
    let sawOther = false;
    for (const block of turn.blocks) {
      if (block.type !== 'tool_result') {
        sawOther = true;
        continue;
      }
      if (sawOther) {
        throw new RequestError(400, `messages.${turn.firstIndex}: tool_result blocks must come first in the content, before any other block`);
      }
      if (!offered.has(block.tool_use_id)) {
        throw new RequestError(
          400,
          `messages.${turn.firstIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
        );
      }
    }
  });
  turns.forEach((turn, t) => {
    if (turn.role !== 'assistant') return;
    const next = turns[t + 1];
    const answered = new Set(next?.blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])) ?? []);
    const missing = turn.blocks.flatMap((b) => (b.type === 'tool_use' && !answered.has(b.id) ? [b.id] : []));
    if (missing.length > 0 && next) {
      throw new RequestError(
        400,
        `messages.${turn.firstIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
      );
    }
  });
}

// ---------- prompt caching ----------

type PrefixBlock = Record<string, unknown> & { cache_control?: unknown };

/** Every block of the cacheable prefix, in order: tools, then system, then messages. */
function blocksOf(body: MessagesBody): PrefixBlock[] {
  const system = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : (body.system ?? []);
  const messages = body.messages.flatMap((m) =>
    (typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : m.content).map((b) => ({ ...b, role: m.role }))
  );
  return [...(body.tools ?? []), ...system, ...messages];
}

function tokensOf(block: PrefixBlock): number {
  const { cache_control: _ignored, ...rest } = block;
  const text = typeof rest['text'] === 'string' ? rest['text'] : typeof rest['thinking'] === 'string' ? rest['thinking'] : JSON.stringify(rest);
  return Math.ceil(text.length / 4);
}

function cacheUsage(body: MessagesBody, ready: ReadonlySet<string>, minTokens: number) {
  const blocks = blocksOf(body);
  const prefixes: string[] = [];
  const cumulative: number[] = [];
  let hash = body.model;
  let total = 0;
  blocks.forEach((block) => {
    const { cache_control: _ignored, ...rest } = block;
    hash = createHash('sha256').update(hash).update(JSON.stringify(rest)).digest('hex');
    total += tokensOf(block);
    prefixes.push(hash);
    cumulative.push(total);
  });
  const breakpoints = blocks.flatMap((b, i) => (b.cache_control || (body.cache_control && i === blocks.length - 1) ? [i] : []));
  const at = (i: number) => cumulative[i] ?? 0;

  let readEnd = -1;
  for (const bp of breakpoints) {
    for (let i = bp; i >= Math.max(0, bp - LOOKBACK_BLOCKS) && i > readEnd; i--) {
      if (at(i) >= minTokens && ready.has(prefixes[i] ?? '')) {
        readEnd = i;
        break;
      }
    }
  }
  const read = readEnd >= 0 ? at(readEnd) : 0;
  const writes = breakpoints.filter((bp) => bp > readEnd && at(bp) >= minTokens);
  const lastWrite = writes.at(-1);
  const write = lastWrite === undefined ? 0 : at(lastWrite) - read;
  return { input: total - read - write, read, write, written: writes.map((bp) => prefixes[bp] ?? '') };
}

// ---------- answering ----------

interface Plan {
  content: (FakeBlock & { id?: string })[];
  stopReason: StopReason;
  outputTokens: number;
  /** For a tool call cut by max_tokens: the part of its JSON that was "generated". */
  truncatedJson?: string;
}

function planAnswer(reply: Extract<FakeReply, { kind: 'tool' | 'content' }>, body: MessagesBody, newId: () => string): Plan {
  const estimate = (blocks: FakeBlock[]) =>
    blocks.reduce((n, b) => n + Math.ceil((b.type === 'text' ? b.text : b.type === 'thinking' ? b.thinking : JSON.stringify(b.input)).length / 4), 0);
  if (reply.kind === 'content') {
    const content = reply.content.map((b) => (b.type === 'tool_use' ? { ...b, id: b.id ?? newId() } : b));
    return { content, stopReason: reply.stopReason, outputTokens: reply.outputTokens ?? estimate(content) };
  }
  const name = reply.name ?? (body.tool_choice?.type === 'tool' ? body.tool_choice.name : body.tools?.[0]?.name);
  if (!name || !body.tools?.some((t) => t.name === name)) throw new Error(`scripted tool ${String(name)} is not in the request's tools`);
  const block = { type: 'tool_use' as const, id: newId(), name, input: reply.input };
  const stopReason = reply.stopReason ?? 'tool_use';
  if (stopReason !== 'max_tokens') return { content: [block], stopReason, outputTokens: reply.outputTokens ?? estimate([block]) };
  const json = JSON.stringify(reply.input);
  return { content: [block], stopReason, outputTokens: body.max_tokens, truncatedJson: json.slice(0, Math.floor(json.length / 2)) };
}

function streamBlock(res: http.ServerResponse, block: Plan['content'][number], index: number, truncatedJson: string | undefined): void {
  const delta = (d: Record<string, unknown>) => sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: d });
  if (block.type === 'text') {
    sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
    chunks(block.text).forEach((text) => delta({ type: 'text_delta', text }));
  } else if (block.type === 'thinking') {
    sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    chunks(block.thinking).forEach((thinking) => delta({ type: 'thinking_delta', thinking }));
    delta({ type: 'signature_delta', signature: block.signature });
  } else {
    sse(res, 'content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: block.id, name: block.name, input: {}, caller: { type: 'direct' } }
    });
    ['', ...chunks(truncatedJson ?? JSON.stringify(block.input))].forEach((partial_json) => delta({ type: 'input_json_delta', partial_json }));
  }
  sse(res, 'content_block_stop', { type: 'content_block_stop', index });
}

// ---------- wire helpers ----------

function chunks(text: string, size = 40): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function startSse(res: http.ServerResponse, id: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${id}` });
}

function sse(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function sendError(res: http.ServerResponse, status: number, message: string, type?: string, headers: Record<string, string> = {}): void {
  const requestId = `req_fake_error_${Date.now()}`;
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type: type ?? ERROR_TYPES[status] ?? 'api_error', message }, request_id: requestId }));
}

function defaultMessage(status: number): string {
  if (status === 429) return 'This request would exceed your rate limit. Please try again later.';
  if (status === 529) return 'Overloaded';
  return 'Internal server error';
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
