/** Every spec of __tests__/providers/, run as one test file so that they share their module loads (jest.config.js says why). */
import './agent-loop-anthropic.spec.js';
import './agent-loop-budget.spec.js';
import './agent-loop-openai.spec.js';
import './anthropic.spec.js';
import './budget-caps.spec.js';
import './dry-run.spec.js';
import './dry-run-rules.spec.js';
import './fake-anthropic.spec.js';
import './models.spec.js';
import './openai.spec.js';
