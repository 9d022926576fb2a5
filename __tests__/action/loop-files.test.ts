/**
 * Loop files as written: the original format, shared loops, and eval mode.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './original-format.spec.js';
import './shared-loops.spec.js';
import './eval-mode.spec.js';
