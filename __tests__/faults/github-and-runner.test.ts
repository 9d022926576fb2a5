/**
 * GitHub faults, check runs left open, hangs and a fresh start.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './github.spec.js';
import './check-runs.spec.js';
import './hang.spec.js';
import './fresh-start.spec.js';
