/**
 * The agent loop on the Anthropic Messages API, over real HTTP against the fake: tool calls run
 * and their results go back (the assistant turn unchanged, thinking included), parallel calls,
 * the turn cap, the prompt cache read turn after turn, tool errors as is_error results.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { AnthropicProvider } from '../../src/providers/anthropic.js';
import { LAST_TURN_TEXT } from '../../src/providers/answer.js';
import type { ModelRequest } from '../../src/providers/types.js';
import type { ToolCallRecord } from '../../src/tools/types.js';
import { failure } from '../helpers/failure.js';
import { byTurn, startFakeAnthropic, toolCall, type FakeAnthropic, type FakeAnthropicOptions, type MessagesBody } from '../fakes/anthropic-server.js';
import { ANSWER, expectEachTurnReadsTheLast, FILES, fileTools, READ_FILE, verifyRequest, type Verdict } from './agent-tools.js';
import { unfenced } from '../helpers/fences.js';

describe('providers/agent-loop-anthropic', () => {
  const answer = { kind: 'tool', input: ANSWER } as const;

  const fakes: FakeAnthropic[] = [];
  afterEach(async () => void (await Promise.all(fakes.splice(0).map((f) => f.close()))));

  async function fake(options: FakeAnthropicOptions): Promise<FakeAnthropic> {
    const f = await startFakeAnthropic(options);
    fakes.push(f);
    return f;
  }

  const provider = (f: FakeAnthropic) => new AnthropicProvider({ apiKey: f.apiKey, baseURL: f.url, retryBackoffMs: 5, maxRetries: 0 });

  const request = (overrides: Partial<ModelRequest<Verdict>> = {}) => verifyRequest('claude-sonnet-5-5', overrides);

  const bodies = (f: FakeAnthropic): MessagesBody[] => f.requests.map((r) => r.body!);
  type Blocks = Exclude<MessagesBody['messages'][number]['content'], string>;
  const blocks = (body: MessagesBody, index: number): Blocks => body.messages[index]!.content as Blocks;

  describe('the turns', () => {
    test('the model reads a file, gets its text back as a tool_result after its own turn unchanged, then answers in the format', async () => {
      const thinking = { type: 'thinking' as const, thinking: 'I should read src/db.ts before judging.', signature: 'sig-turn-1-db' };
      const f = await fake({
        respond: byTurn(
          { kind: 'content', content: [thinking, { type: 'tool_use', name: 'read_file', input: { path: 'src/db.ts' } }], stopReason: 'tool_use' },
          answer
        )
      });
      const records: ToolCallRecord[] = [];
      const response = await provider(f).call(request({ onToolCall: (r) => records.push(r) }));

      expect(response.output).toEqual(ANSWER);
      expect(response.attempts).toBe(2);
      const [first, second] = bodies(f);
      // Strict tools, never a forced tool_choice (Sonnet 5.5 refuses one); the same list on every turn.
      expect(first!.tools).toEqual([{ name: 'read_file', description: READ_FILE.description, input_schema: READ_FILE.inputSchema, strict: true }]);
      expect(first!.tool_choice).toBeUndefined();
      expect(second!.tools).toEqual(first!.tools);
      expect(second!.system).toEqual(first!.system);
      expect(second!.output_config).toEqual(first!.output_config);
      // The assistant turn exactly as it came, thinking block and signature included, then the result.
      const [thought, use] = blocks(second!, 1);
      expect(second!.messages[1]!.role).toBe('assistant');
      expect(thought).toEqual(thinking);
      expect(use).toMatchObject({ type: 'tool_use', name: 'read_file', input: { path: 'src/db.ts' } });
      expect(blocks(second!, 2)).toEqual([
        { type: 'tool_result', tool_use_id: (use as { id: string }).id, content: expect.any(String), cache_control: { type: 'ephemeral' } }
      ]);
      expect(unfenced((blocks(second!, 2)[0] as { content: string }).content)).toBe(FILES['src/db.ts']);
      // Usage sums the turns.
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      expect(response.usage.cacheReadTokens).toBeGreaterThan(0);

      expect(records).toEqual([
        {
          agent: 'Verifier',
          tool: 'read_file',
          source: 'repository',
          argsDigest: expect.stringMatching(/^[0-9a-f]{12}$/),
          bytes: Buffer.byteLength(FILES['src/db.ts']!),
          startedAt: expect.any(Number),
          durationMs: expect.any(Number),
          ok: true
        }
      ]);
      expect(JSON.stringify(records)).not.toContain('src/db.ts');
    });

    test('several calls in one turn run in parallel and are all answered, in order, in the next user turn', async () => {
      const f = await fake({
        respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/auth.ts' } }, { name: 'read_file', input: { path: 'src/db.ts' } }), answer)
      });
      const tools = fileTools(FILES, { delayMs: 40 });
      await provider(f).call(request({ tools }));

      expect(tools.calls).toHaveLength(2);
      expect(tools.maxInFlight).toBe(2);
      const second = bodies(f)[1]!;
      const uses = blocks(second, 1).filter((b) => b.type === 'tool_use') as { id: string }[];
      expect(blocks(second, 2).map((b) => (b.type === 'tool_result' ? [b.tool_use_id, unfenced(b.content)] : b.type))).toEqual([
        [uses[0]!.id, FILES['src/auth.ts']],
        [uses[1]!.id, FILES['src/db.ts']]
      ]);
    });

    test('a tool that fails reaches the model as an is_error result it can read, and the record says so', async () => {
      const f = await fake({ respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/missing.ts' } }), answer) });
      const records: ToolCallRecord[] = [];
      await provider(f).call(request({ onToolCall: (r) => records.push(r) }));

      const failed = blocks(bodies(f)[1]!, 2)[0] as { type: string; is_error?: boolean; content: string };
      expect(failed).toMatchObject({ type: 'tool_result', is_error: true });
      expect(unfenced(failed.content)).toBe('src/missing.ts: no such file at the head commit');
      expect(records[0]).toMatchObject({ ok: false, error: 'src/missing.ts: no such file at the head commit' });
    });

    test('without tools nothing changes: one turn, no tools, no breakpoint on the prompt', async () => {
      const f = await fake({ respond: () => answer });
      const { tools: _none, ...plain } = request();
      await provider(f).call(plain);
      expect(f.requests).toHaveLength(1);
      expect(bodies(f)[0]!.tools).toBeUndefined();
      expect(blocks(bodies(f)[0]!, 0)).toEqual([{ type: 'text', text: plain.prompt }]);
    });
  });

  describe('the turn cap', () => {
    test('on the last turn the model is told to answer now, with the tool list unchanged so the cache holds', async () => {
      const f = await fake({ respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), answer) });
      const response = await provider(f).call(request({ tools: fileTools(FILES, { maxTurns: 2 }) }));

      expect(response.output).toEqual(ANSWER);
      const [first, second] = bodies(f);
      expect(second!.tools).toEqual(first!.tools);
      expect(second!.tool_choice).toBeUndefined();
      expect(blocks(second!, 2).at(-1)).toEqual({ type: 'text', text: LAST_TURN_TEXT, cache_control: { type: 'ephemeral' } });
    });

    test('a model that still calls tools on its last turn fails the call, with every turn billed', async () => {
      const f = await fake({
        respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), toolCall({ name: 'read_file', input: { path: 'src/auth.ts' } }))
      });
      const tools = fileTools(FILES, { maxTurns: 2 });
      const error = await failure(provider(f).call(request({ tools })));

      expect(error.kind).toBe('malformed');
      expect(error.message).toMatch(/Verifier: called read_file on its last turn \(2\) instead of answering/);
      expect(error.attempts).toBe(2);
      expect(f.requests).toHaveLength(2);
      expect(tools.calls).toHaveLength(1);
      expect(error.usage.outputTokens).toBeGreaterThan(0);
    });

    test('a turn the budget can pay only in part is the last: its smaller allowance, and the ask to answer now', async () => {
      const f = await fake({ respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), answer) });
      await provider(f).call(request({ nextTurn: async () => 1500 }));
      const second = bodies(f)[1]!;
      expect(second.max_tokens).toBe(1500);
      expect(blocks(second, 2).at(-1)).toMatchObject({ type: 'text', text: LAST_TURN_TEXT });
    });

    test("time: the caller's signal reaches the tools, and once it fires no further turn is sent", async () => {
      const f = await fake({ respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), answer) });
      const tools = fileTools(FILES, { delayMs: 60_000 });
      let asked = 0;
      const error = await failure(provider(f).call(request({ tools, signal: AbortSignal.timeout(300), nextTurn: async () => (asked++, 4000) })));
      expect(error.kind).toBe('aborted');
      expect(error.message).toBe('Verifier: the call was aborted while its tools ran');
      expect(asked).toBe(0);
      expect(f.requests).toHaveLength(1);
      expect(error.usage.outputTokens).toBeGreaterThan(0);
    });

    test('an error the budget throws before a turn ends the call as it is, before the turn is sent', async () => {
      const f = await fake({ respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), answer) });
      const refused = new Error('token budget of 10000 would be exceeded by the next call');
      await expect(provider(f).call(request({ nextTurn: async () => Promise.reject(refused) }))).rejects.toBe(refused);
      expect(f.requests).toHaveLength(1);
    });
  });

  describe('the prompt cache across turns', () => {
    test('each turn reads the one before it from the cache (the moving breakpoint), the bound of each next prompt is never low', async () => {
      const f = await fake({
        respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/auth.ts' } }), toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), answer)
      });
      await expectEachTurnReadsTheLast(provider(f), request());
      // At most the system breakpoint and the two latest turns' ends: within the API's four.
      const third = bodies(f)[2]!;
      const marked = third.messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content)).filter((b) => 'cache_control' in b && b.cache_control);
      expect(marked).toHaveLength(2);
    });
  });

  describe('the fake holds the documented rules', () => {
    async function resend(f: FakeAnthropic, body: unknown): Promise<{ status: number; message: string }> {
      const response = await fetch(`${f.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': f.apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ ...(body as object), stream: false })
      });
      const json = (await response.json()) as { error?: { message: string } };
      return { status: response.status, message: json.error?.message ?? '' };
    }

    test('a thinking block sent back changed, or left out before the tool calls it led, is a 400', async () => {
      const f = await fake({ respond: byTurn(toolCall({ name: 'read_file', input: { path: 'src/db.ts' } }), answer) });
      await provider(f).call(request());
      const second = structuredClone(bodies(f)[1]!);
      const assistant = blocks(second, 1);
      const changed = structuredClone(second);
      (blocks(changed, 1)[0] as { thinking: string }).thinking += ' (edited)';
      expect(await resend(f, changed)).toEqual({ status: 400, message: 'messages.1.content.0: Invalid `signature` in `thinking` block' });
      const dropped = { ...second, messages: [second.messages[0], { role: 'assistant', content: assistant.slice(1) }, second.messages[2]] };
      expect(await resend(f, dropped)).toMatchObject({
        status: 400,
        message: expect.stringMatching(/Expected `thinking` or `redacted_thinking`, but found `tool_use`/)
      });
      expect(await resend(f, second)).toMatchObject({ status: 200 });
    });

    test('a strict tool whose input schema leaves an object open is a 400', async () => {
      const f = await fake({ respond: () => answer });
      const open = { ...READ_FILE, inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
      const error = await failure(
        provider(f).call(request({ tools: { specs: [open], maxTurns: 2, call: async () => ({ text: '', isError: true, truncated: false }) } }))
      );
      expect(error.message).toMatch(
        /400 invalid_request_error tools\.0\.input_schema: for 'object' type, 'additionalProperties' must be explicitly set to false/
      );
    });
  });
});
