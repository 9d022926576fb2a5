/**
 * GitHub suggested changes: a ```suggestion block in a review comment replaces the commented
 * RIGHT lines (startLine..line) with the block's lines when the author clicks "Commit suggestion".
 */
import type { FileDiff } from './file-diff.js';
import type { Anchor } from './types.js';

/** Whether GitHub can apply `replacement` at `anchor`, and applying it would change something. */
export function suggestionApplies(diff: FileDiff, anchor: Anchor, replacement: string): boolean {
  if (!anchor.ok || anchor.path !== diff.path || anchor.side !== 'RIGHT') return false;
  if (anchor.startSide !== undefined && anchor.startSide !== 'RIGHT') return false;
  const first = anchor.startLine ?? anchor.line;
  if (first > anchor.line) return false;
  const hunk = diff.hunkAt(anchor.line, 'RIGHT');
  const current: string[] = [];
  for (let line = first; line <= anchor.line; line++) {
    const text = diff.textAt(line, 'RIGHT');
    if (text === undefined || diff.hunkAt(line, 'RIGHT') !== hunk) return false;
    current.push(text);
  }
  const proposed = replacementLines(replacement);
  return proposed.length !== current.length || proposed.some((text, i) => text !== current[i]);
}

/**
 * The suggestion block for a comment body. Its fence is longer than any run of backticks in the
 * replacement, so fences inside the code (a Markdown file, a template string) cannot close it.
 */
export function formatSuggestion(replacement: string): string {
  const longestRun = (replacement.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}suggestion`, ...replacementLines(replacement), fence].join('\n');
}

/**
 * The lines a replacement puts in place. A final line feed ends the last line rather than adding
 * an empty one, and an empty replacement deletes the lines.
 */
function replacementLines(replacement: string): string[] {
  const text = replacement.replace(/\r\n/g, '\n');
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  return body === '' ? [] : body.split('\n');
}
