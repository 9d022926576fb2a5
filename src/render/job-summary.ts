/**
 * The job summary on the run page: the LRS of every loop, the loops that did not run, then each
 * review as its check run shows it.
 */
import type { ReviewResult } from '../engine/review.js';
import type { LrsReport } from '../lrs/types.js';
import { escapeMarkdownInline } from './escape.js';
import { fit, MAX_JOB_SUMMARY_BYTES, outcomeOf, reviewParagraphs, table, withMore } from './format.js';

export interface JobSummaryInput {
  reviews: readonly ReviewResult[];
  lrs: readonly LrsReport[];
  skippedLoops: readonly { loop: string; reason: string }[];
  runUrl?: string;
}

/** Rows and characters per text shown, most first. */
const LEVELS = [
  { rows: Infinity, text: Infinity },
  { rows: 1_000, text: 600 },
  { rows: 200, text: 150 },
  { rows: 20, text: 80 }
];

export function jobSummary(input: JobSummaryInput): string {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  return fit(MAX_JOB_SUMMARY_BYTES, LEVELS, (level) => render(input, level.rows, level.text), bytes);
}

function render(input: JobSummaryInput, rows: number, text: number): string {
  return [
    '## LoopKit',
    input.lrs.length > 0
      ? table(
          ['Loop', 'LRS', 'Grade', 'Blockers'],
          input.lrs.map((r) => [escapeMarkdownInline(r.loop), String(r.score), r.grade, String(r.blockers.length)])
        )
      : '',
    input.skippedLoops.length > 0
      ? `**Not run:**\n\n${input.skippedLoops.map((s) => `- ${escapeMarkdownInline(s.loop)} — ${escapeMarkdownInline(s.reason)}`).join('\n')}`
      : '',
    ...input.reviews.map((review) => reviewSection(review, rows, text)),
    input.runUrl ? `[Run](${input.runUrl})` : ''
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function reviewSection(result: ReviewResult, rows: number, text: number): string {
  return [`### ${escapeMarkdownInline(result.loop)} — ${outcomeOf(result)}`, ...reviewParagraphs(result, rows, text), toolCalls(result, rows)]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** Every tool call the agents made (the arguments only as a digest: they may quote code or secrets). */
function toolCalls(result: ReviewResult, rows: number): string {
  const calls = result.calls.flatMap((call) => call.tools);
  if (calls.length === 0) return '';
  const shown = calls
    .slice(0, rows)
    .map((t) => [
      escapeMarkdownInline(t.agent),
      `\`${t.tool}\``,
      escapeMarkdownInline(t.source),
      `\`${t.argsDigest}\``,
      String(t.bytes),
      String(t.durationMs),
      t.ok ? '✓' : `✗ ${escapeMarkdownInline(t.error ?? '')}`
    ]);
  return `**Tool calls:** ${calls.length}\n\n${withMore(table(['Agent', 'Tool', 'Source', 'Arguments', 'Bytes', 'ms', 'OK'], shown), calls.length - shown.length)}`;
}
