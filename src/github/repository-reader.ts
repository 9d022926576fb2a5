/**
 * The repository tools' way through GitHub: the contents API at a commit. GitHub answers a
 * symbolic link to a file in the repository with that file, and one that leads elsewhere with the
 * link itself; above 1 MB a file comes without its content.
 */
import type { RepoNode, RepositoryReader } from '../tools/index.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';

const KINDS = { file: 'file', dir: 'dir', symlink: 'symlink', submodule: 'submodule' } as const;

export class GitHubRepositoryReader implements RepositoryReader {
  /**
   * Reads of this run by commit and path: a commit never changes, so agents that read the same file
   * (makers and the checker often do) cost one request. A failed read is not kept.
   */
  private readonly reads = new Map<string, Promise<RepoNode | null>>();

  constructor(
    private readonly octokit: GitHub,
    private readonly repo: { owner: string; repo: string }
  ) {}

  read(path: string, sha: string): Promise<RepoNode | null> {
    const key = `${sha}:${path}`;
    const known = this.reads.get(key);
    if (known) return known;
    const reading = this.fetch(path, sha);
    this.reads.set(key, reading);
    reading.catch(() => this.reads.delete(key));
    return reading;
  }

  private async fetch(path: string, sha: string): Promise<RepoNode | null> {
    let data;
    try {
      data = (await this.octokit.rest.repos.getContent({ ...this.repo, path, ref: sha })).data;
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
    if (Array.isArray(data)) return { kind: 'dir', entries: data.map((e) => ({ name: e.name, kind: KINDS[e.type as keyof typeof KINDS] ?? 'file' })) };
    if (data.type === 'symlink' && 'target' in data) return { kind: 'symlink', target: data.target };
    if (data.type === 'submodule') return { kind: 'submodule' };
    if (data.type !== 'file' || !('content' in data)) return null;
    if (data.encoding === 'none' || (data.content === '' && data.size > 0)) return { kind: 'large-file', size: data.size };
    return { kind: 'file', bytes: Buffer.from(data.content, 'base64') };
  }
}
