import { FileDiff } from '../../src/diff/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { inlineComment } from '../../src/render/index.js';

describe('render/review-comment', () => {
  const diff = new FileDiff({
    path: 'src/a.ts',
    status: 'modified',
    additions: 2,
    deletions: 1,
    patch: '@@ -1,2 +1,3 @@\n const a = 1;\n-const b = a == 2;\n+const b = a === 2;\n+const c = eval(input);'
  });
  const finding: Finding = {
    id: 'B1R1F1',
    fingerprint: 'abc123',
    sources: ['Security Reviewer'],
    round: 1,
    path: 'src/a.ts',
    line: 3,
    side: 'RIGHT',
    quote: 'const c = eval(input);',
    severity: 'high',
    category: 'security',
    claim: 'eval runs user input.',
    evidence: 'input reaches eval.',
    anchor: { ok: true, path: 'src/a.ts', line: 3, side: 'RIGHT' },
    verdict: { kind: 'confirmed', confidence: 0.9, evidence: 'seen', checker: 'Verifier' }
  };

  test('an inline comment sits on the anchor and carries a suggestion only when it applies', () => {
    const withFix = inlineComment({ ...finding, replacement: 'const c = JSON.parse(input);' }, diff);
    expect(withFix).toMatchObject({ path: 'src/a.ts', line: 3, side: 'RIGHT', key: 'abc123' });
    expect(withFix.body).toContain('```suggestion\nconst c = JSON.parse(input);\n```');
    // The same code again is no change, so no suggestion block.
    expect(inlineComment({ ...finding, replacement: 'const c = eval(input);' }, diff).body).not.toContain('```suggestion');
    expect(inlineComment({ ...finding, anchor: { ok: true, path: 'src/a.ts', line: 3, side: 'RIGHT', startLine: 2, startSide: 'RIGHT' } }, diff)).toMatchObject(
      {
        startLine: 2,
        startSide: 'RIGHT'
      }
    );
    expect(() => inlineComment({ ...finding, anchor: { ok: false, path: 'src/a.ts', why: 'outside', reason: 'outside' } }, diff)).toThrow();
  });
});
