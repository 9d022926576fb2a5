/**
 * Findings over a pull request's life, and lessons learned from merged ones.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './lifecycle.spec.js';
import './learn.spec.js';
