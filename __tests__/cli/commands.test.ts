/**
 * The other commands, and the CLI as a newcomer meets it.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './newcomer.spec.js';
import './cli.spec.js';
import './exit-codes.spec.js';
import './logs.spec.js';
import './bin.spec.js';
import './original.spec.js';
import './init-eval.spec.js';
import './init-learn.spec.js';
import './status-notes.spec.js';
