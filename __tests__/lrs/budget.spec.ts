import { callsPerRun } from '../../src/lrs/budget-fit.js';
import { scoreBudget } from '../../src/lrs/dimensions/budget.js';
import { scoreLoop } from '../../src/lrs/index.js';
import type { Budget } from '../../src/loop/schema.js';
import { ACTION, COMPLETE, MINIMAL, inputOf } from './loops.js';
import { fromYaml } from './source.js';

describe('lrs/budget', () => {
  /** COMPLETE runs (2 makers + 1 checker) × 3 rounds = 9 calls. */
  const withBudget = (budget: Budget) => inputOf({ ...COMPLETE, budget });

  describe('budget control', () => {
    it('estimates calls per run as (makers + checker) × rounds, or one pass without verify', () => {
      const complete = inputOf(COMPLETE);
      expect(callsPerRun(complete.loop, complete.roster)).toBe(9);
      const named = inputOf({ ...COMPLETE, verify: { maker: ['bugs'], checker: 'skeptic', maxRounds: 2 } });
      expect(callsPerRun(named.loop, named.roster)).toBe(4);
      const unresolved = inputOf({ ...COMPLETE, verify: { maker: ['bugs', 'ghost'], checker: 'skeptic', maxRounds: 2 } });
      expect(callsPerRun(unresolved.loop, unresolved.roster)).toBe(6);
      expect(unresolved.roster.makers.map((m) => m.agent.label)).toEqual(['bugs']);
      const single = inputOf({ ...COMPLETE, verify: undefined });
      expect(callsPerRun(single.loop, single.roster)).toBe(2);
    });

    it('gives full marks to plausible token, cost and time caps', () => {
      const outcome = scoreBudget(inputOf(COMPLETE));
      expect(Object.values(outcome.judgements).map((j) => j.fraction)).toEqual([1, 1, 1, 1]);
      expect(outcome.judgements.fit.note).toBe('the caps fit ~9 model calls per run');
      expect(outcome.warnings).toBeUndefined();
    });

    it('gives nothing without caps, and has nothing to warn about', () => {
      const outcome = scoreBudget(inputOf(MINIMAL));
      expect(outcome.judgements).toMatchObject({
        maxTokens: { fraction: 0, note: 'no token cap', fix: { at: ['budget', 'maxTokens'] } },
        maxCostUsd: { fraction: 0, note: 'no cost cap', fix: { at: ['budget', 'maxCostUsd'] } },
        maxDurationMinutes: { fraction: 0, note: 'no time cap', fix: { at: ['budget', 'maxDurationMinutes'] } },
        fit: { fraction: 0 }
      });
      expect(outcome.warnings).toBeUndefined();
    });

    it('judges fit on whichever caps are set', () => {
      expect(scoreBudget(withBudget({ maxIterations: 9 })).judgements.fit.fraction).toBe(1);
      expect(scoreBudget(withBudget({ maxIterations: 8 })).judgements.fit.fraction).toBe(0);
    });

    it.each([
      // Claude Sonnet 4.5 at medium effort: the smallest call reserves 2,000 prompt + 512 answer + 4,096 thinking tokens ($0.08),
      // a typical one 20,000 + 8,000 + 4,096 ($0.26): the engine's own cost model.
      [{ maxCostUsd: 0.5 }, 'maxCostUsd $0.5 leaves under $0.08 a call for ~9 calls per run: runs will always stop partial', 'to about $2.34'],
      [{ maxTokens: 59471 }, 'maxTokens 59,471 leaves under 6,608 a call for ~9 calls per run: runs will always stop partial', 'to about 288,864'],
      [{ maxIterations: 5 }, 'maxIterations 5 is fewer than the ~9 calls of a full run: runs will always stop partial', 'to at least 9'],
      [{ maxCostUsd: 75 }, 'maxCostUsd $75 is over $50 per run: it would not stop a runaway loop', 'to $50 or less'],
      [{ maxTokens: 25000000 }, 'maxTokens 25,000,000 is over 10,000,000 per run: it would not stop a runaway loop', 'to 10,000,000 or less'],
      [{ maxDurationMinutes: 600 }, 'maxDurationMinutes 600 is over 360, longer than GitHub lets a job run: it never applies', 'what a run needs']
    ])('warns about %j and says which cap', (budget, message, fix) => {
      const key = Object.keys(budget)[0]!;
      const outcome = scoreBudget(withBudget(budget));
      expect(outcome.judgements.fit).toMatchObject({ fraction: 0, note: message, fix: { text: expect.stringContaining(fix), at: ['budget', key] } });
      expect(outcome.warnings).toEqual([`Budget: ${message}`]);
    });

    it('accepts caps right at the limits', () => {
      const outcome = scoreBudget(withBudget({ maxCostUsd: 0.72, maxTokens: 59472, maxIterations: 9, maxDurationMinutes: 360 }));
      expect(outcome.judgements.fit.fraction).toBe(1);
      expect(scoreBudget(withBudget({ maxCostUsd: 50, maxTokens: 10_000_000 })).judgements.fit.fraction).toBe(1);
    });

    it('sizes calls by the loop’s model and effort: thinking at max effort needs a larger cap than at low', () => {
      const low = scoreBudget(inputOf({ ...COMPLETE, effort: 'low', budget: { maxTokens: 100_000 } }));
      const max = scoreBudget(inputOf({ ...COMPLETE, effort: 'max', budget: { maxTokens: 100_000 } }));
      expect(low.judgements.fit.fraction).toBe(1);
      expect(max.judgements.fit.note).toContain('leaves under 34,512 a call');
    });

    it('lists every implausible cap and fixes the first', () => {
      const outcome = scoreBudget(withBudget({ maxCostUsd: 0.01, maxTokens: 100 }));
      expect(outcome.warnings).toHaveLength(2);
      expect(outcome.judgements.fit.note).toMatch(/^maxCostUsd .*; maxTokens /);
      expect(outcome.judgements.fit.fix?.at).toEqual(['budget', 'maxCostUsd']);
    });
  });

  describe('model notes', () => {
    it('names a model the tables do not know, and an effort a model does not take, once each', () => {
      const outcome = scoreBudget(
        inputOf({
          ...COMPLETE,
          model: 'claude-imaginary-9',
          agents: [{ label: 'skeptic', model: 'claude-sonnet-4-5', effort: 'high', prompt: 'Refute each finding with evidence.' }]
        })
      );
      expect(outcome.warnings).toEqual([
        "Model: claude-imaginary-9 is not in LoopKit's model table: it gets the newest models' rules and has no price (its cost is reported at the dearest rates listed, and a loop with `budget.maxCostUsd` is refused)",
        'Model: claude-sonnet-4-5 takes no effort setting: `effort: high` is not sent'
      ]);
      const rounded = scoreBudget(inputOf({ ...COMPLETE, model: 'claude-opus-4-5', effort: 'max' }));
      expect(rounded.warnings).toContain('Model: claude-opus-4-5 does not take `effort: max`: it is sent as high');
    });
  });

  describe('a cost cap on a model without a price', () => {
    const loop = (budget: string, checkerModel = 'claude-imaginary-9') => `name: pr-review
description: Find bugs in pull request changes and post only findings a checker confirmed.
trigger: { event: pull_request }
model: claude-sonnet-5-5
pipeline:
  - agent: { label: bugs, prompt: Find correctness bugs in the changed lines. }
agents:
  - label: skeptic
    model: ${checkerModel}
    prompt: Try to refute each finding with evidence from the code.
verify: { checker: skeptic, maxRounds: 2 }
budget: ${budget}
`;

    it('is a blocker that names the model, the file and line it is written on, and the fix', () => {
      const { loop: parsed, source } = fromYaml(loop('{ maxCostUsd: 2, maxDurationMinutes: 10 }'));
      const report = scoreLoop(parsed, source, ACTION);
      expect(report.grade).toBe('F');
      expect(report.blockers).toEqual([
        {
          id: 'unpriced-model',
          message: "claude-imaginary-9 (loops/test.yaml:9) has no price in LoopKit's model table, so `budget.maxCostUsd` cannot be kept on it",
          fix: 'Pick a priced model or drop `budget.maxCostUsd`',
          location: { line: 9, column: 5 }
        }
      ]);
    });

    it('suggests the priced model a typo was meant to be; an inherited model is found where the loop names it', () => {
      const typo = fromYaml(loop('{ maxCostUsd: 2 }', 'claude-sonet-5-5'));
      expect(scoreLoop(typo.loop, typo.source, ACTION).blockers[0]?.fix).toBe(
        'Pick a priced model (did you mean claude-sonnet-5-5?) or drop `budget.maxCostUsd`'
      );
      const inherited = fromYaml(loop('{ maxCostUsd: 2 }').replace('model: claude-sonnet-5-5', 'model: gpt-7-imaginary'));
      expect(scoreLoop(inherited.loop, inherited.source, ACTION).blockers.map((b) => [b.message, b.location?.line])).toEqual([
        ["gpt-7-imaginary (loops/test.yaml:4) has no price in LoopKit's model table, so `budget.maxCostUsd` cannot be kept on it", 4],
        ["claude-imaginary-9 (loops/test.yaml:9) has no price in LoopKit's model table, so `budget.maxCostUsd` cannot be kept on it", 9]
      ]);
    });

    it('is no blocker without a cost cap, nor on a priced model of either vendor', () => {
      const uncapped = fromYaml(loop('{ maxTokens: 400000, maxDurationMinutes: 10 }'));
      expect(scoreLoop(uncapped.loop, uncapped.source, ACTION).blockers).toEqual([]);
      for (const model of ['claude-haiku-5-5', 'gpt-6.1-sol', 'gpt-5.5']) {
        const priced = fromYaml(loop('{ maxCostUsd: 2 }', model));
        expect(scoreLoop(priced.loop, priced.source, ACTION).blockers).toEqual([]);
      }
    });
  });
});
