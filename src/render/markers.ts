/**
 * Every hidden marker LoopKit writes, and the only code that reads one back. Markers carry what
 * LoopKit believes it did (which summary is its own, which findings it posted, which a maintainer
 * ignored, what it reviewed), so each is:
 * - written in exactly one form, at exactly one position of exactly one kind of comment;
 * - read only from that position (the summary and triage markers open a body, the others end it),
 *   so a marker-looking string quoted elsewhere in a body is never read;
 * - zod-checked when it carries data (the review record), so a damaged or hand-made payload reads
 *   as nothing rather than as something LoopKit did.
 * Whose comments are read at all is decided by the GitHub side (github/trust.ts: only comments
 * written by LoopKit's own identity); what goes into a body is escaped by render/escape.ts so
 * neither pull request text nor model text can write a marker.
 */
import { z } from 'zod';
import { Severity } from '../loop/schema.js';

const LOOP_NAME = /^[a-z0-9][a-z0-9-]*$/;
const FINGERPRINT = /^[A-Za-z0-9_-]+$/;
const FINGERPRINT_SOURCE = '[A-Za-z0-9_-]+';

function loopName(loop: string): string {
  if (!LOOP_NAME.test(loop)) throw new Error(`render: "${loop}" is not a loop name`);
  return loop;
}

function fingerprint(fp: string): string {
  if (!FINGERPRINT.test(fp)) throw new Error(`render: "${fp}" is not a finding fingerprint`);
  return fp;
}

// ---- the sticky summary of a review loop: opens the body -------------------------------------

export function summaryMarker(loop: string): string {
  return `<!-- loopkit:summary:${loopName(loop)} -->`;
}

/** The loop whose sticky summary `body` is. */
export function readSummaryMarker(body: string): string | undefined {
  return /^\s*<!-- loopkit:summary:([a-z0-9][a-z0-9-]*) -->/.exec(body)?.[1];
}

// ---- the one triage comment of a loop on an issue: opens the body ----------------------------

export function triageMarker(loop: string): string {
  return `<!-- loopkit:triage:${loopName(loop)} -->`;
}

// ---- the one answer to a refused command on an issue or pull request: opens the body ---------

/** Marks LoopKit's answer to the first command a reader typed on a thread: with it found, later ones get a reaction only. */
export function refusedMarker(): string {
  return '<!-- loopkit:refused -->';
}

// ---- the one comment of a generic loop on an issue or pull request: opens the body ------------

export function genericCommentMarker(loop: string): string {
  return `<!-- loopkit:generic:${loopName(loop)} -->`;
}

// ---- the one open pull request of a loop's lessons (`outputs.notes`): opens the body ----------

/** A moment as the lessons marker records it: an ISO time in UTC, to the millisecond. */
const READ_TO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * `readTo`: the time up to which the run that wrote the body read feedback (github/feedback.ts),
 * where the learning loop's next run starts reading.
 */
export function lessonsMarker(loop: string, readTo?: number): string {
  return `<!-- loopkit:lessons:${loopName(loop)}${readTo === undefined ? '' : ` read-to ${new Date(readTo).toISOString()}`} -->`;
}

/** The loop whose lessons pull request `body` is, and the time its feedback was read up to when it says. */
export function readLessonsMarker(body: string): { loop: string; readTo?: number } | undefined {
  const match = /^\s*<!-- loopkit:lessons:([a-z0-9][a-z0-9-]*)(?: read-to (\S+))? -->/.exec(body);
  if (!match) return undefined;
  const readTo = match[2] !== undefined && READ_TO.test(match[2]) ? Date.parse(match[2]) : NaN;
  return { loop: match[1]!, ...(Number.isFinite(readTo) ? { readTo } : {}) };
}

// ---- an issue a generic loop opened, for one event: ends the body ----------------------------

const EVENT_KEY = /^[A-Za-z0-9_-]{1,80}$/;

/** `eventKey` names the event (a push's head, a release's id, a run): a re-run of it finds the issues it opened. */
export function openedIssueMarker(loop: string, eventKey: string): string {
  if (!EVENT_KEY.test(eventKey)) throw new Error(`render: "${eventKey}" is not an event key`);
  return `<!-- loopkit:issue:${loopName(loop)}:${eventKey} -->`;
}

export function readOpenedIssueMarker(body: string): { loop: string; eventKey: string } | undefined {
  const match = /<!-- loopkit:issue:([a-z0-9][a-z0-9-]*):([A-Za-z0-9_-]{1,80}) -->\s*$/.exec(body);
  return match ? { loop: match[1]!, eventKey: match[2]! } : undefined;
}

// ---- a generic loop's section of a release body: between its two markers ---------------------

export function releaseSectionMarkers(loop: string): { start: string; end: string } {
  return { start: `<!-- loopkit:release:${loopName(loop)} -->`, end: `<!-- /loopkit:release:${loopName(loop)} -->` };
}

/**
 * Where the loop's own section of a release body starts, or undefined. It is found only as
 * LoopKit writes it: the body's last lines, from a line that is the start marker alone to a last
 * line that is the end marker alone, with no other end marker between. Markers anywhere else (a
 * pull request's title quoted in generated notes, a person's copy) are text, and the maintainers'
 * lines between them are never taken for LoopKit's.
 */
export function findReleaseSection(body: string, loop: string): number | undefined {
  const { start, end } = releaseSectionMarkers(loop);
  const text = body.trimEnd();
  if (text !== end && !text.endsWith(`\n${end}`)) return undefined;
  const to = text.length - end.length;
  const from = text.lastIndexOf(`${start}\n`, to);
  if (from < 0 || (from > 0 && text[from - 1] !== '\n')) return undefined;
  return text.slice(from + start.length, to).includes(end) ? undefined : from;
}

