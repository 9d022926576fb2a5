/**
 * OpenAIProvider against the local fake of the Responses API, over real HTTP.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { REPORT_FINDINGS, REPORT_VERDICTS, REVIEW_FORMAT } from '../../src/engine/review.js';
import type { MakerOutput } from '../../src/engine/finding.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { createProvider } from '../../src/providers/create.js';
import { loopFrom } from '../helpers/loops.js';
import { failure } from '../helpers/failure.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIReply, type ResponsesBody } from '../fakes/openai-server.js';
import { Redactor } from '../../src/guard/index.js';

describe('providers/openai', () => {
  const SHARED = `Rules and the diff under review.\n${'const x = 1;\n'.repeat(600)}`;
  const FINDING = {
    path: 'a.ts',
    line: 3,
    side: 'RIGHT',
    quote: 'eval(x)',
    severity: 'high',
    category: 'security',
    claim: 'eval of input.',
    evidence: 'x comes from the request.'
  };
  const ANSWER = { findings: [FINDING], summary: null, verdicts: [] };

  const fakes: FakeOpenAI[] = [];
  afterEach(async () => void (await Promise.all(fakes.splice(0).map((f) => f.close()))));

  async function fake(respond: (body: ResponsesBody, i: number) => FakeOpenAIReply): Promise<FakeOpenAI> {
    const f = await startFakeOpenAI({ respond });
    fakes.push(f);
    return f;
  }

  const provider = (f: FakeOpenAI) => new OpenAIProvider({ apiKey: f.apiKey, baseURL: f.url, retryBackoffMs: 5 });

  function request(overrides: Partial<ModelRequest<MakerOutput>> = {}): ModelRequest<MakerOutput> {
    return {
      agent: 'Security maker',
      model: 'gpt-6.2-sol',
      sharedContext: SHARED,
      prompt: 'Find problems.',
      format: REVIEW_FORMAT,
      answer: REPORT_FINDINGS,
      effort: 'high',
      maxOutputTokens: 6000,
      thinkingTokens: 4096,
      task: { kind: 'review', files: [], objections: [] },
      ...overrides
    };
  }

  describe('the Responses API', () => {
    test('strict text.format, reasoning.effort, prompt_cache_key; the answer validated; usage with cached and reasoning tokens', async () => {
      const f = await fake(() => ({ kind: 'answer', input: ANSWER, reasoningTokens: 300 }));
      const p = provider(f);
      const first = await p.call(request());
      const second = await p.call({ ...request({ prompt: 'Check these.' }), answer: REPORT_VERDICTS } as unknown as ModelRequest<MakerOutput>);
      expect(first.output.findings).toHaveLength(1);
      expect(first.output.findings[0]).not.toHaveProperty('startLine');
      expect(first.usage.thinkingTokens).toBe(300);
      expect(first.usage.outputTokens).toBeGreaterThan(300);
      expect(first.usage.cacheWriteTokens).toBeGreaterThan(1024);
      expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
      const [a, b] = f.requests.map((r) => r.body!);
      expect(a).toMatchObject({
        model: 'gpt-6.2-sol',
        instructions: SHARED,
        reasoning: { effort: 'high' },
        max_output_tokens: 6000,
        store: false,
        stream: true,
        text: { format: { type: 'json_schema', strict: true } }
      });
      expect(a?.prompt_cache_key).toBe(b?.prompt_cache_key);
      expect(JSON.stringify(a?.text)).toBe(JSON.stringify(b?.text));
    });

    test('a refusal is refused, a max_output_tokens stop truncated; neither is asked again', async () => {
      const refused = await fake(() => ({ kind: 'refusal', text: 'I can’t help with exploit development.' }));
      const error = await failure(provider(refused).call(request()));
      expect(error.kind).toBe('refused');
      expect(error.message).toContain('exploit development');
      const cut = await fake(() => ({ kind: 'incomplete', input: ANSWER }));
      expect((await failure(provider(cut).call(request()))).kind).toBe('truncated');
      expect(refused.requests).toHaveLength(1);
      expect(cut.requests).toHaveLength(1);
    });

    test('429 with retry-after and a 500 are retried by the SDK; a dropped stream and a wrong key are errors that name the agent, never the key', async () => {
      const flaky = await fake((_b, i) =>
        i === 0 ? { kind: 'error', status: 429, retryAfterSeconds: 0 } : i === 1 ? { kind: 'error', status: 500 } : { kind: 'answer', input: ANSWER }
      );
      expect((await provider(flaky).call(request())).output.findings).toHaveLength(1);
      expect(flaky.requests).toHaveLength(3);

      const dropping = await fake(() => ({ kind: 'drop' }));
      const dropped = await failure(provider(dropping).call(request()));
      expect(dropped.message).toContain('Security maker');

      const key = 'sk-proj-wrong-but-secret';
      const denied = await failure(new OpenAIProvider({ apiKey: key, baseURL: flaky.url }).call(request()));
      expect(denied.kind).toBe('auth');
      expect(denied.message).not.toContain(key);
    });

    test('a server that never answers is a timeout; the caller’s signal aborts', async () => {
      const f = await fake(() => ({ kind: 'hang' }));
      const timedOut = await failure(new OpenAIProvider({ apiKey: f.apiKey, baseURL: f.url, timeoutMs: 150, maxRetries: 0 }).call(request()));
      expect(timedOut.kind).toBe('timeout');
      const aborted = await failure(provider(f).call(request({ signal: AbortSignal.timeout(100) })));
      expect(aborted.kind).toBe('aborted');
    });

    test('a loop of OpenAI agents needs only an OpenAI key, whatever the default model', async () => {
      const loaded = await loopFrom(`name: review
trigger: { event: pull_request }
pipeline:
  - agent: { label: Finder, model: gpt-6.2-sol, prompt: Find problems. }
`);
      const made = createProvider({
        loaded,
        defaultModel: 'claude-sonnet-5-5',
        keys: { openai: 'sk-proj-x' },
        env: {},
        dryRun: false,
        redactor: new Redactor()
      });
      expect(made.ok && made.provider.name).toBe('openai');
      const missing = createProvider({
        loaded,
        defaultModel: 'claude-sonnet-5-5',
        keys: { anthropic: 'sk-ant-x' },
        env: {},
        dryRun: false,
        redactor: new Redactor()
      });
      expect(missing).toMatchObject({ ok: false, missing: 'openai', reason: 'no OpenAI API key (set the openai-api-key input or OPENAI_API_KEY)' });
    });

    test('OPENAI_BASE_URL is honoured when no baseURL is given', async () => {
      const f = await fake(() => ({ kind: 'answer', input: ANSWER }));
      const before = process.env.OPENAI_BASE_URL;
      process.env.OPENAI_BASE_URL = f.url;
      try {
        await new OpenAIProvider({ apiKey: f.apiKey }).call(request());
      } finally {
        if (before === undefined) delete process.env.OPENAI_BASE_URL;
        else process.env.OPENAI_BASE_URL = before;
      }
      expect(f.requests).toHaveLength(1);
    });
  });

  describe('input token counts', () => {
    test('the prefix is counted once by POST /v1/responses/input_tokens; the count with the prompt bound is never below the bill', async () => {
      const f = await fake(() => ({ kind: 'answer', input: ANSWER, reasoningTokens: 300 }));
      const p = provider(f);
      const counts = await Promise.all([request(), request({ prompt: 'Find other problems.', effort: 'low' })].map((r) => p.promptTokens(r)));
      expect(f.countRequests).toHaveLength(1);
      expect(f.countRequests[0]!.status).toBe(200);
      const billed = (await p.call(request())).usage;
      expect(billed.inputTokens + billed.cacheWriteTokens + billed.cacheReadTokens).toBeLessThanOrEqual(counts[0]!.tokens);
      expect(f.requests).toHaveLength(1);
    });

    test('the fake validates counts as it validates calls, and a failing count falls back to the byte bound with a reason', async () => {
      const f = await fake(() => ({ kind: 'answer', input: ANSWER }));
      const post = (payload: unknown) =>
        fetch(`${f.url}/responses/input_tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(payload)
        });
      expect((await post({ model: 'gpt-6.2-sol', input: 'Hi', max_output_tokens: 100 })).status).toBe(400);
      expect((await post({ model: 'gpt-unknown', input: 'Hi' })).status).toBe(404);
      expect(await (await post({ model: 'gpt-6.2-sol', input: 'Hi' })).json()).toEqual({ object: 'response.input_tokens', input_tokens: expect.any(Number) });

      const down = await startFakeOpenAI({ countFailure: { status: 500 } });
      fakes.push(down);
      const count = await provider(down).promptTokens(request());
      expect(down.countRequests).toHaveLength(1);
      expect(count.fallback).toContain('the OpenAI API did not count the prompt of gpt-6.2-sol (500');
      expect(count.tokens).toBeGreaterThan(Buffer.byteLength(SHARED));
    });
  });
});
