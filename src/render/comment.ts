/** A pull request review: the inline comment of each finding, and the review's own body. */
import { formatSuggestion } from '../diff/suggestion.js';
import type { Finding } from '../engine/finding.js';
import { escapeHtml, escapeMarkdownInline, holdsControls, sanitizeModelInline, sanitizeModelMarkdown } from './escape.js';
import { clip, fit, folded, MAX_COMMENT, percent, plural, severityLabel } from './format.js';
import { findingMarker, holdsMarkerLikeText, postedMarker } from './markers.js';
import { NOT_PLACED_INTRO, notPlacedList } from './not-placed.js';

export interface FindingCommentOptions {
  /** The exact replacement, already checked with `suggestionApplies`. */
  suggestion?: string;
  dryRun: boolean;
}

/** A claim is one sentence; a longer one is cut so the first line stays a title. */
const CLAIM_MAX = 1_000;
/** Characters kept of each explanation (evidence, fix, the checker's evidence), from all to none. */
const TEXT_BUDGETS = [Infinity, 4_000, 1_000, 300, 0];

export function findingComment(finding: Finding, options: FindingCommentOptions): string {
  const suggestion = options.suggestion === undefined ? '' : (unpostable(options.suggestion) ?? formatSuggestion(options.suggestion));
  // A cut suggestion would be wrong code, so it is dropped whole once nothing else can shrink.
  const levels = [...TEXT_BUDGETS.map((budget) => ({ budget, suggestion })), { budget: 0, suggestion: '_The suggested change is too long for a comment._' }];
  return fit(MAX_COMMENT, levels, (level) => renderComment(finding, options.dryRun, level.budget, level.suggestion));
}

/**
 * Why a suggestion cannot be posted, when it cannot. GitHub commits a suggestion's text exactly
 * as written, so text that must not reach a comment (a marker-like HTML comment, terminal escapes,
 * control or bidi characters) cannot be neutralised without changing the code: it is left out.
 */
function unpostable(replacement: string): string | undefined {
  if (holdsMarkerLikeText(replacement))
    return '_The suggested change is left out: its code holds an HTML comment naming LoopKit, which LoopKit does not post._';
  if (holdsControls(replacement))
    return '_The suggested change is left out: its code holds control characters (terminal escapes or bidirectional overrides), which LoopKit does not post._';
  return undefined;
}

/** The claim of a finding comment as renderComment writes it (its first line, after the severity and category); undefined for any other text. */
export function readFindingClaim(body: string): string | undefined {
  return /^\*\*[^*\n]+ · [^*\n]+\*\* — (.+)$/.exec(body.replace(/\r\n/g, '\n').split('\n')[0] ?? '')?.[1]?.trim() || undefined;
}

function renderComment(f: Finding, dryRun: boolean, budget: number, suggestion: string): string {
  const evidence = clip(f.evidence, budget);
  const fix = clip(f.fix ?? '', budget);
  return [
    `**${severityLabel(f.severity)} · ${f.category}** — ${sanitizeModelInline(clip(f.claim, CLAIM_MAX))}`,
    dryRun ? '_Dry run — no model was called; this finding is a sample._' : '',
    evidence === '' ? '' : sanitizeModelMarkdown(evidence),
    fix === '' ? '' : fixBlock(fix),
    suggestion,
    verdictDetails(f, budget),
    findingMarker(f.fingerprint)
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** A one-line fix reads best beside its label; a longer one must start its own block. */
function fixBlock(fix: string): string {
  return fix.includes('\n') ? `**Fix:**\n\n${sanitizeModelMarkdown(fix)}` : `**Fix:** ${sanitizeModelInline(fix)}`;
}

const VERDICT_WORDS = { confirmed: 'Verified by', refuted: 'Refuted by', uncertain: 'Left uncertain by' } as const;

function verdictDetails(f: Finding, budget: number): string {
  const v = f.verdict;
  const summary = v ? `${VERDICT_WORDS[v.kind]} ${escapeHtml(v.checker)} (confidence ${percent(v.confidence)})` : 'Not verified by a checker';
  const evidence = clip(v?.evidence ?? '', budget);
  const reporters = `Reported by ${f.sources.map(escapeMarkdownInline).join(', ')}.`;
  return folded(summary, [evidence === '' ? '' : sanitizeModelMarkdown(evidence), reporters].filter((part) => part !== '').join('\n\n'));
}

/** Rows and characters per text of the review body, most first. */
const BODY_LEVELS = [
  { rows: Infinity, text: Infinity },
  { rows: 100, text: 600 },
  { rows: 30, text: 150 },
  { rows: 10, text: 80 }
];

/**
 * The body of the review that carries the inline comments. Findings without an inline comment
 * are written out in it, so they reach the pull request with the review.
 */
export function reviewBody(notPlaced: readonly Finding[], options: { loop: string }): string {
  const title = `**LoopKit · ${escapeMarkdownInline(options.loop)}**`;
  if (notPlaced.length === 0) return `${title} — the verified findings are on the lines below; the summary comment has the whole review.`;
  // The marker lets a run that lost its state see that these findings were already posted.
  const marker = postedMarker(notPlaced.map((f) => f.fingerprint));
  return fit(MAX_COMMENT, BODY_LEVELS, ({ rows, text }) =>
    [
      `${title} — ${plural(notPlaced.length, 'verified finding')} without an inline comment.`,
      NOT_PLACED_INTRO,
      notPlacedList(notPlaced, rows, text),
      marker
    ].join('\n\n')
  );
}
