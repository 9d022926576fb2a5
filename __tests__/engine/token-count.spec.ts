/**
 * Budgets reserve with token counts that cannot undercount: the API's count of each shared
 * prefix (asked once per prefix, not per call) plus the byte bound of each agent's prompt, and
 * the byte bound of the whole prompt when the count endpoint fails. Over real HTTP against the
 * fakes, which bill with their own tokenizer, not LoopKit's estimate.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { BudgetMeter } from '../../src/engine/budget.js';
import { answerFormat, CallRunner, type CallRequest, type EngineEvents } from '../../src/engine/calls.js';
import { THINKING_TOKENS } from '../../src/providers/capabilities.js';
import { promptBound, promptEstimate } from '../../src/providers/cost-model.js';
import { AnthropicProvider, pricing, totalTokens, type ModelProvider } from '../../src/providers/index.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions, type MessagesBody } from '../fakes/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';

describe('engine/token-count', () => {
  const Findings = z.strictObject({ findings: z.array(z.string()) });
  const FORMAT = answerFormat('review', [Findings]);
  const CODE = readFileSync('src/engine/review.ts', 'utf8');
  /** A batch's shared context: rules, code and non-Latin text. */
  const SHARED = `# Rules\nReview the diff below.\n\n${CODE}\n${'日本語のコードレビュー。Проверка кода и документации. 🚀✅ '.repeat(120)}`;
  const MAKERS = ['Security Reviewer', 'Logic Reviewer', 'Performance Reviewer', 'Reliability Reviewer'];
  /** With room for a short answer only, every call reserves exactly its prompt, the answer and thinking at low effort. */
  const ANSWER_ROOM = 512;
  const OUTPUT_ALLOWANCE = ANSWER_ROOM + THINKING_TOKENS.low;

  let ai: FakeAnthropic | undefined;
  let oa: FakeOpenAI | undefined;
  afterEach(async () => {
    await Promise.all([ai?.close(), oa?.close()]);
    ai = oa = undefined;
  });

  function request(
    agent: string,
    options: { sharedContext?: string; model?: string; maxOutputTokens?: number; effort?: 'low' | 'high' } = {}
  ): CallRequest<z.infer<typeof Findings>> {
    return {
      agent,
      model: options.model ?? 'claude-sonnet-5-5',
      sharedContext: options.sharedContext ?? SHARED,
      prompt: `## Your role: ${agent}\nFind problems of your kind; name each with its line.`,
      format: FORMAT,
      answer: { name: 'findings', schema: Findings },
      effort: options.effort ?? 'low',
      maxOutputTokens: options.maxOutputTokens ?? ANSWER_ROOM,
      task: { kind: 'review', files: [], objections: [] },
      fewer: 'Report only the most important findings.',
      cut: () => {}
    };
  }

  function recorder(): { events: EngineEvents; warnings: string[] } {
    const warnings: string[] = [];
    return { warnings, events: { info: () => {}, warning: (message) => warnings.push(message), call: () => {} } };
  }

  const context = { role: 'maker', batch: 1, round: 1 } as const;
  const anthropic = (fake: FakeAnthropic) => new AnthropicProvider({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 });
  const findingsReply = (outputTokens: (body: MessagesBody) => number) => (req: { body: MessagesBody }) => ({
    kind: 'tool' as const,
    input: { findings: [] },
    outputTokens: outputTokens(req.body)
  });

  /** What the fake bills for one call's prompt (cache writes and reads included), measured on a fresh server. */
  async function billedPrompt(options: Omit<FakeAnthropicOptions, 'respond'> = {}, asked = request(MAKERS[0]!)): Promise<number> {
    const fake = await startFakeAnthropic({ ...options, respond: findingsReply(() => 100) });
    try {
      const runner = new CallRunner(anthropic(fake), new BudgetMeter({}, pricing), recorder().events, 1);
      await runner.call(asked, context);
      const usage = runner.records[0]!.usage;
      return usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
    } finally {
      await fake.close();
    }
  }

  test('count_tokens is asked once per batch prefix, not once per call: makers and checker of a batch share it', async () => {
    ai = await startFakeAnthropic({ respond: findingsReply(() => 100) });
    const runner = new CallRunner(anthropic(ai), new BudgetMeter({ maxTokens: 1_000_000 }, pricing), recorder().events, 4);
    const batch = (sharedContext: string) =>
      Promise.all(
        [...MAKERS.map((m) => request(m, { sharedContext })), request('Verifier', { sharedContext, effort: 'high' })].map((r) => runner.call(r, context))
      );
    await batch(SHARED);
    await batch(`${SHARED}\n// the second batch of the diff`);
    expect(ai.requests).toHaveLength(10);
    expect(ai.countRequests).toHaveLength(2);
    expect(ai.countRequests.every((r) => r.status === 200)).toBe(true);
    // The count is of the prefix the calls send: same model, thinking, format and system, no max_tokens.
    const counted = JSON.parse(ai.countRequests[0]!.rawBody) as Record<string, unknown>;
    const sent = ai.requests[0]!.body!;
    expect(counted).toMatchObject({ model: sent.model, thinking: sent.thinking, system: sent.system, output_config: { format: sent.output_config!.format } });
    expect(counted['max_tokens']).toBeUndefined();
  });

  test('caps just above what the API bills: the old estimate would stop the run for nothing, the counted prefix lets it complete under the cap', async () => {
    const billed = await billedPrompt();
    // Four makers, each with room for its prompt (and the count's 1% margin) and a short answer.
    const cap = MAKERS.length * (Math.ceil(billed * 1.03) + OUTPUT_ALLOWANCE);
    // The old estimate (ASCII at 3 characters a token, other text at its bytes) reserves past it.
    expect(MAKERS.length * (promptEstimate(request(MAKERS[0]!)) + OUTPUT_ALLOWANCE)).toBeGreaterThan(cap);

    ai = await startFakeAnthropic({ respond: findingsReply(() => 100) });
    const meter = new BudgetMeter({ maxTokens: cap }, pricing);
    const runner = new CallRunner(anthropic(ai), meter, recorder().events, 4);
    await Promise.all(MAKERS.map((m) => runner.call(request(m), context)));
    expect(runner.records.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(meter.spent().tokens).toBeLessThanOrEqual(cap);
  });

  test('a tokenizer denser than the old estimate on code: every call writes all it may, and the cap is still never passed', async () => {
    const dense = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 2);
    const shared = `${CODE}\n${'Проверка кода. 日本語。'.repeat(40)}`;
    const ask = () => request(MAKERS[0]!, { sharedContext: shared, maxOutputTokens: 4_000 });
    const fake = await startFakeAnthropic({ tokenizer: dense, respond: findingsReply(() => 100) });
    const billedRunner = new CallRunner(anthropic(fake), new BudgetMeter({}, pricing), recorder().events, 1);
    await billedRunner.call(ask(), context);
    await fake.close();
    const usage = billedRunner.records[0]!.usage;
    const billed = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
    expect(promptEstimate(ask())).toBeLessThan(billed);

    const cap = Math.ceil(billed * 1.03) + OUTPUT_ALLOWANCE + 500;
    const allowance = 4_000 + THINKING_TOKENS.low;
    // Reserving with the old estimate would have let the call write past the cap.
    expect(billed + Math.min(allowance, cap - promptEstimate(ask()))).toBeGreaterThan(cap);

    ai = await startFakeAnthropic({ tokenizer: dense, respond: findingsReply((body) => body.max_tokens) });
    const meter = new BudgetMeter({ maxTokens: cap }, pricing);
    const runner = new CallRunner(anthropic(ai), meter, recorder().events, 1);
    await runner.call(ask(), context);
    expect(runner.records[0]!.ok).toBe(true);
    expect(totalTokens(runner.records[0]!.usage)).toBe(meter.spent().tokens);
    expect(meter.spent().tokens).toBeLessThanOrEqual(cap);
  });

  test('a cut reply asked again with the instruction for fewer findings: the longer prompt is reserved too, and the cap holds', async () => {
    // A token a byte: the agent's prompt bound is exact, so only reserving the added instruction keeps the cap.
    const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
    const ask = () => request(MAKERS[0]!, { sharedContext: 'Rules: review the diff. Проверка. 日本語。\n', maxOutputTokens: 600 });
    const billed = await billedPrompt({ tokenizer: bytes }, ask());
    const first = 600 + THINKING_TOKENS.low;
    // Room for the first call and for a second one under twice the answer's room: it is asked for fewer findings.
    const cap = billed + first + billed + 2_900;
    ai = await startFakeAnthropic({
      tokenizer: bytes,
      respond: (req, index) => ({
        kind: 'tool',
        input: { findings: [] },
        outputTokens: req.body.max_tokens,
        ...(index === 0 ? { stopReason: 'max_tokens' as const } : {})
      })
    });
    const meter = new BudgetMeter({ maxTokens: cap }, pricing);
    const runner = new CallRunner(anthropic(ai), meter, recorder().events, 1);
    await runner.call(ask(), context);
    expect(runner.records.map((r) => r.ok)).toEqual([false, true]);
    expect(JSON.stringify(ai.requests[1]!.body!.messages)).toContain('Report only the most important findings.');
    expect(meter.spent().tokens).toBeLessThanOrEqual(cap);
  });

  test('count_tokens failing (its own rate limit): one warning, the byte bound of the prompt reserved, and the run completes', async () => {
    ai = await startFakeAnthropic({
      countFailure: { status: 429, message: 'Number of count_tokens requests has exceeded your per-minute rate limit' },
      respond: findingsReply(() => 100)
    });
    const { events, warnings } = recorder();
    const runner = new CallRunner(anthropic(ai), new BudgetMeter({ maxTokens: 1_000_000 }, pricing), events, 4);
    await Promise.all([...MAKERS.map((m) => request(m)), request('Verifier', { effort: 'high' })].map((r) => runner.call(r, context)));
    expect(runner.records.every((r) => r.ok)).toBe(true);
    // Asked once, not retried, not asked again by the other calls of the batch.
    expect(ai.countRequests).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /the Anthropic API did not count the prompt of claude-sonnet-5-5 \(429 .*rate limit.*\); the budget reserves its UTF-8 length instead/
    );
    // The bound it fell back to is never below what was billed, on code and non-Latin text alike.
    const billed = Math.max(...runner.records.map((r) => r.usage.inputTokens + r.usage.cacheWriteTokens + r.usage.cacheReadTokens));
    expect(promptBound(request(MAKERS[0]!))).toBeGreaterThanOrEqual(billed);
  });

  test('OpenAI: the Responses input_tokens endpoint counts each batch prefix once, and caps just above the bill hold', async () => {
    oa = await startFakeOpenAI({ respond: () => ({ kind: 'answer', input: { findings: [] }, reasoningTokens: 16 }) });
    const provider: ModelProvider = new OpenAIProvider({ apiKey: oa.apiKey, baseURL: oa.url, maxRetries: 0 });
    const calls = () => [...MAKERS.map((m) => request(m, { model: 'gpt-6.2-sol' })), request('Verifier', { model: 'gpt-6.2-sol', effort: 'high' })];
    const count = await provider.promptTokens({ ...calls()[0]!, thinkingTokens: THINKING_TOKENS.low });
    expect(count.fallback).toBeUndefined();
    expect(oa.countRequests).toHaveLength(1);

    const meter = new BudgetMeter({ maxTokens: calls().length * (count.tokens + ANSWER_ROOM + THINKING_TOKENS.high) }, pricing);
    const runner = new CallRunner(provider, meter, recorder().events, 4);
    await Promise.all(calls().map((r) => runner.call(r, context)));
    expect(runner.records.every((r) => r.ok)).toBe(true);
    expect(oa.requests).toHaveLength(5);
    expect(oa.countRequests).toHaveLength(1);
    // input_tokens of the prefix and the agent's prompt bound: never below what each call billed.
    for (const record of runner.records)
      expect(record.usage.inputTokens + record.usage.cacheWriteTokens + record.usage.cacheReadTokens).toBeLessThanOrEqual(count.tokens);
  });
});
