/** Check run outputs: the review check, the Loop Readiness Score check and its annotations. */
import type { Finding } from '../engine/finding.js';
import type { ReviewResult } from '../engine/review.js';
import type { LifeStatus } from '../engine/lifecycle.js';
import type { Severity } from '../loop/schema.js';
import type { DimensionStatus, LrsReport } from '../lrs/types.js';
import { escapeMarkdownInline, markdownCell, sanitizeModelInline, sanitizeModelMarkdown, stripControls } from './escape.js';
import { findingsCountLine } from './lifecycle.js';
import {
  bySeverity,
  clip,
  displayPath,
  fit,
  lineOf,
  MAX_CHECK,
  outcomeOf,
  percent,
  plural,
  reviewParagraphs,
  severityLabel,
  table,
  withMore
} from './format.js';

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface ReviewCheckOptions {
  /** The severity gate; `none` (or nothing) when findings never fail the check. */
  failOn?: Severity | 'none';
  conclusion: CheckConclusion;
  /** Why the check concludes as it does, in a sentence. */
  reason?: string;
  /** The title, when the gate knows more than this run's result (findings still open from earlier reviews). */
  title?: string;
  /** The pull request's findings counted by state and severity: the summary's last line, for workflows to read. */
  counts?: Record<LifeStatus, Partial<Record<Severity, number>>>;
}

const CONCLUSION_WORDS: Record<CheckConclusion, string> = {
  success: '✅ Passed',
  failure: '❌ Failed',
  neutral: '⚪ Neutral',
  cancelled: '⚪ Cancelled',
  skipped: '⚪ Skipped',
  timed_out: '❌ Timed out',
  action_required: '⚠️ Action required'
};

/** Rows and characters per text shown, most first. */
const LEVELS = [
  { rows: Infinity, text: Infinity },
  { rows: 200, text: 600 },
  { rows: 50, text: 150 },
  { rows: 20, text: 80 }
];

export function reviewCheckOutput(result: ReviewResult, options: ReviewCheckOptions): CheckOutput {
  const summary = fit(MAX_CHECK, LEVELS, (level) => reviewSummary(result, options, level.rows, level.text));
  const title = options.title ?? reviewTitle(result);
  if (result.verified.length === 0) return { title, summary };
  const text = fit(MAX_CHECK, LEVELS, (level) => verifiedDetails(result.verified, level.rows, level.text));
  return { title, summary, text };
}

/** Longest check title; the summary under it has every reason in full. */
const MAX_TITLE = 240;

/**
 * The outcome, and for a review that is partial or failed the reasons too: the title is what a
 * pull request's checks list shows, and "neutral" alone would not say that a provider was down, a
 * budget ran out or the checker left findings unsettled.
 */
function reviewTitle(result: ReviewResult): string {
  const outcome = result.escalated ? `${outcomeOf(result)} · verification unsettled, a person decides` : outcomeOf(result);
  if (result.status === 'complete' || result.reasons.length === 0) return outcome;
  return clip(`${outcome}: ${stripControls(result.reasons.join('; ')).replace(/\s+/g, ' ')}`, MAX_TITLE);
}

function reviewSummary(result: ReviewResult, options: ReviewCheckOptions, rows: number, text: number): string {
  const verdict = `**${CONCLUSION_WORDS[options.conclusion]}**${options.reason ? ` — ${sanitizeModelInline(clip(options.reason, text))}` : ''}`;
  const gate =
    options.failOn && options.failOn !== 'none'
      ? `Fails on verified findings of severity ${options.failOn} or above.`
      : 'No severity gate: findings do not fail this check.';
  return [verdict, gate, ...reviewParagraphs(result, rows, text), options.counts ? findingsCountLine(options.counts) : '']
    .filter((part) => part !== '')
    .join('\n\n');
}

/** Each verified finding with its evidence, for readers of the Checks tab. */
function verifiedDetails(verified: readonly Finding[], rows: number, text: number): string {
  const sorted = [...verified].sort(bySeverity);
  const shown = sorted.slice(0, rows).map((f) => {
    const v = f.verdict;
    return [
      `#### ${severityLabel(f.severity)} · ${f.category} · ${escapeMarkdownInline(`${displayPath(f.path)}:${lineOf(f)}`)}`,
      sanitizeModelInline(clip(f.claim, text)),
      sanitizeModelMarkdown(clip(f.evidence, text)),
      v ? `_Verified by ${escapeMarkdownInline(v.checker)} (confidence ${percent(v.confidence)}):_ ${sanitizeModelInline(clip(v.evidence, text))}` : ''
    ]
      .filter((part) => part !== '')
      .join('\n\n');
  });
  return withMore(shown.join('\n\n'), sorted.length - shown.length);
}

