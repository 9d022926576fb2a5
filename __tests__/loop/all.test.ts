/** Every spec of __tests__/loop/, run as one test file so that they share their module loads (jest.config.js says why). */
import './extends.spec.js';
import './load.spec.js';
import './memory-config.spec.js';
import './original.spec.js';
import './skill.spec.js';
import './skill-tools.spec.js';
import './writes.spec.js';
import './yaml-indentation.spec.js';
