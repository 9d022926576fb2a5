/**
 * Verified findings that have no inline comment (their line is outside the diff, or they went over
 * the comment limit), written out in full under their file so that none is lost.
 */
import type { Finding } from '../engine/finding.js';
import { codeSpan, escapeMarkdownInline, sanitizeModelInline, sanitizeModelMarkdown } from './escape.js';
import { bySeverity, clip, displayPath, lineOf, severityLabel, withMore } from './format.js';

export const NOT_PLACED_INTRO = 'These verified findings could not be attached to a line of the diff, or went over the comment limit.';

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

function notPlacedFinding(f: Finding, text: number): string {
  const why = f.anchor.ok ? 'over the comment limit' : escapeMarkdownInline(f.anchor.reason);
  const evidence = clip(f.evidence, text);
  return [
    `**${severityLabel(f.severity)} · ${f.category}** · line ${lineOf(f)} — ${sanitizeModelInline(clip(f.claim, text))}`,
    evidence === '' ? '' : sanitizeModelMarkdown(evidence),
    `_Not posted inline: ${why}._`
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}
