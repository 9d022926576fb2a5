/**
 * The fake's own rules: the provider tests rely on it rejecting what the real API rejects and
 * billing the cache the way the real API does.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic-server.js';

describe('providers/fake-anthropic', () => {
  let fake: FakeAnthropic | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function start(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
    fake = await startFakeAnthropic(options);
    return fake;
  }

  const TOOL = { name: 'report', description: 'Report.', input_schema: { type: 'object', properties: { n: { type: 'number' } } } };
  const LONG = 'x'.repeat(7_200); // 2,000 tokens by the fake's count (bytes / 3.6)

  function body(extra: Record<string, unknown> = {}) {
    // Sonnet 4.5: no thinking unless asked, so replies are what the script says.
    return { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], ...extra };
  }

  async function post(f: FakeAnthropic, payload: unknown, headers: Record<string, string | undefined> = {}, path = '/v1/messages') {
    const all: Record<string, string> = {};
    for (const [k, v] of Object.entries({ 'content-type': 'application/json', 'x-api-key': f.apiKey, 'anthropic-version': '2023-06-01', ...headers })) {
      if (v !== undefined) all[k] = v;
    }
    const res = await fetch(`${f.url}${path}`, { method: 'POST', headers: all, body: JSON.stringify(payload) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, any> };
  }

  function sseEvents(text: string): { event: string; data: any }[] {
    return text
      .split('\n\n')
      .filter((chunk) => chunk.trim() !== '')
      .map((chunk) => {
        const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? '';
        const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? 'null');
        return { event, data };
      });
  }

  describe('authentication and versioning', () => {
    test('a missing key is a 401 authentication_error shaped like the real one', async () => {
      const f = await start();
      const res = await post(f, body(), { 'x-api-key': undefined });
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
    });

    test('a wrong key is a 401; the key is accepted as x-api-key or as a Bearer token', async () => {
      const f = await start();
      expect((await post(f, body(), { 'x-api-key': 'sk-ant-wrong' })).status).toBe(401);
      expect((await post(f, body())).status).toBe(200);
      expect((await post(f, body(), { 'x-api-key': undefined, authorization: `Bearer ${f.apiKey}` })).status).toBe(200);
    });

    test('anthropic-version is required and must be a published version', async () => {
      const f = await start();
      const missing = await post(f, body(), { 'anthropic-version': undefined });
      expect(missing.status).toBe(400);
      expect(missing.json().error).toEqual({ type: 'invalid_request_error', message: 'anthropic-version: header is required' });
      expect((await post(f, body(), { 'anthropic-version': '2024-10-22' })).status).toBe(400);
    });
  });

  describe('request shape', () => {
    test('an unknown model is a 404 not_found_error', async () => {
      const f = await start();
      const res = await post(f, body({ model: 'claude-imaginary-9' }));
      expect(res.status).toBe(404);
      expect(res.json().error.type).toBe('not_found_error');
    });

    test('unknown fields and a missing max_tokens are rejected', async () => {
      const f = await start();
      const extra = await post(f, body({ temprature: 0.5 }));
      expect(extra.status).toBe(400);
      expect(extra.json().error.message).toContain('temprature: Extra inputs are not permitted');
      const { max_tokens: _omitted, ...noMax } = body();
      expect((await post(f, noMax)).status).toBe(400);
    });

    test('the first message must come from the user; consecutive user turns are merged, not rejected', async () => {
      const f = await start();
      const assistantFirst = await post(
        f,
        body({
          messages: [
            { role: 'assistant', content: 'Hi' },
            { role: 'user', content: 'Hello' }
          ]
        })
      );
      expect(assistantFirst.status).toBe(400);
      expect(assistantFirst.json().error.message).toBe('messages: first message must use the "user" role');
      const twoUsers = await post(
        f,
        body({
          messages: [
            { role: 'user', content: 'a' },
            { role: 'user', content: 'b' }
          ]
        })
      );
      expect(twoUsers.status).toBe(200);
    });

    test('an empty message is rejected', async () => {
      const f = await start();
      expect((await post(f, body({ messages: [{ role: 'user', content: [] }] }))).status).toBe(400);
    });

    test('tool_choice must name an existing tool, and forcing is refused by the models that refuse it', async () => {
      const f = await start();
      const missing = await post(f, body({ tools: [TOOL], tool_choice: { type: 'tool', name: 'nope' } }));
      expect(missing.status).toBe(400);
      const refused = await post(f, body({ model: 'claude-sonnet-5-5', tools: [TOOL], tool_choice: { type: 'tool', name: 'report' } }));
      expect(refused.status).toBe(400);
      expect(refused.json().error.message).toBe('tool_choice: type "tool" and "any" are not supported for this model.');
      expect((await post(f, body({ model: 'claude-sonnet-5-5', tools: [TOOL], tool_choice: { type: 'auto' } }))).status).toBe(200);
      expect((await post(f, body({ tools: [TOOL], tool_choice: { type: 'tool', name: 'report' } }))).status).toBe(200);
    });

    test('tool names must be unique and input_schema must be an object schema', async () => {
      const f = await start();
      expect((await post(f, body({ tools: [TOOL, TOOL] }))).status).toBe(400);
      expect((await post(f, body({ tools: [{ ...TOOL, input_schema: { type: 'string' } }] }))).status).toBe(400);
    });

    test('every tool_use needs a tool_result, first in the next user turn, and a tool_result needs its tool_use', async () => {
      const f = await start();
      const call = { type: 'tool_use', id: 'toolu_1', name: 'report', input: {} };
      const result = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'bad', is_error: true };
      const conversation = (next: unknown[]) =>
        body({
          tools: [TOOL],
          messages: [
            { role: 'user', content: 'Go' },
            { role: 'assistant', content: [call] },
            { role: 'user', content: next }
          ]
        });

      expect((await post(f, conversation([result, { type: 'text', text: 'again' }]))).status).toBe(200);
      const unanswered = await post(f, conversation([{ type: 'text', text: 'again' }]));
      expect(unanswered.status).toBe(400);
      expect(unanswered.json().error.message).toContain('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1');
      expect((await post(f, conversation([{ type: 'text', text: 'again' }, result]))).status).toBe(400);
      expect((await post(f, conversation([{ ...result, tool_use_id: 'toolu_other' }]))).status).toBe(400);
    });

    test('at most 4 cache_control breakpoints', async () => {
      const f = await start();
      const block = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
      const four = await post(f, body({ system: [block('a'), block('b'), block('c')], messages: [{ role: 'user', content: [block('d')] }] }));
      expect(four.status).toBe(200);
      const five = await post(f, body({ system: [block('a'), block('b'), block('c'), block('d')], messages: [{ role: 'user', content: [block('e')] }] }));
      expect(five.status).toBe(400);
      expect(five.json().error.message).toBe('A maximum of 4 blocks with cache_control may be provided. Found 5.');
    });
  });

  describe('answers', () => {
    test('a scripted tool call, non-streaming, with usage', async () => {
      const f = await start({ respond: () => ({ kind: 'tool', input: { n: 1 } }) });
      const res = await post(f, body({ tools: [TOOL], tool_choice: { type: 'tool', name: 'report' } }));
      expect(res.json()).toMatchObject({
        type: 'message',
        role: 'assistant',
        stop_reason: 'tool_use',
        content: [{ type: 'tool_use', name: 'report', input: { n: 1 } }],
        usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number), cache_read_input_tokens: 0 }
      });
    });

    test('streaming sends the documented event sequence, tool input as input_json_delta', async () => {
      const f = await start({ respond: () => ({ kind: 'tool', input: { n: 12345, text: 'y'.repeat(100) } }) });
      const res = await post(f, body({ stream: true, tools: [TOOL], tool_choice: { type: 'tool', name: 'report' } }));
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const events = sseEvents(res.text);
      const names = [...new Set(events.map((e) => e.event))];
      expect(names).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
      const json = events
        .filter((e) => e.event === 'content_block_delta')
        .map((e) => e.data.delta.partial_json as string)
        .join('');
      expect(JSON.parse(json)).toEqual({ n: 12345, text: 'y'.repeat(100) });
      expect(events.find((e) => e.event === 'message_delta')?.data.delta.stop_reason).toBe('tool_use');
    });

    test('max_tokens cuts a tool call in the middle of its JSON', async () => {
      const f = await start({ respond: () => ({ kind: 'tool', input: { n: 1, text: 'long answer' }, stopReason: 'max_tokens' }) });
      const events = sseEvents((await post(f, body({ stream: true, tools: [TOOL] }))).text);
      const json = events
        .filter((e) => e.event === 'content_block_delta')
        .map((e) => e.data.delta.partial_json as string)
        .join('');
      expect(() => JSON.parse(json)).toThrow();
      expect(events.find((e) => e.event === 'message_delta')?.data).toMatchObject({ delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 100 } });
    });

    test('errors are scripted with their status, type and retry-after', async () => {
      const f = await start({ respond: () => ({ kind: 'error', status: 429, retryAfterSeconds: 7 }) });
      const res = await post(f, body());
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    });

    test('requests are recorded with arrival and first-byte times', async () => {
      const f = await start({ ttfbMs: 60 });
      await post(f, body());
      const [request] = f.requests;
      expect(request?.body?.model).toBe('claude-sonnet-4-5');
      expect(request?.headers['anthropic-version']).toBe('2023-06-01');
      expect((request?.firstByteAt ?? 0) - (request?.arrivedAt ?? 0)).toBeGreaterThanOrEqual(55);
    });
  });

  describe('prompt caching', () => {
    const cached = (prompt: string, system = LONG) =>
      body({ stream: true, system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: prompt }] });
    const usageOf = (text: string) => sseEvents(text).find((e) => e.event === 'message_start')?.data.message.usage;

    test('a prefix is written by the first call and read by a call that starts after it answered', async () => {
      const f = await start();
      const first = usageOf((await post(f, cached('one'))).text);
      expect(first).toMatchObject({ cache_creation_input_tokens: 2000, cache_read_input_tokens: 0, input_tokens: 1 });
      const second = usageOf((await post(f, cached('two, longer'))).text);
      expect(second).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 2000, input_tokens: 4 });
    });

    test('calls that arrive before the writer has answered write the prefix too', async () => {
      const f = await start({ ttfbMs: 100 });
      const both = await Promise.all([post(f, cached('a')), post(f, cached('b'))]);
      for (const res of both) expect(usageOf(res.text)).toMatchObject({ cache_creation_input_tokens: 2000, cache_read_input_tokens: 0 });
    });

    test('a prefix below the minimum is neither written nor read', async () => {
      const f = await start();
      const short = 'z'.repeat(3600); // 1,000 tokens
      for (let i = 0; i < 2; i++) {
        expect(usageOf((await post(f, cached('p', short))).text)).toMatchObject({
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          input_tokens: 1001
        });
      }
    });

    test('a different prefix is a miss', async () => {
      const f = await start();
      await post(f, cached('p'));
      expect(usageOf((await post(f, cached('p', `${LONG}!`))).text)).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 2001 });
    });
  });

  describe("today's model rules", () => {
    const tool = { name: 'report', input_schema: { type: 'object', properties: { n: { type: 'number' } } } };
    test.each([
      ['a forced tool choice', { model: 'claude-sonnet-5-5', tools: [tool], tool_choice: { type: 'tool', name: 'report' } }],
      ['thinking disabled', { model: 'claude-opus-5-5', thinking: { type: 'disabled' } }],
      [
        'assistant prefill',
        {
          model: 'claude-fable-5-2',
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: '{' }
          ]
        }
      ],
      ['a sampling parameter', { model: 'claude-haiku-5-5', temperature: 0.2 }],
      ['an effort the model does not take', { model: 'claude-sonnet-4-5', output_config: { effort: 'high' } }],
      ['a thinking budget not under max_tokens', { model: 'claude-sonnet-4-5', thinking: { type: 'enabled', budget_tokens: 2048 } }]
    ])('%s is a 400', async (_what, extra) => {
      const f = await start();
      const res = await post(f, body(extra));
      expect(res.status).toBe(400);
      expect(res.json().error.type).toBe('invalid_request_error');
    });

    test('adaptive models lead with a thinking block, counted as thinking tokens', async () => {
      const f = await start({ respond: () => ({ kind: 'content', content: [{ type: 'text', text: 'ok' }], stopReason: 'end_turn' }) });
      const reply = (await post(f, body({ model: 'claude-sonnet-5-5' }))).json();
      expect(reply.content.map((b: { type: string }) => b.type)).toEqual(['thinking', 'text']);
      expect(reply.usage.output_tokens_details.thinking_tokens).toBeGreaterThan(0);
    });

    test('a tool only asked for is answered in text every second time; a format is answered as schema-valid JSON', async () => {
      const f = await start({ respond: () => ({ kind: 'tool', input: { n: 1 } }) });
      const asked = body({ tools: [tool], tool_choice: { type: 'auto' } });
      const kinds = [];
      for (let i = 0; i < 4; i++)
        kinds.push(
          (await post(f, asked))
            .json()
            .content.map((b: { type: string }) => b.type)
            .join()
        );
      expect(kinds).toEqual(['tool_use', 'text', 'tool_use', 'text']);
      const schema = {
        type: 'object',
        properties: { n: { type: 'number' }, note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
        required: ['n', 'note'],
        additionalProperties: false
      };
      const formatted = (await post(f, body({ output_config: { format: { type: 'json_schema', schema } } }))).json();
      expect(JSON.parse(formatted.content[0].text)).toEqual({ n: 1, note: null });
    });
  });

  describe('token counting', () => {
    const count = (f: FakeAnthropic, payload: unknown, headers: Record<string, string | undefined> = {}) =>
      post(f, payload, headers, '/v1/messages/count_tokens');
    const { max_tokens: _max, ...countBody } = body({ system: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }] });

    test('count_tokens answers what a message with that prompt is billed, apart from the model calls', async () => {
      const f = await start();
      const counted = await count(f, countBody);
      expect(counted.status).toBe(200);
      const billed = (await post(f, { ...countBody, max_tokens: 100 })).json()['usage'];
      expect(counted.json()).toEqual({ input_tokens: billed.input_tokens + billed.cache_creation_input_tokens + billed.cache_read_input_tokens });
      expect(f.countRequests).toHaveLength(1);
      expect(f.requests).toHaveLength(1);
    });

    test('count_tokens validates like messages: key, version, model, fields only generation takes, model rules', async () => {
      const f = await start();
      expect((await count(f, countBody, { 'x-api-key': undefined })).status).toBe(401);
      expect((await count(f, countBody, { 'anthropic-version': undefined })).status).toBe(400);
      expect((await count(f, { ...countBody, model: 'claude-nonexistent' })).status).toBe(404);
      expect((await count(f, { ...countBody, max_tokens: 100 })).text).toContain('max_tokens: Extra inputs are not permitted');
      expect((await count(f, { ...countBody, model: 'claude-sonnet-5-5', thinking: { type: 'disabled' } })).status).toBe(400);
      expect((await count(f, { ...countBody, messages: [{ role: 'assistant', content: 'Hi' }] })).status).toBe(400);
    });

    test('a tokenizer counts and bills alike; countFailure fails every count', async () => {
      const f = await start({ tokenizer: (text) => text.length, countFailure: { status: 429 } });
      const failed = await count(f, countBody);
      expect(failed.status).toBe(429);
      expect(failed.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
      const billed = (await post(f, { ...countBody, max_tokens: 100 })).json()['usage'];
      expect(billed.cache_creation_input_tokens).toBe(LONG.length);
    });
  });
});
