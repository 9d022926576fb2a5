/**
 * Agent tools: the repository, connectors' schemas, strict schemas, the agent loop.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './agent-loop-tools.spec.js';
import './repository.spec.js';
import './connectors-schema.spec.js';
import './strict-schema.spec.js';
