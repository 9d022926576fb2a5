/**
 * Parser for the `patch` of one file as GitHub's pulls.listFiles returns it: unified-diff hunks
 * without the `diff --git`/`---`/`+++` file header.
 *
 * Hand-written rather than taken from a library: the format is small, no diff library is a
 * dependency, and a library would still leave us to number the lines and to keep going past
 * malformed input, which is the part that matters here. A review must carry on with whatever part
 * of a patch is well-formed, so nothing here throws: problems are reported in `warnings`.
 */

export type LineKind = 'add' | 'del' | 'context';

export interface DiffLine {
  kind: LineKind;
  /** The code without its diff prefix, and without the CR of a CRLF line ending. */
  text: string;
  /** Old-file line number; absent on added lines. */
  oldLine?: number;
  /** New-file line number; absent on deleted lines. */
  newLine?: number;
  /** A `\ No newline at end of file` marker followed this line. */
  noNewlineAtEnd?: boolean;
}

export interface Hunk {
  /** 1-based position among the patch's well-formed hunks. */
  index: number;
  oldStart: number;
  /** Old-side lines the body really holds; differs from the header's count only with a warning. */
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Section heading after the closing `@@` (usually the enclosing function); '' when absent. */
  header: string;
  lines: DiffLine[];
}

export interface ParsedPatch {
  hunks: Hunk[];
  /** What was malformed and ignored, each naming the 1-based line of the patch. */
  warnings: string[];
}

/** One side's lines of a hunk for people and models to read: "40-46", "5", or "none". */
export function formatSpan(start: number, count: number): string {
  if (count === 0) return 'none';
  return count === 1 ? String(start) : `${start}-${start + count - 1}`;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
// An empty line inside a hunk is an unchanged blank line whose leading space an editor stripped.
const KINDS: Record<string, LineKind> = { ' ': 'context', '': 'context', '+': 'add', '-': 'del' };

interface OpenHunk {
  hunk: Hunk;
  /** Patch line of the header, for warnings. */
  at: number;
  declaredOld: number;
  declaredNew: number;
  oldLeft: number;
  newLeft: number;
  oldNext: number;
  newNext: number;
}

export function parsePatch(patch: string): ParsedPatch {
  const hunks: Hunk[] = [];
  const warnings: string[] = [];
  const rows = patch.split('\n').map((row) => (row.endsWith('\r') ? row.slice(0, -1) : row));

  let open: OpenHunk | undefined;
  // The line a following "\ No newline at end of file" refers to.
  let last: DiffLine | undefined;
  let stray: { from: number; to: number } | undefined;

  const flushStray = (): void => {
    if (!stray) return;
    const where = stray.from === stray.to ? `line ${stray.from}` : `lines ${stray.from}-${stray.to}`;
    warnings.push(`patch ${where}: outside any hunk, ignored`);
    stray = undefined;
  };
  const markStray = (at: number): void => {
    if (stray) stray.to = at;
    else stray = { from: at, to: at };
    last = undefined;
  };
  const close = (): void => {
    if (!open) return;
    const { hunk, at, declaredOld, declaredNew } = open;
    open = undefined;
    const declared = `-${hunk.oldStart},${declaredOld} +${hunk.newStart},${declaredNew}`;
    if (hunk.lines.length === 0) {
      warnings.push(`patch line ${at}: hunk ${declared} has no lines, ignored`);
      return;
    }
    hunk.oldLines = hunk.lines.filter((l) => l.oldLine !== undefined).length;
    hunk.newLines = hunk.lines.filter((l) => l.newLine !== undefined).length;
    if (hunk.oldLines !== declaredOld || hunk.newLines !== declaredNew) {
      warnings.push(`patch line ${at}: hunk header says ${declared} but the hunk holds ${hunk.oldLines} old and ${hunk.newLines} new lines; numbered as found`);
    }
    hunk.index = hunks.length + 1;
    hunks.push(hunk);
  };

  for (const [i, row] of rows.entries()) {
    const at = i + 1;
    if (row.startsWith('@@')) {
      flushStray();
      close();
      last = undefined;
      const m = HUNK_HEADER.exec(row);
      if (!m) {
        warnings.push(`patch line ${at}: malformed hunk header "${row}"`);
        continue;
      }
      // An omitted count means 1: "@@ -1 +1 @@".
      const [oldStart, oldCount, newStart, newCount] = [m[1], m[2] ?? '1', m[3], m[4] ?? '1'].map(Number) as [number, number, number, number];
      open = {
        hunk: { index: 0, oldStart, oldLines: oldCount, newStart, newLines: newCount, header: (m[5] ?? '').trim(), lines: [] },
        at,
        declaredOld: oldCount,
        declaredNew: newCount,
        oldLeft: oldCount,
        newLeft: newCount,
        oldNext: oldStart,
        newNext: newStart
      };
      if (oldCount === 0 && newCount === 0) close();
      continue;
    }
    if (row.startsWith('\\')) {
      if (last) last.noNewlineAtEnd = true;
      else warnings.push(`patch line ${at}: "${row}" follows no diff line, ignored`);
      continue;
    }
    const kind = KINDS[row.slice(0, 1)];
    if (!open || !kind) {
      close();
      // Blank lines after a hunk (a final line feed, padding) are harmless, not worth reporting.
      if (row !== '') markStray(at);
      continue;
    }
    const line: DiffLine = { kind, text: row.slice(1) };
    if (kind !== 'add') {
      line.oldLine = open.oldNext++;
      open.oldLeft--;
    }
    if (kind !== 'del') {
      line.newLine = open.newNext++;
      open.newLeft--;
    }
    open.hunk.lines.push(line);
    last = line;
    if (open.oldLeft <= 0 && open.newLeft <= 0) close();
  }
  flushStray();
  close();
  return { hunks, warnings };
}
