/**
 * The review flow's forge (flows/review-forge.ts) for `loopkit run` without GitHub: the pull request
 * is the local working tree against its base (local-diff.ts) or a saved pull request
 * (`--pr-file`); there is no earlier state (no summary, no comments, no reviews); and what the flow
 * would post — the review, the sticky summary, the escalation's label and reviewers, the check — is
 * kept here instead, for `--format markdown|json` to print. The repository tools read the working
 * tree (only what git tracks or would track: an ignored .env stays out) at the head and the git
 * objects at the base, or the saved pull request's files.
 */
import { execFile } from 'node:child_process';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import type { ForgeCheckStart, ForgeReview, ReviewForge } from '../flows/review-forge.js';
import type { CheckRunResult, OwnReviewComments, PostReviewResult, ReviewComment } from '../github/index.js';
import type { FindingThread } from '../github/review-threads.js';
import { LocalCommit, type RepoNode, type RepositoryReader } from '../tools/index.js';

/** What the review flow would have written to the pull request. */
export interface Captured {
  review?: ForgeReview;
  summary?: string;
  labels: string[];
  reviewers: string[];
  check?: ForgeCheckStart & { result?: CheckRunResult };
}

/** The login the local forge answers: no comment is LoopKit's own here, so it decides nothing. */
const LOCAL_LOGIN = 'loopkit[local]';

export class LocalReviewForge implements ReviewForge {
  readonly captured: Captured = { labels: [], reviewers: [] };

  constructor(
    private readonly pr: PullRequestSnapshot,
    readonly files: FileReader,
    readonly repository: RepositoryReader
  ) {}

  pullRequest(): Promise<PullRequestSnapshot> {
    return Promise.resolve(this.pr);
  }

  login(): Promise<string> {
    return Promise.resolve(LOCAL_LOGIN);
  }

  startCheck(start: ForgeCheckStart): Promise<{ complete(result: CheckRunResult): Promise<void> }> {
    const check: Captured['check'] = { ...start };
    this.captured.check = check;
    return Promise.resolve({
      complete: async (result) => {
        check.result = result;
      }
    });
  }

  findSummary(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  ownReviewComments(): Promise<OwnReviewComments> {
    return Promise.resolve({ posted: new Set(), ignored: new Set() });
  }

  fingerprintsInReviews(): Promise<Set<string>> {
    return Promise.resolve(new Set());
  }

  /** No earlier review here, so no thread of one. */
  findingThreads(): Promise<Map<string, FindingThread>> {
    return Promise.resolve(new Map());
  }

  closeFindingThreads(): Promise<string[]> {
    return Promise.resolve([]);
  }

  /** Kept, and answered as GitHub answers a review it took whole. */
  postReview(review: ForgeReview): Promise<PostReviewResult> {
    this.captured.review = review;
    return Promise.resolve({ posted: review.comments.map((c) => c.key), rejected: [] });
  }

  async upsertSummary({ body }: { body: string }): Promise<void> {
    this.captured.summary = body;
  }

  async addLabels(labels: string[]): Promise<void> {
    this.captured.labels.push(...labels);
  }

  async requestReviewers(reviewers: string[]): Promise<void> {
    this.captured.reviewers.push(...reviewers);
  }
}

const run = promisify(execFile);

/**
 * The working tree at `head` (the pull request's head: what was diffed) and the git objects at any
 * other commit (the base). Only files git tracks or would track are visible, as on GitHub.
 */
export class WorkingTreeRepository implements RepositoryReader {
  private visible: Promise<Set<string>> | undefined;

  constructor(
    private readonly root: string,
    private readonly head: string
  ) {}

  async read(path: string, sha: string): Promise<RepoNode | null> {
    if (sha !== this.head) {
      const commit = await LocalCommit.open(this.root, sha);
      return commit ? commit.read(path, new AbortController().signal) : null;
    }
    const visible = await this.files();
    if (!visible.has(path)) return directory(visible, path);
    const stat = await lstat(join(this.root, path)).catch(() => undefined);
    if (!stat) return null;
    if (stat.isSymbolicLink()) return { kind: 'symlink', target: await readlink(join(this.root, path)) };
    if (stat.size > MAX_FILE_BYTES) return { kind: 'large-file', size: stat.size };
    return { kind: 'file', bytes: await readFile(join(this.root, path)) };
  }

