/**
 * LoopKit's answers to comment commands: the help list, the one-line refusal, outcome lines, and
 * the note an ignored finding leaves in the review summary (which keeps its state pointer last).
 */
import { codeSpan, escapeMarkdownInline, sanitizeModelInline } from './escape.js';
import { clip, MAX_COMMENT, table } from './format.js';
import { reviewRecordMarker, withoutReviewRecord, type ReviewRecord } from './markers.js';

export interface CommandHelp {
  command: string;
  loop: string;
  description?: string;
  /** Where the loop runs: pull requests (review loops) or issues (triage loops). */
  on: 'pull requests' | 'issues';
}

export function helpReply(commands: readonly CommandHelp[], unknown?: string): string {
  const rows = [
    ...commands.map((c) => [
      codeSpan(`/loopkit ${c.command}`),
      `${escapeMarkdownInline(c.loop)} on ${c.on}${c.description ? `: ${escapeMarkdownInline(clip(c.description, 200))}` : ''}`
    ]),
    [codeSpan('/loopkit ignore'), 'as a reply in the thread of a LoopKit review comment: that finding is not reported on this pull request again'],
    [codeSpan('/loopkit fixed'), 'as a reply in the thread of a LoopKit review comment: that finding counts as fixed'],
    [codeSpan('/loopkit reopen'), 'as a reply in the thread of a LoopKit review comment: that finding counts as open again'],
    [codeSpan('/loopkit recheck'), 'on a pull request: the checker is asked again whether each open finding is still present (no full review)'],
    [codeSpan('/loopkit help'), 'this list']
  ];
  return [
    unknown ? `${codeSpan(`/loopkit ${unknown}`)} is not a LoopKit command in this repository.` : '**LoopKit commands**',
    table(['Command', 'What it does'], rows),
    'Only people with write access to the repository can run commands.'
  ].join('\n\n');
}

export function deniedReply(word: string): string {
  return `Only people with write access to this repository can run LoopKit commands; ${codeSpan(`/loopkit ${word}`)} was not run.`;
}

export function failedReply(word: string, reasons: readonly string[]): string {
  return `${codeSpan(`/loopkit ${word}`)} did not finish: ${reasons.map((r) => escapeMarkdownInline(clip(r, 300))).join('; ')}.`;
}

/**
 * The review summary with a note on the finding just ignored, its review record moved to the end
 * again (pointing at the state saved with the finding ignored, or where it pointed before).
 */
export function withIgnoredNote(summary: string, finding: { path?: string; claim?: string; fingerprint: string }, record: ReviewRecord | undefined): string {
  const what = finding.claim
    ? `${finding.path ? `${codeSpan(finding.path)} — ` : ''}${sanitizeModelInline(clip(finding.claim, 300))}`
    : codeSpan(finding.fingerprint);
  const note = `> [!NOTE]\n> Ignored on request (${codeSpan('/loopkit ignore')}): ${what}`;
  const marker = record ? `\n\n${reviewRecordMarker(record)}` : '';
  const body = withoutReviewRecord(summary);
  const withNote = `${body}\n\n${note}${marker}`;
  // A summary already at GitHub's limit keeps its record rather than the note.
  return withNote.length <= MAX_COMMENT ? withNote : `${body}${marker}`;
}
