export { REDACTED, Redactor, redactorFromEnv, SECRET_VARIABLES, type SecretSources } from './redact.js';
export { fence, fenceOnce } from './fence.js';
