/**
 * Reads a pull request from GitHub into the engine's PullRequestSnapshot, and file text at a ref
 * through GraphQL, many files to a request.
 */
import type { ChangedFile, FileStatus } from '../diff/types.js';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import type { GitHub } from './client.js';
import { z } from 'zod';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef extends RepoRef {
  number: number;
}

/** GitHub lists at most 3,000 files of a pull request, 100 per page. */
const FILES_PER_PAGE = 100;
const MAX_FILE_PAGES = 30;
/** Pages asked for at once: GitHub counts concurrent requests against the secondary rate limit. */
const PARALLEL_PAGES = 10;

export async function readPullRequest(octokit: GitHub, { owner, repo, number }: PullRequestRef): Promise<PullRequestSnapshot> {
  const page = async (n: number) => (await octokit.rest.pulls.listFiles({ owner, repo, pull_number: number, per_page: FILES_PER_PAGE, page: n })).data;
  const [{ data: pr }, first] = await Promise.all([octokit.rest.pulls.get({ owner, repo, pull_number: number }), page(1)]);
  // The pull request says how many files changed, so the other pages are asked for together
  // rather than one Link header at a time (30 round trips for a 3,000-file pull request). Past
  // that count, should it be stale, pages are read one by one until a short one.
  const files = [...first];
  const counted = Math.min(MAX_FILE_PAGES, Math.ceil(pr.changed_files / FILES_PER_PAGE));
  let next = 2;
  let full = first.length === FILES_PER_PAGE;
  while (full && next <= MAX_FILE_PAGES) {
    const last = next <= counted ? Math.min(counted, next + PARALLEL_PAGES - 1) : next;
    const pages = await Promise.all(Array.from({ length: last - next + 1 }, (_, i) => page(next + i)));
    for (const listed of pages) files.push(...listed);
    full = pages.every((listed) => listed.length === FILES_PER_PAGE);
    next = last + 1;
  }
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    author: pr.user.login,
    draft: pr.draft ?? false,
    labels: pr.labels.map((label) => label.name),
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    // A deleted fork leaves `head.repo` null: still not the base repository.
    fork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    url: pr.html_url,
    files: files.map((file): ChangedFile => ({
      path: file.filename,
      ...(file.previous_filename === undefined ? {} : { previousPath: file.previous_filename }),
      status: file.status as FileStatus,
      additions: file.additions,
      deletions: file.deletions,
      ...(file.patch === undefined ? {} : { patch: file.patch })
    })),
    filesTotal: pr.changed_files,
    commentCounts: { conversation: pr.comments, review: pr.review_comments }
  };
}

/** Files asked for in one GraphQL request; each is an alias of its own. */
const FILES_PER_QUERY = 50;

const BlobAnswer = z
  .object({ text: z.string().nullable().optional(), isBinary: z.boolean().nullable().optional(), isTruncated: z.boolean().optional() })
  .nullable();
const ContentsAnswer = z.object({ repository: z.record(z.string(), BlobAnswer).nullable() });

interface Pending {
  path: string;
  ref: string;
  resolve: (text: string | null) => void;
  reject: (error: unknown) => void;
}

/**
 * File text at a ref; null when the file is absent, binary, not a file or truncated by GitHub.
 * Reads asked for in the same turn of the event loop go out as one GraphQL request (each file an
 * alias of `repository.object(expression: "<ref>:<path>")`), so the checker's code around every
 * finding costs one call, not one per file. Each path and ref is fetched once; concurrent readers
 * share the request, and a failure is not remembered (the next read asks again).
 */
export class GitHubFileReader implements FileReader {
  private readonly cache = new Map<string, Promise<string | null>>();
  private queue: Pending[] = [];

  constructor(
    private readonly octokit: GitHub,
    private readonly repo: RepoRef
  ) {}

  read(path: string, ref: string): Promise<string | null> {
    const key = `${ref}\u0000${path}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const pending = new Promise<string | null>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ path, ref, resolve, reject });
    });
    this.cache.set(key, pending);
    pending.catch(() => this.cache.delete(key));
    return pending;
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    for (let i = 0; i < queued.length; i += FILES_PER_QUERY) void this.fetch(queued.slice(i, i + FILES_PER_QUERY));
  }

  private async fetch(batch: Pending[]): Promise<void> {
    // Paths and refs travel as variables, never spliced into the query text.
    const variables: Record<string, string> = { owner: this.repo.owner, name: this.repo.repo };
    const fields = batch.map((p, i) => {
      variables[`e${i}`] = `${p.ref}:${p.path}`;
      return `f${i}: object(expression: $e${i}) { ... on Blob { text isBinary isTruncated } }`;
    });
    const query = `query(${['$owner: String!', '$name: String!', ...batch.map((_, i) => `$e${i}: String!`)].join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } }`;
    try {
      const answer = ContentsAnswer.parse(await this.octokit.graphql(query, variables));
      batch.forEach((p, i) => {
        const blob = answer.repository?.[`f${i}`];
        p.resolve(blob && typeof blob.text === 'string' && blob.isBinary !== true && blob.isTruncated !== true ? blob.text : null);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
