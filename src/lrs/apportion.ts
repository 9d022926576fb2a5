/**
 * Rounds points to whole numbers that still add up to the rounded total (largest remainder),
 * so the dimensions shown in a check run sum to the score shown next to them.
 */
export function apportion(values: readonly number[]): number[] {
  const floors = values.map((v) => Math.floor(v));
  const short = Math.round(sum(values)) - sum(floors);
  const bumped = new Set(
    values
      .map((v, i) => ({ i, rest: v - Math.floor(v) }))
      .sort((a, b) => b.rest - a.rest)
      .slice(0, short)
      .map((r) => r.i)
  );
  return floors.map((f, i) => (bumped.has(i) ? f + 1 : f));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
