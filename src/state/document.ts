/**
 * The state LoopKit keeps per loop and subject between runs: what it reviewed, what it posted and
 * what that cost. Stored as JSON by every store; this schema is the only reader of it.
 */
import { z } from 'zod';
import { Category, VERDICTS } from '../engine/finding.js';
import { Severity } from '../loop/schema.js';
import { capNotes, LABELS_ADDED_LIMIT, MemoryNote } from './notes.js';

/**
 * Version 2 added what the loop learned (`notes`) and the labels LoopKit added (`labelsAdded`);
 * a version 1 document is migrated on reading (migrateState), so nothing a loop kept is lost.
 */
export const STATE_VERSION = 2;
/**
 * Rounds kept, applied whenever a document is read or written: older rounds say little about the
 * pull request as it is now, and the entry has to stay small.
 */
export const ROUND_HISTORY_LIMIT = 50;
/**
 * Runs kept in the history of `memory.persistence: full`, and findings kept per run: enough for
 * `loopkit status` and a look back over a pull request's life, small enough for one cache entry
 * (at most about 20 × 50 findings of a 400-character claim: under half a megabyte).
 */
export const RUN_HISTORY_LIMIT = 20;
export const RUN_FINDINGS_LIMIT = 50;

const Sha = z.string().regex(/^[0-9a-f]{7,64}$/, 'a commit sha is 7 to 64 lower-case hex digits');
const Timestamp = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();

export const Subject = z.object({
  kind: z.enum(['pull_request', 'issues']),
  /** Absent for the triage loop, whose state covers the repository's issues as a whole. */
  number: z.number().int().positive().optional()
});
export type Subject = z.infer<typeof Subject>;

/**
 * A posted finding's life (engine/lifecycle.ts): `open` until the checker, asked again at a later
 * head, confirms it is gone (`fixed`, with the commit), a maintainer dismisses it (`dismissed`, by
 * whom and why) or its code leaves the pull request (`outdated`). A maker's silence changes nothing.
 */
export const POSTED_STATUSES = ['open', 'fixed', 'dismissed', 'outdated'] as const;
/** What documents written before the life was kept say: `ignored` was a dismissal, `resolved` a file gone. */
const LEGACY_STATUSES = { ignored: 'dismissed', resolved: 'outdated' } as const;
const PostedStatus = z.union([z.enum(POSTED_STATUSES), z.enum(['ignored', 'resolved']).transform((legacy) => LEGACY_STATUSES[legacy])]);

export const PostedFinding = z.object({
  fingerprint: z.string().min(1),
  path: z.string().min(1),
  line: z.number().int().positive().optional(),
  severity: Severity,
  claim: z.string(),
  status: PostedStatus,
  firstSeenHead: Sha,
  lastSeenHead: Sha,
  /** The quoted code and the category, so the checker can be asked again whether it is still present. */
  quote: z.string().optional(),
  category: Category.optional(),
  /** The head at which the checker confirmed it fixed, or at which its file left the pull request. */
  closedIn: Sha.optional(),
  /** Who dismissed it (`/loopkit ignore`) and why. */
  dismissed: z.object({ by: z.string().min(1), reason: z.string().optional() }).optional(),
  /** Times the checker, asked again, refuted it (said it is gone) while a maker still reported it. */
  refutations: Count.optional(),
  /** Times it came back after it was fixed; escalated once, then kept open quietly. */
  returns: Count.optional()
});
export type PostedFinding = z.infer<typeof PostedFinding>;

export const RoundRecord = z.object({
  head: Sha,
  round: z.number().int().positive(),
  score: z.number().min(0).max(1),
  passed: z.boolean(),
  at: Timestamp
});
export type RoundRecord = z.infer<typeof RoundRecord>;

export const Spend = z.object({
  tokens: Count,
  costUsd: z.number().nonnegative(),
  runs: Count
});
export type Spend = z.infer<typeof Spend>;

/** One finding of a run as the history keeps it: where, how severe, what, and what the checker said. */
export const RunFinding = z.object({
  path: z.string().min(1),
  line: z.number().int().positive().optional(),
  severity: Severity,
  claim: z.string(),
  verdict: z.enum([...VERDICTS, 'unverified'])
});
export type RunFinding = z.infer<typeof RunFinding>;

/** One run in the history (`memory.persistence: full`): a review names its head, a triage the issues it triaged. */
export const RunRecord = z.object({
  at: Timestamp,
  head: Sha.optional(),
  issues: z.array(z.number().int().positive()).optional(),
  status: z.enum(['complete', 'partial', 'failed']),
  findings: z.array(RunFinding).transform((findings) => findings.slice(0, RUN_FINDINGS_LIMIT)),
  tokens: Count,
  costUsd: z.number().nonnegative()
});
export type RunRecord = z.infer<typeof RunRecord>;

