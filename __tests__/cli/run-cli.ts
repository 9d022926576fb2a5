/** The CLI in-process with its output collected, and temporary folders removed after the tests that made them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';

/**
 * Retries as often as in a terminal, with waits of milliseconds instead of the clients' seconds (the
 * fakes answer at once), as the action's harness does. A server's `retry-after` is still waited out.
 */
const RETRY_WAITS = { githubDelayUnitMs: 5, modelBackoffMs: 5 };

export async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = bufferOutput();
  const code = await main(args, io, env, { retryWaits: RETRY_WAITS });
  return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
}

/** A maker of temporary folders holding `files`, all removed once the describe that called it (a spec's) is done. */
export function tempFolders(prefix: string): (files?: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return (files = {}) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
}
