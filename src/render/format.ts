/** Pieces every rendering shares: severity labels, numbers, locations, tables, and fitting a cap. */
import type { Finding } from '../engine/finding.js';
import type { Coverage, ReviewResult } from '../engine/review.js';
import { SEVERITIES, type Severity } from '../loop/schema.js';
import { cellCode, escapeMarkdownInline, markdownCell } from './escape.js';

/** GitHub's limit on an issue or review comment body. */
export const MAX_COMMENT = 65_536;
/** GitHub's limit on a check run's `output.summary` and `output.text`. */
export const MAX_CHECK = 65_535;
/** `core.summary` refuses a job summary over 1 MiB. */
export const MAX_JOB_SUMMARY_BYTES = 1024 * 1024;

const BADGES: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };

export function severityLabel(severity: Severity): string {
  return `${BADGES[severity]} ${severity[0]!.toUpperCase()}${severity.slice(1)}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Four decimals: a cheap run costs fractions of a cent, and that is worth seeing. */
export function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** "2 verified findings (1 high, 1 low)", or "No verified findings". */
export function findingsPhrase(verified: readonly Finding[]): string {
  if (verified.length === 0) return 'No verified findings';
  const bySeverity = SEVERITIES.flatMap((s) => {
    const n = verified.filter((f) => f.severity === s).length;
    return n > 0 ? [`${formatCount(n)} ${s}`] : [];
  });
  return `${plural(verified.length, 'verified finding')} (${bySeverity.join(', ')})`;
}

/** The outcome of a review in a few words, for titles. */
export function outcomeOf(result: ReviewResult): string {
  if (result.status === 'failed') return 'Review failed';
  const findings = findingsPhrase(result.verified);
  if (result.dryRun) return `Dry run · ${findings}`;
  if (result.status === 'partial') return `Review partial · ${findings}`;
  return findings;
}

/** Why the review is partial or failed, on one line; empty when it is complete. */
export function reasonsLine(result: ReviewResult, textBudget: number, maxReasons: number): string {
  if (result.status === 'complete' || result.reasons.length === 0) return '';
  const reasons = result.reasons.slice(0, maxReasons).map((r) => escapeMarkdownInline(clip(r, textBudget)));
  const hidden = result.reasons.length - reasons.length;
  return `**Review ${result.status}:** ${[...reasons, ...(hidden > 0 ? [`${formatCount(hidden)} more`] : [])].join('; ')}.`;
}

export function dryRunLine(): string {
  return '**Dry run** — no model was called; the findings are samples.';
}

export function escalationLine(result: ReviewResult, textBudget: number): string {
  if (!result.escalated) return '';
  const why = result.escalation ? ` ${escapeMarkdownInline(clip(result.escalation, textBudget))}` : '';
  return `**A human should review this pull request:** the checker did not confirm enough of the findings.${why}`;
}

/**
 * Dry run, why the review is partial, escalation: the paragraphs under an outcome, as they apply.
 * Paragraphs, because check runs and job summaries join plain line breaks into one line.
 */
export function statusParagraphs(result: ReviewResult, maxReasons: number, textBudget: number): string[] {
  return [result.dryRun ? dryRunLine() : '', reasonsLine(result, textBudget, maxReasons), escalationLine(result, textBudget)].filter((line) => line !== '');
}

export function coverageLine(c: Coverage): string {
  return [
    `${formatCount(c.filesReviewed)} of ${plural(c.filesTotal, 'file')}`,
    `${formatCount(c.linesReviewed)} of ${plural(c.linesTotal, 'changed line')}`,
    plural(c.batches, 'batch', 'batches')
  ].join(' · ');
}

export function usageLine(result: ReviewResult): string {
  return [plural(result.tokens, 'token'), formatCost(result.costUsd), plural(result.calls.length, 'model call'), formatDuration(result.durationMs)].join(' · ');
}

/** Most severe first, then by place, so the table reads like the diff. */
export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || byCodePoint(a.path, b.path) || lineOf(a) - lineOf(b);
}

/** Paths sorted as git sorts them, and without the cost of a locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The line GitHub shows the finding on, or the maker's line when it could not be placed. */
export function lineOf(f: Finding): number {
  return f.anchor.ok ? f.anchor.line : f.line;
}

/** Paths run to hundreds of characters in generated trees; the ends say which file it is. */
export function displayPath(path: string): string {
  const max = 160;
  return path.length <= max ? path : `${path.slice(0, 60)}…${path.slice(-(max - 61))}`;
}

export function locationCell(f: Finding): string {
  return cellCode(`${displayPath(f.path)}:${lineOf(f)}`);
}

/** The verified findings as a table, most severe first. */
export function findingsTable(findings: readonly Finding[], rows: number, textBudget: number): string {
  const sorted = [...findings].sort(bySeverity);
  const shown = sorted.slice(0, rows);
  const body = table(
    ['Severity', 'Location', 'Category', 'Finding'],
    shown.map((f) => [severityLabel(f.severity), locationCell(f), f.category, markdownCell(clip(f.claim, textBudget))])
  );
  return withMore(body, sorted.length - shown.length);
}

/** `cells` must already be escaped for a table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A collapsed section; `summary` must already be escaped for HTML. */
export function folded(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** `body` followed by a note of how many items it leaves out. */
export function withMore(body: string, hidden: number): string {
  const note = hidden > 0 ? `_${formatCount(hidden)} more not shown._` : '';
  return [body, note].filter((part) => part !== '').join('\n\n');
}

/** At most `max` characters, ending in "…" when cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * The first rendering, from the most detailed level down, whose size is within `cap`; the last
 * level is the smallest rendering there is and is returned when none fits.
 */
export function fit<L>(cap: number, levels: readonly L[], render: (level: L) => string, size: (text: string) => number = (t) => t.length): string {
  let text = '';
  for (const level of levels) {
    text = render(level);
    if (size(text) <= cap) break;
  }
  return text;
}

/** The body every review report shares: status, verified findings, coverage, spend. */
export function reviewParagraphs(result: ReviewResult, rows: number, text: number): string[] {
  return [
    ...statusParagraphs(result, rows, text),
    result.verified.length > 0 ? findingsTable(result.verified, rows, text) : '',
    `**Coverage:** ${coverageLine(result.coverage)}`,
    usageLine(result)
  ];
}
