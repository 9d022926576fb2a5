/** Where a benchmark's golden files are read: a folder (`--bench DIR`) or a repository at a commit over the API (`--bench martian`). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitHub } from '../github/index.js';
import { GOLDEN_DIR, type BenchFiles } from './bench.js';

/**
 * Martian's Code Review Bench (MIT): its offline set, read at one commit so that every run of
 * `--bench martian` scores against the same golden comments. Moving the commit changes the
 * benchmark: say so when comparing figures across it. The commit is the repository's head of
 * 5 March 2026 (checked in a clone): offline/golden_comments holds five files (cal_dot_com,
 * discourse, grafana, keycloak, sentry), 50 pull requests and 137 comments with Low to Critical
 * severities; some entries add `original_url` or an `az_comment` note, which the reader ignores.
 */
export const MARTIAN_BENCH = {
  owner: 'withmartian',
  repo: 'code-review-benchmark',
  commit: '012d68202e56280855b85abb956410086008a7b2',
  dir: `offline/${GOLDEN_DIR}`
} as const;

export class FolderBench implements BenchFiles {
  readonly label: string;
  constructor(private readonly dir: string) {
    this.label = dir;
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, GOLDEN_DIR), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch (error) {
      throw new Error(`${this.dir}: no ${GOLDEN_DIR} folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }

  read(name: string): Promise<string> {
    return readFile(join(this.dir, GOLDEN_DIR, name), 'utf8');
  }
}

/** Golden files in a repository folder at a fixed commit, through the contents API (reads only). */
export class RepositoryBench implements BenchFiles {
  readonly label: string;
  constructor(
    private readonly octokit: GitHub,
    private readonly at: { owner: string; repo: string; commit: string; dir: string }
  ) {
    this.label = `${at.owner}/${at.repo}@${at.commit.slice(0, 12)}:${at.dir}`;
  }

  async list(): Promise<string[]> {
    const { data } = await this.octokit.rest.repos.getContent({ owner: this.at.owner, repo: this.at.repo, path: this.at.dir, ref: this.at.commit });
    if (!Array.isArray(data)) throw new Error(`${this.label} is not a folder`);
    return data.filter((e) => e.type === 'file').map((e) => e.name);
  }

  async read(name: string): Promise<string> {
    const path = `${this.at.dir}/${name}`;
    const { data } = await this.octokit.rest.repos.getContent({ owner: this.at.owner, repo: this.at.repo, path, ref: this.at.commit });
    // Above 1 MB the contents API leaves the content out; a golden file is far smaller.
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data) || data.encoding !== 'base64')
      throw new Error(`${path}: the contents API gave no text for it`);
    return Buffer.from(data.content, 'base64').toString('utf8');
  }
}
