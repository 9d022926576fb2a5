/** "Did you mean" for keys, enum values and agent labels: the closest option, when it is close enough to be a typo. */
import { closest, distance } from 'fastest-levenshtein';

export function suggestion(word: string, options: readonly string[]): string | undefined {
  if (options.length === 0) return undefined;
  const best = closest(word, options as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
