/** Every spec of __tests__/state/, run as one test file so that they share their module loads (jest.config.js says why). */
import './cache-store.spec.js';
import './create-store.spec.js';
import './document.spec.js';
import './fake-cache-service.spec.js';
import './filesystem-store.spec.js';
import './folder-carrier.spec.js';
import './ignore-learns.spec.js';
import './memory-store.spec.js';
import './notes.spec.js';
import './persistence.spec.js';
import './state-key.spec.js';
