/**
 * The diff model's own words, independent of where a change comes from (GitHub through Octokit, a
 * local git diff in the CLI, a fixture in tests): a changed file, a side of the diff, where a
 * comment lands and the numbered view models read. A leaf: the engine, the providers, the GitHub
 * adapters and the renderers import it; it imports nothing of ours.
 */
import { z } from 'zod';

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface ChangedFile {
  path: string;
  /** For renames and copies. */
  previousPath?: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  /** Unified diff hunks as GitHub returns them; absent for binary or too-large files. */
  patch?: string;
}

export const Side = z.enum(['RIGHT', 'LEFT']);
export type Side = z.infer<typeof Side>;

/** Where GitHub accepts the comment, or why it cannot be placed. */
/**
 * Why a finding has no place in the diff: its file is not in the pull request, the file has no
 * diff (binary, too large), the cited line is outside the changes, or the line is in the changes
 * but the quoted code is on none of them. `reason` says it for the maker, with the numbers.
 */
export type Unplaced = 'file' | 'no-diff' | 'outside' | 'quote';

export type Anchor =
  { ok: true; path: string; line: number; side: Side; startLine?: number; startSide?: Side } | { ok: false; path: string; why: Unplaced; reason: string };

/** A file diff as makers and the checker read it (render.ts), and as the dry run inspects it. */
export interface TaskFile {
  path: string;
  /** Hunks as the model sees them: new-side line numbers and text of every line. */
  lines: { side: 'RIGHT' | 'LEFT'; line: number; text: string; kind: 'add' | 'del' | 'context' }[];
}
