/**
 * The agent loop under the budget (engine/calls.ts over the Anthropic provider and its fake, real
 * HTTP): every turn is reserved before it is sent and settled after, the call's record carries
 * its turns and tool calls, and a turn the budget cannot pay stops the call as a budget stop with
 * what the turns before it spent billed and nothing left reserved; so does the time budget when
 * it runs out while the tools run.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { BudgetMeter, isRefusal } from '../../src/engine/budget.js';
import { answerFormat, BudgetStop, CallRunner, silentEvents, toolLog, type CallRequest } from '../../src/engine/calls.js';
import { AnthropicProvider, pricing, totalTokens } from '../../src/providers/index.js';
import { byTurn, startFakeAnthropic, toolCall, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { fileTools } from './agent-tools.js';

describe('providers/agent-loop-budget', () => {
  const Verdict = z.strictObject({ verdict: z.enum(['refuted', 'confirmed']) });
  const FORMAT = answerFormat('verdicts', [Verdict]);
  const SHARED = `Rules and the diff under review.\n${'const x = 1;\n'.repeat(600)}`;
  const MODEL = 'claude-sonnet-5-5';
  const context = { role: 'checker', batch: 1, round: 1 } as const;

  let ai: FakeAnthropic | undefined;
  afterEach(async () => {
    await ai?.close();
    ai = undefined;
  });

  function request(files: Record<string, string>): CallRequest<z.infer<typeof Verdict>> {
    return {
      agent: 'Verifier',
      model: MODEL,
      sharedContext: SHARED,
      prompt: 'Is the finding real? Read what you need.',
      format: FORMAT,
      answer: { name: 'verdict', schema: Verdict },
      effort: 'low',
      maxOutputTokens: 1000,
      task: { kind: 'verify', findings: [], files: [] },
      tools: fileTools(files),
      fewer: 'Answer shortly.',
      cut: () => {}
    };
  }

  const script = () => byTurn(toolCall({ name: 'read_file', input: { path: 'big.ts' } }), { kind: 'tool', input: { verdict: 'refuted' } });
  const provider = (f: FakeAnthropic) => new AnthropicProvider({ apiKey: f.apiKey, baseURL: f.url, maxRetries: 0 });

  test('each turn is settled on its own: the record has the turns and the tool calls, the meter every token of them', async () => {
    ai = await startFakeAnthropic({ respond: script() });
    const meter = new BudgetMeter({ maxTokens: 1_000_000 }, pricing);
    const runner = new CallRunner(provider(ai), meter, silentEvents, 1);
    await expect(runner.call(request({ 'big.ts': 'export const a = 1;\n' }), context)).resolves.toEqual({ verdict: 'refuted' });

    const [record] = runner.records;
    expect(record).toMatchObject({ ok: true, turns: 2, tools: [{ agent: 'Verifier', tool: 'read_file', source: 'repository', ok: true, bytes: 20 }] });
    // Two model requests, two settlements: the iteration cap counts turns.
    expect(meter.spent().calls).toBe(2);
    expect(meter.spent().usage).toEqual(record!.usage);
    expect(meter.spent().costUsd).toBeCloseTo(pricing.cost(MODEL, record!.usage), 10);
    // The log line says the turns, and each tool call gets a line of its own: tool, source, digest, bytes, time.
    expect(toolLog(record!)).toEqual({
      suffix: ' · 2 turns, 1 tool call',
      lines: [expect.stringMatching(/^ {2}↳ read_file \(repository\) · args [0-9a-f]{12} · 20 B · \d+ ms$/)]
    });
  });

  test('a turn the budget cannot pay stops the call as a budget stop: the first turn billed, nothing left reserved', async () => {
    ai = await startFakeAnthropic({ respond: script() });
    const cap = 40_000;
    const meter = new BudgetMeter({ maxTokens: cap }, pricing);
    const runner = new CallRunner(provider(ai), meter, silentEvents, 1);
    // The file alone is more than the cap: the second turn would send it.
    const stop = runner.call(request({ 'big.ts': 'x'.repeat(200_000) }), context);
    await expect(stop).rejects.toThrow(BudgetStop);
    await expect(stop).rejects.toThrow(/token budget of 40000 would be exceeded by the next call \(Verifier had called tools and needed another turn\)/);

    expect(ai.requests).toHaveLength(1);
    const [record] = runner.records;
    expect(record).toMatchObject({ ok: false, turns: 1, tools: [{ tool: 'read_file', ok: true, bytes: 200_000 }] });
    expect(meter.spent().calls).toBe(1);
    expect(meter.spent().usage).toEqual(record!.usage);
    // Nothing of the refused turn stays reserved: all that is left of the cap can still be reserved.
    const rest = cap - totalTokens(meter.spent().usage);
    expect(isRefusal(meter.reserve({ model: MODEL, inputTokens: rest - 600, maxOutputTokens: 600, minOutputTokens: 600 }))).toBe(false);
  });

  test('the time budget running out while the tools run stops the call as a budget stop, with the turn it had billed once', async () => {
    ai = await startFakeAnthropic({ respond: script() });
    let offset = 0;
    const meter = new BudgetMeter({ maxDurationMinutes: 1 }, pricing, { now: () => Date.now() + offset });
    // 1.5 s of the minute left: enough for the first turn, not for a read that takes a minute.
    offset = 58_500;
    const runner = new CallRunner(provider(ai), meter, silentEvents, 1);
    const files = { 'big.ts': 'export const a = 1;\n' };
    const stop = runner.call({ ...request(files), tools: fileTools(files, { delayMs: 60_000 }) }, context);
    await expect(stop).rejects.toThrow(/time budget of 1 min used up while Verifier was answering/);

    expect(ai.requests).toHaveLength(1);
    expect(runner.records[0]).toMatchObject({ ok: false, turns: 1, tools: [{ tool: 'read_file', ok: false, error: 'the call was aborted: out of time' }] });
    expect(meter.spent().calls).toBe(1);
    expect(meter.spent().usage).toEqual(runner.records[0]!.usage);
  });
});
