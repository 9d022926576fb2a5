/**
 * Secrets never leave, and nothing a model writes becomes a workflow command.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './secrets.spec.js';
import './cli-secrets.spec.js';
import './redact.spec.js';
import './workflow-commands.spec.js';
