/**
 * A local fake of OpenAI's Responses API (`POST /v1/responses`, streamed, and
 * `POST /v1/responses/input_tokens`) on 127.0.0.1, port 0.
 *
 * It follows the documented rules, not whatever LoopKit sends:
 * - auth: `Authorization: Bearer <key>`; missing or wrong → 401 `invalid_api_key`.
 * - request shape: a known model (else 404 `model_not_found`); no unknown fields; `text.format`
 *   json_schema with `strict: true` must be a strict schema (every property required, no
 *   additional properties, all the way down) → else 400 `invalid_request_error`;
 *   `reasoning.effort` one of the levels; `max_output_tokens` ≥ 16.
 * - streaming: response.created, response.in_progress, then per output item
 *   response.output_item.added / .done (a reasoning item first, then the message with
 *   content_part.added, output_text.delta…, output_text.done, content_part.done), then
 *   response.completed (or response.incomplete) carrying the whole response with usage.
 * - prompt caching: automatic for a prefix of ≥ 1,024 tokens (model, text format, reasoning
 *   effort, tools, instructions, then the input item by item), readable once the call that wrote
 *   it has started answering; the longest readable prefix is read, so a turn of tool results
 *   reads the turn before it. usage.input_tokens counts cached tokens too
 *   (input_tokens_details.cached_tokens says how many); cache_write_tokens is the shared prefix
 *   when it was not read. Tokens are counted as ceil(UTF-8 bytes / 3.6).
 * - function calling: strict function tools must have strict parameters (as `text.format`) → else
 *   400; a `calls` reply answers with a reasoning item (its encrypted content only when `include`
 *   asks for it) and one function_call per call, status completed. Input items sent back follow
 *   the documented rules → else 400: every function_call_output answers an earlier function_call
 *   and every function_call is answered; with `store: false` a reasoning item must carry encrypted
 *   content this server wrote, unchanged, and be followed by the item it led. `byTurn` scripts a
 *   conversation by its turn (reasoning items and assistant messages sent back so far).
 * - input token counts: input_tokens takes the request without what only generation takes and
 *   answers `{ object: "response.input_tokens", input_tokens }` counted as that request is
 *   billed. `countFailure` makes every count answer an error. Counts are recorded apart from
 *   `requests` (they are not model calls).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const FAKE_OPENAI_KEY = 'sk-proj-fake-key-for-tests-0123456789';
export const OPENAI_MODELS = ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-6-sol', 'gpt-5.5'];
const MIN_CACHEABLE = 1024;

const InputMessage = z.strictObject({ role: z.enum(['user', 'assistant', 'developer', 'system']), content: z.string(), type: z.literal('message').optional() });
const FunctionCallItem = z.strictObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string(),
  arguments: z.string(),
  id: z.string().optional(),
  status: z.string().optional()
});
const FunctionCallOutputItem = z.strictObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.string(),
  id: z.string().optional(),
  status: z.string().optional()
});
const ReasoningItem = z.strictObject({
  type: z.literal('reasoning'),
  id: z.string(),
  summary: z.array(z.strictObject({ type: z.literal('summary_text'), text: z.string() })),
  encrypted_content: z.string().nullish(),
  status: z.string().optional()
});
const InputItem = z.union([InputMessage, FunctionCallItem, FunctionCallOutputItem, ReasoningItem]);
type InputItem = z.infer<typeof InputItem>;
const FunctionTool = z.strictObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullable(),
  strict: z.boolean().nullable()
});
export const ResponsesBody = z.strictObject({
  model: z.string().min(1),
  instructions: z.string().optional(),
  input: z.union([z.string(), z.array(InputItem).min(1)]),
  tools: z.array(FunctionTool).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.strictObject({ type: z.literal('function'), name: z.string() })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  include: z.array(z.enum(['reasoning.encrypted_content', 'message.output_text.logprobs'])).optional(),
  text: z
    .strictObject({
      format: z.strictObject({
        type: z.literal('json_schema'),
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
        schema: z.record(z.string(), z.unknown()),
        strict: z.boolean().optional(),
        description: z.string().optional()
      })
    })
    .optional(),
  reasoning: z.strictObject({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional() }).optional(),
  max_output_tokens: z.number().int().min(16).optional(),
  prompt_cache_key: z.string().optional(),
  store: z.boolean().optional(),
  stream: z.boolean().optional()
});
export type ResponsesBody = z.infer<typeof ResponsesBody>;
const InputTokensBody = ResponsesBody.omit({ max_output_tokens: true, prompt_cache_key: true, store: true, stream: true }).extend({
  input: ResponsesBody.shape.input.optional()
});

export type FakeOpenAIReply =
  | { kind: 'answer'; input: unknown; reasoningTokens?: number }
  /** Function calls (several: parallel calls), after a reasoning item. */
  | { kind: 'calls'; calls: { name: string; input: unknown }[] }
  | { kind: 'refusal'; text: string }
  /** Stopped at max_output_tokens: half of the JSON, status incomplete. */
  | { kind: 'incomplete'; input: unknown }
  | { kind: 'error'; status: number; retryAfterSeconds?: number }
  /** The connection drops after the first events. */
  | { kind: 'drop' }
  /** Never answers: the connection stays open until the client gives up. */
  | { kind: 'hang' };

