/**
 * Reads a pull request from GitHub into the engine's PullRequestSnapshot, and file text at a ref
 * through the contents API.
 */
import type { ChangedFile, FileReader, FileStatus, PullRequestSnapshot } from '../engine/context.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef extends RepoRef {
  number: number;
}

export async function readPullRequest(octokit: GitHub, { owner, repo, number }: PullRequestRef): Promise<PullRequestSnapshot> {
  // GitHub stops listing at 3,000 files; paginate follows its Link headers until then.
  const [{ data: pr }, files] = await Promise.all([
    octokit.rest.pulls.get({ owner, repo, pull_number: number }),
    octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 })
  ]);
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
    files: files.map(
      (file): ChangedFile => ({
        path: file.filename,
        ...(file.previous_filename === undefined ? {} : { previousPath: file.previous_filename }),
        status: file.status as FileStatus,
        additions: file.additions,
        deletions: file.deletions,
        ...(file.patch === undefined ? {} : { patch: file.patch })
      })
    ),
    filesTotal: pr.changed_files
  };
}

/** Git's own test for binary content: a NUL byte early in the file. */
const BINARY_SNIFF_BYTES = 8000;

/**
 * File text at a ref, null when the file is absent, binary, not a file or too large for the
 * contents API to inline (over 1 MB it answers `encoding: "none"`). Each path and ref is fetched
 * once; concurrent readers share the request.
 */
export class GitHubFileReader implements FileReader {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(
    private readonly octokit: GitHub,
    private readonly repo: RepoRef
  ) {}

  read(path: string, ref: string): Promise<string | null> {
    const key = `${ref}\u0000${path}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const pending = this.fetch(path, ref);
    this.cache.set(key, pending);
    // A failure is not an answer: the next read asks again.
    pending.catch(() => this.cache.delete(key));
    return pending;
  }

  private async fetch(path: string, ref: string): Promise<string | null> {
    let data;
    try {
      ({ data } = await this.octokit.rest.repos.getContent({ ...this.repo, path, ref }));
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
    if (Array.isArray(data) || data.type !== 'file' || !('encoding' in data) || data.encoding !== 'base64') return null;
    const bytes = Buffer.from(data.content, 'base64');
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}
