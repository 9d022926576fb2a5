/** Every spec of __tests__/flows/, run as one test file so that they share their module loads (jest.config.js says why). */
import './post.spec.js';
import './review.spec.js';
import './review-skill-files.spec.js';
import './skeleton.spec.js';
import './triage.spec.js';