/** Reasons kept with the last run: enough to say why it stopped, small enough for the document. */
const LAST_RUN_REASONS_LIMIT = 5;

/**
 * How the last run ended, whatever it was: `lastReviewedHead` moves only for a completed review,
 * so a failed or partial run is recorded here and never read as reviewed.
 */
export const LastRun = z.object({
  at: Timestamp,
  head: Sha.optional(),
  status: RunRecord.shape.status,
  /** The checker left findings for a person to decide. */
  escalated: z.boolean().default(false),
  reasons: z
    .array(z.string())
    .default([])
    .transform((reasons) => reasons.slice(0, LAST_RUN_REASONS_LIMIT))
});
export type LastRun = z.infer<typeof LastRun>;

// Plain (stripping) objects rather than strict ones: a field added within version 1 must not make an
// older LoopKit discard the whole document and start fresh, which would post everything again.
export const StateDocument = z.object({
  version: z.literal(STATE_VERSION),
  loop: z.string().min(1),
  subject: Subject,
  /** The last head whose review completed. */
  lastReviewedHead: Sha.optional(),
  /** Absent until the first review. */
  reviewedAt: Timestamp.optional(),
  /** How the last run ended, complete or not; absent in documents written before it was kept. */
  lastRun: LastRun.optional(),
  /** Digests of the files reviewed completely in their current form (engine/plan.ts); the summary's record may hold only the head. */
  reviewedFiles: z.array(z.string()).optional(),
  posted: z.array(PostedFinding),
  /** Fingerprints suppressed with `/loopkit ignore`. */
  ignored: z.array(z.string().min(1)),
  /** Findings never posted that the checker refuted, with how many runs refuted them (engine/lifecycle.ts: twice stops them). */
  refuted: z.array(z.object({ fingerprint: z.string().min(1), count: Count })).optional(),
  spend: Spend,
  rounds: z.array(RoundRecord).transform((rounds) => rounds.slice(-ROUND_HISTORY_LIMIT)),
  /** Issues the triage loop has handled, with the `updated_at` it saw, to skip them until they change. */
  triaged: z.array(z.object({ issue: z.number().int().positive(), updatedAt: Timestamp })),
  /** The run history, oldest first; only with `memory.persistence: full` (see persistence.ts). */
  runs: z
    .array(RunRecord)
    .transform((runs) => runs.slice(-RUN_HISTORY_LIMIT))
    .optional(),
  /** What maintainers taught the loop (`memory.learn`), most taught and newest first (see notes.ts). */
  notes: z.array(MemoryNote).transform(capNotes),
  /** Labels LoopKit added to issues, newest last: a maintainer removing one of them teaches the loop. */
  labelsAdded: z
    .array(z.object({ issue: z.number().int().positive(), label: z.string().min(1), at: Timestamp }))
    .transform((added) => added.slice(-LABELS_ADDED_LIMIT))
});
export type StateDocument = z.infer<typeof StateDocument>;

export function emptyState(loop: string, subject: Subject): StateDocument {
  return {
    version: STATE_VERSION,
    loop,
    subject,
    posted: [],
    ignored: [],
    spend: { tokens: 0, costUsd: 0, runs: 0 },
    rounds: [],
    triaged: [],
    notes: [],
    labelsAdded: []
  };
}

/** A version 1 document as version 2: it had learned nothing and recorded no labels. */
function migrateState(json: Record<string, unknown>): Record<string, unknown> {
  return json.version === 1 ? { ...json, version: 2, notes: [], labelsAdded: [] } : json;
}

export type ParseStateResult = { ok: true; doc: StateDocument } | { ok: false; error: string };

export function parseState(json: unknown): ParseStateResult {
  if (typeof json === 'object' && json !== null && 'version' in json) {
    const { version } = json;
    if (typeof version === 'number' && version > STATE_VERSION) {
      return {
        ok: false,
        error: `state document version ${version} was written by a newer LoopKit; this one reads version ${STATE_VERSION}`
      };
    }
  }
  const parsed = StateDocument.safeParse(
    typeof json === 'object' && json !== null && !Array.isArray(json) ? migrateState(json as Record<string, unknown>) : json
  );
  return parsed.success ? { ok: true, doc: parsed.data } : { ok: false, error: z.prettifyError(parsed.error) };
}

/** The text every store writes: validated first, so a store never keeps what it could not read back. */
export function serializeState(doc: StateDocument): { ok: true; text: string } | { ok: false; error: string } {
  const parsed = StateDocument.safeParse(doc);
  return parsed.success ? { ok: true, text: `${JSON.stringify(parsed.data, null, 2)}\n` } : { ok: false, error: z.prettifyError(parsed.error) };
}