  private files(): Promise<Set<string>> {
    this.visible ??= run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: this.root, maxBuffer: 256 * 1024 * 1024 }).then(
      ({ stdout }) => new Set(stdout.split('\0').filter((p) => p !== ''))
    );
    return this.visible;
  }
}

/** Larger files are described, not read, as the checkout's git objects are. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** A saved pull request's files (`contents` of --pr-file) at its head; it holds no base. */
export class SavedRepository implements RepositoryReader {
  private readonly paths: Set<string>;

  constructor(
    private readonly contents: Record<string, string>,
    private readonly head: string
  ) {
    this.paths = new Set(Object.keys(contents));
  }

  read(path: string, sha: string): Promise<RepoNode | null> {
    if (sha !== this.head) return Promise.resolve(null);
    const text = this.contents[path];
    return Promise.resolve(text === undefined ? directory(this.paths, path) : { kind: 'file', bytes: Buffer.from(text, 'utf8') });
  }
}

/** The folder `path` ('' the root) as the files under it make it, or null when no file is under it. */
function directory(files: ReadonlySet<string>, path: string): RepoNode | null {
  const prefix = path === '' ? '' : `${path}/`;
  const entries = new Map<string, 'file' | 'dir'>();
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const [name, ...deeper] = file.slice(prefix.length).split('/');
    if (name) entries.set(name, deeper.length > 0 ? 'dir' : (entries.get(name) ?? 'file'));
  }
  if (entries.size === 0) return null;
  return { kind: 'dir', entries: [...entries].sort(([a], [b]) => a.localeCompare(b)).map(([name, kind]) => ({ name, kind })) };
}

/** An inline comment's place as GitHub takes it: its path, its line (or range) and the side of the diff. */
function placeOf(c: ReviewComment): string {
  const lines = c.startLine !== undefined && c.startLine !== c.line ? `lines ${c.startLine}-${c.line}` : `line ${c.line}`;
  return `${c.path}, ${lines} (${c.side}: ${c.side === 'RIGHT' ? 'the new code' : 'the old code'})`;
}

/**
 * What the review flow would have posted, part by part, each under a heading that says where it
 * goes; every part is the text the flow rendered for the pull request, unchanged.
 */
export function postedMarkdown(captured: Captured): string {
  const parts: string[] = [];
  if (captured.review) {
    parts.push(`## Review (on ${captured.review.commitId.slice(0, 12)})`, captured.review.body);
    for (const c of captured.review.comments) parts.push(`## Inline comment: ${placeOf(c)}`, c.body);
  } else parts.push('## Review', '_No review: no new verified finding to post._');
  parts.push('## Summary comment', captured.summary ?? '_No summary comment._');
  if (captured.labels.length > 0) parts.push('## Labels added', captured.labels.map((l) => `- ${l}`).join('\n'));
  if (captured.reviewers.length > 0) parts.push('## Reviews requested', captured.reviewers.map((r) => `- @${r}`).join('\n'));
  const check = captured.check;
  if (check?.result) parts.push(`## Check run: ${check.name}`, `**${check.result.conclusion}** — ${check.result.title}\n\n${check.result.summary}`);
  return parts.join('\n\n');
}

/** The same parts as postedMarkdown, as one object. */
export function postedJson(captured: Captured): Record<string, unknown> {
  const check = captured.check;
  return {
    review: captured.review
      ? {
          commitId: captured.review.commitId,
          body: captured.review.body,
          comments: captured.review.comments.map(({ key: _key, ...comment }) => comment)
        }
      : null,
    summary: captured.summary ?? null,
    labels: captured.labels,
    reviewers: captured.reviewers,
    check: check?.result
      ? { name: check.name, headSha: check.headSha, conclusion: check.result.conclusion, title: check.result.title, summary: check.result.summary }
      : null
  };
}
