/**
 * The package as npm publishes it: `npm pack`, installed into an empty folder with no network
 * (the CLI is one bundle, so the package has no dependencies to fetch), then `npx loopkit`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

test('the packed package installs offline into an empty folder and `npx loopkit --version` works there', async () => {
  const work = mkdtempSync(join(tmpdir(), 'loopkit-pack-'));
  try {
    const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', work], { maxBuffer: 64 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const paths = packed!.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['bin/loopkit.js', 'dist/cli/index.js', 'dist/index.js', 'action.yml', 'package.json']));
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('__tests__/'))).toEqual([]);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'try-loopkit', version: '1.0.0', private: true }));
    await run(npm, ['install', '--offline', '--no-audit', '--no-fund', join(work, packed!.filename)], { cwd: app });
    const version = await run(npx, ['--offline', 'loopkit', '--version'], { cwd: app });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await run(npx, ['--offline', 'loopkit', 'help'], { cwd: app });
    expect(help.stdout).toContain('loopkit init');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 120_000);
