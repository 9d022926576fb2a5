/** Every spec of __tests__/bad-input/, run as one test file so that they share their module loads (jest.config.js says why). */
import './action.spec.js';
import './maker-checker.spec.js';
import './messages.spec.js';
import './one-pass.spec.js';
import './validate.spec.js';
