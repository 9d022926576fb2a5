/** A real git repository in a temporary folder with two commits (base, head), a symbolic link inside and one out. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitFixture {
  root: string;
  base: string;
  head: string;
  remove(): void;
}

export function makeGitFixture(): GitFixture {
  const root = mkdtempSync(join(tmpdir(), 'loopkit-tools-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' }
    }).trim();
  git('init', '-q', '-b', 'main');
  mkdirSync(join(root, 'src', 'util'), { recursive: true });
  writeFileSync(join(root, 'src', 'index.ts'), 'export const version = 1;\n');
  writeFileSync(join(root, 'README.md'), '# App\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  writeFileSync(
    join(root, 'src', 'index.ts'),
    ['import { lock } from "./util/lock.js";', 'export const version = 2;', 'export function run() {', '  return lock();', '}', ''].join('\n')
  );
  writeFileSync(join(root, 'src', 'util', 'lock.ts'), 'export function lock() {\n  return "mutex held";\n}\n');
  writeFileSync(join(root, 'logo.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
  symlinkSync('util/lock.ts', join(root, 'src', 'lock-link.ts'));
  symlinkSync('../../etc/passwd', join(root, 'src', 'escape'));
  symlinkSync('/etc/hostname', join(root, 'abs-link'));
  git('add', '.');
  git('commit', '-q', '-m', 'head');
  const head = git('rev-parse', 'HEAD');
  // What a step may leave in the working tree: never tracked, never readable through the tools.
  writeFileSync(join(root, '.npmrc'), '//registry.npmjs.org/:_authToken=npm_secret\n');
  return { root, base, head, remove: () => rmSync(root, { recursive: true, force: true }) };
}
