/**
 * The numbered view of a file diff that makers and the checker read. Like GitHub's split view it
 * gives every line its number on each side, so a finding can cite the number GitHub anchors on:
 *
 *   FILE src/config.ts (renamed from src/settings.ts)
 *   @@ hunk 2 · old 40-46 · new 41-48 @@ export function save(config: Config) {
 *     40   41  |   const out = serialise(config);
 *     42      -|     throw new Error('empty');
 *          43 +|     return;
 *             \| no newline at end of file
 *
 * A line is: the old-file number, a space, the new-file number (each right-aligned to the width of
 * the file's largest number, at least 4; blank on the side the line does not exist on), a space,
 * a marker (space unchanged, + added, - deleted), then "| " and the code exactly as in the file.
 * A "\" line carries no number: it says the line above has no newline at the end of the file.
 */
import type { FileDiff } from './file-diff.js';
import { formatSpan, type DiffLine, type Hunk } from './patch.js';
import type { TaskFile } from './types.js';

export const NUMBERING_HELP = [
  'Each diff line shows two numbers: the old-file line on the left, the new-file line on the right,',
  'then a marker (+ added, - deleted, blank unchanged), then "| " and the code.',
  'To cite an added or unchanged line, give the right-hand number with side RIGHT;',
  'to cite a deleted line, give the left-hand number with side LEFT.',
  'Only lines shown inside a hunk can be cited. Quote the code exactly as it appears after "| ".'
].join(' ');

const MARKERS: Record<DiffLine['kind'], string> = { context: ' ', add: '+', del: '-' };

export function renderFileDiff(diff: FileDiff): string {
  const out = [`FILE ${diff.path}${describeStatus(diff)}`];
  if (!diff.hasPatch) {
    out.push('(no diff shown: binary, too large or without changed text; no line of this file can be cited)');
    return out.join('\n');
  }
  const largest = Math.max(...diff.hunks.map((h) => Math.max(h.oldStart + h.oldLines, h.newStart + h.newLines)));
  const width = Math.max(4, String(largest).length);
  const blank = ' '.repeat(width);
  for (const hunk of diff.hunks) {
    out.push(hunkHeader(hunk));
    for (const line of hunk.lines) {
      const oldNo = line.oldLine === undefined ? blank : String(line.oldLine).padStart(width);
      const newNo = line.newLine === undefined ? blank : String(line.newLine).padStart(width);
      out.push(`${oldNo} ${newNo} ${MARKERS[line.kind]}| ${line.text}`);
      if (line.noNewlineAtEnd) out.push(`${blank} ${blank} \\| no newline at end of file`);
    }
  }
  return out.join('\n');
}

/** The same lines as data, for providers that do not read text (the dry run). */
export function toTaskFile(diff: FileDiff): TaskFile {
  return {
    path: diff.path,
    // parsePatch numbers deleted lines on the old side and every other line on the new side.
    lines: diff.hunks.flatMap((hunk) =>
      hunk.lines.map((line) =>
        line.kind === 'del'
          ? { side: 'LEFT' as const, line: line.oldLine!, text: line.text, kind: line.kind }
          : { side: 'RIGHT' as const, line: line.newLine!, text: line.text, kind: line.kind }
      )
    )
  };
}

function describeStatus(diff: FileDiff): string {
  if ((diff.status === 'renamed' || diff.status === 'copied') && diff.previousPath !== undefined) {
    return ` (${diff.status} from ${diff.previousPath})`;
  }
  if (diff.status === 'added') return ' (new file)';
  if (diff.status === 'removed') return ' (deleted file)';
  return '';
}

function hunkHeader(hunk: Hunk): string {
  const heading = hunk.header === '' ? '' : ` ${hunk.header}`;
  return `@@ hunk ${hunk.index} · old ${formatSpan(hunk.oldStart, hunk.oldLines)} · new ${formatSpan(hunk.newStart, hunk.newLines)} @@${heading}`;
}
