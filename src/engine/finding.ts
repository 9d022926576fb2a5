/**
 * What a finding becomes once the engine has anchored, de-duplicated and verified what a maker
 * answered (the answer schemas are in answers/review.ts).
 */
import type { MakerFinding, Side, VerdictKind } from '../answers/review.js';

export { CATEGORIES, Category, CheckerOutput, CheckerVerdict, MakerFinding, MakerOutput, Side, VERDICTS, VerdictKind } from '../answers/review.js';

/** Where GitHub accepts the comment, or why it cannot be placed. */
export type Anchor =
  | { ok: true; path: string; line: number; side: Side; startLine?: number; startSide?: Side }
  | { ok: false; path: string; reason: string };

/** A finding after anchoring and de-duplication, with its verdict once the checker has spoken. */
export interface Finding extends MakerFinding {
  /** Stable within a run: "F1", "F2", … */
  id: string;
  /** Stable across runs and line shifts: path, normalised quote, category, claim. */
  fingerprint: string;
  /** Maker labels that reported it. */
  sources: string[];
  anchor: Anchor;
  round: number;
  verdict?: {
    kind: VerdictKind;
    confidence: number;
    evidence: string;
    checker: string;
  };
}
