/**
 * Where the action keeps its run record: a JSON file under the runner's temp folder, named in the
 * step's `run-record` output for `actions/upload-artifact`. The step redacts the record before it
 * is written (an artifact is read by anyone who can read the workflow's runs).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlowLog } from '../flows/adapters.js';
import type { RunRecord } from '../flows/run-record.js';

/** The record's file: one per step (GITHUB_ACTION names the step), so two LoopKit steps of a job keep both. */
export function runRecordPath(runnerTemp: string, run: RunRecord['run'], step: string | undefined): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(runnerTemp, 'loopkit', `run-${safe(run.id)}-${safe(run.attempt)}-${safe(step ?? 'loopkit')}.json`);
}

/** Writes the (redacted) record; answers its path, or '' (with a warning) when it could not be written: the run itself is not failed for it. */
export async function writeRunRecord(path: string, record: RunRecord, log: FlowLog): Promise<string> {
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
    return path;
  } catch (error) {
    log.warn(`the run record could not be written to ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return '';
  }
}
