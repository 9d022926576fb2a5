/**
 * Loop files as they are on a commit of the repository, read through the API. For pull requests
 * from forks the action reads the loops from the base commit this way, so a pull request can never
 * rewrite the loop that reviews it.
 */
import type { SharedRepositories } from '../loop/extends.js';
import type { LoopFileSource } from '../loop/load.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';

export class GitHubLoopSource implements LoopFileSource {
  constructor(
    private readonly octokit: GitHub,
    private readonly repo: { owner: string; repo: string },
    private readonly ref: string
  ) {}

  async read(path: string): Promise<Uint8Array | null> {
    const data = await this.get(path);
    if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
    return Buffer.from(data.content, 'base64');
  }

  async list(dir: string): Promise<string[]> {
    const data = await this.get(dir);
    return Array.isArray(data) ? data.filter((entry) => entry.type === 'file').map((entry) => entry.name) : [];
  }

  private async get(path: string) {
    try {
      return (await this.octokit.rest.repos.getContent({ ...this.repo, path, ref: this.ref })).data;
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  }
}

/**
 * Shared loops (`extends: github:owner/repo/path@ref`) read through the contents API at their ref:
 * any repository the token can read, never the checkout.
 */
export class GitHubSharedLoops implements SharedRepositories {
  constructor(private readonly octokit: GitHub) {}

  read(repository: { owner: string; repo: string }, path: string, ref: string): Promise<Uint8Array | null> {
    return new GitHubLoopSource(this.octokit, repository, ref).read(path);
  }
}
