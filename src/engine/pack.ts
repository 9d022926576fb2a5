/**
 * Chooses what the agents read. Files are filtered (the loop's globs, then lockfiles, vendored
 * and generated code, files without a patch), ordered by how much a review of them is worth
 * (source before tests before docs, larger changes first, deletion-only changes last) and packed
 * into batches that each fit one prompt. Whatever is left out is listed with the reason: nothing
 * is dropped silently.
 */
import picomatch from 'picomatch';
import { FileDiff, renderFileDiff } from '../diff/index.js';
import type { ChangedFile } from '../diff/types.js';
import { estimateTokens } from './budget.js';

export const BUDGET_LEFT_OUT = 'left out: the budget covers no more batches';
export const PARTLY_REVIEWED = 'partly reviewed';

export interface SkippedFile {
  path: string;
  reason: string;
  changedLines: number;
}

export interface Batch {
  index: number;
  files: FileDiff[];
  /** The numbered diff of every file, as the agents read it. */
  rendered: string;
  tokens: number;
  changedLines: number;
}

export interface Packing {
  batches: Batch[];
  skipped: SkippedFile[];
}

export interface PackOptions {
  include?: string[];
  exclude?: string[];
  /** Prompt tokens one batch may hold. */
  batchTokens: number;
  /** Batches the budget can pay for; files past them are reported as left out. */
  maxBatches: number;
  maxFiles: number;
}

const SKIP_RULES: { reason: string; test: (path: string) => boolean }[] = [
  {
    reason: 'lockfile',
    test: picomatch(
      [
        '**/package-lock.json',
        '**/npm-shrinkwrap.json',
        '**/yarn.lock',
        '**/pnpm-lock.yaml',
        '**/bun.lockb',
        '**/Cargo.lock',
        '**/Gemfile.lock',
        '**/poetry.lock',
        '**/Pipfile.lock',
        '**/composer.lock',
        '**/go.sum',
        '**/*.lock'
      ],
      { dot: true }
    )
  },
  { reason: 'vendored', test: picomatch(['**/node_modules/**', '**/vendor/**', '**/third_party/**', '**/third-party/**'], { dot: true }) },
  {
    reason: 'generated',
    test: picomatch(
      ['**/*.min.js', '**/*.min.css', '**/*.map', '**/*.pb.go', '**/*_pb2.py', '**/*.generated.*', '**/*_generated.*', '**/*.snap', '**/__snapshots__/**'],
      { dot: true }
    )
  }
];

const isTest = picomatch(['**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/*.test.*', '**/*.spec.*', '**/*_test.*', '**/test_*.*'], {
  dot: true
});
const isDoc = picomatch(['**/*.md', '**/*.mdx', '**/*.rst', '**/*.txt', '**/docs/**', '**/LICENSE*', '**/CHANGELOG*'], { dot: true, nocase: true });

/** Lower ranks are reviewed first. */
function rank(diff: FileDiff): number {
  if (diff.deletedOnly) return 3;
  if (isDoc(diff.path)) return 2;
  if (isTest(diff.path)) return 1;
  return 0;
}

export function packFiles(files: readonly ChangedFile[], options: PackOptions): Packing {
  const skipped: SkippedFile[] = [];
  const include = options.include?.length ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const candidates: FileDiff[] = [];

  for (const file of files) {
    const changedLines = file.additions + file.deletions;
    if (include && !include(file.path)) {
      skipped.push({ path: file.path, reason: 'not matched by paths.include', changedLines });
      continue;
    }
    if (exclude?.(file.path)) {
      skipped.push({ path: file.path, reason: 'matched by paths.exclude', changedLines });
      continue;
    }
    const rule = SKIP_RULES.find((r) => r.test(file.path));
    if (rule) {
      skipped.push({ path: file.path, reason: rule.reason, changedLines });
      continue;
    }
    const diff = new FileDiff(file);
    if (!diff.hasPatch) {
      skipped.push({ path: file.path, reason: file.status === 'removed' ? 'deleted file without a patch' : 'binary or too large for a patch', changedLines });
      continue;
    }
    candidates.push(diff);
  }

  candidates.sort((a, b) => rank(a) - rank(b) || b.changedLineCount - a.changedLineCount || a.path.localeCompare(b.path));

  const batches: Batch[] = [];
  let current: { files: FileDiff[]; parts: string[]; tokens: number; changed: number } | undefined;
  const flush = () => {
    if (current && current.files.length > 0) {
      const rendered = current.parts.join('\n\n');
      batches.push({ index: batches.length + 1, files: current.files, rendered, tokens: current.tokens, changedLines: current.changed });
    }
    current = undefined;
  };

  let taken = 0;
  for (const diff of candidates) {
    if (taken >= options.maxFiles) {
      skipped.push({ path: diff.path, reason: `past the connector's maxFiles (${options.maxFiles})`, changedLines: diff.changedLineCount });
      continue;
    }
    let fitted = diff;
    let text = renderFileDiff(fitted);
    let tokens = estimateTokens(text);
    if (tokens > options.batchTokens) {
      const trimmed = trimToFit(diff, options.batchTokens);
      if (!trimmed) {
        skipped.push({ path: diff.path, reason: 'its first hunk alone is larger than one prompt', changedLines: diff.changedLineCount });
        continue;
      }
      fitted = trimmed.diff;
      text = trimmed.text;
      tokens = trimmed.tokens;
      skipped.push({
        path: diff.path,
        reason: `${PARTLY_REVIEWED}: hunks ${fitted.hunks.length + 1}–${diff.hunks.length} did not fit one prompt`,
        changedLines: diff.changedLineCount - fitted.changedLineCount
      });
    }
    if (current && current.tokens + tokens > options.batchTokens) flush();
    if (!current) {
      if (batches.length >= options.maxBatches) {
        skipped.push({ path: diff.path, reason: BUDGET_LEFT_OUT, changedLines: fitted.changedLineCount });
        continue;
      }
      current = { files: [], parts: [], tokens: 0, changed: 0 };
    }
    current.files.push(fitted);
    current.parts.push(text);
    current.tokens += tokens;
    current.changed += fitted.changedLineCount;
    taken++;
  }
  flush();
  return { batches, skipped };
}

/** The longest run of leading hunks that fits, as a FileDiff of its own. */
function trimToFit(diff: FileDiff, batchTokens: number): { diff: FileDiff; text: string; tokens: number } | undefined {
  let best: { diff: FileDiff; text: string; tokens: number } | undefined;
  const marker = { add: '+', del: '-', context: ' ' } as const;
  const patchLines = diff.hunks.map((h) =>
    [
      `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${h.header ? ` ${h.header}` : ''}`,
      ...h.lines.flatMap((l) => [`${marker[l.kind]}${l.text}`, ...(l.noNewlineAtEnd ? ['\\ No newline at end of file'] : [])])
    ].join('\n')
  );
  for (let count = 1; count < diff.hunks.length; count++) {
    const partial = new FileDiff({
      path: diff.path,
      ...(diff.previousPath ? { previousPath: diff.previousPath } : {}),
      status: diff.status,
      additions: 0,
      deletions: 0,
      patch: patchLines.slice(0, count).join('\n')
    });
    const text = renderFileDiff(partial);
    const tokens = estimateTokens(text);
    if (tokens > batchTokens) break;
    best = { diff: partial, text, tokens };
  }
  return best;
}
