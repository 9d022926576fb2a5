/**
 * The local repository as a pull request: the working tree against a base ref (by default the
 * merge base with the default branch), so `loopkit run` reviews a change before it is pushed.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChangedFile, FileReader, PullRequestSnapshot } from '../engine/context.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** The default branch as the remote names it, else main or master, whichever exists. */
async function defaultBase(cwd: string): Promise<string> {
  for (const candidate of ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master']) {
    try {
      await git(cwd, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new Error('no base to compare with: pass --base <ref> (no origin/HEAD, main or master here)');
}

export async function localPullRequest(cwd: string, base?: string): Promise<{ pr: PullRequestSnapshot; reader: FileReader }> {
  const baseRef = base ?? (await defaultBase(cwd));
  const mergeBase = (await git(cwd, ['merge-base', baseRef, 'HEAD'])).trim();
  const head = (await git(cwd, ['rev-parse', 'HEAD'])).trim();
  const branch = (await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  const diff = await git(cwd, ['diff', '--no-color', '--no-ext-diff', '--find-renames', '--unified=3', mergeBase]);
  const files = parseGitDiff(diff);
  const subject = (await git(cwd, ['log', '-1', '--format=%s%n%n%b', 'HEAD'])).trim();
  const [title = '', ...body] = subject.split('\n');
  return {
    pr: {
      number: 0,
      title: `${title} (local working tree)`,
      body: body.join('\n').trim(),
      author: (await git(cwd, ['log', '-1', '--format=%an', 'HEAD'])).trim(),
      draft: false,
      labels: [],
      baseRef,
      baseSha: mergeBase,
      headRef: branch,
      headSha: head,
      fork: false,
      url: '',
      files,
      filesTotal: files.length
    },
    // The working tree is what was diffed, so surrounding code comes from it too.
    reader: {
      read: async (path: string) => {
        try {
          return await readFile(join(cwd, path), 'utf8');
        } catch {
          return null;
        }
      }
    }
  };
}

/** Splits `git diff` output into files shaped like GitHub's pulls.listFiles entries. */
export function parseGitDiff(diff: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  const sections = diff.split(/^diff --git /m).slice(1);
  for (const section of sections) {
    const lines = section.split('\n');
    const header = lines[0]!;
    const hunkStart = lines.findIndex((l) => l.startsWith('@@'));
    const meta = hunkStart === -1 ? lines : lines.slice(0, hunkStart);
    const find = (prefix: string) => meta.find((l) => l.startsWith(prefix))?.slice(prefix.length);
    const plusPath = find('+++ b/');
    const minusPath = find('--- a/');
    const renameTo = find('rename to ');
    const renameFrom = find('rename from ');
    const fallback = /^a\/(.*) b\/(.*)$/.exec(header);
    const path = renameTo ?? plusPath ?? minusPath ?? fallback?.[2] ?? header;
    const status: ChangedFile['status'] = meta.some((l) => l.startsWith('new file mode'))
      ? 'added'
      : meta.some((l) => l.startsWith('deleted file mode'))
        ? 'removed'
        : renameTo
          ? 'renamed'
          : 'modified';
    const body = hunkStart === -1 ? [] : lines.slice(hunkStart);
    if (body.at(-1) === '') body.pop();
    let additions = 0;
    let deletions = 0;
    for (const l of body) {
      if (l.startsWith('+')) additions++;
      else if (l.startsWith('-')) deletions++;
    }
    files.push({
      path,
      ...(renameFrom ? { previousPath: renameFrom } : {}),
      status,
      additions,
      deletions,
      // Binary files ("Binary files … differ") have no hunks, like GitHub's patch-less entries.
      ...(body.length > 0 ? { patch: body.join('\n') } : {})
    });
  }
  return files;
}
