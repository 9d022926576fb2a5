/**
 * Whether budget caps fit the pipeline they cap. A cap below what one full run needs stops every
 * run partial; a cap far above any run stops nothing.
 */
import type { Budget, Loop } from '../loop/schema.js';
import type { Roster } from './roster.js';

const MIN_COST_PER_CALL_USD = 0.01;
const MIN_TOKENS_PER_CALL = 2_000;
const MAX_COST_PER_RUN_USD = 50;
const MAX_TOKENS_PER_RUN = 10_000_000;
/** GitHub ends a job after 6 hours, so a longer cap can never apply in the Action. */
const MAX_DURATION_MINUTES = 360;
/** What suggested caps allow a call: room for a large diff and an answer. */
const SUGGESTED_COST_PER_CALL_USD = 0.05;
const SUGGESTED_TOKENS_PER_CALL = 20_000;

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

export function budgetIssues(budget: Budget, calls: number): BudgetIssue[] {
  const issues: BudgetIssue[] = [];
  const perRun = `for ~${calls} calls per run`;
  const partial = 'runs will always stop partial';
  const { maxCostUsd, maxTokens, maxIterations, maxDurationMinutes } = budget;
  if (maxCostUsd !== undefined && maxCostUsd < calls * MIN_COST_PER_CALL_USD) {
    issues.push({
      key: 'maxCostUsd',
      message: `maxCostUsd $${maxCostUsd} leaves under $${MIN_COST_PER_CALL_USD} a call ${perRun}: ${partial}`,
      fix: `Raise \`budget.maxCostUsd\` to about $${dollars(calls * SUGGESTED_COST_PER_CALL_USD)} ($${SUGGESTED_COST_PER_CALL_USD} a call)`
    });
  }
  if (maxCostUsd !== undefined && maxCostUsd > MAX_COST_PER_RUN_USD) {
    issues.push({
      key: 'maxCostUsd',
      message: `maxCostUsd $${maxCostUsd} is over $${MAX_COST_PER_RUN_USD} per run: it would not stop a runaway loop`,
      fix: `Lower \`budget.maxCostUsd\` to $${MAX_COST_PER_RUN_USD} or less (about $${dollars(calls * SUGGESTED_COST_PER_CALL_USD)} covers ${calls} calls)`
    });
  }
  if (maxTokens !== undefined && maxTokens < calls * MIN_TOKENS_PER_CALL) {
    issues.push({
      key: 'maxTokens',
      message: `maxTokens ${count(maxTokens)} leaves under ${count(MIN_TOKENS_PER_CALL)} a call ${perRun}: ${partial}`,
      fix: `Raise \`budget.maxTokens\` to about ${count(calls * SUGGESTED_TOKENS_PER_CALL)} (${count(SUGGESTED_TOKENS_PER_CALL)} a call)`
    });
  }
  if (maxTokens !== undefined && maxTokens > MAX_TOKENS_PER_RUN) {
    issues.push({
      key: 'maxTokens',
      message: `maxTokens ${count(maxTokens)} is over ${count(MAX_TOKENS_PER_RUN)} per run: it would not stop a runaway loop`,
      fix: `Lower \`budget.maxTokens\` to ${count(MAX_TOKENS_PER_RUN)} or less (about ${count(calls * SUGGESTED_TOKENS_PER_CALL)} covers ${calls} calls)`
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

function dollars(amount: number): string {
  return (Math.ceil(amount * 100) / 100).toFixed(2);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
