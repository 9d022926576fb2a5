/**
 * Untrusted text stays fenced and inert: fences, forgery, markdown, injection, control characters, symlinks.
 * Run as one test file so that the specs share their module loads (jest.config.js says why).
 */
import './fences.spec.js';
import './forgery.spec.js';
import './markdown.spec.js';
import './prompt-injection.spec.js';
import './control-chars.spec.js';
import './symlinks.spec.js';
