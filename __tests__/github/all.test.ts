/** Every spec of __tests__/github/, run as one test file so that they share their module loads (jest.config.js says why). */
import './check-runs.spec.js';
import './client.spec.js';
import './fake-server.spec.js';
import './lessons.spec.js';
import './pull-request.spec.js';
import './review.spec.js';
import './review-comments.spec.js';
import './review-threads.spec.js';
import './sticky-comment.spec.js';