const STATUS_WORDS: Record<DimensionStatus, string> = { ok: '✅ ok', warn: '⚠️ warn', fail: '❌ fail' };

/**
 * The scorer writes the LRS text in markdown, but it quotes the loop file (labels, models), which a
 * pull request can change: it is sanitised like model text.
 */
export function lrsCheckOutput(reports: readonly LrsReport[], options: { minLrs?: number }): CheckOutput {
  const summary = fit(MAX_CHECK, LEVELS, (level) => reports.map((r) => lrsSection(r, options.minLrs, level.rows, level.text)).join('\n\n'));
  const output: CheckOutput = { title: lrsTitle(reports), summary };
  const warned = reports.filter((r) => r.warnings.length > 0);
  if (warned.length === 0) return output;
  return { ...output, text: fit(MAX_CHECK, LEVELS, (level) => warned.map((r) => lrsWarnings(r, level.rows, level.text)).join('\n\n')) };
}

function lrsTitle(reports: readonly LrsReport[]): string {
  const [only] = reports;
  if (reports.length === 1 && only) return `LRS ${only.score} (${only.grade}) · ${only.loop}`;
  const lowest = [...reports].sort((a, b) => a.score - b.score)[0];
  return lowest ? `${reports.length} loops · lowest ${lowest.score} (${lowest.grade})` : 'No loops scored';
}

function lrsSection(report: LrsReport, minLrs: number | undefined, rows: number, text: number): string {
  const notes = [
    minLrs !== undefined && report.score < minLrs ? `**Below the minimum LRS of ${minLrs}.**` : '',
    report.gradeCappedBy ? `Grade held at ${report.grade} by: ${escapeMarkdownInline(report.gradeCappedBy)}.` : ''
  ].filter((note) => note !== '');
  const blockers = report.blockers
    .slice(0, rows)
    .map((b) => `- ⛔ ${sanitizeModelInline(clip(b.message, text))}${atLine(b.location)} — **Fix:** ${sanitizeModelInline(clip(b.fix, text))}`);
  const dimensions = report.dimensions.map((dim) => [
    escapeMarkdownInline(dim.name),
    `${dim.earned}/${dim.max}`,
    STATUS_WORDS[dim.status],
    dim.fix ? `${markdownCell(clip(dim.fix, text))}${atLine(dim.location)}` : ''
  ]);
  return [
    `### ${escapeMarkdownInline(report.loop)} — LRS ${report.score} (${report.grade})`,
    notes.join('\n'),
    report.blockers.length > 0 ? withMore(`**Blockers**\n\n${blockers.join('\n')}`, report.blockers.length - blockers.length) : '',
    table(['Dimension', 'Points', 'Status', 'Fix'], dimensions)
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function lrsWarnings(report: LrsReport, rows: number, text: number): string {
  const shown = report.warnings.slice(0, rows).map((w) => `- ${sanitizeModelInline(clip(w, text))}`);
  return withMore(
    [`### ${escapeMarkdownInline(report.loop)}: ${plural(report.warnings.length, 'warning')}`, shown.join('\n')].join('\n\n'),
    report.warnings.length - shown.length
  );
}

function atLine(location: { line: number } | undefined): string {
  return location ? ` (line ${location.line})` : '';
}

export interface LrsAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'warning' | 'failure';
  title: string;
  message: string;
}

/** Blockers and every dimension that lost points, on the loop file line the report points at (plain text, which quotes the loop file). */
export function lrsAnnotations(report: LrsReport, file: string): LrsAnnotation[] {
  const at = (location: { line: number; file?: string } | undefined) => ({
    path: location?.file ?? file,
    start_line: location?.line ?? 1,
    end_line: location?.line ?? 1
  });
  return [
    ...report.blockers.map((b): LrsAnnotation => ({
      ...at(b.location),
      annotation_level: 'failure',
      title: `LRS blocker (${b.id})`,
      message: stripControls(`${b.message}. Fix: ${b.fix}`)
    })),
    ...report.dimensions
      .filter((dim) => dim.earned < dim.max)
      .map((dim): LrsAnnotation => ({
        ...at(dim.location),
        annotation_level: dim.status === 'fail' ? 'failure' : 'warning',
        title: `LRS ${dim.name}: ${dim.earned}/${dim.max}`,
        message: stripControls([dim.reason, dim.fix ? `Fix: ${dim.fix}` : ''].filter((part) => part !== '').join('. '))
      }))
  ];
}
