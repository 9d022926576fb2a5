/** Budget control: token, cost and time caps are set, and sized for the calls a run makes. */
import { budgetIssues, callSizes, callsPerRun, modelWarnings, unpricedModels } from '../budget-fit.js';
import { met, short, type Judgement, type Scorer } from '../judgement.js';

export const scoreBudget: Scorer<'budget'> = (input) => {
  const blockers = unpricedModels(input.loop, input.roster, input.source);
  const outcome = scoreCaps(input);
  return blockers.length > 0 ? { ...outcome, blockers } : outcome;
};

const scoreCaps: Scorer<'budget'> = ({ loop, roster }) => {
  const budget = loop.budget ?? {};
  const calls = callsPerRun(loop, roster);
  const present = (key: 'maxTokens' | 'maxCostUsd' | 'maxDurationMinutes', what: string, example: string): Judgement =>
    budget[key] === undefined ? short(0, `no ${what} cap`, `Add \`budget.${key}\` (e.g. ${example})`, ['budget', key]) : met();

  const judgements = {
    maxTokens: present('maxTokens', 'token', '200000'),
    maxCostUsd: present('maxCostUsd', 'cost', '2'),
    maxDurationMinutes: present('maxDurationMinutes', 'time', '15'),
    fit: met(`the caps fit ~${calls} model calls per run`)
  };
  const models = modelWarnings(loop, roster).map((note) => `Model: ${note}`);
  const withModels = (warnings: string[]) => (warnings.length + models.length > 0 ? { warnings: [...warnings, ...models] } : {});
  const capped = Object.values(budget).some((v) => v !== undefined);
  if (!capped) {
    judgements.fit = short(0, undefined, 'Add `budget.maxCostUsd` (e.g. 2)', ['budget', 'maxCostUsd']);
    return { judgements, ...withModels([]) };
  }
  const issues = budgetIssues(budget, calls, callSizes(loop));
  const [first] = issues;
  if (!first) return { judgements, ...withModels([]) };
  judgements.fit = short(0, issues.map((i) => i.message).join('; '), first.fix, ['budget', first.key]);
  return { judgements, ...withModels(issues.map((i) => `Budget: ${i.message}`)) };
};
