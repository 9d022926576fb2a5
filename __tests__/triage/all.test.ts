/** Every spec of __tests__/triage/, run as one test file so that they share their module loads (jest.config.js says why). */
import './cli-remote.spec.js';
import './engine.spec.js';
import './github.spec.js';
import './render.spec.js';
import './state.spec.js';
