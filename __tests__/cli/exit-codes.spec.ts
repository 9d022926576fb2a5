/**
 * Every command exits as docs/cli.md says: 0 ok, 1 a gate or threshold failed, 2 a usage or
 * loop-file error, 3 the command did not complete (it crashed, or a key, a token or its input
 * could not be had). One test per command; `run` has its own in exit.spec.ts and generic-local.spec.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/exit.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/exit-codes', () => {
  const tempRepo = tempFolders('loopkit-codes-');
  const BROKEN = 'name: bad\ntrigger:\n  event: pull_request\npipeline:\n  - agent: { label: A, prompt: B }\nverify:\n  maker: Nobody\n  checker: Checker\n';

  test('init: 0 once written; 2 for an unknown option; 3 when it cannot write (a crash, said plainly)', async () => {
    expect((await cli(['init', '--cwd', tempRepo()])).code).toBe(EXIT.ok);
    expect((await cli(['init', '--bogus', '--cwd', tempRepo()])).code).toBe(EXIT.usage);
    // `loops` is a file: the loop cannot be written under it.
    const dir = tempRepo({ loops: 'not a folder' });
    const crashed = await cli(['init', '--cwd', dir]);
    expect(crashed.code).toBe(EXIT.incomplete);
    expect(crashed.err).toMatch(/^loopkit: unexpected error: /);
  });

  test('validate: 0 valid; 1 under --min-lrs; 2 for a loop file with errors, no loops at all, or a bad --min-lrs', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    expect((await cli(['validate', '--cwd', dir])).code).toBe(EXIT.ok);
    expect((await cli(['validate', '--cwd', dir, '--min-lrs', '100'])).code).toBe(EXIT.gateFailed);
    expect((await cli(['validate', '--cwd', dir, '--min-lrs', '101'])).code).toBe(EXIT.usage);
    expect((await cli(['validate', '--cwd', tempRepo()])).code).toBe(EXIT.usage);
    writeFileSync(join(dir, 'loops/bad.yaml'), BROKEN);
    expect((await cli(['validate', '--cwd', dir])).code).toBe(EXIT.usage);
    expect((await cli(['validate', '--cwd', dir, '--json'])).code).toBe(EXIT.usage);
  });

  test('status: 0 for a valid configuration; 2 when a loop file has errors', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    expect((await cli(['status', '--cwd', dir])).code).toBe(EXIT.ok);
    mkdirSync(join(dir, 'loops'), { recursive: true });
    writeFileSync(join(dir, 'loops/bad.yaml'), BROKEN);
    expect((await cli(['status', '--cwd', dir])).code).toBe(EXIT.usage);
  });

  test('schema and help: 0; an unknown command or option: 2', async () => {
    expect((await cli(['schema'])).code).toBe(EXIT.ok);
    expect((await cli(['schema', '--project'])).code).toBe(EXIT.ok);
    expect((await cli(['help'])).code).toBe(EXIT.ok);
    expect((await cli([])).code).toBe(EXIT.usage);
    expect((await cli(['valdate'])).code).toBe(EXIT.usage);
    expect((await cli(['schema', '--bogus'])).code).toBe(EXIT.usage);
  });

  test('eval: 2 without --bench or with a bad number; 3 without the keys an evaluation needs', async () => {
    expect((await cli(['eval'])).code).toBe(EXIT.usage);
    expect((await cli(['eval', '--bench', 'x', '--min-f1', 'high'])).code).toBe(EXIT.usage);
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    const keyless = await cli(['eval', '--bench', join(dir, 'bench'), '--cwd', dir], {});
    expect(keyless.err).toContain('ANTHROPIC_API_KEY is not set: an evaluation runs the real models.');
    expect(keyless.code).toBe(EXIT.incomplete);
  });

  test('run: 2 for an unknown loop or a bad --timeout; 3 without a key (it did not run)', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    expect((await cli(['run', 'pr-reveiw', '--cwd', dir])).code).toBe(EXIT.usage);
    expect((await cli(['run', 'pr-review', '--cwd', dir, '--timeout', '0'])).code).toBe(EXIT.usage);
    expect((await cli(['run', 'pr-review', '--pr-file', join(process.cwd(), 'samples/sample-pr.json'), '--cwd', dir], {})).code).toBe(EXIT.incomplete);
  });
});