export interface OpenAIRequest {
  headers: Record<string, string>;
  body?: ResponsesBody;
  status?: number;
}

export interface FakeOpenAI {
  /** Base URL for the SDK (`baseURL` / OPENAI_BASE_URL), with `/v1`. */
  url: string;
  apiKey: string;
  requests: OpenAIRequest[];
  /** input_tokens requests, apart from the model calls in `requests`. */
  countRequests: OpenAIRequest[];
  close(): Promise<void>;
}

export const countTokens = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 3.6);

/** Prompt tokens of the shared prefix (instructions, format and tools) and of the input, as billed. */
function promptTokens(body: Pick<ResponsesBody, 'instructions' | 'text' | 'tools'> & { input?: ResponsesBody['input'] }): { prefix: number; input: number } {
  const prefix =
    countTokens(body.instructions ?? '') + countTokens(JSON.stringify(body.text?.format ?? '')) + (body.tools ? countTokens(JSON.stringify(body.tools)) : 0);
  return { prefix, input: body.input === undefined ? 0 : countTokens(JSON.stringify(body.input)) };
}

/** One turn of a tool conversation, as a model with tools answers. */
export function functionCalls(...calls: { name: string; input: unknown }[]): FakeOpenAIReply {
  return { kind: 'calls', calls };
}

/** A conversation scripted by its turn; past the script, the last reply. */
export function byTurn(...replies: FakeOpenAIReply[]): (body: ResponsesBody) => FakeOpenAIReply {
  return (body) => {
    const items = typeof body.input === 'string' ? [] : body.input;
    const turn = items.filter((item) => ('type' in item && item.type === 'reasoning') || ('role' in item && item.role === 'assistant')).length;
    return replies[Math.min(turn, replies.length - 1)]!;
  };
}

/** What the input items break of the documented rules, or undefined. */
function itemProblem(body: ResponsesBody, issued: ReadonlySet<string>): string | undefined {
  if (typeof body.input === 'string') return undefined;
  const items = body.input;
  const called = new Set<string>();
  const answered = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (!('type' in item)) continue;
    if (item.type === 'function_call') called.add(item.call_id);
    if (item.type === 'function_call_output') {
      if (!called.has(item.call_id)) return `No tool call found for function call output with call_id ${item.call_id}.`;
      answered.add(item.call_id);
    }
    if (item.type === 'reasoning') {
      if (body.store === false && !item.encrypted_content)
        return `Item with id '${item.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`;
      if (item.encrypted_content && !issued.has(item.encrypted_content)) return `input[${i}]: The encrypted content for item ${item.id} could not be verified.`;
      const next = items[i + 1];
      if (!next || !('type' in next) || (next.type !== 'function_call' && next.type !== 'message')) {
        if (!(next && 'role' in next && next.role === 'assistant'))
          return `Item '${item.id}' of type 'reasoning' was provided without its required following item.`;
      }
    }
  }
  const unanswered = [...called].find((id) => !answered.has(id));
  return unanswered ? `No tool output found for function call ${unanswered}.` : undefined;
}

