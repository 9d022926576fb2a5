/**
 * The action end to end: a review, on OpenAI models too, and what it loads at start and after.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './action.spec.js';
import './openai.spec.js';
import './lazy-imports.spec.js';
import './open-checks.spec.js';
