/**
 * A commit read through GitHub (a RepositoryReader), for when the checkout does not hold it. Search
 * walks the tree from the given folder, breadth first, within a bound of folders and files read:
 * GitHub's code search covers only the default branch, never a pull request's commits.
 */
import {
  isBinary,
  matchLine,
  type CommitView,
  type RepoNode,
  type RepositoryReader,
  type SearchMatch,
  type SearchOutcome,
  type SearchQuery
} from './commit-view.js';
import { RegexLines } from './regex-lines.js';

export interface WalkBounds {
  /** Folders listed at most in one search. */
  folders: number;
  /** Files read at most in one search. */
  files: number;
}

/** Each read is a request; a search that reads more than this is better narrowed to a folder. */
const API_WALK_BOUNDS: WalkBounds = { folders: 30, files: 80 };

export class ReaderCommit implements CommitView {
  readonly via = 'api';

  constructor(
    private readonly reader: RepositoryReader,
    private readonly sha: string,
    private readonly bounds: WalkBounds = API_WALK_BOUNDS
  ) {}

  read(path: string, signal: AbortSignal): Promise<RepoNode | null> {
    signal.throwIfAborted();
    return this.reader.read(path, this.sha);
  }

  async search(query: SearchQuery, maxMatches: number, signal: AbortSignal): Promise<SearchOutcome> {
    const regex = query.regex ? new RegexLines(query.query, signal) : undefined;
    try {
      return await this.#walk(query, (lines) => (regex ? regex.match(lines) : fixedMatches(lines, query.query)), maxMatches, signal);
    } finally {
      regex?.close();
    }
  }

  async #walk(query: SearchQuery, matcher: (lines: string[]) => Promise<number[]>, maxMatches: number, signal: AbortSignal): Promise<SearchOutcome> {
    const matches: SearchMatch[] = [];
    const queue: string[] = [query.path];
    let folders = 0;
    let files = 0;
    while (queue.length > 0) {
      const path = queue.shift()!;
      signal.throwIfAborted();
      const node = await this.reader.read(path, this.sha);
      if (node?.kind === 'dir') {
        if (++folders > this.bounds.folders)
          return { matches, stoppedShort: `searched ${this.bounds.folders} folders (the limit through the API): narrow the path` };
        // Files first, so a folder's own files are searched before its subfolders'.
        const entries = [...node.entries].sort((a, b) => Number(a.kind === 'dir') - Number(b.kind === 'dir') || a.name.localeCompare(b.name));
        for (const entry of entries) if (entry.kind === 'file' || entry.kind === 'dir') queue.push(path ? `${path}/${entry.name}` : entry.name);
        continue;
      }
      if (node?.kind !== 'file' || isBinary(node.bytes)) continue;
      if (++files > this.bounds.files) return { matches, stoppedShort: `read ${this.bounds.files} files (the limit through the API): narrow the path` };
      const lines = Buffer.from(node.bytes).toString('utf8').split('\n');
      for (const i of await matcher(lines)) {
        if (matches.length === maxMatches) return { matches, stoppedShort: `more than ${maxMatches} matches: narrow the query or the path` };
        matches.push({ path, line: i + 1, text: matchLine(lines[i] ?? '') });
      }
    }
    return { matches };
  }
}

/** The indices of the lines holding `text`. */
async function fixedMatches(lines: readonly string[], text: string): Promise<number[]> {
  return lines.flatMap((line, i) => (line.includes(text) ? [i] : []));
}
