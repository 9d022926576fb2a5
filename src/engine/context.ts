/**
 * What the engine needs to know about a pull request, independent of where it came from
 * (GitHub through Octokit, a local git diff in the CLI, a fixture in tests).
 */
import type { ChangedFile } from '../diff/types.js';

export interface PullRequestSnapshot {
  number: number;
  title: string;
  body: string;
  author: string;
  draft: boolean;
  labels: string[];
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** The head repository differs from the base (a fork): no secrets, read loops from base. */
  fork: boolean;
  url: string;
  files: ChangedFile[];
  /** GitHub lists at most 3,000 files; set when the PR has more (changed_files > files listed). */
  filesTotal: number;
  /** How many comments GitHub counts on the conversation and on the diff: an empty listing need not be read. */
  commentCounts?: { conversation: number; review: number };
}

/** Reads file text at a commit: surrounding code for hunks, skill files. Null when absent. */
export interface FileReader {
  read(path: string, ref: string): Promise<string | null>;
}
