/**
 * What a run records and exports, and agents that look at the repository.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './telemetry.spec.js';
import './run-record.spec.js';
import './agents-look.spec.js';
