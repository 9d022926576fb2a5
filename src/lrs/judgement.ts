/**
 * What a dimension scorer returns: for each criterion of the rule table, the share of its points
 * the loop earns, a note for the reason line and, when points are lost, the fix and where it goes.
 */
import type { Loop } from '../loop/schema.js';
import type { Grade } from './grade.js';
import type { Roster } from './roster.js';
import type { CriterionId, DimensionId } from './rules.js';
import type { Blocker, LoopSource, LrsContext } from './types.js';

export type Path = readonly (string | number)[];

export interface Judgement {
  /** Share of the criterion's points earned, 0–1. */
  fraction: number;
  note?: string;
  fix?: { text: string; at: Path };
}

export function met(note?: string): Judgement {
  return note === undefined ? { fraction: 1 } : { fraction: 1, note };
}

export function short(fraction: number, note: string | undefined, fix: string, at: Path): Judgement {
  return { fraction, ...(note === undefined ? {} : { note }), fix: { text: fix, at } };
}

/** A ceiling on the grade short of a blocker, e.g. D for a self-checking loop that is allowed. */
export interface Cap {
  grade: Grade;
  by: string;
}

export interface DimensionOutcome<D extends DimensionId> {
  judgements: Record<CriterionId<D>, Judgement>;
  blockers?: Blocker[];
  caps?: Cap[];
  warnings?: string[];
}

export interface ScoringInput {
  loop: Loop;
  source: LoopSource;
  ctx: LrsContext;
  roster: Roster;
}

export type Scorer<D extends DimensionId> = (input: ScoringInput) => DimensionOutcome<D>;
