/**
 * `loopkit run`: local runs of every kind, remote runs, exit codes.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './generic-local.spec.js';
import './exit.spec.js';
import './local-flow.spec.js';
import './remote-timeout.spec.js';
import './shared-loops.spec.js';
