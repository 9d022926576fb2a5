export { REDACTED, Redactor, RUNNER_SECRET_VARIABLES } from './redact.js';
export { fence, fenceOnce } from './fence.js';
