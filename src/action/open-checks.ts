/**
 * The check runs this step created and has not completed, kept in the step's state (GITHUB_STATE)
 * after every change, so the post step, which the runner starts even when the job was cancelled or
 * timed out, can complete the ones left in progress.
 */
import * as core from '@actions/core';
import { z } from 'zod';
import type { CheckRunTracker, OpenCheckRun } from '../github/index.js';
import { MAIN_STEP_END_STATE as END_NAME, OPEN_CHECK_RUNS_STATE as STATE_NAME } from './state-names.js';

const OpenCheckRuns = z.array(z.object({ owner: z.string().min(1), repo: z.string().min(1), id: z.number().int().positive(), name: z.string() }));

const open = new Map<number, OpenCheckRun>();

/** The runner keeps the last value saved under a name, so each change saves the whole list. */
export const openCheckRuns: CheckRunTracker = {
  started(run) {
    open.set(run.id, run);
    core.saveState(STATE_NAME, JSON.stringify([...open.values()]));
  },
  completed(id) {
    if (open.delete(id)) core.saveState(STATE_NAME, JSON.stringify([...open.values()]));
  }
};

/** What the main step left open, as the runner hands it to the post step (STATE_open-check-runs). */
export function leftOpen(): { runs: OpenCheckRun[]; problem?: string } {
  const text = core.getState(STATE_NAME);
  if (text === '') return { runs: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { runs: [], problem: `the saved list of open check runs is not JSON: ${text.slice(0, 200)}` };
  }
  const parsed = OpenCheckRuns.safeParse(json);
  return parsed.success ? { runs: parsed.data } : { runs: [], problem: `the saved list of open check runs is not valid: ${parsed.error.message}` };
}

/**
 * How the main step ended, for the post step's reason: `finished` (run() returned), or the error of
 * a crash. Nothing is saved when the runner stopped the step (a cancelled or timed-out job).
 */
export function recordEnd(end: { finished: true } | { crashed: string }): void {
  core.saveState(END_NAME, 'finished' in end ? 'finished' : `crashed: ${end.crashed}`);
}

/** Why a check the main step created is still in progress, in words for its title. */
export function whyLeftOpen(): string {
  const end = core.getState(END_NAME);
  if (end === 'finished') return 'LoopKit could not complete it (GitHub failed the update; the LoopKit step’s log says why)';
  if (end.startsWith('crashed: ')) return `LoopKit crashed before finishing (${end.slice('crashed: '.length).split('\n')[0]!.slice(0, 300)})`;
  return 'the job was cancelled or timed out, or the step was stopped, before LoopKit finished';
}
