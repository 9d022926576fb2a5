/**
 * An anchored, verified finding as an inline review comment: where it goes and what it says, with
 * a suggestion only when the replacement applies cleanly to the lines it covers.
 */
import { suggestionApplies, type FileDiff } from '../diff/index.js';
import type { Side } from '../diff/types.js';
import type { Finding } from '../engine/finding.js';
import { findingComment } from './comment.js';

export interface InlineComment {
  path: string;
  line: number;
  side: Side;
  startLine?: number;
  startSide?: Side;
  body: string;
  /** The finding's fingerprint, echoed back by the poster. */
  key: string;
}

export function inlineComment(f: Finding, diff: FileDiff | undefined): InlineComment {
  if (!f.anchor.ok) throw new Error('only anchored findings become inline comments');
  const suggestion = f.replacement !== undefined && diff && suggestionApplies(diff, f.anchor, f.replacement) ? f.replacement : undefined;
  return {
    path: f.anchor.path,
    line: f.anchor.line,
    side: f.anchor.side,
    ...(f.anchor.startLine !== undefined ? { startLine: f.anchor.startLine, startSide: f.anchor.startSide ?? f.anchor.side } : {}),
    body: findingComment(f, { dryRun: false, ...(suggestion !== undefined ? { suggestion } : {}) }),
    key: f.fingerprint
  };
}
