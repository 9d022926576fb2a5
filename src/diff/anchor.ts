/**
 * Places a finding where GitHub accepts a review comment. Models miscount lines but copy code
 * well, so the quote decides: a cited line whose text disagrees with the quote is moved to the
 * nearest line that reads exactly as quoted. When nothing reads as quoted the finding is not
 * placed, with a reason the maker can act on: a comment on the wrong line is worse than none.
 */
import type { FileDiff } from './file-diff.js';
import { formatSpan } from './patch.js';
import type { Anchor, Side } from './types.js';

export interface AnchorRequest {
  path: string;
  line: number;
  startLine?: number;
  side: Side;
  quote: string;
}

interface Place {
  line: number;
  side: Side;
}

export function resolveAnchor(diff: FileDiff | undefined, f: AnchorRequest): Anchor {
  if (!diff) return { ok: false, path: f.path, why: 'file', reason: `${f.path} is not one of the files this pull request changes` };
  if (!diff.hasPatch) {
    return {
      ok: false,
      path: f.path,
      why: 'no-diff',
      reason: `${f.path} has no diff to comment on (binary, too large or without changed text)`
    };
  }
  const place = locate(diff, f);
  if ('why' in place) return { ok: false, path: f.path, ...place };
  const startLine = rangeStart(diff, f, place);
  return startLine === undefined
    ? { ok: true, path: diff.path, line: place.line, side: place.side }
    : { ok: true, path: diff.path, line: place.line, side: place.side, startLine, startSide: place.side };
}

/** Whitespace differences are the model's copying, not a different line. */
function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * The quoted code of `line`. A quote of several lines (a range) ends with the code of `line`,
 * which is the last line of the range.
 */
function quotedLine(quote: string): string {
  return (
    quote
      .split('\n')
      .map(normalise)
      .filter((l) => l !== '')
      .at(-1) ?? ''
  );
}

function locate(diff: FileDiff, f: AnchorRequest): Place | { why: 'outside' | 'quote'; reason: string } {
  const quote = quotedLine(f.quote);
  const cited = diff.textAt(f.line, f.side);
  // At the cited line a fragment of the code confirms it; elsewhere only the whole line is
  // specific enough to move a finding to.
  if (cited !== undefined && normalise(cited).includes(quote)) return { line: f.line, side: f.side };

  const where = `${f.side} line ${f.line} of ${f.path}`;
  const outside = `is outside the diff hunks (${f.side} lines in hunks: ${hunkSpans(diff, f.side)})`;
  if (quote === '') return { why: 'outside', reason: `${where} ${outside} and no quote was given to find the line by` };
  for (const side of [f.side, f.side === 'RIGHT' ? 'LEFT' : 'RIGHT'] as const) {
    const line = nearestMatch(diff, side, quote, f.line);
    if (line !== undefined) return { line, side };
  }
  const found = cited === undefined ? outside : `reads "${clip(normalise(cited))}"`;
  return {
    why: cited === undefined ? 'outside' : 'quote',
    reason: `${where} ${found}, and the quote "${clip(quote)}" matches no line of the diff on either side`
  };
}

/** Nearest to the cited number; lines come in file order, so of two equally near, the earlier. */
function nearestMatch(diff: FileDiff, side: Side, quote: string, cited: number): number | undefined {
  let best: number | undefined;
  let bestDistance = Infinity;
  for (const line of diff.commentableLines(side)) {
    if (normalise(diff.textAt(line, side) ?? '') !== quote) continue;
    const distance = Math.abs(line - cited);
    if (distance < bestDistance) [best, bestDistance] = [line, distance];
  }
  return best;
}

/** A range moves with its line and must stay within that line's hunk; otherwise it is dropped. */
function rangeStart(diff: FileDiff, f: AnchorRequest, place: Place): number | undefined {
  if (f.startLine === undefined || place.side !== f.side) return undefined;
  const start = f.startLine + (place.line - f.line);
  if (start >= place.line) return undefined;
  return diff.hunkAt(start, place.side) === diff.hunkAt(place.line, place.side) ? start : undefined;
}

function hunkSpans(diff: FileDiff, side: Side): string {
  const spans = diff.hunks
    .map((h) => (side === 'RIGHT' ? [h.newStart, h.newLines] : [h.oldStart, h.oldLines]) as [number, number])
    .filter(([, count]) => count > 0)
    .map(([start, count]) => formatSpan(start, count));
  return spans.length > 0 ? spans.join(', ') : 'none';
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
