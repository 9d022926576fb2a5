/**
 * The sticky summary comment of a loop on a pull request: what the review concluded first, the
 * verified findings next (with those that could not be posted inline in full, so none is lost),
 * then everything a curious reader may open: refuted and uncertain findings, coverage, rounds,
 * failures. Over GitHub's size limit the collapsed sections shrink first.
 */
import type { Finding } from '../engine/finding.js';
import type { ReviewResult } from '../engine/review.js';
import { codeSpan, escapeMarkdownInline, markdownCell, sanitizeModelInline, sanitizeModelMarkdown } from './escape.js';
import {
  bySeverity,
  clip,
  coverageLine,
  displayPath,
  dryRunLine,
  escalationLine,
  findingsTable,
  fit,
  folded,
  formatCount,
  locationCell,
  MAX_COMMENT,
  outcomeOf,
  percent,
  plural,
  reasonsLine,
  severityLabel,
  shortSha,
  table,
  usageLine,
  withMore
} from './format.js';
import { livesSection, type LifeRow } from './lifecycle.js';
import { reviewRecordMarker, summaryMarker, type ReviewRecord } from './markers.js';
import { NOT_PLACED_INTRO, notPlacedList } from './not-placed.js';

export interface SummaryInput {
  result: ReviewResult;
  lrs?: { score: number; grade: string };
  runUrl?: string;
  /** Inline comments posted by this run. */
  posted: number;
  /** Verified findings without an inline comment that the summary lists: not anchored to the diff, or over the comment limit, and not in the review's body. */
  notPlaced: Finding[];
  /** Verified findings without an inline comment that the review's body lists (counted here, not listed twice). */
  inReviewBody?: number;
  /** Findings of earlier runs that closed in this run (fixed, or their file left the pull request). */
  outdated?: { path: string; claim: string }[];
  /** Every finding posted on the pull request, by state (lifecycle.ts). */
  lives?: LifeRow[];
  /** What LoopKit reviewed, recorded at the end of the summary (markers.ts). */
  record?: ReviewRecord;
  headSha: string;
  /** Set when only part of the pull request was read: the plan's note says which part and why. */
  incremental?: { note: string };
}

/** How much of each part is shown: text in characters per item, rows per list. */
interface Detail {
  foldedText: number;
  foldedRows: number;
  openText: number;
  openRows: number;
}

const LADDER: readonly Detail[] = [
  { foldedText: Infinity, foldedRows: Infinity, openText: Infinity, openRows: Infinity },
  { foldedText: 400, foldedRows: 100, openText: Infinity, openRows: Infinity },
  { foldedText: 120, foldedRows: 20, openText: Infinity, openRows: Infinity },
  { foldedText: 0, foldedRows: 0, openText: Infinity, openRows: Infinity },
  { foldedText: 0, foldedRows: 0, openText: 600, openRows: 200 },
  { foldedText: 0, foldedRows: 0, openText: 150, openRows: 50 },
  { foldedText: 0, foldedRows: 0, openText: 80, openRows: 20 }
];

/** Skipped files listed at most; the rest are counted. */
const SKIPPED_SHOWN = 50;
/** A walkthrough longer than this is collapsed. */
const WALKTHROUGH_OPEN_MAX = 600;

export function summaryComment(input: SummaryInput): string {
  return fit(MAX_COMMENT, LADDER, (detail) => render(input, detail));
}

function render(input: SummaryInput, d: Detail): string {
  const { result } = input;
  return [
    summaryMarker(result.loop),
    title(input),
    statusLines(input, d),
    escalation(result, d),
    walkthrough(result, d),
    verifiedSection(input, d),
    notPlacedSection(input.notPlaced, d),
    verdictSection(
      'Refuted',
      result.findings.filter((f) => f.verdict?.kind === 'refuted'),
      d
    ),
    verdictSection(
      'Uncertain',
      result.findings.filter((f) => f.verdict?.kind === 'uncertain'),
      d
    ),
    unverifiedSection(result, d),
    outdatedSection(input.outdated ?? [], d),
    livesSection(input.lives ?? [], d.foldedRows, d.foldedText),
    coverageSection(result, d),
    roundsSection(result, d),
    failuresSection(result, d),
    footer(input),
    input.record ? reviewRecordMarker(input.record) : ''
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function title({ result }: SummaryInput): string {
  return `### LoopKit · ${escapeMarkdownInline(result.loop)} — ${outcomeOf(result)}`;
}

function statusLines({ result, headSha, incremental }: SummaryInput, d: Detail): string {
  const reviewed = incremental
    ? `Reviewed ${codeSpan(shortSha(headSha))}: ${escapeMarkdownInline(incremental.note)}.`
    : `Reviewed ${codeSpan(shortSha(headSha))}.`;
  return [result.dryRun ? dryRunLine() : '', reasonsLine(result, d.openText, d.openRows), reviewed].filter((line) => line !== '').join('\n');
}

function escalation(result: ReviewResult, d: Detail): string {
  return result.escalated ? `> [!WARNING]\n> ${escalationLine(result, d.openText)}` : '';
}

function walkthrough(result: ReviewResult, d: Detail): string {
  const entries = result.walkthrough.filter((w) => w.trim() !== '');
  if (entries.length === 0) return '';
  const length = entries.reduce((n, w) => n + w.length, 0);
  if (length <= WALKTHROUGH_OPEN_MAX) return `**Walkthrough**\n\n${entries.map(sanitizeModelMarkdown).join('\n\n')}`;
  const shown = entries.slice(0, d.foldedRows).map((w) => sanitizeModelMarkdown(clip(w, d.foldedText)));
  return folded('Walkthrough', withMore(shown.join('\n\n'), entries.length - shown.length));
}

function verifiedSection({ result, posted, notPlaced, inReviewBody = 0 }: SummaryInput, d: Detail): string {
  if (result.verified.length === 0) return '';
  const placement = `${[
    `${formatCount(posted)} posted inline`,
    ...(inReviewBody > 0 ? [`${formatCount(inReviewBody)} listed in the review's body`] : []),
    ...(notPlaced.length > 0 ? [`${formatCount(notPlaced.length)} listed below`] : [])
  ].join(', ')}.`;
  return [`#### Verified findings (${formatCount(result.verified.length)})`, placement, findingsTable(result.verified, d.openRows, d.openText)].join('\n\n');
}

