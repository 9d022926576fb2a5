/**
 * One commit of the repository as the repository tools read it, whichever way it is reached: the
 * git objects of the runner's checkout (local-commit.ts) or the GitHub API (reader-commit.ts).
 */

export type EntryKind = 'file' | 'dir' | 'symlink' | 'submodule';

/** What is at a path of a commit. Paths are repository paths as paths.ts makes them ('' is the root). */
export type RepoNode =
  | { kind: 'file'; bytes: Uint8Array }
  /** A file too large to be read whole through the way it is reached. */
  | { kind: 'large-file'; size: number }
  | { kind: 'symlink'; target: string }
  | { kind: 'dir'; entries: { name: string; kind: EntryKind }[] }
  | { kind: 'submodule' };

/**
 * How LoopKit reads the repository through GitHub, at a commit: the GitHub side of the repository
 * tools (src/github/repository-reader.ts implements it with Octokit), so these tools never see Octokit.
 */
export interface RepositoryReader {
  /** What is at `path` on commit `sha`, null when nothing is. */
  read(path: string, sha: string): Promise<RepoNode | null>;
}

export interface SearchQuery {
  /** A fixed string, or a regular expression when `regex`. */
  query: string;
  regex: boolean;
  /** Search only under this folder (or in this file); '' for the whole repository. */
  path: string;
}

export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

export interface SearchOutcome {
  matches: SearchMatch[];
  /** Why the search stopped short of the whole tree, if it did (a cap), for the model to read. */
  stoppedShort?: string;
}

export interface CommitView {
  /** Where the commit is read from, for the log: "checkout" or "api". */
  readonly via: string;
  read(path: string, signal: AbortSignal): Promise<RepoNode | null>;
  search(query: SearchQuery, maxMatches: number, signal: AbortSignal): Promise<SearchOutcome>;
}

/** Lines longer than this are shown cut in search results: a minified file is one line. */
export const MATCH_LINE_CHARS = 300;

export function matchLine(text: string): string {
  return text.length > MATCH_LINE_CHARS ? `${text.slice(0, MATCH_LINE_CHARS)}…` : text;
}

/** Whether the bytes look binary (a NUL in the first 8,000 bytes, as git decides). */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}
