/** Every spec of __tests__/lrs/, run as one test file so that they share their module loads (jest.config.js says why). */
import './apportion.spec.js';
import './budget.spec.js';
import './goal.spec.js';
import './human.spec.js';
import './original.spec.js';
import './recovery.spec.js';
import './rules.spec.js';
import './score.spec.js';
import './secrets.spec.js';
import './skills.spec.js';
import './state.spec.js';
import './termination.spec.js';
import './tools.spec.js';
import './verification.spec.js';
