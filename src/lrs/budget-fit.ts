/**
 * Whether budget caps fit the pipeline they cap. A cap below what one full run needs stops every
 * run partial; a cap far above any run stops nothing. What a call needs comes from the engine's
 * own cost model (the meter's reservation of the loop's model at its effort, thinking included),
 * so a cap called sufficient here is one the engine can run under.
 */
import { suggestion } from '../loop/suggest.js';
import type { Budget, Loop } from '../loop/schema.js';
import { modelNotes, modelOf } from '../providers/capabilities.js';
import { DEFAULT_EFFORT, minimalCall, pricing, typicalCall, type Spend } from '../providers/cost-model.js';
import { DEFAULT_MODEL, MODELS, priceOf } from '../providers/models.js';
import { locateNearest } from './locate.js';
import type { Blocker, LoopSource } from './types.js';
import type { Roster } from './roster.js';

const MAX_COST_PER_RUN_USD = 50;
const MAX_TOKENS_PER_RUN = 10_000_000;
/** GitHub ends a job after 6 hours, so a longer cap can never apply in the Action. */
const MAX_DURATION_MINUTES = 360;

/** The smallest call the engine makes for this loop, and a typical one (what suggested caps allow a call). */
export function callSizes(loop: Loop): { min: Spend; typical: Spend } {
  const rates = pricing.rates(modelOf(undefined, loop, DEFAULT_MODEL).model);
  const effort = loop.effort ?? DEFAULT_EFFORT.review.maker;
  return { min: minimalCall(rates, effort), typical: typicalCall(rates, effort) };
}

/** Notes on the models the loop's agents run on (unknown to the tables, an effort they do not take), once each. */
export function modelWarnings(loop: Loop, roster: Roster): string[] {
  const agents = [...roster.makers, ...roster.checkers.flatMap((c) => ('placed' in c ? [c.placed] : []))].map((p) => p.agent);
  const notes = agents.flatMap((agent) => {
    const { model, provider } = modelOf(agent, loop, DEFAULT_MODEL);
    return modelNotes(model, provider, agent.effort ?? loop.effort);
  });
  return [...new Set(notes)];
}

/**
 * A blocker for each model without a price that a loop with `budget.maxCostUsd` runs on: the
 * meter would refuse its first call (a cap cannot be kept at a guessed rate), so the loop is
 * stopped before it runs, at the line that names the model.
 */
export function unpricedModels(loop: Loop, roster: Roster, source: LoopSource): Blocker[] {
  if (loop.budget?.maxCostUsd === undefined) return [];
  // Each agent's model, written on the agent or inherited from the loop; a checker no agent is runs on the loop's.
  const agents = [...roster.makers, ...roster.checkers.map((c) => ('placed' in c ? c.placed : undefined))];
  const uses = agents.map((placed) => ({
    model: modelOf(placed?.agent, loop, DEFAULT_MODEL).model,
    at: placed?.agent.model ? [...placed.path, 'model'] : ['model']
  }));
  const seen = new Set<string>();
  return uses.flatMap(({ model, at }) => {
    if (priceOf(model) || seen.has(model)) return [];
    seen.add(model);
    const location = locateNearest(source, at);
    const near = suggestion(model, Object.keys(MODELS));
    return [
      {
        id: 'unpriced-model',
        message: `${model} (${source.file}${location ? `:${location.line}` : ''}) has no price in LoopKit's model table, so \`budget.maxCostUsd\` cannot be kept on it`,
        fix: `Pick a priced model${near ? ` (did you mean ${near}?)` : ''} or drop \`budget.maxCostUsd\``,
        ...(location ? { location } : {})
      }
    ];
  });
}

export interface BudgetIssue {
  key: keyof Budget;
  message: string;
  fix: string;
}

/** Model calls in a full run: every maker and the checker, each round; one pass without verify. */
export function callsPerRun(loop: Loop, roster: Roster): number {
  const verify = loop.verify;
  return verify ? (roster.makerLabels.length + 1) * verify.maxRounds : roster.makerLabels.length;
}

export function budgetIssues(budget: Budget, calls: number, sizes: { min: Spend; typical: Spend }): BudgetIssue[] {
  const issues: BudgetIssue[] = [];
  const minCostPerCall = cents(sizes.min.costUsd);
  const minTokensPerCall = sizes.min.tokens;
  const suggestedCostPerCall = cents(sizes.typical.costUsd);
  const suggestedTokensPerCall = sizes.typical.tokens;
  const perRun = `for ~${calls} calls per run`;
  const partial = 'runs will always stop partial';
  const { maxCostUsd, maxTokens, maxIterations, maxDurationMinutes } = budget;
  if (maxCostUsd !== undefined && maxCostUsd < calls * minCostPerCall) {
    issues.push({
      key: 'maxCostUsd',
      message: `maxCostUsd $${maxCostUsd} leaves under $${minCostPerCall} a call ${perRun}: ${partial}`,
      fix: `Raise \`budget.maxCostUsd\` to about $${dollars(calls * suggestedCostPerCall)} ($${suggestedCostPerCall} a call)`
    });
  }
  if (maxCostUsd !== undefined && maxCostUsd > MAX_COST_PER_RUN_USD) {
    issues.push({
      key: 'maxCostUsd',
      message: `maxCostUsd $${maxCostUsd} is over $${MAX_COST_PER_RUN_USD} per run: it would not stop a runaway loop`,
      fix: `Lower \`budget.maxCostUsd\` to $${MAX_COST_PER_RUN_USD} or less (about $${dollars(calls * suggestedCostPerCall)} covers ${calls} calls)`
    });
  }
  if (maxTokens !== undefined && maxTokens < calls * minTokensPerCall) {
    issues.push({
      key: 'maxTokens',
      message: `maxTokens ${count(maxTokens)} leaves under ${count(minTokensPerCall)} a call ${perRun}: ${partial}`,
      fix: `Raise \`budget.maxTokens\` to about ${count(calls * suggestedTokensPerCall)} (${count(suggestedTokensPerCall)} a call)`
    });
  }
  if (maxTokens !== undefined && maxTokens > MAX_TOKENS_PER_RUN) {
    issues.push({
      key: 'maxTokens',
      message: `maxTokens ${count(maxTokens)} is over ${count(MAX_TOKENS_PER_RUN)} per run: it would not stop a runaway loop`,
      fix: `Lower \`budget.maxTokens\` to ${count(MAX_TOKENS_PER_RUN)} or less (about ${count(calls * suggestedTokensPerCall)} covers ${calls} calls)`
    });
  }
  if (maxIterations !== undefined && maxIterations < calls) {
    issues.push({
      key: 'maxIterations',
      message: `maxIterations ${maxIterations} is fewer than the ~${calls} calls of a full run: ${partial}`,
      fix: `Raise \`budget.maxIterations\` to at least ${calls}`
    });
  }
  if (maxDurationMinutes !== undefined && maxDurationMinutes > MAX_DURATION_MINUTES) {
    issues.push({
      key: 'maxDurationMinutes',
      message: `maxDurationMinutes ${maxDurationMinutes} is over ${MAX_DURATION_MINUTES}, longer than GitHub lets a job run: it never applies`,
      fix: `Lower \`budget.maxDurationMinutes\` to what a run needs (15 suits most reviews)`
    });
  }
  return issues;
}

/** Up to the cent, so messages read $0.06 rather than $0.0567. */
function cents(amount: number): number {
  return Math.ceil(amount * 100) / 100;
}

function dollars(amount: number): string {
  return (Math.ceil(amount * 100) / 100).toFixed(2);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
