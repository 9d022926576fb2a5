/** Every spec of __tests__/generic/, run as one test file so that they share their module loads (jest.config.js says why). */
import './event-context.spec.js';
import './flow.spec.js';
import './outputs.spec.js';
import './render.spec.js';
import './shipped.spec.js';
