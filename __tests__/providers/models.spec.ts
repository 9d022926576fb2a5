/** The one model table: every model it lists has its capabilities and a price, for both vendors; the cost model bills and reserves from it. */
import { describe, expect, test } from '@jest/globals';
import { anthropicModel, modelOf, nearestEffort, openaiModel, providerOf } from '../../src/providers/capabilities.js';
import { conservativePrice, costAt, costUsd, pricing, ratesAt } from '../../src/providers/cost-model.js';
import { DEFAULT_MODEL, DEFAULT_OPENAI_MODEL, MODELS, modelInfo, priceOf } from '../../src/providers/models.js';
import type { Usage } from '../../src/providers/types.js';

describe('providers/models', () => {
  const usage: Usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheWriteTokens: 1_000_000, cacheReadTokens: 1_000_000, thinkingTokens: 0 };

  describe('the model table', () => {
    test('lists both vendors, each model under the vendor its name tells, every one with a price', () => {
      const vendors = new Set(Object.values(MODELS).map((m) => m.vendor));
      expect(vendors).toEqual(new Set(['anthropic', 'openai']));
      for (const [id, model] of Object.entries(MODELS)) {
        expect(model.vendor).toBe(providerOf(id));
        for (const rate of [model.price.input, model.price.output, model.price.cacheWrite, model.price.cacheRead]) expect(rate).toBeGreaterThan(0);
      }
      // Every OpenAI model the capability rules knew before the tables were one is priced now.
      for (const id of ['gpt-6.2-sol', 'gpt-6.1-sol', 'gpt-6-sol', 'gpt-5.5']) expect(priceOf(id)).toBeDefined();
    });

    test('the defaults are listed and priced', () => {
      expect(DEFAULT_MODEL).toBe('claude-sonnet-5-5');
      expect(priceOf(DEFAULT_MODEL)).toEqual({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 });
      expect(modelInfo(DEFAULT_OPENAI_MODEL)?.vendor).toBe('openai');
    });

    test('dated snapshot ids of both vendors read their alias entry; unknown models have no price', () => {
      expect(priceOf('claude-sonnet-4-5-20250929')).toBe(MODELS['claude-sonnet-4-5']!.price);
      expect(priceOf('claude-haiku-4-5-20251001')).toBe(MODELS['claude-haiku-4-5']!.price);
      // OpenAI responses name the dated snapshot of the alias asked for: billed as the alias, never at a guess.
      expect(priceOf('gpt-6.1-sol-2026-09-29')).toBe(MODELS['gpt-6.1-sol']!.price);
      expect(priceOf('claude-sonnet-5')).not.toEqual(priceOf('claude-sonnet-5-5'));
      expect(priceOf('claude-imaginary-9')).toBeUndefined();
      expect(priceOf('gpt-6')).toBeUndefined();
    });

    test('GPT-6.2 Sol is priced as its model page says, long prompts (over 272K input tokens) at 2× input and cache, 1.5× output', () => {
      expect(priceOf('gpt-6.2-sol')).toEqual({
        input: 2,
        output: 10,
        cacheWrite: 2.5,
        cacheRead: 0.1,
        longPrompt: { thresholdTokens: 272_000, input: 4, output: 15, cacheWrite: 5, cacheRead: 0.2 }
      });
    });

    test('Anthropic cache writes are 1.25× input; reads follow the published rate, not always 0.1×', () => {
      for (const model of Object.values(MODELS)) if (model.vendor === 'anthropic') expect(model.price.cacheWrite).toBeCloseTo(model.price.input * 1.25);
      expect(priceOf('claude-opus-4-8')?.cacheRead).toBeCloseTo(0.5);
      expect(priceOf('claude-fable-5-1')?.cacheRead).toBeCloseTo(0.25);
    });
  });

  describe('costs', () => {
    test('costUsd for a known model sums every token kind at its rate', () => {
      expect(
        costUsd('claude-sonnet-5-5', { inputTokens: 10_000, outputTokens: 2_000, cacheWriteTokens: 40_000, cacheReadTokens: 100_000, thinkingTokens: 0 })
      ).toBeCloseTo((10_000 * 2 + 2_000 * 10 + 40_000 * 2.5 + 100_000 * 0.1) / 1_000_000);
      expect(costUsd('claude-opus-4-5-20251101', usage)).toBeCloseTo(5 + 25 + 6.25 + 0.5);
    });

    test('costUsd for an unknown model is undefined, never 0; the conservative price is the dearest of all, long prompts included, and a guess', () => {
      expect(costUsd('claude-imaginary-9', usage)).toBeUndefined();
      for (const { price } of Object.values(MODELS)) {
        expect(costAt(conservativePrice, usage)).toBeGreaterThanOrEqual(costAt(price, usage));
        if (price.longPrompt) expect(costAt(conservativePrice, usage)).toBeGreaterThanOrEqual(costAt(price.longPrompt, usage));
      }
      expect(conservativePrice).toEqual({ input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1, guess: true });
    });

    test('the budget pricing gives an unknown model the conservative guess, a known one its card', () => {
      expect(pricing.rates('claude-imaginary-9')).toBe(conservativePrice);
      expect(pricing.rates('gpt-5.5')).toBe(MODELS['gpt-5.5']!.price);
      expect(pricing.cost('claude-imaginary-9', usage)).toBeCloseTo(costAt(conservativePrice, usage));
      expect(pricing.cost('claude-sonnet-5-5', usage)).toBeCloseTo(2 + 10 + 2.5 + 0.1);
    });

    test('Haiku 5.5 bills a prompt over 100k tokens at its long-prompt rates, output included', () => {
      const short: Usage = { inputTokens: 50_000, outputTokens: 1_000, cacheWriteTokens: 0, cacheReadTokens: 50_000, thinkingTokens: 0 };
      const long: Usage = { ...short, cacheReadTokens: 50_001 };
      expect(costUsd('claude-haiku-5-5', short)).toBeCloseTo((50_000 * 0.1 + 1_000 * 0.5 + 50_000 * 0.01) / 1_000_000);
      expect(costUsd('claude-haiku-5-5', long)).toBeCloseTo((50_000 * 0.5 + 1_000 * 2.5 + 50_001 * 0.05) / 1_000_000);
    });

    test('the rates a prompt bound can be billed at: the long-prompt ones only past the threshold', () => {
      const haiku = priceOf('claude-haiku-5-5')!;
      expect(ratesAt(haiku, 100_000)).toBe(haiku);
      expect(ratesAt(haiku, 100_001)).toBe(haiku.longPrompt);
      const sol = priceOf('gpt-6.2-sol')!;
      expect(ratesAt(sol, 272_000)).toBe(sol);
      expect(ratesAt(sol, 272_001)).toBe(sol.longPrompt);
      expect(ratesAt(priceOf('claude-sonnet-5-5')!, 900_000)).toBe(priceOf('claude-sonnet-5-5'));
    });
  });

  describe('capabilities', () => {
    test('an effort a model does not take becomes the nearest it does, rounding up; none when it takes none', () => {
      expect(nearestEffort('xhigh', ['low', 'medium', 'high', 'max'])).toBe('max');
      expect(nearestEffort('max', ['low', 'medium', 'high'])).toBe('high');
      expect(nearestEffort('medium', anthropicModel('claude-sonnet-5-5').efforts)).toBe('medium');
      expect(nearestEffort('max', openaiModel('gpt-5.5').efforts)).toBe('xhigh');
      expect(nearestEffort('high', [])).toBeUndefined();
    });

    test('a model the table does not list follows its vendor’s newest rules', () => {
      expect(anthropicModel('claude-imaginary-9')).toEqual({
        vendor: 'anthropic',
        efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
        thinking: 'adaptive',
        maxOutputTokens: 128_000
      });
      expect(anthropicModel('claude-sonnet-4-5')).toMatchObject({ efforts: [], thinking: 'budget', maxOutputTokens: 64_000 });
      expect(openaiModel('gpt-7-imaginary')).toEqual({ vendor: 'openai', efforts: ['low', 'medium', 'high', 'xhigh', 'max'], maxOutputTokens: 128_000 });
    });

    test('the provider follows the model name, the agent and the loop; an OpenAI loop without a model runs gpt-6.2-sol', () => {
      expect(providerOf('gpt-6.2-sol')).toBe('openai');
      expect(providerOf('claude-sonnet-5-5')).toBe('anthropic');
      const loop = { provider: 'openai' } as never;
      expect(modelOf(undefined, loop, 'claude-sonnet-5-5')).toEqual({ model: 'gpt-6.2-sol', provider: 'openai' });
      expect(modelOf({ label: 'C', prompt: 'p', model: 'claude-opus-5-5' }, loop, 'claude-sonnet-5-5')).toEqual({
        model: 'claude-opus-5-5',
        provider: 'anthropic'
      });
    });
  });
});
