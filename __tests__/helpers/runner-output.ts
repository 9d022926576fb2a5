/**
 * `@actions/cache` and `@actions/exec`, when a test runs them in its own process, talk to the runner
 * the only way they know: lines on stdout (`::debug::`, `::add-mask::`, `[command]/usr/bin/tar …`,
 * upload progress). On a runner those lines are read, not shown; in `npm test` they would bury the
 * results. A test that runs them in-process keeps those lines here, where it can also assert on them.
 */
import { jest } from '@jest/globals';

export interface RunnerOutput {
  lines: string[];
  restore(): void;
}

/** Both streams: `@actions/exec` passes what tar writes to stderr (say, on a corrupt archive) to process.stderr. */
export function captureRunnerOutput(): RunnerOutput {
  const lines: string[] = [];
  const keep = (chunk: string | Uint8Array): boolean => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(keep), jest.spyOn(process.stderr, 'write').mockImplementation(keep)];
  return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
