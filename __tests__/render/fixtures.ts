/**
 * Review results as the engine returns them for a small TypeScript pull request: findings placed
 * and not placed, confirmed, refuted, uncertain and under-confident; plus dry, partial, escalated
 * and failed variants, an LRS report, and the hostile text a model might write.
 */
import type { ReviewRecord } from '../../src/render/markers.js';
import type { CallRecord } from '../../src/engine/calls.js';
import type { Finding } from '../../src/engine/finding.js';
import type { ReviewResult } from '../../src/engine/review.js';
import type { LrsReport } from '../../src/lrs/types.js';

/** What a model might write to escape its place: a forged marker, HTML, a ping and an open fence. */
export const HOSTILE = [
  'Looks fine <!-- loopkit:summary:pr-review --> to me.',
  '<img src=x onerror=alert(1)> cc @octocat',
  '```',
  'everything after this would be code'
].join('\n');

export function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'path' | 'line'>): Finding {
  const { path, line } = overrides;
  return {
    side: 'RIGHT',
    quote: 'const token = req.query.token;',
    severity: 'medium',
    category: 'bug',
    claim: 'The token is read from the query string.',
    evidence: 'Line 42 reads `req.query.token`, which ends up in access logs.',
    fingerprint: `fp${overrides.id.toLowerCase()}`,
    sources: ['bug-hunter'],
    anchor: { ok: true, path, line, side: 'RIGHT' },
    round: 1,
    ...overrides
  };
}

export const SESSION = finding({
  id: 'B1R1F1',
  path: 'src/auth/session.ts',
  line: 42,
  severity: 'high',
  category: 'security',
  claim: 'The session token is read from the query string, so it leaks into logs and Referer headers.',
  evidence: 'Line 42: `const token = req.query.token;` — query strings are written to the access log by `morgan("combined")` in `src/server.ts`.',
  fix: 'Read the token from the `Authorization` header instead.',
  replacement: "const token = req.get('authorization')?.replace(/^Bearer /, '');",
  sources: ['security-reviewer', 'bug-hunter'],
  verdict: { kind: 'confirmed', confidence: 0.9, evidence: '`morgan("combined")` logs `req.originalUrl`, query string included.', checker: 'skeptic' }
});

export const TRIM = finding({
  id: 'B1R1F2',
  path: 'src/util/strings.ts',
  line: 10,
  severity: 'low',
  category: 'maintainability',
  quote: 'return s.replace(/^\\s+|\\s+$/g, "");',
  claim: 'This re-implements `String.prototype.trim`.',
  evidence: 'The regular expression strips leading and trailing white space, which is what `trim()` does.',
  verdict: { kind: 'confirmed', confidence: 0.8, evidence: 'Same behaviour for every input.', checker: 'skeptic' }
});

/** Verified, but its line is outside the diff: it cannot be posted inline. */
export const OFF_DIFF = finding({
  id: 'B2R1F1',
  path: 'src/api/handler.ts',
  line: 120,
  severity: 'medium',
  category: 'reliability',
  quote: 'await db.close();',
  claim: 'The database handle is closed before the response is streamed.',
  evidence: '`stream.pipe(res)` on line 118 is still reading from the cursor when line 120 closes the handle.',
  anchor: {
    ok: false,
    path: 'src/api/handler.ts',
    why: 'outside',
    reason: 'RIGHT line 120 of src/api/handler.ts is outside the diff hunks (RIGHT lines in hunks: 1-20)'
  },
  verdict: { kind: 'confirmed', confidence: 0.95, evidence: 'The cursor belongs to the handle closed on line 120.', checker: 'skeptic' }
});

export const REFUTED = finding({
  id: 'B1R1F3',
  path: 'src/util/cache.ts',
  line: 7,
  severity: 'medium',
  category: 'performance',
  claim: 'The cache is rebuilt on every call.',
  evidence: '`buildCache()` is called inside `get`.',
  verdict: { kind: 'refuted', confidence: 0.85, evidence: '`buildCache` is memoised on line 3.', checker: 'skeptic' }
});

export const UNCERTAIN = finding({
  id: 'B1R1F4',
  path: 'src/util/cache.ts',
  line: 12,
  severity: 'low',
  category: 'style',
  claim: 'The cache key mixes camelCase and snake_case.',
  evidence: '`user_id` next to `sessionId`.',
  verdict: { kind: 'uncertain', confidence: 0.4, evidence: 'Both styles are used across the repository.', checker: 'skeptic' }
});

/** Confirmed below the loop's minimum confidence. */
export const UNDER_CONFIDENT = finding({
  id: 'B2R1F2',
  path: 'docs/api.md',
  line: 3,
  severity: 'info',
  category: 'docs',
  claim: 'The endpoint list omits `/healthz`.',
  evidence: 'The router registers `/healthz` in `src/server.ts`.',
  verdict: { kind: 'confirmed', confidence: 0.3, evidence: 'Possibly intentional.', checker: 'skeptic' }
});

const call = (agent: string, role: CallRecord['role'], batch: number): CallRecord => ({
  agent,
  role,
  model: 'claude-sonnet-4-5',
  batch,
  round: 1,
  usage: { inputTokens: 3_000, outputTokens: 600, cacheWriteTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 },
  costUsd: 0.002,
  durationMs: 4_000,
  ok: true,
  turns: 1,
  tools: []
});

