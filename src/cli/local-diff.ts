/**
 * The local repository as a pull request: the working tree against a base ref (by default the
 * merge base with the default branch), so `loopkit run` reviews a change before it is pushed.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChangedFile } from '../diff/types.js';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';

const run = promisify(execFile);

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** The default branch as the remote names it, else main or master, whichever exists. */
export async function defaultBase(cwd: string): Promise<string> {
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
  // core.quotePath=false: names such as café.ts come out as written, not as "caf\303\251.ts".
  const diff = await git(cwd, ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--find-renames', '--unified=3', mergeBase]);
  const files = [...parseGitDiff(diff), ...(await untrackedFiles(cwd))];
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

/** GitHub gives no patch for files this large either; reading them would only spend the budget on generated text. */
const MAX_UNTRACKED_BYTES = 1024 * 1024;

/** Files git does not track and does not ignore: new work that `git diff` leaves out, shown as added files. */
async function untrackedFiles(cwd: string): Promise<ChangedFile[]> {
  const listed = (await git(cwd, ['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter((p) => p !== '');
  const files: ChangedFile[] = [];
  for (const path of listed.sort()) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(cwd, path));
    } catch {
      continue;
    }
    // Binary like git's own test (a NUL byte in the first 8,000 bytes), or too large to review: no patch, like GitHub's.
    if (bytes.subarray(0, 8000).includes(0) || bytes.byteLength > MAX_UNTRACKED_BYTES) {
      files.push({ path, status: 'added', additions: 0, deletions: 0 });
      continue;
    }
    const text = bytes.toString('utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (lines.length === 0) {
      files.push({ path, status: 'added', additions: 0, deletions: 0 });
      continue;
    }
    const patch = [
      `@@ -0,0 +1${lines.length === 1 ? '' : `,${lines.length}`} @@`,
      ...lines.map((l) => `+${l}`),
      ...(text.endsWith('\n') ? [] : ['\\ No newline at end of file'])
    ].join('\n');
    files.push({ path, status: 'added', additions: lines.length, deletions: 0, patch });
  }
  return files;
}

/** A path as git prints it: C-quoted ("caf\303\251.ts", tabs, quotes) when it holds such characters. */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
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
    const find = (prefix: string) => {
      const line = meta.find((l) => l.startsWith(prefix));
      return line === undefined ? undefined : unquoteGitPath(line.slice(prefix.length).replace(/\t$/, ''));
    };
    // Quoted names keep their a/ and b/ inside the quotes: "b/caf\303\251.ts".
    const side = (prefix: string, letter: string) => {
      const line = meta.find((l) => l.startsWith(prefix));
      if (line === undefined) return undefined;
      const name = unquoteGitPath(line.slice(prefix.length).replace(/\t$/, ''));
      return name.startsWith(`${letter}/`) ? name.slice(2) : undefined;
    };
    const plusPath = side('+++ ', 'b');
    const minusPath = side('--- ', 'a');
    const renameTo = find('rename to ');
    const renameFrom = find('rename from ');
    const fallback = /^a\/(.*) b\/(.*)$/.exec(header);
    const path = renameTo ?? plusPath ?? minusPath ?? (fallback ? unquoteGitPath(fallback[2]!) : header);
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
