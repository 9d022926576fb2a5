/**
 * The names under which the main step saves its state for the post step (core.saveState; the
 * runner hands them back as STATE_<name>). A leaf, so the post step can read the list of open
 * check runs without loading anything else.
 */
export const OPEN_CHECK_RUNS_STATE = 'open-check-runs';
export const MAIN_STEP_END_STATE = 'main-step-end';
