/**
 * A local fake of Anthropic's Messages API (`POST /v1/messages`, `POST /v1/messages/count_tokens`)
 * on 127.0.0.1, port 0.
 *
 * It follows the real API's documented rules, not whatever LoopKit sends, so a test against it
 * fails where the real API would:
 * - auth: the key as `x-api-key` (the documented header) or `Authorization: Bearer` (what
 *   @anthropic-ai/sdk 1.x sends); missing or wrong → 401 `authentication_error`. A missing or
 *   unknown `anthropic-version` → 400 `invalid_request_error`, as the real API answers.
 * - request shape: model known (else 404 `not_found_error`), `max_tokens` ≥ 1, no unknown fields,
 *   first message from `user`, consecutive same-role messages merged into one turn (documented),
 *   no empty message, every `tool_use` answered by a `tool_result` first in the next user turn,
 *   unique tool names, `tool_choice` naming a tool that exists, at most 4 `cache_control`
 *   breakpoints → 400 `invalid_request_error`.
 * - today's model rules (400): on Sonnet 5.5, Opus 5.5 and Fable/Mythos 5.1+ a forced
 *   `tool_choice`, `thinking: {type: "disabled"}` and assistant prefill; on every 5.x model a
 *   sampling parameter other than the default; `output_config.effort` on a model or at a level it
 *   does not take; `budget_tokens` under 1,024 or not under `max_tokens`.
 * - thinking: 5.x models think adaptively unless told otherwise, and Opus/Sonnet 4.6+ with
 *   `thinking: adaptive`, 4.x with `enabled`: the reply leads with a thinking block, counted in
 *   `output_tokens` and in `output_tokens_details.thinking_tokens`. Thinking blocks sent back must
 *   be ones this server wrote, unchanged (the signature check) → else 400; with thinking on, the
 *   assistant turn whose tool calls the conversation answers must start with its thinking block.
 * - tools: a `strict` tool's input_schema must close every object (`additionalProperties: false`)
 *   → else 400; a scripted call to a tool the request does not offer, or (strict) with input its
 *   schema refuses, is a test bug: 500. `byTurn` scripts a conversation by its turn (the number of
 *   assistant turns sent so far), `toolCall` one turn's calls (several: parallel tool use).
 * - structured outputs: with `output_config.format` the scripted answer comes back as JSON text,
 *   checked against the schema (a script that breaks it is a test bug: 500). Without a format,
 *   a scripted answer is a tool call when `tool_choice` forces one; when a tool is only asked
 *   for (`auto`), every second such reply is plain text instead, as real models do.
 *   Not modelled (rejected): content LoopKit never sends (images, documents, server tools),
 *   `system`-role messages, `max_tokens: 0` cache pre-warming.
 * - streaming: message_start, ping, content_block_start / _delta (text_delta, input_json_delta,
 *   thinking_delta, signature_delta) / _stop, message_delta (stop_reason, usage), message_stop.
 * - prompt caching: the prefix is tools → system → messages; a breakpoint is a block with
 *   `cache_control` (or the last block, for top-level `cache_control`); the answer format comes
 *   first, so another format is another prefix. Tokens are counted unlike LoopKit's estimate, as
 *   ceil(UTF-8 bytes / 3.6) per block: the text of text/thinking blocks, the JSON of anything else.
 *   A prefix shorter than `minCacheableTokens` (default 1,024; real minimums vary by model from
 *   512 to 4,096) is neither written nor read. A prefix is readable only once a call that wrote
 *   it has started answering (message_start sent); until then other calls write it too. Hits are
 *   looked up at each breakpoint and up to 20 blocks before it. `input_tokens` is the uncached
 *   remainder. Entries never expire (the real 5-minute TTL outlives any test).
 * - token counting: count_tokens takes what messages.create takes but `max_tokens`, `stream`
 *   and sampling (unknown fields → 400), validated by the same rules, and answers
 *   `{ input_tokens }` counted exactly as a message with that prompt is billed (all prefix blocks,
 *   cached or not). A `tokenizer` option swaps the counting for both; `countFailure` makes every
 *   count answer an error, as when its own rate limit is hit. Counts are recorded apart from
 *   `requests` (they are not model calls).
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
  thinking: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('adaptive'), display: z.enum(['summarized', 'omitted']).nullish() }),
      z.strictObject({ type: z.literal('enabled'), budget_tokens: z.number().int(), display: z.enum(['summarized', 'omitted']).nullish() }),
      z.strictObject({ type: z.literal('disabled') })
    ])
    .optional(),
  output_config: z
    .strictObject({
      effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
      format: z.strictObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish()
    })
    .optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional()
});
export type MessagesBody = z.infer<typeof MessagesBody>;
/** The count_tokens body: a message's request without what only generation takes. */
export const CountTokensBody = MessagesBody.omit({
  max_tokens: true,
  stream: true,
  metadata: true,
  stop_sequences: true,
  service_tier: true,
  temperature: true,
  top_p: true,
  top_k: true
});
export type CountTokensBody = z.infer<typeof CountTokensBody>;
/** What both endpoints validate and count. */
type PromptBody = CountTokensBody & Partial<Pick<MessagesBody, 'max_tokens' | 'temperature' | 'top_p' | 'top_k'>>;

