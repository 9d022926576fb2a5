/**
 * Several checkers (`verify.checker` as a list) verify the same findings independently; their
 * verdicts combine into one: confirmed only when every checker confirms, refuted when any checker
 * refutes (with its evidence), otherwise uncertain. A checker that gave no verdict (it failed, or
 * skipped the item) keeps a finding from being confirmed. With one checker its verdict stands as given.
 */
import type { Severity } from '../loop/schema.js';
import type { VerdictKind } from './finding.js';

export interface CheckerVerdict {
  kind: VerdictKind;
  confidence: number;
  evidence: string;
  checker: string;
  /** A lower severity the checker proposes for a real but overstated finding. */
  severity?: Severity;
}

export function combineVerdicts(verdicts: readonly { checker: string; verdict?: CheckerVerdict }[]): CheckerVerdict | undefined {
  const given = verdicts.flatMap((v) => (v.verdict ? [v.verdict] : []));
  if (given.length === 0) return undefined;
  if (verdicts.length === 1) return given[0];
  const refutations = given.filter((v) => v.kind === 'refuted').sort((a, b) => b.confidence - a.confidence);
  if (refutations.length > 0) return refutations[0];
  const confidence = Math.min(...given.map((v) => v.confidence));
  const evidence = verdicts.map((v) => `${v.checker}: ${v.verdict ? `${v.verdict.kind}: ${v.verdict.evidence}` : 'no verdict'}`).join('\n');
  const checker = verdicts.map((v) => v.checker).join(' and ');
  // The least severe proposal wins: every checker must agree a finding is as bad as it says.
  const severities = given.flatMap((v) => (v.severity ? [v.severity] : []));
  const severity = severities.length > 0 ? severities.reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a)) : undefined;
  const allConfirmed = given.length === verdicts.length && given.every((v) => v.kind === 'confirmed');
  return { kind: allConfirmed ? 'confirmed' : 'uncertain', confidence, evidence, checker, ...(severity ? { severity } : {}) };
}

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