/** Token counts at each boundary of the cacheable prompt: the shared prefix, then after each input item. */
function boundaries(body: ResponsesBody, prefixText: string, prefixTokens: number): { key: string; tokens: number }[] {
  const items = typeof body.input === 'string' ? [body.input] : body.input;
  return [
    { key: createHash('sha256').update(prefixText).digest('hex'), tokens: prefixTokens },
    ...items.map((_item, k) => ({
      key: createHash('sha256')
        .update(prefixText)
        .update(JSON.stringify(items.slice(0, k + 1)))
        .digest('hex'),
      tokens: prefixTokens + countTokens(JSON.stringify(items.slice(0, k + 1)))
    }))
  ];
}

export interface FakeOpenAIOptions {
  respond?: (body: ResponsesBody, index: number) => FakeOpenAIReply;
  /** Every input_tokens request answers this status. */
  countFailure?: { status: number };
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const respond = options.respond ?? (() => ({ kind: 'answer', input: {} }) as FakeOpenAIReply);
  const requests: OpenAIRequest[] = [];
  const countRequests: OpenAIRequest[] = [];
  const ready = new Set<string>();
  /** Encrypted reasoning this server wrote: only these may come back. */
  const issued = new Set<string>();
  let calls = 0;
  let ids = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record: OpenAIRequest = { headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])) };
      const path = (req.url ?? '').split('?')[0];
      const counting = path === '/v1/responses/input_tokens';
      (counting ? countRequests : requests).push(record);
      const fail = (status: number, type: string, code: string | null, message: string, headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${++ids}`, ...headers });
        res.end(JSON.stringify({ error: { message, type, param: null, code } }));
      };
      if (req.method !== 'POST' || (path !== '/v1/responses' && !counting)) return fail(404, 'invalid_request_error', null, 'Not found');
      if (record.headers['authorization'] !== `Bearer ${FAKE_OPENAI_KEY}`)
        return fail(401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.');
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return fail(400, 'invalid_request_error', null, 'We could not parse the JSON body of your request.');
      }
      const parsed = (counting ? InputTokensBody : ResponsesBody).safeParse(json);
      if (!parsed.success) return fail(400, 'invalid_request_error', null, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const asked = parsed.data;
      if (!OPENAI_MODELS.includes(asked.model))
        return fail(404, 'invalid_request_error', 'model_not_found', `The model \`${asked.model}\` does not exist or you do not have access to it.`);
      const format = asked.text?.format;
      const loose = format?.strict ? notStrict(format.schema, format.schema, 'text.format.schema') : undefined;
      if (loose) return fail(400, 'invalid_request_error', null, `Invalid schema for response_format '${format!.name}': ${loose}`);
      for (const tool of asked.tools ?? []) {
        const open = tool.strict && tool.parameters ? notStrict(tool.parameters, tool.parameters, 'parameters') : undefined;
        if (open) return fail(400, 'invalid_request_error', null, `Invalid schema for function '${tool.name}': ${open}`);
      }
      const broken = itemProblem(asked as ResponsesBody, issued);
      if (broken) return fail(400, 'invalid_request_error', null, broken);
      if (counting) {
        if (options.countFailure) return fail(options.countFailure.status, 'server_error', null, 'The server had an error.');
        const tokens = promptTokens(asked);
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_fake_${++ids}` });
        return void res.end(JSON.stringify({ object: 'response.input_tokens', input_tokens: tokens.prefix + tokens.input }));
      }
      const body = asked as ResponsesBody;
      record.body = body;

      const reply = respond(body, calls++);
      if (reply.kind === 'hang') return;
      if (reply.kind === 'error')
        return fail(
          reply.status,
          reply.status === 429 ? 'rate_limit_exceeded' : 'server_error',
          null,
          reply.status === 429 ? 'Rate limit reached.' : 'The server had an error.',
          reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) }
        );

      const prefixText = [
        body.model,
        JSON.stringify(format ?? null),
        body.reasoning?.effort ?? '',
        JSON.stringify(body.tools ?? null),
        body.instructions ?? ''
      ].join('\u0000');
      const tokens = promptTokens(body);
      const prefixTokens = tokens.prefix;
      const inputTokens = prefixTokens + tokens.input;
      const marks = boundaries(body, prefixText, prefixTokens).filter((b) => b.tokens >= MIN_CACHEABLE);
      const cached = marks.filter((b) => ready.has(b.key)).at(-1)?.tokens ?? 0;
      const written = prefixTokens >= MIN_CACHEABLE && !cached ? prefixTokens : 0;
      if (reply.kind === 'calls') {
        for (const call of reply.calls) {
          const tool = body.tools?.find((t) => t.name === call.name);
          if (!tool) throw new Error(`scripted function call ${call.name} is not in the request's tools`);
        }
      }

      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `req_fake_${++ids}` });
      let sequence = 0;
      const send = (type: string, data: Record<string, unknown>) =>
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
      const id = `resp_fake_${++ids}`;
      const shell = (status: string, output: unknown[], usage: unknown, incomplete: unknown = null) => ({
        id,
        object: 'response',
        created_at: Math.floor(Date.now() / 1000),
        status,
        model: body.model,
        output,
        usage,
        incomplete_details: incomplete,
        error: null,
        instructions: body.instructions ?? null,
        max_output_tokens: body.max_output_tokens ?? null,
        parallel_tool_calls: true,
        temperature: 1,
        top_p: 1,
        tool_choice: 'auto',
        tools: [],
        text: body.text ?? { format: { type: 'text' } },
        reasoning: body.reasoning ?? null,
        store: body.store ?? true,
        metadata: {}
      });
      send('response.created', { response: shell('in_progress', [], null) });
      marks.forEach((b) => ready.add(b.key));
      send('response.in_progress', { response: shell('in_progress', [], null) });
      if (reply.kind === 'drop') return void res.destroy();

      const reasoningTokens = reply.kind === 'answer' ? (reply.reasoningTokens ?? 64) : 16;
      const encrypted = body.include?.includes('reasoning.encrypted_content')
        ? `enc_fake_${createHash('sha256').update(`${id}`).digest('hex').slice(0, 24)}`
        : undefined;
      if (encrypted) issued.add(encrypted);
      const reasoning = { type: 'reasoning', id: `rs_fake_${++ids}`, summary: [], ...(encrypted ? { encrypted_content: encrypted } : {}) };
      send('response.output_item.added', { output_index: 0, item: { ...reasoning, encrypted_content: null } });
      send('response.output_item.done', { output_index: 0, item: reasoning });
      if (reply.kind === 'calls') {
        const items = reply.calls.map((call) => ({
          type: 'function_call',
          id: `fc_fake_${++ids}`,
          call_id: `call_fake_${++ids}`,
          name: call.name,
          arguments: JSON.stringify(call.input),
          status: 'completed'
        }));
        items.forEach((item, i) => {
          send('response.output_item.added', { output_index: i + 1, item: { ...item, arguments: '', status: 'in_progress' } });
          send('response.function_call_arguments.delta', { output_index: i + 1, item_id: item.id, delta: item.arguments });
          send('response.function_call_arguments.done', { output_index: i + 1, item_id: item.id, name: item.name, arguments: item.arguments });
          send('response.output_item.done', { output_index: i + 1, item });
        });
        const outputTokens = reasoningTokens + items.reduce((n, item) => n + countTokens(item.arguments), 0);
        const usage = {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: cached, cache_write_tokens: written },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: reasoningTokens },
          total_tokens: inputTokens + outputTokens
        };
        send('response.completed', { response: shell('completed', [reasoning, ...items], usage) });
        return void res.end();
      }
      const text = reply.kind === 'refusal' ? reply.text : JSON.stringify(reply.input);
      const shown = reply.kind === 'incomplete' ? text.slice(0, Math.floor(text.length / 2)) : text;
      const part = reply.kind === 'refusal' ? { type: 'refusal', refusal: shown } : { type: 'output_text', text: shown, annotations: [], logprobs: [] };
      const messageId = `msg_fake_${++ids}`;
      const done = reply.kind !== 'incomplete';
      const message = { type: 'message', id: messageId, status: done ? 'completed' : 'incomplete', role: 'assistant', content: [part] };
      send('response.output_item.added', { output_index: 1, item: { ...message, status: 'in_progress', content: [] } });
      send('response.content_part.added', {
        output_index: 1,
        item_id: messageId,
        content_index: 0,
        part: reply.kind === 'refusal' ? { type: 'refusal', refusal: '' } : { type: 'output_text', text: '', annotations: [], logprobs: [] }
      });
      if (reply.kind === 'refusal') {
        send('response.refusal.delta', { output_index: 1, item_id: messageId, content_index: 0, delta: shown });
        send('response.refusal.done', { output_index: 1, item_id: messageId, content_index: 0, refusal: shown });
      } else {
        for (let i = 0; i < shown.length; i += 40)
          send('response.output_text.delta', { output_index: 1, item_id: messageId, content_index: 0, delta: shown.slice(i, i + 40), logprobs: [] });
        send('response.output_text.done', { output_index: 1, item_id: messageId, content_index: 0, text: shown, logprobs: [] });
      }
      send('response.content_part.done', { output_index: 1, item_id: messageId, content_index: 0, part });
      send('response.output_item.done', { output_index: 1, item: message });
      const outputTokens = reasoningTokens + countTokens(shown);
      const usage = {
        input_tokens: inputTokens,
        input_tokens_details: { cached_tokens: cached, cache_write_tokens: written },
        output_tokens: done ? outputTokens : (body.max_output_tokens ?? outputTokens),
        output_tokens_details: { reasoning_tokens: reasoningTokens },
        total_tokens: inputTokens + outputTokens
      };
      const output = [reasoning, message];
      if (done) send('response.completed', { response: shell('completed', output, usage) });
      else send('response.incomplete', { response: shell('incomplete', output, usage, { reason: 'max_output_tokens' }) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey: FAKE_OPENAI_KEY,
    requests,
    countRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

/** Why a schema is not strict (structured outputs' rules), or undefined. */
function notStrict(schema: Record<string, unknown>, root: Record<string, unknown>, path: string): string | undefined {
  if (typeof schema['$ref'] === 'string') return undefined;
  for (const key of ['anyOf', 'allOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list))
      for (const [i, option] of list.entries()) {
        const problem = notStrict(option as Record<string, unknown>, root, `${path}.${key}[${i}]`);
        if (problem) return problem;
      }
  }
  const defs = schema['$defs'] as Record<string, Record<string, unknown>> | undefined;
  for (const [name, def] of Object.entries(defs ?? {})) {
    const problem = notStrict(def, root, `${path}.$defs.${name}`);
    if (problem) return problem;
  }
  if (schema['type'] === 'object') {
    if (schema['additionalProperties'] !== false) return `${path}: 'additionalProperties' is required to be supplied and to be false`;
    const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((schema['required'] ?? []) as string[]);
    const missing = Object.keys(properties).find((key) => !required.has(key));
    if (missing) return `${path}: 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'`;
    for (const [key, property] of Object.entries(properties)) {
      const problem = notStrict(property, root, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  if (schema['type'] === 'array' && schema['items']) return notStrict(schema['items'] as Record<string, unknown>, root, `${path}.items`);
  return undefined;
}