/** The model ids @anthropic-ai/sdk 1.14.0 lists; anything else is a 404 like the real API's. */
export const KNOWN_MODELS: readonly string[] = [
  'claude-fable-5-2',
  'claude-mythos-5-2',
  'claude-haiku-5-5',
  'claude-sonnet-5-5',
  'claude-fable-5-1',
  'claude-opus-5-5',
  'claude-mythos-5-1',
  'claude-sonnet-5',
  'claude-fable-5',
  'claude-mythos-5',
  'claude-opus-5',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-opus-4-6',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-5',
  'claude-opus-4-5-20251101',
  'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929'
];
/** Documented to answer a forced tool_choice ("tool" or "any"), `thinking: disabled` and assistant prefill with a 400. */
const STRICT_MODELS = new Set(['claude-fable-5-2', 'claude-mythos-5-2', 'claude-fable-5-1', 'claude-mythos-5-1', 'claude-opus-5-5', 'claude-sonnet-5-5']);
const isClaude5 = (model: string) => /^claude-[a-z]+-5(-|$)/.test(model);
/** Effort levels each 4.x model takes (5.x: all); a model not listed takes none. */
const EFFORTS_4X: Record<string, string[]> = {
  'claude-opus-4-8': ['low', 'medium', 'high', 'xhigh', 'max'],
  'claude-opus-4-7': ['low', 'medium', 'high', 'xhigh', 'max'],
  'claude-opus-4-6': ['low', 'medium', 'high', 'max'],
  'claude-sonnet-4-6': ['low', 'medium', 'high', 'max'],
  'claude-opus-4-5': ['low', 'medium', 'high'],
  'claude-opus-4-5-20251101': ['low', 'medium', 'high']
};
const ADAPTIVE_4X = new Set(['claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6']);
const API_VERSIONS = new Set(['2023-01-01', '2023-06-01', '2026-10-21']);
const MAX_BREAKPOINTS = 4;
const LOOKBACK_BLOCKS = 20;

// ---------- scripting ----------

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'model_context_window_exceeded';
export type FakeBlock =
  { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: unknown; id?: string } | { type: 'thinking'; thinking: string; signature: string };

interface Timing {
  /** Overrides the server's time to first byte for this reply. */
  ttfbMs?: number;
  /** Overrides the server's latency (first byte → rest of the answer) for this reply. */
  latencyMs?: number;
  /**
   * The rest of the answer also waits for this: a test that asserts calls ran side by side holds
   * one answer until the others arrived, so the order is the client's, not the machine's speed.
   */
  until?: Promise<unknown>;
}
export type FakeReply = Timing &
  (
    | /**
       * The model's structured answer: JSON text under `output_config.format`, else a call to
       * `name` (default: the tool `tool_choice` names) with this input. With stop_reason
       * max_tokens, only half of its JSON is sent.
       */
      { kind: 'tool'; input: unknown; name?: string; stopReason?: StopReason; outputTokens?: number }
    | {
        kind: 'content';
        content: FakeBlock[];
        stopReason: StopReason;
        outputTokens?: number;
        stopDetails?: { category: string | null; explanation: string | null };
      }
    | { kind: 'error'; status: number; type?: string; message?: string; retryAfterSeconds?: number }
    /** An `event: error` after message_start, as the real API sends when it overloads mid-answer. */
    | { kind: 'stream-error'; type: string; message?: string }
    /** Never answers: the connection stays open until the client gives up or the server closes. */
    | { kind: 'hang' }
  );

