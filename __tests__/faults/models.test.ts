/**
 * Model faults and budgets.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './anthropic.spec.js';
import './budget.spec.js';
import './budget-makers.spec.js';
import './budget-unpriced.spec.js';
