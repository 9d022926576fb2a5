export const id = 996;
export const ids = [996];
export const modules = {

/***/ 996:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   leftOpen: () => (/* binding */ leftOpen),
/* harmony export */   openCheckRuns: () => (/* binding */ openCheckRuns),
/* harmony export */   recordEnd: () => (/* binding */ recordEnd),
/* harmony export */   whyLeftOpen: () => (/* binding */ whyLeftOpen)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8816);
/* harmony import */ var _state_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3034);
/**
 * The check runs this step created and has not completed, kept in the step's state (GITHUB_STATE)
 * after every change, so the post step, which the runner starts even when the job was cancelled or
 * timed out, can complete the ones left in progress.
 */



const OpenCheckRuns = zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ owner: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1), repo: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1), id: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().positive(), name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }));
const open = new Map();
/** The runner keeps the last value saved under a name, so each change saves the whole list. */
const openCheckRuns = {
    started(run) {
        open.set(run.id, run);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.saveState(_state_names_js__WEBPACK_IMPORTED_MODULE_2__/* .OPEN_CHECK_RUNS_STATE */ .R, JSON.stringify([...open.values()]));
    },
    completed(id) {
        if (open.delete(id))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__.saveState(_state_names_js__WEBPACK_IMPORTED_MODULE_2__/* .OPEN_CHECK_RUNS_STATE */ .R, JSON.stringify([...open.values()]));
    }
};
/** What the main step left open, as the runner hands it to the post step (STATE_open-check-runs). */
function leftOpen() {
    const text = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_state_names_js__WEBPACK_IMPORTED_MODULE_2__/* .OPEN_CHECK_RUNS_STATE */ .R);
    if (text === '')
        return { runs: [] };
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return { runs: [], problem: `the saved list of open check runs is not JSON: ${text.slice(0, 200)}` };
    }
    const parsed = OpenCheckRuns.safeParse(json);
    return parsed.success ? { runs: parsed.data } : { runs: [], problem: `the saved list of open check runs is not valid: ${parsed.error.message}` };
}
/**
 * How the main step ended, for the post step's reason: `finished` (run() returned), or the error of
 * a crash. Nothing is saved when the runner stopped the step (a cancelled or timed-out job).
 */
function recordEnd(end) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__.saveState(_state_names_js__WEBPACK_IMPORTED_MODULE_2__/* .MAIN_STEP_END_STATE */ .N, 'finished' in end ? 'finished' : `crashed: ${end.crashed}`);
}
/** Why a check the main step created is still in progress, in words for its title. */
function whyLeftOpen() {
    const end = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_state_names_js__WEBPACK_IMPORTED_MODULE_2__/* .MAIN_STEP_END_STATE */ .N);
    if (end === 'finished')
        return 'LoopKit could not complete it (GitHub failed the update; the LoopKit step’s log says why)';
    if (end.startsWith('crashed: '))
        return `LoopKit crashed before finishing (${end.slice('crashed: '.length).split('\n')[0].slice(0, 300)})`;
    return 'the job was cancelled or timed out, or the step was stopped, before LoopKit finished';
}


/***/ })

};