export function reviewResult(overrides: Partial<ReviewResult> = {}): ReviewResult {
  const findings = [SESSION, OFF_DIFF, REFUTED, TRIM, UNCERTAIN, UNDER_CONFIDENT].map((f) => structuredClone(f));
  return {
    loop: 'pr-review',
    provider: 'anthropic',
    dryRun: false,
    status: 'complete',
    reasons: [],
    findings,
    verified: findings.filter((f) => f.verdict?.kind === 'confirmed' && f.verdict.confidence >= 0.5),
    suppressed: 0,
    rounds: [
      { batch: 1, round: 1, findings: 4, confirmed: 2, refuted: 1, uncertain: 1, score: 0.625, passed: false },
      { batch: 2, round: 1, findings: 2, confirmed: 2, refuted: 0, uncertain: 0, score: 1, passed: true }
    ],
    escalated: false,
    coverage: {
      filesReviewed: 12,
      filesTotal: 14,
      linesReviewed: 340,
      linesTotal: 1_540,
      skipped: [
        { path: 'package-lock.json', reason: 'lockfile', changedLines: 1_180 },
        { path: 'dist/index.js', reason: 'generated', changedLines: 20 }
      ],
      batches: 2,
      settled: ['package-lock.json', 'dist/index.js']
    },
    failures: [],
    calls: [
      call('security-reviewer', 'maker', 1),
      call('bug-hunter', 'maker', 1),
      call('skeptic', 'checker', 1),
      call('security-reviewer', 'maker', 2),
      call('bug-hunter', 'maker', 2),
      call('skeptic', 'checker', 2)
    ],
    usage: { inputTokens: 18_000, outputTokens: 3_600, cacheWriteTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 },
    tokens: 21_600,
    costUsd: 0.0123,
    durationMs: 42_000,
    walkthrough: ['Moves session handling into `src/auth/session.ts` and adds a streaming endpoint.'],
    rechecked: [],
    ...overrides
  };
}

export const PARTIAL = reviewResult({
  status: 'partial',
  reasons: ['agent bug-hunter failed (timeout)', 'stopped by budget: maxCostUsd 0.50 reached'],
  failures: [{ agent: 'bug-hunter', batch: 2, round: 1, kind: 'timeout', message: 'no answer within 120 s' }]
});

export const ESCALATED = reviewResult({
  escalated: true,
  escalation: 'batch 1: the checker confirmed 63% of the findings (threshold 70%) after 1 round(s)'
});

export const DRY_RUN = reviewResult({ dryRun: true, provider: 'dry-run', costUsd: 0, tokens: 0 });

export const FAILED = reviewResult({
  status: 'failed',
  reasons: ['agent security-reviewer failed (auth)', 'agent bug-hunter failed (auth)'],
  findings: [],
  verified: []
});

export const CLEAN = reviewResult({
  findings: [],
  verified: [],
  rounds: [{ batch: 1, round: 1, findings: 0, confirmed: 0, refuted: 0, uncertain: 0, score: 1, passed: true }]
});

export function lrsReport(overrides: Partial<LrsReport> = {}): LrsReport {
  return {
    loop: 'pr-review',
    score: 62,
    grade: 'D',
    dimensions: [
      { id: 'goal', name: 'Quantifiable goal', weight: 15, earned: 15, max: 15, status: 'ok', reason: 'the check fails on high findings' },
      {
        id: 'termination',
        name: 'Termination',
        weight: 15,
        earned: 6,
        max: 15,
        status: 'warn',
        reason: 'no iteration or time cap',
        fix: 'Add `budget.maxDurationMinutes` (e.g. 15) or `budget.maxIterations` so every run ends',
        location: { line: 14, column: 3 }
      },
      {
        id: 'verification',
        name: 'Verification',
        weight: 20,
        earned: 17,
        max: 20,
        status: 'warn',
        reason: "the checker runs on the makers' model",
        fix: 'Give the checker a different `model`',
        location: { line: 22, column: 5 }
      },
      {
        id: 'recovery',
        name: 'Failure recovery',
        weight: 10,
        earned: 5,
        max: 10,
        status: 'warn',
        reason: 'no `verify.autoRetry`',
        fix: 'Set `verify.autoRetry: true` with `maxRounds: 2`'
      },
      {
        id: 'budget',
        name: 'Budget control',
        weight: 15,
        earned: 4,
        max: 15,
        status: 'fail',
        reason: 'no cost cap',
        fix: 'Set `budget.maxCostUsd` (e.g. 2)',
        location: { line: 9, column: 1 }
      },
      { id: 'human', name: 'Human intervention', weight: 15, earned: 15, max: 15, status: 'ok', reason: 'escalates with a label' },
      {
        id: 'state',
        name: 'State persistence',
        weight: 10,
        earned: 0,
        max: 10,
        status: 'fail',
        reason: 'no `memory` store',
        fix: 'Add `memory: { type: cache }`'
      }
    ],
    blockers: [
      {
        id: 'secret',
        message: 'Line 31 holds a literal Anthropic API key (sk-ant-****)',
        fix: 'Delete it from the file, revoke it (it stays in the git history), and pass it to the workflow as `${{ secrets.NAME }}`',
        location: { line: 31, column: 12 }
      }
    ],
    gradeCappedBy: 'secret',
    warnings: ['`model` "claude-old" has no known price: cost caps assume the most expensive model'],
    ...overrides
  };
}

/** Every occurrence of `needle` in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A review record pointing at the state saved under `key`. */
export function reviewRecord(key: string): ReviewRecord {
  return { v: 1, key, head: 'c'.repeat(40), complete: true, open: [] };
}
