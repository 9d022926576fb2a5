/** Every spec of __tests__/diff/, run as one test file so that they share their module loads (jest.config.js says why). */
import './anchor.spec.js';
import './file-diff.spec.js';
import './patch.spec.js';
import './render.spec.js';
import './suggestion.spec.js';
