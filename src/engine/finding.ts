/**
 * What a finding becomes once the engine has anchored, de-duplicated and verified what a maker
 * answered (the answer schemas are in answers/review.ts).
 */
import type { Anchor } from '../diff/types.js';
import type { MakerFinding, VerdictKind } from '../answers/review.js';

export { CATEGORIES, Category, CheckerOutput, CheckerVerdict, MakerFinding, MakerOutput, VERDICTS, VerdictKind } from '../answers/review.js';
export { Side, type Anchor } from '../diff/types.js';

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
