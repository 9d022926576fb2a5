/**
 * Every cap of `budget` holds over a call that takes every kind of turn: a tool turn (the model
 * reads a file), an answer that passes its JSON schema but not the finer rules, and the repair
 * turn. The call runs through the engine's CallRunner on the real providers, over HTTP, against
 * the fake Anthropic and fake OpenAI servers. Each cap is swept from well below what the call
 * takes to just below it: the spend never passes the cap, the turn that would pass it is not sent
 * (a budget stop), and every request the fake saw was reserved and settled on its own.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { BudgetMeter, type Clock } from '../../src/engine/budget.js';
import { answerFormat, BudgetStop, CallRunner, silentEvents, type CallRequest } from '../../src/engine/calls.js';
import type { Budget } from '../../src/loop/schema.js';
import {
  addUsage,
  AnthropicProvider,
  pricing,
  usageBeyond,
  ZERO_USAGE,
  type ModelProvider,
  type NextTurnReason,
  type Usage
} from '../../src/providers/index.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { byTurn as anthropicTurns, startFakeAnthropic, toolCall } from '../fakes/anthropic-server.js';
import { byTurn as openaiTurns, functionCalls, startFakeOpenAI } from '../fakes/openai-server.js';
import { FILES, fileTools } from './agent-tools.js';

describe('providers/budget-caps', () => {
  /** A verdict whose evidence must cite a file: a rule its JSON schema cannot say, so breaking it costs the repair turn. */
  const Verdict = z.strictObject({
    verdict: z.enum(['refuted', 'confirmed']),
    evidence: z.string().refine((text) => /\bsrc\/\S+/.test(text), { message: 'cite the file (src/…) the evidence is in' })
  });
  type Verdict = z.infer<typeof Verdict>;
  const FORMAT = answerFormat('verdicts', [Verdict]);
  const UNCITED: Verdict = { verdict: 'refuted', evidence: 'The arguments are passed apart from the SQL.' };
  const CITED: Verdict = { verdict: 'refuted', evidence: 'src/db.ts passes the arguments apart from the SQL.' };
  const SHARED = `Rules and the diff under review.\n${'const x = 1;\n'.repeat(2_000)}`;
  const READ = { name: 'read_file', input: { path: 'src/db.ts' } };
  const context = { role: 'checker', batch: 1, round: 1 } as const;
  /**
   * Every reply thinks at length, writing all but this many tokens of its room: the most a turn can
   * cost, so a turn sent without its own reservation shows in dollars as in tokens.
   */
  const LEFT_UNWRITTEN = 64;

  interface Server {
    provider: ModelProvider;
    /** Model requests the server answered. */
    requests(): number;
    /** The output room (`max_tokens`, `max_output_tokens`) each request asked for. */
    rooms(): (number | undefined)[];
    close(): Promise<void>;
  }

  /** The fake of a vendor, scripted to the three turns, each thinking at length; `onRequest` hears each model request as it arrives. */
  interface Vendor {
    name: string;
    model: string;
    start(onRequest: (index: number) => void): Promise<Server>;
  }

  const VENDORS: Vendor[] = [
    {
      name: 'Anthropic',
      model: 'claude-sonnet-5-5',
      async start(onRequest) {
        const script = anthropicTurns(toolCall(READ), { kind: 'tool', input: UNCITED }, { kind: 'tool', input: CITED });
        const f = await startFakeAnthropic({
          respond: async (request, index) => {
            onRequest(index);
            const reply = await script(request, index);
            return reply.kind === 'tool' || reply.kind === 'content' ? { ...reply, outputTokens: request.body.max_tokens - LEFT_UNWRITTEN } : reply;
          }
        });
        return {
          provider: new AnthropicProvider({ apiKey: f.apiKey, baseURL: f.url, maxRetries: 0 }),
          requests: () => f.requests.length,
          rooms: () => f.requests.map((r) => r.body?.max_tokens),
          close: () => f.close()
        };
      }
    },
    {
      name: 'OpenAI',
      model: 'gpt-6.2-sol',
      async start(onRequest) {
        const script = openaiTurns(functionCalls(READ), { kind: 'answer', input: UNCITED }, { kind: 'answer', input: CITED });
        const f = await startFakeOpenAI({
          respond: (body, index) => {
            onRequest(index);
            const reply = script(body);
            // Reasoning fills the room but for the answer's own tokens (a few dozen).
            return reply.kind === 'answer' ? { ...reply, reasoningTokens: (body.max_output_tokens ?? 0) - LEFT_UNWRITTEN } : reply;
          }
        });
        return {
          provider: new OpenAIProvider({ apiKey: f.apiKey, baseURL: f.url, maxRetries: 0 }),
          requests: () => f.requests.length,
          rooms: () => f.requests.map((r) => r.body?.max_output_tokens),
          close: () => f.close()
        };
      }
    }
  ];

  const open: Server[] = [];
  afterEach(async () => void (await Promise.all(open.splice(0).map((s) => s.close()))));

  function request(model: string, shared: string): CallRequest<Verdict> {
    return {
      agent: 'Verifier',
      model,
      sharedContext: shared,
      prompt: 'Is the finding "SQL injection in src/db.ts" real? Read the code you need.',
      format: FORMAT,
      answer: { name: 'verdict', schema: Verdict },
      effort: 'low',
      maxOutputTokens: 1000,
      task: { kind: 'verify', findings: [], files: [] },
      tools: fileTools(FILES),
      fewer: 'Answer shortly.',
      cut: () => {}
    };
  }

  interface Run {
    outcome: { ok: true; output: Verdict } | { ok: false; error: unknown };
    spent: ReturnType<BudgetMeter['spent']>;
    requests: number;
    /** The meter's clock when each model request arrived. */
    arrivals: number[];
    turns: number;
  }

  /** One call of the three turns under `budget`; `onRequest` may move the meter's clock (`clock.offset`). */
  async function run(
    vendor: Vendor,
    budget: Budget,
    options: { shared?: string; onRequest?: (index: number, clock: { offset: number }) => void } = {}
  ): Promise<Run> {
    const clock = { offset: 0 };
    const meterClock: Clock = { now: () => Date.now() + clock.offset };
    const arrivals: number[] = [];
    const shared = options.shared ?? SHARED;
    const server = await vendor.start((index) => {
      // The meter's clock when the request arrived, before a slow answer moves it.
      arrivals.push(meterClock.now());
      options.onRequest?.(index, clock);
    });
    open.push(server);
    const meter = new BudgetMeter(budget, pricing, meterClock);
    const runner = new CallRunner(server.provider, meter, silentEvents, 1);
    const outcome = await runner.call(request(vendor.model, shared), context).then(
      (output) => ({ ok: true as const, output }),
      (error: unknown) => ({ ok: false as const, error })
    );
    return { outcome, spent: meter.spent(), requests: server.requests(), arrivals, turns: runner.records[0]?.turns ?? 0 };
  }

  /** What stopped a run that did not finish: a budget stop, or the test fails with the error. */
  function stopOf(result: Run): BudgetStop | undefined {
    if (result.outcome.ok) return undefined;
    if (result.outcome.error instanceof BudgetStop) return result.outcome.error;
    throw result.outcome.error;
  }

  /** From a fifth of what the whole call takes to just under it. */
  const SHARES = [0.2, 0.4, 0.6, 0.8, 0.95];

  describe.each(VENDORS)('$name: no cap is passed by tool turns or the repair turn', (vendor) => {
    test('uncapped, the call takes the three turns, each request settled on its own', async () => {
      const free = await run(vendor, {});
      expect(free.outcome).toEqual({ ok: true, output: CITED });
      expect(free.requests).toBe(3);
      expect(free.turns).toBe(3);
      expect(free.spent.calls).toBe(3);
    });

    test('each later turn is asked for with a bound of its prompt that the API never bills above, and sent with the room it was given', async () => {
      const server = await vendor.start(() => {});
      open.push(server);
      const asked: { ended: Usage; promptTokens: number; why: NextTurnReason }[] = [];
      const { fewer: _fewer, cut: _cut, ...call } = request(vendor.model, SHARED);
      // The repair is given less room than the call: it is sent with the room it was given.
      const nextTurn = async (ended: Usage, promptTokens: number, why: NextTurnReason) => (
        asked.push({ ended, promptTokens, why }),
        why === 'repair' ? 3_500 : 4_000
      );
      const response = await server.provider.call({ ...call, maxOutputTokens: 4_000, thinkingTokens: 2_048, nextTurn });
      expect(asked.map((a) => a.why)).toEqual(['tools', 'repair']);
      expect(server.rooms()).toEqual([4_000, 4_000, 3_500]);
      const turns = [...asked.map((a) => a.ended), usageBeyond(response.usage, asked.map((a) => a.ended).reduce(addUsage, ZERO_USAGE))];
      const prompt = (u: Usage) => u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
      expect(asked[0]!.promptTokens).toBeGreaterThanOrEqual(prompt(turns[1]!));
      expect(asked[1]!.promptTokens).toBeGreaterThanOrEqual(prompt(turns[2]!));
    });

    test('tokens (maxTokens)', async () => {
      const whole = (await run(vendor, {})).spent.tokens;
      const sent: number[] = [];
      for (const share of SHARES) {
        const cap = Math.floor(whole * share);
        const capped = await run(vendor, { maxTokens: cap });
        expect(stopOf(capped)?.message).toMatch(/^token budget of \d+ would be exceeded by the next call/);
        expect(capped.spent.tokens).toBeLessThanOrEqual(cap);
        expect(capped.spent.calls).toBe(capped.requests);
        sent.push(capped.requests);
      }
      // The sweep stops the call before each of its turns: the first, the tool turn, the repair.
      expect(new Set(sent)).toEqual(new Set([0, 1, 2]));
    });

    test('dollars (maxCostUsd)', async () => {
      const whole = (await run(vendor, {})).spent.costUsd;
      const sent: number[] = [];
      for (const share of SHARES) {
        const cap = whole * share;
        const capped = await run(vendor, { maxCostUsd: cap });
        expect(stopOf(capped)?.message).toMatch(/^cost budget of \$[\d.e-]+ would be exceeded by the next call/);
        expect(capped.spent.costUsd).toBeLessThanOrEqual(cap);
        expect(capped.spent.calls).toBe(capped.requests);
        sent.push(capped.requests);
      }
      expect(new Set(sent)).toEqual(new Set([0, 1, 2]));
    });

    test('model calls (maxIterations): every request counts, the repair turn too', async () => {
      for (const cap of [1, 2]) {
        const capped = await run(vendor, { maxIterations: cap });
        expect(stopOf(capped)?.message).toMatch(new RegExp(`^iteration budget of ${cap} model calls used up \\(Verifier had`));
        expect(capped.requests).toBe(cap);
        expect(capped.spent.calls).toBe(cap);
      }
      expect(stopOf(await run(vendor, { maxIterations: 2 }))?.message).toContain("answered outside its schema's rules and needed the repair turn");
      expect((await run(vendor, { maxIterations: 3 })).outcome.ok).toBe(true);
    });

    test('minutes (maxDurationMinutes): no request is sent once the time is up, however slow a turn was', async () => {
      const deadline = (start: number) => start + 60_000;
      // The turn after the one at `slow` finds the minute gone: that turn took 61 s to answer.
      for (const slow of [0, 1]) {
        const capped = await run(vendor, { maxDurationMinutes: 1 }, { onRequest: (index, clock) => void (index === slow && (clock.offset += 61_000)) });
        expect(stopOf(capped)?.message).toMatch(/^time budget of 1 min used up/);
        expect(capped.requests).toBe(slow + 1);
        const [first] = capped.arrivals;
        for (const at of capped.arrivals) expect(at).toBeLessThanOrEqual(deadline(first!));
      }
    });
  });

  test('a long prompt on Haiku 5.5 is reserved at its long-prompt rates: a cap the long rates cannot pay stops the call before it is sent', async () => {
    // Over 100K prompt tokens, where Haiku 5.5 bills every token at 5× (the fake counts UTF-8 bytes / 3.6).
    const long = `Rules and the diff under review.\n${'const x = 1;\n'.repeat(32_000)}`;
    const [anthropic] = VENDORS;
    const haiku: Vendor = { ...anthropic!, model: 'claude-haiku-5-5' };
    const whole = await run(haiku, {}, { shared: long });
    expect(whole.outcome.ok).toBe(true);
    for (const cap of [0.02, whole.spent.costUsd * 0.6, whole.spent.costUsd * 0.95]) {
      const capped = await run(haiku, { maxCostUsd: cap }, { shared: long });
      expect(stopOf(capped)).toBeInstanceOf(BudgetStop);
      expect(capped.spent.costUsd).toBeLessThanOrEqual(cap);
    }
    // $0.02 does not pay for the first turn's prompt at the long rate ($0.625 a million as a cache write): nothing is sent.
    expect((await run(haiku, { maxCostUsd: 0.02 }, { shared: long })).requests).toBe(0);
  });

  test('a model without a price: refused under a cost cap, with the fix; reserved at the dearest rates without one', () => {
    const call = { model: 'claude-imaginary-9', inputTokens: 2_000, maxOutputTokens: 3_000 };
    expect(new BudgetMeter({ maxCostUsd: 5 }, pricing).reserve(call)).toEqual({
      ok: false,
      reason: "claude-imaginary-9 has no price in LoopKit's model table, so the cost budget of $5 cannot be kept: pick a priced model or drop budget.maxCostUsd"
    });
    expect(new BudgetMeter({ maxTokens: 10_000 }, pricing).reserve(call)).toMatchObject({ tokens: 5_000, costUsd: (2_000 * 12.5 + 3_000 * 50) / 1_000_000 });
  });
});
