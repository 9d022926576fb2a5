/**
 * A commit read from the git objects of the runner's checkout: exactly the commit asked for (a
 * `pull_request` checkout is usually the merge commit, and the working tree may hold files a step
 * wrote, a token in an .npmrc among them), only what git tracks, and fast (`git grep` for search).
 * Used when the checkout has the commit's objects; else the API (reader-commit.ts).
 */
import { execFile, spawn } from 'node:child_process';
import { matchLine, type CommitView, type EntryKind, type RepoNode, type SearchOutcome, type SearchQuery, type SearchMatch } from './commit-view.js';

/** Larger blobs are described, not read: a tool result is capped far below this anyway. */
const MAX_BLOB_BYTES = 4 * 1024 * 1024;

/** Paths are given literally: a file named `*.ts` is that file, not a glob. */
const GIT_ENV = { ...process.env, GIT_LITERAL_PATHSPECS: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

const KIND_OF_MODE: Record<string, EntryKind> = { '040000': 'dir', '120000': 'symlink', '160000': 'submodule' };

export class LocalCommit implements CommitView {
  readonly via = 'checkout';

  private constructor(
    private readonly root: string,
    private readonly sha: string
  ) {}

  /** The commit as the checkout at `root` holds it, or undefined when its objects are not there (a shallow checkout of another commit, no git). */
  static async open(root: string, sha: string): Promise<LocalCommit | undefined> {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return undefined;
    try {
      await git(root, ['cat-file', '-e', `${sha}^{commit}`]);
      return new LocalCommit(root, sha);
    } catch {
      return undefined;
    }
  }

  async read(path: string, signal: AbortSignal): Promise<RepoNode | null> {
    if (path === '') return { kind: 'dir', entries: await this.entries(this.sha, signal) };
    const listing = (await git(this.root, ['ls-tree', '-z', '--full-tree', this.sha, '--', path], signal)).toString('utf8');
    const entry = listing
      .split('\0')
      .map(parseTreeLine)
      .find((e) => e?.name === path);
    if (!entry) return null;
    if (entry.kind === 'dir') return { kind: 'dir', entries: await this.entries(entry.oid, signal) };
    if (entry.kind === 'submodule') return { kind: 'submodule' };
    if (entry.kind === 'symlink') return { kind: 'symlink', target: (await git(this.root, ['cat-file', 'blob', entry.oid], signal)).toString('utf8') };
    const size = Number((await git(this.root, ['cat-file', '-s', entry.oid], signal)).toString('utf8').trim());
    if (size > MAX_BLOB_BYTES) return { kind: 'large-file', size };
    return { kind: 'file', bytes: await git(this.root, ['cat-file', 'blob', entry.oid], signal) };
  }

  async search(query: SearchQuery, maxMatches: number, signal: AbortSignal): Promise<SearchOutcome> {
    const args = ['grep', '-z', '-n', '-I', '--no-color', query.regex ? '-P' : '-F', '-e', query.query, this.sha, '--', ...(query.path ? [query.path] : [])];
    const prefix = `${this.sha}:`;
    const matches: SearchMatch[] = [];
    let stoppedShort: string | undefined;
    await new Promise<void>((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.root, env: GIT_ENV, signal, stdio: ['ignore', 'pipe', 'pipe'] });
      let pending = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) >= 0) {
          const [name = '', line = '', ...text] = pending.slice(0, newline).split('\0');
          pending = pending.slice(newline + 1);
          if (matches.length === maxMatches) {
            stoppedShort = `more than ${maxMatches} matches: narrow the query or the path`;
            child.kill();
            return;
          }
          matches.push({ path: name.startsWith(prefix) ? name.slice(prefix.length) : name, line: Number(line), text: matchLine(text.join('\0')) });
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        // git grep exits 1 when nothing matches; a kill after enough matches is expected.
        if (code === 0 || code === 1 || stoppedShort) resolve();
        else reject(new Error(stderr.trim() || `git grep exited with ${code}`));
      });
    });
    return { matches, ...(stoppedShort ? { stoppedShort } : {}) };
  }

  private async entries(treeish: string, signal: AbortSignal): Promise<{ name: string; kind: EntryKind }[]> {
    const listing = (await git(this.root, ['ls-tree', '-z', treeish], signal)).toString('utf8');
    return listing.split('\0').flatMap((line) => {
      const entry = parseTreeLine(line);
      return entry ? [{ name: entry.name.split('/').at(-1) ?? entry.name, kind: entry.kind }] : [];
    });
  }
}

/** `<mode> <type> <oid>\t<path>`, one entry of `git ls-tree -z`. */
function parseTreeLine(line: string): { kind: EntryKind; oid: string; name: string } | undefined {
  const match = /^(\d{6}) \w+ ([0-9a-f]+)\t(.*)$/s.exec(line);
  if (!match) return undefined;
  return { kind: KIND_OF_MODE[match[1] ?? ''] ?? 'file', oid: match[2] ?? '', name: match[3] ?? '' };
}

function git(cwd: string, args: string[], signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: GIT_ENV, encoding: 'buffer', maxBuffer: MAX_BLOB_BYTES + 1024 * 1024, ...(signal ? { signal } : {}) },
      (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.toString('utf8').trim() || error.message));
        else resolve(stdout);
      }
    );
  });
}
