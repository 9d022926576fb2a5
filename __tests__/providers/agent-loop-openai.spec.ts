/**
 * The agent loop on the OpenAI Responses API, over real HTTP against the fake: function calls run
 * and go back as function_call_output items after the response's own items (reasoning kept, as
 * encrypted content), parallel calls, the turn cap, the prompt cache read turn after turn, tool
 * errors the model can read.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { LAST_TURN_TEXT } from '../../src/providers/answer.js';
import type { ModelRequest } from '../../src/providers/types.js';
import type { ToolCallRecord } from '../../src/tools/types.js';
import { failure } from '../helpers/failure.js';
import { byTurn, functionCalls, startFakeOpenAI, type FakeOpenAI, type FakeOpenAIReply, type ResponsesBody } from '../fakes/openai-server.js';
import { ANSWER, expectEachTurnReadsTheLast, FILES, fileTools, READ_FILE, verifyRequest, type Verdict } from './agent-tools.js';
import { unfenced } from '../helpers/fences.js';

describe('providers/agent-loop-openai', () => {
  const answer: FakeOpenAIReply = { kind: 'answer', input: ANSWER };
  const read = (path: string) => ({ name: 'read_file', input: { path } });

  const fakes: FakeOpenAI[] = [];
  afterEach(async () => void (await Promise.all(fakes.splice(0).map((f) => f.close()))));

  async function fake(respond: (body: ResponsesBody) => FakeOpenAIReply): Promise<FakeOpenAI> {
    const f = await startFakeOpenAI({ respond });
    fakes.push(f);
    return f;
  }

  const provider = (f: FakeOpenAI) => new OpenAIProvider({ apiKey: f.apiKey, baseURL: f.url, retryBackoffMs: 5, maxRetries: 0 });

  const request = (overrides: Partial<ModelRequest<Verdict>> = {}) => verifyRequest('gpt-6.2-sol', overrides);

  type Item = Exclude<ResponsesBody['input'], string>[number];
  const inputOf = (f: FakeOpenAI, i: number): Item[] => f.requests[i]!.body!.input as Item[];

  describe('the turns', () => {
    test('the model calls a function, gets its output after its own items (reasoning kept, encrypted), then answers in the format', async () => {
      const f = await fake(byTurn(functionCalls(read('src/db.ts')), answer));
      const records: ToolCallRecord[] = [];
      const response = await provider(f).call(request({ onToolCall: (r) => records.push(r) }));

      expect(response.output).toEqual(ANSWER);
      expect(response.attempts).toBe(2);
      const [first, second] = f.requests.map((r) => r.body!);
      expect(first!.tools).toEqual([
        { type: 'function', name: 'read_file', description: READ_FILE.description, parameters: READ_FILE.inputSchema, strict: true }
      ]);
      expect(first!.tool_choice).toBeUndefined();
      expect(first!.include).toEqual(['reasoning.encrypted_content']);
      expect(second!.tools).toEqual(first!.tools);
      expect(second!.instructions).toBe(first!.instructions);
      expect(second!.text).toEqual(first!.text);

      const [prompt, reasoning, call, output] = inputOf(f, 1);
      expect(prompt).toEqual({ role: 'user', content: request().prompt });
      expect(reasoning).toMatchObject({ type: 'reasoning', encrypted_content: expect.stringMatching(/^enc_fake_/) });
      expect(call).toMatchObject({ type: 'function_call', name: 'read_file', arguments: JSON.stringify({ path: 'src/db.ts' }) });
      expect(output).toMatchObject({ type: 'function_call_output', call_id: (call as { call_id: string }).call_id });
      expect(unfenced((output as { output: string }).output)).toBe(FILES['src/db.ts']);
      expect(records).toEqual([
        expect.objectContaining({ agent: 'Verifier', tool: 'read_file', source: 'repository', bytes: Buffer.byteLength(FILES['src/db.ts']!), ok: true })
      ]);
    });

    test('several calls in one response run in parallel and each gets its output', async () => {
      const f = await fake(byTurn(functionCalls(read('src/auth.ts'), read('src/db.ts')), answer));
      const tools = fileTools(FILES, { delayMs: 40 });
      await provider(f).call(request({ tools }));

      expect(tools.maxInFlight).toBe(2);
      const items = inputOf(f, 1);
      const calls = items.filter((i) => 'type' in i && i.type === 'function_call') as { call_id: string }[];
      const outputs = items.filter((i) => 'type' in i && i.type === 'function_call_output');
      expect((outputs as { call_id: string; output: string }[]).map((o) => [o.call_id, unfenced(o.output)])).toEqual([
        [calls[0]!.call_id, FILES['src/auth.ts']],
        [calls[1]!.call_id, FILES['src/db.ts']]
      ]);
    });

    test('a tool that fails reaches the model as an output that says so (the API has no error flag)', async () => {
      const f = await fake(byTurn(functionCalls(read('src/missing.ts')), answer));
      await provider(f).call(request());
      const failed = inputOf(f, 1).at(-1) as { type: string; output: string };
      expect(failed.type).toBe('function_call_output');
      expect(failed.output.startsWith('Error: ')).toBe(true);
      expect(unfenced(failed.output.slice('Error: '.length))).toBe('src/missing.ts: no such file at the head commit');
    });

    test('on the last turn the model is told to answer now, tools unchanged; one that still calls fails the call', async () => {
      const f = await fake(byTurn(functionCalls(read('src/db.ts')), answer));
      await provider(f).call(request({ tools: fileTools(FILES, { maxTurns: 2 }) }));
      expect(inputOf(f, 1).at(-1)).toEqual({ role: 'user', content: LAST_TURN_TEXT });
      expect(f.requests[1]!.body!.tools).toEqual(f.requests[0]!.body!.tools);

      const g = await fake(byTurn(functionCalls(read('src/db.ts')), functionCalls(read('src/auth.ts'))));
      const error = await failure(provider(g).call(request({ tools: fileTools(FILES, { maxTurns: 2 }) })));
      expect(error.kind).toBe('malformed');
      expect(error.attempts).toBe(2);
      expect(error.usage.outputTokens).toBeGreaterThan(0);
    });
  });

  test('each turn reads the turn before it from the cache, and the bound of each next prompt is never low', async () => {
    const f = await fake(byTurn(functionCalls(read('src/auth.ts')), functionCalls(read('src/db.ts')), answer));
    await expectEachTurnReadsTheLast(provider(f), request());
  });

  describe('the fake holds the documented rules', () => {
    async function resend(f: FakeOpenAI, body: unknown): Promise<{ status: number; message: string }> {
      const response = await fetch(`${f.url}/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body)
      });
      const text = await response.text();
      return { status: response.status, message: response.ok ? '' : (JSON.parse(text) as { error: { message: string } }).error.message };
    }

    test('a strict function whose parameters are not strict is a 400', async () => {
      const f = await fake(() => answer);
      const loose = {
        ...READ_FILE,
        inputSchema: { type: 'object', properties: { path: { type: 'string' }, ref: { type: 'string' } }, required: ['path'], additionalProperties: false }
      };
      const error = await failure(
        provider(f).call(request({ tools: { specs: [loose], maxTurns: 2, call: async () => ({ text: '', isError: true, truncated: false }) } }))
      );
      expect(error.message).toMatch(
        /400 Invalid schema for function 'read_file': parameters: 'required' is required to be supplied and to be an array including every key in properties. Missing 'ref'/
      );
    });

    test('reasoning unstored without its encrypted content, or changed, and a call without its output are 400s', async () => {
      const f = await fake(byTurn(functionCalls(read('src/db.ts')), answer));
      await provider(f).call(request());
      const second = f.requests[1]!.body!;
      const items = second.input as Item[];
      const reasoning = items[1] as Extract<Item, { type: 'reasoning' }>;

      expect(await resend(f, { ...second, input: [items[0], { ...reasoning, encrypted_content: undefined }, ...items.slice(2)] })).toMatchObject({
        status: 400,
        message: expect.stringMatching(/Items are not persisted when `store` is set to false/)
      });
      expect(await resend(f, { ...second, input: [items[0], { ...reasoning, encrypted_content: 'enc_forged' }, ...items.slice(2)] })).toMatchObject({
        status: 400,
        message: expect.stringMatching(/could not be verified/)
      });
      expect(await resend(f, { ...second, input: items.slice(0, 3) })).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^No tool output found for function call call_fake_/)
      });
      expect(await resend(f, second)).toMatchObject({ status: 200 });
    });
  });
});