function notPlacedSection(notPlaced: readonly Finding[], d: Detail): string {
  if (notPlaced.length === 0) return '';
  return [`#### Not posted inline (${formatCount(notPlaced.length)})`, NOT_PLACED_INTRO, notPlacedList(notPlaced, d.openRows, d.openText)].join('\n\n');
}

function verdictSection(kind: 'Refuted' | 'Uncertain', findings: readonly Finding[], d: Detail): string {
  if (findings.length === 0) return '';
  const shown = [...findings].sort(bySeverity).slice(0, d.foldedRows);
  const rows = shown.map((f) => [locationCell(f), markdownCell(clip(f.claim, d.foldedText)), markdownCell(clip(f.verdict?.evidence ?? '', d.foldedText))]);
  return folded(
    `${kind} (${formatCount(findings.length)})`,
    withMore(rows.length > 0 ? table(['Location', 'Claim', "Checker's evidence"], rows) : '', findings.length - shown.length)
  );
}

/** Findings that are neither verified nor judged against: no verdict, or too little confidence. */
function unverifiedSection(result: ReviewResult, d: Detail): string {
  const verified = new Set(result.verified.map((f) => f.id));
  const findings = result.findings.filter((f) => !verified.has(f.id) && (f.verdict === undefined || f.verdict.kind === 'confirmed'));
  if (findings.length === 0) return '';
  const shown = [...findings].sort(bySeverity).slice(0, d.foldedRows);
  const rows = shown.map((f) => [
    locationCell(f),
    severityLabel(f.severity),
    markdownCell(clip(f.claim, d.foldedText)),
    f.verdict ? `confirmed with ${percent(f.verdict.confidence)} confidence` : 'no verdict'
  ]);
  return folded(
    `Not verified (${formatCount(findings.length)})`,
    withMore(rows.length > 0 ? table(['Location', 'Severity', 'Claim', 'Why'], rows) : '', findings.length - shown.length)
  );
}

function outdatedSection(outdated: readonly { path: string; claim: string }[], d: Detail): string {
  if (outdated.length === 0) return '';
  const shown = outdated.slice(0, d.foldedRows);
  const list = shown.map((o) => `- ${codeSpan(displayPath(o.path))} — ${sanitizeModelInline(clip(o.claim, d.foldedText))}`).join('\n');
  return folded(`Closed since the last review (${formatCount(outdated.length)})`, withMore(list, outdated.length - shown.length));
}

function coverageSection({ coverage, suppressed }: ReviewResult, d: Detail): string {
  const ignored = suppressed > 0 ? ` · ${plural(suppressed, 'finding')} ignored (\`/loopkit ignore\`)` : '';
  const line = `**Coverage:** ${coverageLine(coverage)}${ignored}`;
  if (coverage.skipped.length === 0) return line;
  const shown = coverage.skipped.slice(0, Math.min(SKIPPED_SHOWN, d.foldedRows));
  const list = shown.map((s) => `- ${codeSpan(displayPath(s.path))} — ${escapeMarkdownInline(s.reason)}`).join('\n');
  return `${line}\n\n${folded(`Left out (${formatCount(coverage.skipped.length)})`, withMore(list, coverage.skipped.length - shown.length))}`;
}

function roundsSection({ rounds }: ReviewResult, d: Detail): string {
  if (rounds.length === 0) return '';
  const shown = rounds.slice(0, d.foldedRows);
  const rows = shown.map((r) => [r.batch, r.round, r.findings, r.confirmed, r.refuted, r.uncertain, percent(r.score), r.passed ? 'yes' : 'no'].map(String));
  const body = rows.length > 0 ? table(['Batch', 'Round', 'Findings', 'Confirmed', 'Refuted', 'Uncertain', 'Score', 'Passed'], rows) : '';
  return folded(`Rounds (${formatCount(rounds.length)})`, withMore(body, rounds.length - shown.length));
}

function failuresSection({ failures }: ReviewResult, d: Detail): string {
  if (failures.length === 0) return '';
  const shown = failures.slice(0, d.foldedRows);
  const list = shown
    .map(
      (f) =>
        `- ${escapeMarkdownInline(f.agent)} · batch ${f.batch}, round ${f.round} · ${escapeMarkdownInline(f.kind)}: ${sanitizeModelInline(clip(f.message, d.foldedText))}`
    )
    .join('\n');
  return folded(`Failures (${formatCount(failures.length)})`, withMore(list, failures.length - shown.length));
}

function footer({ result, lrs, runUrl }: SummaryInput): string {
  return [usageLine(result), lrs ? `LRS ${lrs.score} (${escapeMarkdownInline(lrs.grade)})` : '', runUrl ? `[Run](${runUrl})` : '']
    .filter((part) => part !== '')
    .join(' · ');
}