/** One turn that calls tools (several calls: parallel tool use), as a model with tools answers. */
export function toolCall(...calls: { name: string; input: unknown }[]): FakeReply {
  return { kind: 'content', content: calls.map((c) => ({ type: 'tool_use' as const, name: c.name, input: c.input })), stopReason: 'tool_use' };
}

/**
 * A conversation scripted by its turn: the first reply for the first request, the second for the
 * request that carries one assistant turn back, and so on (so concurrent conversations each get
 * their script); past the script, the last reply.
 */
export function byTurn(...replies: FakeReply[]): NonNullable<FakeAnthropicOptions['respond']> {
  return (request) => replies[Math.min(request.body.messages.filter((m) => m.role === 'assistant').length, replies.length - 1)]!;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  /** Set once the body passed validation. */
  body?: MessagesBody;
  arrivedAt: number;
  firstByteAt?: number;
  /** When the whole answer was sent: a call that arrived before another's answeredAt ran beside it (an order, not a duration). */
  answeredAt?: number;
  status?: number;
  /** The input tokens the answer reports (set once the body passed validation): what was read from and written to the prompt cache. */
  usage?: { input: number; cacheWrite: number; cacheRead: number };
}

export interface FakeAnthropicOptions {
  apiKey?: string;
  respond?: (request: RecordedRequest & { body: MessagesBody }, callIndex: number) => FakeReply | Promise<FakeReply>;
  ttfbMs?: number;
  latencyMs?: number;
  minCacheableTokens?: number;
  /** Tokens of a text, for billing and counting alike; default `countTokens`. */
  tokenizer?: (text: string) => number;
  /** Every count_tokens request answers this error. */
  countFailure?: { status: number; message?: string };
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`baseURL`), without `/v1`. */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** count_tokens requests, apart from the model calls in `requests`. */
  countRequests: RecordedRequest[];
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
  const tokenizer = options.tokenizer ?? countTokens;
  const requests: RecordedRequest[] = [];
  const countRequests: RecordedRequest[] = [];
  const readyPrefixes = new Set<string>();
  /** Thinking blocks this server wrote, by signature and text: only these may come back. */
  const issued = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let calls = 0;
  let ids = 0;
  /** Replies to requests that only asked for a tool (tool_choice auto): every second one is text. */
  let askedOnly = 0;

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
    const counting = record.path === '/v1/messages/count_tokens';
    (counting ? countRequests : requests).push(record);
    record.rawBody = await readBody(req);
    if (counting) return answerCount(record, res);
    let gone = false;
    res.on('close', () => (gone = !res.writableEnded));
    const markFirstByte = () => (record.firstByteAt ??= Date.now());

    let body: MessagesBody;
    try {
      body = validate(record, apiKey);
      checkThinking(body, issued);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      record.status = err.status;
      markFirstByte();
      return sendError(res, err.status, err.message);
    }
    record.body = body;
    const usage = cacheUsage(body, readyPrefixes, minCacheable, tokenizer);
    record.usage = { input: usage.input, cacheWrite: usage.write, cacheRead: usage.read };
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

    const plan = planAnswer(
      reply,
      body,
      () => `toolu_fake_${++ids}`,
      () => ++askedOnly % 2 === 0
    );
    plan.content.forEach((block) => block.type === 'thinking' && issued.add(thoughtKey(block)));
    const thinkingTokens = plan.content.reduce((n, b) => n + (b.type === 'thinking' ? countTokens(b.thinking) : 0), 0);
    const finalUsage = { ...startUsage, output_tokens: plan.outputTokens, output_tokens_details: { thinking_tokens: thinkingTokens } };
    const stopDetails = plan.stopDetails ? { type: 'refusal', ...plan.stopDetails } : null;
    if (!body.stream) {
      await Promise.all([sleep(latency), reply.until]);
      if (gone) return;
      markFirstByte();
      answerStarted();
      const content = plan.content.map((b) => (b.type === 'tool_use' ? { ...b, input: plan.truncatedJson === undefined ? b.input : {} } : b));
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
      record.answeredAt = Date.now();
      return void res.end(JSON.stringify({ ...shell, content, stop_reason: plan.stopReason, stop_details: stopDetails, usage: finalUsage }));
    }

    markFirstByte();
    startSse(res, id);
    answerStarted();
    sse(res, 'message_start', { type: 'message_start', message: { ...shell, content: [], stop_reason: null, usage: startUsage } });
    sse(res, 'ping', { type: 'ping' });
    await Promise.all([sleep(latency), reply.until]);
    if (gone) return;
    plan.content.forEach((block, index) => streamBlock(res, block, index, plan.truncatedJson));
    sse(res, 'message_delta', {
      type: 'message_delta',
      delta: { stop_reason: plan.stopReason, stop_sequence: null, stop_details: stopDetails, container: null },
      usage: {
        output_tokens: plan.outputTokens,
        input_tokens: usage.input,
        cache_creation_input_tokens: usage.write,
        cache_read_input_tokens: usage.read,
        output_tokens_details: { thinking_tokens: thinkingTokens }
      }
    });
    sse(res, 'message_stop', { type: 'message_stop' });
    record.answeredAt = Date.now();
    res.end();
  }

  function answerCount(record: RecordedRequest, res: http.ServerResponse): void {
    record.firstByteAt = Date.now();
    try {
      const body = validateCount(record, apiKey);
      if (options.countFailure)
        throw new RequestError(options.countFailure.status, options.countFailure.message ?? defaultMessage(options.countFailure.status));
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_count_${countRequests.length}` });
      res.end(JSON.stringify({ input_tokens: blocksOf(body).reduce((n, block) => n + tokensOf(block, tokenizer), 0) }));
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      record.status = err.status;
      sendError(res, err.status, err.message);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    countRequests,
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
  return checkPrompt(parseBody(record, apiKey, MessagesBody));
}

function validateCount(record: RecordedRequest, apiKey: string): CountTokensBody {
  if (record.method !== 'POST') throw new RequestError(404, 'Not Found');
  return checkPrompt(parseBody(record, apiKey, CountTokensBody));
}

/** Auth, version header and body shape, as every endpoint checks them. */
function parseBody<T>(record: RecordedRequest, apiKey: string, schema: z.ZodType<T>): T {
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
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new RequestError(400, describeIssues(parsed.error));
  return parsed.data;
}

/** The rules a prompt breaks wherever it is sent: model, tools, today's model rules, turns, breakpoints. */
function checkPrompt<T extends PromptBody>(body: T): T {
  if (!KNOWN_MODELS.includes(body.model)) throw new RequestError(404, `model: ${body.model}`);
  checkTools(body);
  checkModelRules(body);
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

function checkTools(body: PromptBody): void {
  const names = (body.tools ?? []).map((t) => t.name);
  if (new Set(names).size !== names.length) throw new RequestError(400, 'tools: Tool names must be unique.');
  (body.tools ?? []).forEach((tool, i) => {
    const open = tool.strict ? openObject(tool.input_schema, `tools.${i}.input_schema`) : undefined;
    if (open) throw new RequestError(400, `${open}: for 'object' type, 'additionalProperties' must be explicitly set to false when the tool is strict`);
  });
  const choice = body.tool_choice;
  if (!choice || choice.type === 'auto' || choice.type === 'none') return;
  if (STRICT_MODELS.has(body.model)) {
    throw new RequestError(400, 'tool_choice: type "tool" and "any" are not supported for this model.');
  }
  if (names.length === 0) throw new RequestError(400, 'tool_choice: forcing tool use requires tools.');
  if (choice.type === 'tool' && !names.includes(choice.name)) {
    throw new RequestError(400, `tool_choice.name: Tool '${choice.name}' not found in tools.`);
  }
}

/** The path of the first object schema a strict tool leaves open, or undefined. */
function openObject(schema: JsonSchema, path: string): string | undefined {
  if (schema['type'] === 'object' && schema['additionalProperties'] !== false) return path;
  const children: [string, JsonSchema][] = [
    ...Object.entries((schema['properties'] ?? {}) as Record<string, JsonSchema>).map(([k, v]): [string, JsonSchema] => [`${path}.properties.${k}`, v]),
    ...Object.entries((schema['$defs'] ?? {}) as Record<string, JsonSchema>).map(([k, v]): [string, JsonSchema] => [`${path}.$defs.${k}`, v]),
    ...(schema['items'] ? [[`${path}.items`, schema['items'] as JsonSchema] as [string, JsonSchema]] : []),
    ...((schema['anyOf'] ?? []) as JsonSchema[]).map((v, i): [string, JsonSchema] => [`${path}.anyOf.${i}`, v])
  ];
  for (const [at, child] of children) {
    const open = openObject(child, at);
    if (open) return open;
  }
  return undefined;
}

/**
 * Thinking sent back: every block one this server wrote, unchanged; with thinking on, the
 * assistant turn whose tool calls the last user turn answers starts with its thinking.
 */
function checkThinking(body: MessagesBody, issued: ReadonlySet<string>): void {
  body.messages.forEach((m, i) => {
    if (m.role !== 'assistant' || typeof m.content === 'string') return;
    m.content.forEach((block, j) => {
      if (block.type === 'thinking' && !issued.has(thoughtKey(block)))
        throw new RequestError(400, `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
    });
  });
  if (!thinks(body)) return;
  const last = body.messages.at(-1);
  const answersTools = last?.role === 'user' && typeof last.content !== 'string' && last.content.some((b) => b.type === 'tool_result');
  const index = body.messages.length - 2;
  const assistant = body.messages[index];
  if (!answersTools || !assistant || typeof assistant.content === 'string') return;
  const lead = assistant.content[0]?.type;
  if (lead !== 'thinking' && lead !== 'redacted_thinking') {
    throw new RequestError(
      400,
      `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${lead}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceding the lastmost set of \`tool_use\` and \`tool_result\` blocks).`
    );
  }
}

