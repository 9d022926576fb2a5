/**
 * Which events run which loops, and generic loops run by the action.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './triggers.spec.js';
import './generic.spec.js';
