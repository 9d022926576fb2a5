/** Every spec of __tests__/routing/, run as one test file so that they share their module loads (jest.config.js says why). */
import './command-argument.spec.js';
import './generic.spec.js';
import './original.spec.js';
import './routing.spec.js';
import './workflows.spec.js';
