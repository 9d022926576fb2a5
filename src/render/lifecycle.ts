/**
 * What LoopKit writes about a finding's life (engine/lifecycle.ts): the one reply that closes its
 * thread, the summary's list of the pull request's findings by state with links to their threads,
 * and the check output's machine-readable line of counts (one line a workflow can gate on).
 */
import type { LifeStatus } from '../engine/lifecycle.js';
import type { Severity } from '../loop/schema.js';
import { cellCode, escapeMarkdownInline, markdownCell } from './escape.js';
import { clip, displayPath, folded, formatCount, severityLabel, shortSha, table, withMore } from './format.js';

/** The one reply in a closed finding's thread: why it closed, and at which commit. */
export function closedReply(closed: { status: 'fixed' | 'outdated'; head: string }): string {
  return closed.status === 'fixed' ? `Fixed in ${shortSha(closed.head)}.` : `No longer part of this pull request (as of ${shortSha(closed.head)}).`;
}

/**
 * The commit a "fixed" reply names (closedReply), read from that exact text only: whose reply it is
 * (LoopKit's own identity) is for the GitHub side to check (github/feedback.ts).
 */
export function readFixedReply(body: string): string | undefined {
  return /^Fixed in ([0-9a-f]{7})\.$/.exec(body.replace(/\r\n/g, '\n').trim())?.[1];
}

/** One finding of the pull request as the summary lists it. */
export interface LifeRow {
  status: LifeStatus;
  severity: Severity;
  path: string;
  claim: string;
  /** The commit it was fixed in, or at which its file left the pull request. */
  closedIn?: string | undefined;
  dismissed?: { by: string; reason?: string | undefined } | undefined;
  /** Its review thread on GitHub. */
  url?: string | undefined;
}

const ORDER: readonly LifeStatus[] = ['open', 'fixed', 'dismissed', 'outdated'];
/** Only GitHub's own links to a comment are written as links. */
const THREAD_URL = /^https?:\/\/[^\s()<>]+#discussion_r\d+$/;

/** The pull request's findings by state, most pressing first; empty when there are none. */
export function livesSection(lives: readonly LifeRow[], rows: number, text: number): string {
  if (lives.length === 0) return '';
  const sorted = [...lives].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const shown = sorted.slice(0, rows);
  const counts = ORDER.flatMap((s) => {
    const n = lives.filter((l) => l.status === s).length;
    return n > 0 ? [`${formatCount(n)} ${s}`] : [];
  });
  const body = table(
    ['State', 'Severity', 'Location', 'Finding'],
    shown.map((l) => [stateCell(l), severityLabel(l.severity), locationCell(l), markdownCell(clip(l.claim, text))])
  );
  return folded(`Findings on this pull request (${counts.join(', ')})`, withMore(shown.length > 0 ? body : '', sorted.length - shown.length));
}

function stateCell(l: LifeRow): string {
  if (l.status === 'fixed' && l.closedIn) return `fixed in ${shortSha(l.closedIn)}`;
  if (l.status === 'dismissed' && l.dismissed) {
    // The reason is a person's text: a cell of prose, clipped.
    return markdownCell(`dismissed by ${l.dismissed.by}${l.dismissed.reason ? `: ${clip(l.dismissed.reason, 120)}` : ''}`);
  }
  return l.status;
}

function locationCell(l: LifeRow): string {
  const code = cellCode(displayPath(l.path));
  return l.url && THREAD_URL.test(l.url) ? `[${code}](${l.url})` : code;
}

/** The check output's line for other workflows: `loopkit-findings: {"open":{"high":1},"fixed":{},…}`. */
export function findingsCountLine(counts: Record<LifeStatus, Partial<Record<Severity, number>>>): string {
  return `loopkit-findings: ${JSON.stringify(counts)}`;
}

/** LoopKit's one answer to `/loopkit fixed` or `/loopkit reopen` in a finding's thread. */
export function markedReply(word: 'fixed' | 'reopen', by: string): string {
  return word === 'fixed' ? `Marked fixed by ${escapeMarkdownInline(by)}.` : `Reopened by ${escapeMarkdownInline(by)}: this finding counts again.`;
}
