/** Letter grades of the Loop Readiness Score. */

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/** Lowest score of each grade, best first; below the last one the grade is F. */
export const GRADE_THRESHOLDS: readonly { readonly grade: Exclude<Grade, 'F'>; readonly min: number }[] = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 80 },
  { grade: 'C', min: 65 },
  { grade: 'D', min: 50 }
];

export function gradeOf(score: number): Grade {
  return GRADE_THRESHOLDS.find((t) => score >= t.min)?.grade ?? 'F';
}

const ORDER: readonly Grade[] = ['A', 'B', 'C', 'D', 'F'];

export function worseGrade(a: Grade, b: Grade): Grade {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}
