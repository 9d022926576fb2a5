/**
 * One changed file as GitHub sees it for review comments: which lines of which side a comment
 * may sit on, and what those lines say.
 */
import type { ChangedFile, FileStatus, Side } from './types.js';
import { parsePatch, type DiffLine, type Hunk } from './patch.js';

interface Located {
  hunk: Hunk;
  line: DiffLine;
}

export class FileDiff {
  readonly path: string;
  readonly previousPath: string | undefined;
  readonly status: FileStatus;
  readonly hunks: readonly Hunk[];
  /** Problems met while parsing the patch (see parsePatch). */
  readonly warnings: readonly string[];
  /** New-file numbers of the added lines. */
  readonly addedLines: ReadonlySet<number>;
  /** Added plus deleted lines, as the hunks hold them. */
  readonly changedLineCount: number;
  private readonly located: Record<Side, ReadonlyMap<number, Located>>;
  private readonly commentable: Record<Side, ReadonlySet<number>>;

  constructor(file: ChangedFile) {
    const { hunks, warnings } = parsePatch(file.patch ?? '');
    this.path = file.path;
    this.previousPath = file.previousPath;
    this.status = file.status;
    this.hunks = hunks;
    this.warnings = warnings;

    // GitHub takes a comment on any line inside a hunk: RIGHT numbers the new file (added and
    // unchanged lines), LEFT the old file (deleted and unchanged lines).
    const right = new Map<number, Located>();
    const left = new Map<number, Located>();
    const added = new Set<number>();
    let changed = 0;
    for (const hunk of hunks) {
      for (const line of hunk.lines) {
        if (line.newLine !== undefined) right.set(line.newLine, { hunk, line });
        if (line.oldLine !== undefined) left.set(line.oldLine, { hunk, line });
        if (line.kind === 'add' && line.newLine !== undefined) added.add(line.newLine);
        if (line.kind !== 'context') changed++;
      }
    }
    this.located = { RIGHT: right, LEFT: left };
    this.commentable = { RIGHT: new Set(right.keys()), LEFT: new Set(left.keys()) };
    this.addedLines = added;
    this.changedLineCount = changed;
  }

  /** False for binary and too-large files, and for patches with no well-formed hunk. */
  get hasPatch(): boolean {
    return this.hunks.length > 0;
  }

  /** The hunks add nothing: a deleted file, or a change that only removes lines. */
  get deletedOnly(): boolean {
    return this.hasPatch && this.addedLines.size === 0;
  }

  commentableLines(side: Side): ReadonlySet<number> {
    return this.commentable[side];
  }

  hunkAt(line: number, side: Side): Hunk | undefined {
    return this.located[side].get(line)?.hunk;
  }

  textAt(line: number, side: Side): string | undefined {
    return this.located[side].get(line)?.line.text;
  }
}
