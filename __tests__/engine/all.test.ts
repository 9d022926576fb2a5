/** Every spec of __tests__/engine/, run as one test file so that they share their module loads (jest.config.js says why). */
import './checkers.spec.js';
import './generic.spec.js';
import './generic-http.spec.js';
import './lifecycle.spec.js';
import './model-io.spec.js';
import './pack.spec.js';
import './plan.spec.js';
import './review.spec.js';
import './review-http.spec.js';
import './rounds.spec.js';
import './token-count.spec.js';
import './verification.spec.js';
