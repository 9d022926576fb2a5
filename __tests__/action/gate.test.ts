/**
 * The check tells the truth: verification, the gate, and the order of the end of a run.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './honest-gate.spec.js';
import './verification.spec.js';
import './publish-order.spec.js';
