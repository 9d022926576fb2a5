/** The public shapes of the Loop Readiness Score: what it reads and what it reports. */
import type { Grade } from './grade.js';
import type { DimensionId } from './rules.js';

export interface Location {
  line: number;
  column: number;
  /** Set when the key is in another file than the loop's: the shared loop it extends. */
  file?: string;
}

/** The loop file as written, so that scores can tell set keys from defaults and point at lines. */
export interface LoopSource {
  file: string;
  text: string;
  /** Position of the key at `path` (relative to the loop), undefined when the file does not write it. */
  locate(path: (string | number)[]): Location | undefined;
}

export interface LrsContext {
  runsIn: 'action' | 'cli';
  enforceMakerChecker: boolean;
}

export type DimensionStatus = 'ok' | 'warn' | 'fail';

export interface DimensionResult {
  id: DimensionId;
  name: string;
  weight: number;
  /** Whole points; the dimensions add up to the report's score. */
  earned: number;
  max: number;
  status: DimensionStatus;
  reason: string;
  /** The change that recovers the most points; present when points were lost. */
  fix?: string;
  /** Where that change goes: the key, or its closest parent the file writes. */
  location?: Location;
}

export interface Blocker {
  id: string;
  message: string;
  fix: string;
  location?: Location;
}

export interface LrsReport {
  loop: string;
  score: number;
  grade: Grade;
  /** Ids of the blockers or caps that hold the grade where it is, comma-separated. */
  gradeCappedBy?: string;
  dimensions: DimensionResult[];
  blockers: Blocker[];
  warnings: string[];
}
