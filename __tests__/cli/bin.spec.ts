/** The installed command, as `npx loopkit` runs it: bin/loopkit.js → dist/cli/index.js. */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe('cli/bin', () => {
  const run = promisify(execFile);

  test('npx loopkit validate on a broken loop file prints line and column and exits 2 (a loop-file error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopkit-bin-'));
    mkdirSync(join(dir, 'loops'));
    writeFileSync(join(dir, 'loops/bad.yaml'), 'name: bad\ntrigger:\n  cron: "0 9 * *"\npipeline:\n  - agent: { label: A, prompt: B }\n');
    const error = (await run(process.execPath, ['bin/loopkit.js', 'validate', '--cwd', dir]).then(
      () => undefined,
      (e: unknown) => e
    )) as { code: number; stderr: string } | undefined;
    expect(error?.code).toBe(2);
    expect(error?.stderr).toContain('loops/bad.yaml:3:9: error: cron needs 5 fields');
    expect(error?.stderr).not.toMatch(/\n\s+at /);
  });

  test('the bundled CLI validates the shipped loops', async () => {
    const { stdout } = await run(process.execPath, ['bin/loopkit.js', 'validate']);
    expect(stdout).toMatch(/^pr-review\s+\d+\s+A$/m);
  });

  test('output piped into a reader that stops early ends quietly (no EPIPE trace)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/loopkit.js', 'help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before the CLI writes, as `loopkit … | head -1` does once it has its line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
