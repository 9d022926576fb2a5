/** Every spec of __tests__/render/, run as one test file so that they share their module loads (jest.config.js says why). */
import './check.spec.js';
import './comment.spec.js';
import './controls.spec.js';
import './escape.spec.js';
import './format.spec.js';
import './job-summary.spec.js';
import './lessons.spec.js';
import './markers.spec.js';
import './markers-in-text.spec.js';
import './not-placed.spec.js';
import './review-comment.spec.js';
import './summary.spec.js';