// ---- an inline review comment's finding: ends the body ---------------------------------------

export function findingMarker(fp: string): string {
  return `<!-- loopkit:finding:${fingerprint(fp)} -->`;
}

/** The fingerprint of the finding an inline comment was posted for. */
export function readFindingMarker(body: string): string | undefined {
  return new RegExp(`<!-- loopkit:finding:(${FINGERPRINT_SOURCE}) -->\\s*$`).exec(body)?.[1];
}

// ---- a review body's findings (those posted without an inline comment): ends the body --------

export function postedMarker(fingerprints: readonly string[]): string {
  return `<!-- loopkit:posted ${fingerprints.map(fingerprint).join(' ')} -->`;
}

export function readPostedMarker(body: string): string[] {
  return (
    /<!-- loopkit:posted ([A-Za-z0-9_ -]*) -->\s*$/
      .exec(body)?.[1]
      ?.split(' ')
      .filter((fp) => fp !== '') ?? []
  );
}

// ---- `/loopkit ignore`: LoopKit's reply in the finding's thread, the whole body --------------

const IGNORED_TEXT = 'Ignored: LoopKit will not report this finding on this pull request again.';

/**
 * LoopKit's whole answer to `/loopkit ignore`. Its reader accepts nothing but this exact text, so
 * no other comment of LoopKit's (an inline comment quoting code, say) can ever read as an ignore.
 */
export function ignoredReply(fp: string): string {
  return `${IGNORED_TEXT}\n\n<!-- loopkit:ignored:${fingerprint(fp)} -->`;
}

export function readIgnoredReply(body: string): string | undefined {
  return new RegExp(`^${IGNORED_TEXT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\n<!-- loopkit:ignored:(${FINGERPRINT_SOURCE}) -->$`).exec(
    body.replace(/\r\n/g, '\n').trim()
  )?.[1];
}

// ---- the review record: ends the sticky summary ----------------------------------------------

const Sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
/** A file's digest (see engine/plan.ts): 72 bits, base64url; far beyond reach of a forged collision. */
const FileDigest = z.string().regex(/^[A-Za-z0-9_-]{12}$/);
/** Past these, the record leaves the list out (files) or shortens it (open); the state document keeps all. */
export const RECORD_MAX_FILES = 400;
export const RECORD_MAX_OPEN = 100;

/**
 * What LoopKit reviewed on a pull request, as the summary comment records it: authoritative, so a
 * lost or evicted cache entry never makes a reviewed head look unreviewed (paid for twice), and a
 * head whose review did not complete never looks reviewed (a false green).
 */
export const ReviewRecord = z.strictObject({
  v: z.literal(1),
  /** The cache key of the state document saved with this record, when it was saved. */
  key: z.string().min(1).max(512).optional(),
  head: Sha,
  /** Every file of the pull request at `head` was reviewed completely (or is one LoopKit never reviews). */
  complete: z.boolean(),
  /** The review of `head` ended with findings the checker could not settle: a person decides, so the head never passes unreviewed by one. */
  escalated: z.literal(true).optional(),
  /** Digests of the files reviewed completely, still part of the pull request; absent past RECORD_MAX_FILES. */
  files: z.array(FileDigest).max(RECORD_MAX_FILES).optional(),
  /** Verified findings posted and still open, most severe first: what the gate counts without the cache. */
  open: z.array(z.strictObject({ fingerprint: z.string().regex(FINGERPRINT), severity: Severity, path: z.string().min(1).max(4096) })).max(RECORD_MAX_OPEN)
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;

/** base64url's alphabet has no `>`, so no record can end the comment early. */
export function reviewRecordMarker(record: ReviewRecord): string {
  const parsed = ReviewRecord.parse(record);
  return `<!-- loopkit:state ${Buffer.from(JSON.stringify(parsed), 'utf8').toString('base64url')} -->`;
}

const RECORD_AT_END = /\s*<!-- loopkit:state ([A-Za-z0-9_-]*) -->\s*$/;

export function readReviewRecord(body: string): ReviewRecord | undefined {
  const encoded = RECORD_AT_END.exec(body)?.[1];
  if (encoded === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = ReviewRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The body without its review record, to append another one. */
export function withoutReviewRecord(body: string): string {
  return body.replace(RECORD_AT_END, '');
}

/**
 * Whether `text` holds anything a reader could take for a LoopKit marker: an HTML comment opener
 * followed, before the comment closes, by `loopkit` in any case and spacing, also when written
 * with entities (`&lt;!&#45;&#45;`) or with invisible characters inside. Code that must be posted
 * as it is (a suggestion, which GitHub applies literally) cannot be escaped, so it is left out.
 */
export function holdsMarkerLikeText(text: string): boolean {
  // The named entities that spell the characters of a comment opener.
  const named: Record<string, string> = { lt: '<', excl: '!', amp: '&' };
  let decoded = text;
  // Entities inside entities (`&amp;lt;`) decode one level at a time.
  for (let pass = 0; pass < 3; pass++) {
    const next = decoded.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|excl|amp));?/gi, (entity, dec?: string, hex?: string, name?: string) => {
      if (name) return named[name.toLowerCase()]!;
      const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
    if (next === decoded) break;
    decoded = next;
  }
  const visible = decoded.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '').toLowerCase();
  return /<!--(?:(?!-->).)*?loopkit/s.test(visible);
}
