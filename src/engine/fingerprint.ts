/**
 * Identity of a finding across runs. Line numbers shift with every push, so they are left out:
 * the file, the code the finding quotes (whitespace folded), its category and its claim (case and
 * punctuation folded) make it the same finding on the next commit.
 */
import { createHash } from 'node:crypto';
import type { MakerFinding } from './finding.js';

const fold = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function fingerprintOf(f: Pick<MakerFinding, 'path' | 'quote' | 'category' | 'claim'>): string {
  const quote = f.quote.trim().replace(/\s+/g, ' ');
  return createHash('sha256')
    .update([f.path, quote, f.category, fold(f.claim)].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

/** Word overlap of two claims (Jaccard over folded words), to merge the same claim said twice. */
export function claimSimilarity(a: string, b: string): number {
  const wa = new Set(
    fold(a)
      .split(' ')
      .filter((w) => w.length > 2)
  );
  const wb = new Set(
    fold(b)
      .split(' ')
      .filter((w) => w.length > 2)
  );
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared);
}