const thoughtKey = (block: { thinking: string; signature: string }) => `${block.signature}\u0000${block.thinking}`;

function checkModelRules(body: PromptBody): void {
  const model = body.model;
  if (STRICT_MODELS.has(model) && body.thinking?.type === 'disabled')
    throw new RequestError(400, 'thinking.type: "disabled" is not supported for this model; use output_config.effort to reduce thinking.');
  if (STRICT_MODELS.has(model) && body.messages.at(-1)?.role === 'assistant')
    throw new RequestError(400, 'This model does not support assistant message prefill. The conversation must end with a user message.');
  if (isClaude5(model)) {
    if (body.temperature !== undefined && body.temperature !== 1)
      throw new RequestError(400, 'temperature: only the default value is supported for this model.');
    if (body.top_p !== undefined || body.top_k !== undefined)
      throw new RequestError(400, `${body.top_p !== undefined ? 'top_p' : 'top_k'}: not supported for this model.`);
  }
  const effort = body.output_config?.effort;
  if (effort && !isClaude5(model) && !(EFFORTS_4X[model] ?? []).includes(effort))
    throw new RequestError(400, `output_config.effort: "${effort}" is not supported for this model.`);
  const thinking = body.thinking;
  if (thinking?.type === 'adaptive' && !isClaude5(model) && !ADAPTIVE_4X.has(model))
    throw new RequestError(400, 'thinking.type: "adaptive" is not supported for this model.');
  if (thinking?.type === 'enabled' && (thinking.budget_tokens < 1024 || (body.max_tokens !== undefined && thinking.budget_tokens >= body.max_tokens))) {
    throw new RequestError(400, 'thinking.budget_tokens: must be at least 1024 and less than max_tokens.');
  }
}

