/**
 * `memory.persistence`: how much of a state document is kept, applied to the document every time a
 * run saves it (the review, the `/loopkit ignore` command, the triage, the CLI's local runs).
 *
 * - `full`: the document and a history of runs (when, the head or the issues, the status, every
 *   finding with its verdict, tokens and cost), the newest RUN_HISTORY_LIMIT runs; `loopkit status`
 *   shows them.
 * - `summary` (the default): the document as the runs need it and no history: what was reviewed,
 *   the findings posted with their claims, the ignored ones, the rounds, the spend.
 * - `minimal`: only what keeps the loop correct: the last reviewed head and files, the posted
 *   findings reduced to their fingerprint, status, severity, path and heads (the gate counts the open
 *   ones and none is ever posted twice), the ignored fingerprints, and the triage's watermark and
 *   triaged issues (an unchanged issue is never triaged twice). Claims, lines, rounds, spend and
 *   history are dropped.
 *
 * What the loop learned (`notes`, `labelsAdded`, see notes.ts) is kept under every level: a loop
 * learns only when it says so (`memory.learn`), and the notes are capped on their own.
 */
import type { ReviewResult } from '../engine/review.js';
import type { TriageResult } from '../engine/triage.js';
import type { Memory } from '../loop/schema.js';
import { RUN_FINDINGS_LIMIT, type RunRecord, type StateDocument } from './document.js';

export type Persistence = NonNullable<Memory['persistence']>;
export const DEFAULT_PERSISTENCE: Persistence = 'summary';

/**
 * What `persistence` keeps of `doc`, with `run` (this run, when there was one) added to the history
 * under `full`. Pure: `doc` is left as it is, so the run goes on with everything it knows.
 */
export function persisted(doc: StateDocument, persistence: Persistence = DEFAULT_PERSISTENCE, run?: RunRecord): StateDocument {
  const { runs, ...summary } = doc;
  switch (persistence) {
    case 'full':
      return { ...doc, runs: [...(runs ?? []), ...(run ? [run] : [])] };
    case 'summary':
      return summary;
    case 'minimal':
      return {
        ...summary,
        posted: doc.posted.map(({ line: _line, ...p }) => ({ ...p, claim: '' })),
        spend: { tokens: 0, costUsd: 0, runs: 0 },
        rounds: []
      };
  }
}

/** A review as the history keeps it. */
export function reviewRunRecord(result: ReviewResult, head: string, at = new Date().toISOString()): RunRecord {
  return {
    at,
    head,
    status: result.status,
    findings: result.findings
      .slice(0, RUN_FINDINGS_LIMIT)
      .map((f) => ({ path: f.path, line: f.line, severity: f.severity, claim: f.claim, verdict: f.verdict?.kind ?? 'unverified' })),
    tokens: result.tokens,
    costUsd: result.costUsd
  };
}

/** A triage as the history keeps it: the issues it triaged; its proposals are on the issues themselves. */
export function triageRunRecord(result: TriageResult, at = new Date().toISOString()): RunRecord {
  return { at, issues: result.plans.map((p) => p.issue), status: result.status, findings: [], tokens: result.tokens, costUsd: result.costUsd };
}
