/**
 * AnthropicProvider against the local fake of the Messages API, over real HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { z } from 'zod';
import { AnthropicProvider, type AnthropicProviderOptions } from '../../src/providers/anthropic.js';
import type { Logger } from '../../src/providers/model-api.js';
import { failure } from '../helpers/failure.js';
import { ProviderError, type AnswerSpec, type ModelRequest } from '../../src/providers/types.js';
import { answerFormat } from '../../src/engine/calls.js';
import { MakerOutput } from '../../src/engine/finding.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic-server.js';

describe('providers/anthropic', () => {
  const Answer = z.strictObject({ verdict: z.enum(['yes', 'no']), reasons: z.array(z.string().max(40)).max(3), note: z.string().optional() });
  type Answer = z.infer<typeof Answer>;
  const answerTool: AnswerSpec<Answer> = { name: 'answer', schema: Answer };
  const findingsTool: AnswerSpec<MakerOutput> = { name: 'report_findings', schema: MakerOutput };
  const FORMAT = answerFormat('test_answer', [MakerOutput, Answer]);
  const SHARED = `Rules and the diff under review.\n${'const x = 1;\n'.repeat(600)}`; // well over 1,024 tokens
  const GOOD: Answer = { verdict: 'yes', reasons: ['it is fine'] };

  const fakes: FakeAnthropic[] = [];
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((f) => f.close()));
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function fake(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
    const f = await startFakeAnthropic(options);
    fakes.push(f);
    return f;
  }

  function provider(f: FakeAnthropic, options: Partial<AnthropicProviderOptions> = {}): AnthropicProvider {
    return new AnthropicProvider({ apiKey: f.apiKey, baseURL: f.url, retryBackoffMs: 5, ...options });
  }

  function request(overrides: Partial<ModelRequest<Answer>> = {}): ModelRequest<Answer> {
    return {
      agent: 'Security maker',
      model: 'claude-sonnet-5',
      sharedContext: SHARED,
      prompt: 'Is the change safe?',
      format: FORMAT,
      answer: answerTool,
      effort: 'medium',
      maxOutputTokens: 1000,
      thinkingTokens: 0,
      task: { kind: 'review', files: [], objections: [] },
      ...overrides
    };
  }

  function collectingLogger(): Logger & { warnings: string[] } {
    const warnings: string[] = [];
    const ignore = () => undefined;
    return { warnings, error: ignore, info: ignore, debug: ignore, warn: (message: string) => void warnings.push(message) };
  }

  describe('a structured answer', () => {
    test('round-trips: output_config.format and effort, no tool_choice, validated output, usage, one attempt', async () => {
      const f = await fake({ respond: () => ({ kind: 'tool', input: GOOD }) });
      const response = await provider(f).call(request());

      expect(response.output).toEqual(GOOD);
      expect(response.attempts).toBe(1);
      expect(response.model).toBe('claude-sonnet-5');
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      expect(response.usage.cacheWriteTokens).toBeGreaterThan(1024);
      expect(response.usage.inputTokens).toBeGreaterThan(0);

      const [sent] = f.requests;
      expect(sent?.headers['authorization']).toBe(`Bearer ${f.apiKey}`);
      expect(sent?.body).toMatchObject({
        model: 'claude-sonnet-5',
        max_tokens: 1000,
        stream: true,
        thinking: { type: 'adaptive' },
        output_config: { effort: 'medium', format: { type: 'json_schema' } },
        system: [{ type: 'text', text: SHARED, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Is the change safe?' }] }]
      });
      expect(sent?.body?.tools).toBeUndefined();
      expect(sent?.body?.tool_choice).toBeUndefined();
      // Strict: every field required, optional ones nullable, nothing else allowed.
      const schema = sent?.body?.output_config?.format?.schema as { required: string[]; additionalProperties: boolean };
      expect(schema.required).toEqual(['findings', 'summary', 'verdict', 'reasons', 'note']);
      expect(schema.additionalProperties).toBe(false);
    });

    test('thinking: 5.x replies lead with a thinking block, counted as output and as thinking', async () => {
      const f = await fake({ respond: () => ({ kind: 'tool', input: GOOD }) });
      const response = await provider(f).call(request({ model: 'claude-sonnet-5-5' }));
      expect(response.output).toEqual(GOOD);
      expect(response.usage.thinkingTokens).toBeGreaterThan(0);
      expect(response.usage.outputTokens).toBeGreaterThan(response.usage.thinkingTokens);
    });

    test('each model gets what it takes: no effort on Sonnet 4.5, max becomes high on Opus 4.5, a thinking budget under max_tokens', async () => {
      const f = await fake({ respond: () => ({ kind: 'tool', input: GOOD }) });
      const p = provider(f);
      // The SDK warns (console.warn) that these older models are deprecated: caught here, so the test output stays clean.
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        await p.call(request({ model: 'claude-sonnet-4-5', maxOutputTokens: 5000, thinkingTokens: 4096 }));
        await p.call(request({ model: 'claude-opus-4-5', effort: 'max', maxOutputTokens: 1000, thinkingTokens: 4096 }));
        expect(warn.mock.calls.map(([m]) => String(m)).some((m) => m.includes("'claude-sonnet-4-5' is deprecated"))).toBe(true);
      } finally {
        warn.mockRestore();
      }
      const [sonnet, opus] = f.requests.map((r) => r.body);
      expect(sonnet?.output_config?.effort).toBeUndefined();
      expect(sonnet?.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
      expect(opus?.output_config?.effort).toBe('high');
      // 1,000 tokens leave no room for the 1,024-token minimum budget and an answer: thinking off, which 4.5 accepts.
      expect(opus?.thinking).toEqual({ type: 'disabled' });
      expect(f.requests.every((r) => r.status === 200)).toBe(true);
    });

    test('format and system are byte-identical across calls of makers and checker', async () => {
      const f = await fake({
        respond: (req) => ({ kind: 'tool', input: JSON.stringify(req.body.messages).includes('First') ? GOOD : { ...GOOD, findings: [] } })
      });
      const p = provider(f);
      await p.call(request({ prompt: 'First agent.' }));
      await p.call({ ...request({ prompt: 'Second agent, other instructions.' }), answer: findingsTool });
      const [a, b] = f.requests.map((r) => JSON.parse(r.rawBody) as Record<string, unknown>);
      expect(JSON.stringify(a?.['output_config'])).toBe(JSON.stringify(b?.['output_config']));
      expect(JSON.stringify(a?.['system'])).toBe(JSON.stringify(b?.['system']));
      expect(a?.['messages']).not.toEqual(b?.['messages']);
    });

    test('onFirstToken fires once, when the answer starts, before the call resolves', async () => {
      // The fake sends the answer's start, then holds the rest until the first token was reported.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const f = await fake({ respond: () => ({ kind: 'tool', input: GOOD, until: held }) });
      let resolved = false;
      const resolvedWhenFired: boolean[] = [];
      const call = provider(f).call(
        request({
          onFirstToken: () => {
            resolvedWhenFired.push(resolved);
            release();
          }
        })
      );
      void call.then(() => (resolved = true));
      const response = await call;
      expect(response.output).toEqual(GOOD);
      expect(resolvedWhenFired).toEqual([false]);
    });

    test('a call started after the first call’s first token reads the cache', async () => {
      const f = await fake({ latencyMs: 200, respond: () => ({ kind: 'tool', input: GOOD }) });
      const p = provider(f);
      let started!: () => void;
      const firstToken = new Promise<void>((resolve) => (started = resolve));
      const first = p.call(request({ onFirstToken: () => started() }));
      await firstToken;
      const second = await p.call(request({ prompt: 'Another agent.' }));
      expect((await first).usage).toMatchObject({ cacheReadTokens: 0, cacheWriteTokens: expect.any(Number) });
      expect((await first).usage.cacheWriteTokens).toBeGreaterThan(1024);
      expect(second.usage.cacheReadTokens).toBe((await first).usage.cacheWriteTokens);
      expect(second.usage.cacheWriteTokens).toBe(0);
    });

    test('two calls started at the same instant both write the cache', async () => {
      const f = await fake({ ttfbMs: 100, respond: () => ({ kind: 'tool', input: GOOD }) });
      const p = provider(f);
      const both = await Promise.all([p.call(request()), p.call(request({ prompt: 'Another agent.' }))]);
      for (const response of both) {
        expect(response.usage.cacheWriteTokens).toBeGreaterThan(1024);
        expect(response.usage.cacheReadTokens).toBe(0);
      }
    });

    test('ANTHROPIC_BASE_URL is honoured when no baseURL is given, as in the SDK', async () => {
      const f = await fake({ respond: () => ({ kind: 'tool', input: GOOD }) });
      const previous = process.env['ANTHROPIC_BASE_URL'];
      process.env['ANTHROPIC_BASE_URL'] = f.url;
      try {
        const response = await new AnthropicProvider({ apiKey: f.apiKey }).call(request());
        expect(response.output).toEqual(GOOD);
        expect(f.requests).toHaveLength(1);
      } finally {
        if (previous === undefined) delete process.env['ANTHROPIC_BASE_URL'];
        else process.env['ANTHROPIC_BASE_URL'] = previous;
      }
    });
  });

  describe('answers the schema cannot hold', () => {
    test('one repair call for what the JSON schema cannot say (a length): the reply goes back as it was, then the answer validates', async () => {
      const logger = collectingLogger();
      const long = { verdict: 'yes', reasons: ['x'.repeat(80)] };
      const f = await fake({ respond: (_req, i) => ({ kind: 'tool', input: i === 0 ? long : GOOD }) });
      const response = await provider(f, { logger }).call(request({ model: 'claude-sonnet-5-5' }));

      expect(response.output).toEqual(GOOD);
      expect(response.attempts).toBe(2);
      expect(logger.warnings).toEqual([expect.stringContaining('Security maker')]);
      const repair = f.requests[1]?.body;
      expect(repair?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      // Thinking blocks go back unmodified, then the JSON text as the model wrote it.
      const replayed = repair?.messages[1]?.content as { type: string }[];
      expect(replayed.map((b) => b.type)).toEqual(['thinking', 'text']);
      expect(repair?.messages[2]?.content).toEqual([{ type: 'text', text: expect.stringContaining('reasons') }]);
      expect(response.usage.cacheReadTokens).toBeGreaterThan(0);
    });

    test('the schema error the model reads is capped', async () => {
      const broken = {
        ...GOOD,
        findings: Array.from({ length: 50 }, () => ({
          path: 'a.ts',
          line: 1,
          side: 'RIGHT',
          quote: 'x',
          severity: 'low',
          category: 'bug',
          claim: 'c'.repeat(500),
          evidence: 'e'
        }))
      };
      const f = await fake({ respond: (_req, i) => ({ kind: 'tool', input: i === 0 ? broken : { ...GOOD, findings: [] } }) });
      await provider(f).call({ ...request(), answer: findingsTool });
      const result = f.requests[1]?.body?.messages[2]?.content;
      const text = Array.isArray(result) && result[0]?.type === 'text' ? result[0].text : '';
      expect(text.length).toBeGreaterThan(1000);
      expect(text.length).toBeLessThan(4200);
    });

    test('broken twice is ProviderError malformed, carrying the usage of both calls', async () => {
      const f = await fake({ respond: () => ({ kind: 'tool', input: { verdict: 'no', reasons: ['y'.repeat(50)] } }) });
      const error = await failure(provider(f).call(request()));
      expect(error.kind).toBe('malformed');
      expect(error.attempts).toBe(2);
      expect(f.requests).toHaveLength(2);
      expect(error.usage.cacheWriteTokens).toBeGreaterThan(1024);
      expect(error.usage.cacheReadTokens).toBe(error.usage.cacheWriteTokens);
      expect(error.usage.outputTokens).toBeGreaterThan(0);
    });
  });

  describe('failures', () => {
    test('429 with retry-after: the SDK waits as told and retries; one attempt as far as we count', async () => {
      const f = await fake({ respond: (_req, i) => (i === 0 ? { kind: 'error', status: 429, retryAfterSeconds: 1 } : { kind: 'tool', input: GOOD }) });
      const response = await provider(f).call(request());
      expect(response.output).toEqual(GOOD);
      expect(response.attempts).toBe(1);
      const [first, second] = f.requests;
      expect((second?.arrivedAt ?? 0) - (first?.arrivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    });

    test('529 persisting through the SDK retries is overloaded once every retry is spent', async () => {
      const f = await fake({ respond: () => ({ kind: 'error', status: 529 }) });
      const error = await failure(provider(f, { maxRetries: 2 }).call(request()));
      expect(error.kind).toBe('overloaded');
      expect(error.attempts).toBe(1);
      expect(f.requests).toHaveLength(3);
    });

    test('429 persisting is rate_limited; a 500 is api', async () => {
      const limited = await fake({ respond: () => ({ kind: 'error', status: 429 }) });
      expect((await failure(provider(limited, { maxRetries: 0 }).call(request()))).kind).toBe('rate_limited');
      const broken = await fake({ respond: () => ({ kind: 'error', status: 500 }) });
      const error = await failure(provider(broken, { maxRetries: 1 }).call(request()));
      expect(error.kind).toBe('api');
      expect(error.message).toContain('Internal server error');
      expect(broken.requests).toHaveLength(2);
    });

    test('an overloaded_error event mid-stream is overloaded, and the input already billed counts', async () => {
      const f = await fake({ respond: () => ({ kind: 'stream-error', type: 'overloaded_error' }) });
      const error = await failure(provider(f).call(request()));
      expect(error.kind).toBe('overloaded');
      expect(error.usage.cacheWriteTokens).toBeGreaterThan(1024);
    });

    test('a server that never answers is a timeout', async () => {
      const f = await fake({ respond: () => ({ kind: 'hang' }) });
      const error = await failure(provider(f, { timeoutMs: 200 }).call(request()));
      expect(error.kind).toBe('timeout');
    });

    test('the deadline covers the whole stream, not only the first byte', async () => {
      const f = await fake({ latencyMs: 5000, respond: () => ({ kind: 'tool', input: GOOD }) });
      const error = await failure(provider(f, { timeoutMs: 300 }).call(request()));
      expect(error.kind).toBe('timeout');
      expect(error.usage.cacheWriteTokens).toBeGreaterThan(1024);
    });

    test('the caller’s signal aborts the call', async () => {
      const f = await fake({ respond: () => ({ kind: 'hang' }) });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      expect((await failure(provider(f).call(request({ signal: controller.signal })))).kind).toBe('aborted');
    });

    test('stop_reason max_tokens is truncated, with the usage spent', async () => {
      const f = await fake({ respond: () => ({ kind: 'tool', input: GOOD, stopReason: 'max_tokens' }) });
      const error = await failure(provider(f).call(request()));
      expect(error.kind).toBe('truncated');
      expect(error.usage.outputTokens).toBe(1000);
      expect(f.requests).toHaveLength(1);
    });

    test('a refusal is not repaired: refused, with the category and explanation', async () => {
      const f = await fake({
        respond: () => ({ kind: 'content', content: [], stopReason: 'refusal', stopDetails: { category: 'cyber', explanation: 'Exploit development.' } })
      });
      const error = await failure(provider(f).call(request({ model: 'claude-sonnet-5-5' })));
      expect(error.kind).toBe('refused');
      expect(error.message).toContain('cyber: Exploit development.');
      expect(error.usage.thinkingTokens).toBeGreaterThan(0);
      expect(f.requests).toHaveLength(1);
    });

    test('a wrong key is auth, and the key is not in the message', async () => {
      const f = await fake();
      const key = 'sk-ant-api03-wrong-but-secret-key';
      const error = await failure(new AnthropicProvider({ apiKey: key, baseURL: f.url }).call(request()));
      expect(error.kind).toBe('auth');
      expect(error.message).toContain('Security maker');
      expect(error.message).toContain('401');
      expect(error.message).not.toContain(key);
    });

    test('a gateway that echoes the credential back does not leak it into the error', async () => {
      const key = 'sk-ant-api03-echoed-secret-key';
      const gateway = http.createServer((req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'permission_error', message: `denied for ${req.headers['authorization']}` } }));
      });
      servers.push(gateway);
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
      const error = await failure(new AnthropicProvider({ apiKey: key, baseURL: url }).call(request()));
      expect(error.kind).toBe('auth');
      expect(error.message).toContain('[redacted]');
      expect(error.message).not.toContain(key);
    });
  });

  describe('misuse', () => {
    test('no key is refused up front', () => {
      expect(() => new AnthropicProvider({ apiKey: '' })).toThrow(ProviderError);
    });
  });
});