/** Whether the reply leads with a thinking block: 5.x think unless told not to; others when asked. */
function thinks(body: MessagesBody): boolean {
  if (body.thinking) return body.thinking.type !== 'disabled';
  return isClaude5(body.model);
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
function blocksOf(body: PromptBody): PrefixBlock[] {
  const system = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : (body.system ?? []);
  const messages = body.messages.flatMap((m) =>
    (typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : m.content).map((b) => ({ ...b, role: m.role }))
  );
  const format = body.output_config?.format ? [{ type: 'output_format', schema: body.output_config.format.schema }] : [];
  return [...format, ...(body.tools ?? []), ...system, ...messages];
}

/** The fake's tokenizer: not LoopKit's estimate, so nothing can pass by agreeing with itself. */
export function countTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3.6);
}

function tokensOf(block: PrefixBlock, tokenizer: (text: string) => number): number {
  const { cache_control: _ignored, ...rest } = block;
  const text = typeof rest['text'] === 'string' ? rest['text'] : typeof rest['thinking'] === 'string' ? rest['thinking'] : JSON.stringify(rest);
  return tokenizer(text);
}

function cacheUsage(body: MessagesBody, ready: ReadonlySet<string>, minTokens: number, tokenizer: (text: string) => number) {
  const blocks = blocksOf(body);
  const prefixes: string[] = [];
  const cumulative: number[] = [];
  let hash = body.model;
  let total = 0;
  blocks.forEach((block) => {
    const { cache_control: _ignored, ...rest } = block;
    hash = createHash('sha256').update(hash).update(JSON.stringify(rest)).digest('hex');
    total += tokensOf(block, tokenizer);
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
  stopDetails?: { category: string | null; explanation: string | null };
}

const THOUGHT: FakeBlock = {
  type: 'thinking',
  thinking: 'Reading the request and the code it cites before answering: what changed, what could break, what the evidence shows.',
  signature: 'fake-signature-EqQBCkYIBRgC'
};

function planAnswer(reply: Extract<FakeReply, { kind: 'tool' | 'content' }>, body: MessagesBody, newId: () => string, textThisTime: () => boolean): Plan {
  const estimate = (blocks: FakeBlock[]) =>
    blocks.reduce((n, b) => n + countTokens(b.type === 'text' ? b.text : b.type === 'thinking' ? b.thinking : JSON.stringify(b.input)), 0);
  const lead: FakeBlock[] = thinks(body) ? [THOUGHT] : [];
  if (reply.kind === 'content') {
    reply.content.forEach((b) => b.type === 'tool_use' && checkScriptedCall(b, body));
    const scripted = reply.content.map((b) => (b.type === 'tool_use' ? { ...b, id: b.id ?? newId() } : b));
    const content = scripted[0]?.type === 'thinking' ? scripted : [...lead, ...scripted];
    return {
      content,
      stopReason: reply.stopReason,
      outputTokens: reply.outputTokens ?? estimate(content),
      ...(reply.stopDetails ? { stopDetails: reply.stopDetails } : {})
    };
  }
  const stopReason = reply.stopReason ?? (body.output_config?.format ? 'end_turn' : 'tool_use');
  const json = JSON.stringify(reply.input);
  const format = body.output_config?.format;
  if (format) {
    const answer = completed(reply.input, format.schema, format.schema);
    const problem = schemaProblem(answer, format.schema, format.schema, 'answer');
    if (problem) throw new Error(`scripted answer breaks output_config.format: ${problem}`);
    const json = JSON.stringify(answer);
    if (stopReason === 'max_tokens')
      return { content: [...lead, { type: 'text', text: json.slice(0, Math.floor(json.length / 2)) }], stopReason, outputTokens: body.max_tokens };
    const content = [...lead, { type: 'text' as const, text: json }];
    return { content, stopReason, outputTokens: reply.outputTokens ?? estimate(content) };
  }
  const forced = body.tool_choice?.type === 'tool' || body.tool_choice?.type === 'any';
  if (!forced && textThisTime()) {
    const content = [...lead, { type: 'text' as const, text: `Here is what I found: ${json}` }];
    return { content, stopReason: 'end_turn', outputTokens: estimate(content) };
  }
  const name = reply.name ?? (body.tool_choice?.type === 'tool' ? body.tool_choice.name : body.tools?.[0]?.name);
  if (!name || !body.tools?.some((t) => t.name === name)) throw new Error(`scripted tool ${String(name)} is not in the request's tools`);
  const block = { type: 'tool_use' as const, id: newId(), name, input: reply.input };
  if (stopReason !== 'max_tokens') return { content: [...lead, block], stopReason, outputTokens: reply.outputTokens ?? estimate([...lead, block]) };
  return { content: [...lead, block], stopReason, outputTokens: body.max_tokens, truncatedJson: json.slice(0, Math.floor(json.length / 2)) };
}

type JsonSchema = Record<string, unknown>;

/** A scripted tool call the request could not have produced is a test bug. */
function checkScriptedCall(call: Extract<FakeBlock, { type: 'tool_use' }>, body: MessagesBody): void {
  const tool = body.tools?.find((t) => t.name === call.name);
  if (!tool) throw new Error(`scripted tool call ${call.name} is not in the request's tools`);
  const problem = tool.strict ? schemaProblem(call.input, tool.input_schema, tool.input_schema, 'input') : undefined;
  if (problem) throw new Error(`scripted call of strict tool ${call.name} breaks its input_schema: ${problem}`);
}

/**
 * A scripted answer as a model under the format writes it: every required field present, the
 * ones the script left out as null (where the schema allows it) or an empty list.
 */
function completed(value: unknown, schema: JsonSchema, root: JsonSchema): unknown {
  if (typeof schema['$ref'] === 'string')
    return completed(value, ((root['$defs'] ?? {}) as Record<string, JsonSchema>)[schema['$ref'].replace(/^#\/\$defs\//, '')] ?? {}, root);
  if (Array.isArray(schema['anyOf'])) {
    if (value === null || value === undefined) return value;
    const options = (schema['anyOf'] as JsonSchema[]).filter((option) => option['type'] !== 'null');
    // The branch the value was written for (a discriminated union's `kind`), else the first.
    const fit = options.find((option) => schemaProblem(completed(value, option, root), option, root, '') === undefined) ?? options[0];
    return fit ? completed(value, fit, root) : value;
  }
  if (Array.isArray(value) && schema['items']) return value.map((item) => completed(item, schema['items'] as JsonSchema, root));
  if (!value || typeof value !== 'object' || Array.isArray(value) || schema['type'] !== 'object') return value;
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    const given = (value as Record<string, unknown>)[key];
    if (given !== undefined) out[key] = completed(given, property, root);
    else if (allowsNull(property)) out[key] = null;
    else if (property['type'] === 'array') out[key] = [];
  }
  for (const [key, given] of Object.entries(value)) if (!(key in properties)) out[key] = given;
  return out;
}

function allowsNull(schema: JsonSchema): boolean {
  return (
    schema['type'] === 'null' ||
    (Array.isArray(schema['type']) && (schema['type'] as string[]).includes('null')) ||
    (Array.isArray(schema['anyOf']) && (schema['anyOf'] as JsonSchema[]).some((o) => o['type'] === 'null'))
  );
}

/** What a JSON value breaks in a structured-output schema (the subset the API takes), or undefined. */
function schemaProblem(value: unknown, schema: JsonSchema, root: JsonSchema, path: string): string | undefined {
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace(/^#\/\$defs\//, '');
    return schemaProblem(value, ((root['$defs'] ?? {}) as Record<string, JsonSchema>)[name] ?? {}, root, path);
  }
  if (Array.isArray(schema['anyOf'])) {
    const fits = (schema['anyOf'] as JsonSchema[]).some((option) => schemaProblem(value, option, root, path) === undefined);
    return fits ? undefined : `${path}: matches none of anyOf`;
  }
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value)) return `${path}: ${JSON.stringify(value)} is not one of the enum`;
  if ('const' in schema && schema['const'] !== value) return `${path}: must be ${JSON.stringify(schema['const'])}`;
  const type = schema['type'];
  const types = Array.isArray(type) ? (type as string[]) : type === undefined ? [] : [type as string];
  if (types.length > 0 && !types.some((t) => typeMatches(value, t)))
    return `${path}: expected ${types.join(' or ')}, got ${JSON.stringify(value)?.slice(0, 40)}`;
  if (Array.isArray(value) && schema['items']) {
    for (const [i, item] of value.entries()) {
      const problem = schemaProblem(item, schema['items'] as JsonSchema, root, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && types.includes('object')) {
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    const record = value as Record<string, unknown>;
    for (const key of (schema['required'] ?? []) as string[]) if (!(key in record)) return `${path}.${key}: required`;
    for (const [key, item] of Object.entries(record)) {
      const property = properties[key];
      if (!property) {
        if (schema['additionalProperties'] === false) return `${path}.${key}: not allowed`;
        continue;
      }
      const problem = schemaProblem(item, property, root, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
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
