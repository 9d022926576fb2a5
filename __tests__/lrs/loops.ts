/** Loops the LRS tests start from. */
import type { LoopInput } from '../../src/loop/schema.js';
import type { LrsContext, LrsReport } from '../../src/lrs/types.js';
import type { DimensionId } from '../../src/lrs/rules.js';
import type { ScoringInput } from '../../src/lrs/judgement.js';
import { rosterOf } from '../../src/lrs/roster.js';
import { fromInput } from './source.js';

export const ACTION: LrsContext = { runsIn: 'action', enforceMakerChecker: true };
export const CLI: LrsContext = { runsIn: 'cli', enforceMakerChecker: true };

export const MINIMAL: LoopInput = {
  name: 'pr-review',
  trigger: { event: 'pull_request' },
  pipeline: [{ agent: { label: 'reviewer', prompt: 'Review the changed lines for bugs.' } }]
};

/** Everything the LRS asks for: scores 100. */
export const COMPLETE = {
  name: 'pr-review',
  description: 'Find bugs and security holes in pull request changes and post only findings a checker confirmed.',
  trigger: { event: 'pull_request' },
  model: 'claude-sonnet-4-5',
  pipeline: [
    {
      parallel: [
        { label: 'bugs', prompt: 'Find correctness bugs in the changed lines.' },
        { label: 'security', prompt: 'Find security vulnerabilities in the changed lines.' }
      ]
    }
  ],
  agents: [
    {
      label: 'skeptic',
      model: 'claude-opus-4-5',
      prompt: 'Try to refute each finding. Confirm only with evidence from the code; reject false positives.'
    }
  ],
  verify: { checker: 'skeptic', maxRounds: 3, passThreshold: 0.8 },
  budget: { maxTokens: 400000, maxCostUsd: 3, maxDurationMinutes: 15, maxIterations: 20 },
  memory: { store: 'cache' },
  failOn: 'high',
  onError: { provider: 'neutral', budget: 'partial' },
  escalation: { label: 'needs-human', reviewers: ['octocat'] },
  outputs: { review: { maxComments: 20 } }
} satisfies LoopInput;

export function dimension(report: LrsReport, id: DimensionId) {
  const found = report.dimensions.find((d) => d.id === id);
  if (!found) throw new Error(`no ${id} dimension`);
  return found;
}

/** What a dimension scorer receives, for a loop written as input. */
export function inputOf(input: LoopInput, ctx: LrsContext = ACTION): ScoringInput {
  const { loop, source } = fromInput(input);
  return { loop, source, ctx, roster: rosterOf(loop) };
}
