import { describe, expect, test } from '@jest/globals';
import { pricing, conservativePrice, costAt, costUsd, DEFAULT_MODEL, PRICES, priceOf } from '../../src/providers/prices.js';
import { ANTHROPIC_MODELS, modelOf, nearestEffort, providerOf } from '../../src/providers/capabilities.js';
import type { Usage } from '../../src/providers/types.js';

const usage: Usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheWriteTokens: 1_000_000, cacheReadTokens: 1_000_000, thinkingTokens: 0 };

describe('prices', () => {
  test('the default model is the current Sonnet and is priced', () => {
    expect(DEFAULT_MODEL).toBe('claude-sonnet-5-5');
    expect(priceOf(DEFAULT_MODEL)).toEqual({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 });
  });

  test('dated snapshot ids match their alias entry; unknown models have no price', () => {
    expect(priceOf('claude-sonnet-4-5-20250929')).toBe(PRICES['claude-sonnet-4-5']);
    expect(priceOf('claude-haiku-4-5-20251001')).toBe(PRICES['claude-haiku-4-5']);
    expect(priceOf('claude-sonnet-5')).not.toBe(priceOf('claude-sonnet-5-5'));
    expect(priceOf('claude-imaginary-9')).toBeUndefined();
    expect(priceOf('gpt-6')).toBeUndefined();
    expect(priceOf('gpt-6.2-sol')).toEqual({ input: 2, output: 10, cacheWrite: 2, cacheRead: 0.2 });
  });

  test('Anthropic cache writes are 1.25× input; reads follow the published rate, not always 0.1×', () => {
    for (const [model, price] of Object.entries(PRICES)) if (model.startsWith('claude-')) expect(price.cacheWrite).toBeCloseTo(price.input * 1.25);
    expect(PRICES['claude-opus-4-8']?.cacheRead).toBeCloseTo(0.5);
    expect(PRICES['claude-fable-5-1']?.cacheRead).toBeCloseTo(0.25);
  });

  test('costUsd for a known model sums every token kind at its rate', () => {
    expect(
      costUsd('claude-sonnet-5-5', { inputTokens: 10_000, outputTokens: 2_000, cacheWriteTokens: 40_000, cacheReadTokens: 100_000, thinkingTokens: 0 })
    ).toBeCloseTo((10_000 * 2 + 2_000 * 10 + 40_000 * 2.5 + 100_000 * 0.1) / 1_000_000);
    expect(costUsd('claude-opus-4-5-20251101', usage)).toBeCloseTo(5 + 25 + 6.25 + 0.5);
  });

  test('costUsd for an unknown model is undefined, never 0; the conservative price is the dearest of all', () => {
    expect(costUsd('claude-imaginary-9', usage)).toBeUndefined();
    for (const price of Object.values(PRICES)) {
      expect(costAt(conservativePrice, usage)).toBeGreaterThanOrEqual(costAt(price, usage));
    }
    expect(conservativePrice).toEqual({ input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 });
  });

  test('the budget pricing charges an unknown model at the conservative price', () => {
    expect(pricing.rates('claude-imaginary-9')).toBe(conservativePrice);
    expect(pricing.cost('claude-imaginary-9', usage)).toBeCloseTo(costAt(conservativePrice, usage));
    expect(pricing.cost('claude-sonnet-5-5', usage)).toBeCloseTo(2 + 10 + 2.5 + 0.1);
  });

  test('Haiku 5.5 bills a prompt over 100k tokens at its long-prompt rates, output included', () => {
    const short: Usage = { inputTokens: 50_000, outputTokens: 1_000, cacheWriteTokens: 0, cacheReadTokens: 50_000, thinkingTokens: 0 };
    const long: Usage = { ...short, cacheReadTokens: 50_001, thinkingTokens: 0 };
    expect(costUsd('claude-haiku-5-5', short)).toBeCloseTo((50_000 * 0.1 + 1_000 * 0.5 + 50_000 * 0.01) / 1_000_000);
    expect(costUsd('claude-haiku-5-5', long)).toBeCloseTo((50_000 * 0.5 + 1_000 * 2.5 + 50_001 * 0.05) / 1_000_000);
  });
});

describe('capabilities', () => {
  test('every priced Claude model has a capability row, and every row a price', () => {
    for (const model of Object.keys(ANTHROPIC_MODELS)) expect(priceOf(model)).toBeDefined();
    for (const model of Object.keys(PRICES).filter((m) => m.startsWith('claude-'))) expect(ANTHROPIC_MODELS[model]).toBeDefined();
  });

  test('an effort a model does not take becomes the nearest it does, rounding up; none when it takes none', () => {
    expect(nearestEffort('xhigh', ['low', 'medium', 'high', 'max'])).toBe('max');
    expect(nearestEffort('max', ['low', 'medium', 'high'])).toBe('high');
    expect(nearestEffort('medium', ANTHROPIC_MODELS['claude-sonnet-5-5']!.efforts)).toBe('medium');
    expect(nearestEffort('high', [])).toBeUndefined();
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
