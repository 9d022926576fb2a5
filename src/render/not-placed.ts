/**
 * Verified findings that have no inline comment (their line is outside the diff, or they went over
 * the comment limit), written out in full under their file so that none is lost, each with why in
 * plain words. One module for the review body and the summary, the action and the CLI; a finding is
 * listed in one of them, never both (flows/review.ts).
 */
import type { Finding } from '../engine/finding.js';
import { codeSpan, sanitizeModelInline, sanitizeModelMarkdown } from './escape.js';
import { bySeverity, clip, displayPath, lineOf, severityLabel, withMore } from './format.js';

export const NOT_PLACED_INTRO = 'These verified findings have no comment on their line; each says why.';

/** At most `rows` findings, with `text` characters of claim and evidence each. */
export function notPlacedList(findings: readonly Finding[], rows: number, text: number): string {
  const shown = [...findings].sort(bySeverity).slice(0, rows);
  const byPath = new Map<string, Finding[]>();
  for (const f of shown) {
    const inFile = byPath.get(f.path);
    if (inFile) inFile.push(f);
    else byPath.set(f.path, [f]);
  }
  const files = [...byPath].map(([path, inFile]) => [`**${codeSpan(displayPath(path))}**`, ...inFile.map((f) => notPlacedFinding(f, text))].join('\n\n'));
  return withMore(files.join('\n\n'), findings.length - shown.length);
}

/**
 * Why a finding is listed instead of commented on its line, in the words of someone reading the
 * pull request (the anchor's own reason, with sides and hunk spans, is for the maker that cited it).
 */
export function notPlacedReason(f: Finding): string {
  const path = codeSpan(displayPath(f.path));
  const line = `line ${lineOf(f)} of ${path}${f.side === 'LEFT' ? ' (before the change)' : ''}`;
  const why = f.anchor.ok
    ? 'it went over the number of inline comments the loop allows, or GitHub refused the comment'
    : {
        file: `${path} is not one of the files this pull request changes`,
        'no-diff': `${path} has no diff to comment on (binary, too large or without changed text)`,
        outside: `${line} is not part of this pull request's changes`,
        quote: `the code it quotes is not on ${line} or on any other changed line`
      }[f.anchor.why];
  return `${why.charAt(0).toUpperCase()}${why.slice(1)}, so it is listed here instead of inline.`;
}

function notPlacedFinding(f: Finding, text: number): string {
  const evidence = clip(f.evidence, text);
  return [
    `**${severityLabel(f.severity)} · ${f.category}** · line ${lineOf(f)} — ${sanitizeModelInline(clip(f.claim, text))}`,
    evidence === '' ? '' : sanitizeModelMarkdown(evidence),
    `_${notPlacedReason(f)}_`
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}
