/** The generic job summary and titles: the plan (or what was written), what was not written and why, escaped. */
import { genericJobSummary, openedIssueTitle, withReleaseSection, type GenericReport } from '../../src/render/generic.js';

describe('generic/render', () => {
  const REPORT: GenericReport = {
    loop: 'audit',
    event: 'push of 2 commit(s) to main (1111111..3333333)',
    dryRun: true,
    status: 'complete',
    reasons: [],
    plan: {
      labels: [],
      issues: [{ title: '[audit] <img src=x> SQL', body: 'b', labels: ['audit'] }],
      findings: [{ severity: 'high', title: 'SQL | built', detail: 'd', path: 'src/db.ts', line: 3 }],
      check: { conclusion: 'neutral', title: 'Dry run: nothing was verified' },
      dropped: [{ kind: 'comment', what: 'Hello', reason: 'the loop declares no `outputs.comment`' }]
    },
    tokens: 1200,
    costUsd: 0.01,
    durationMs: 3000
  };

  test('a dry run shows the plan as what would be written, and what was dropped', () => {
    const text = genericJobSummary([REPORT]);
    expect(text).toContain('### audit — dry run, nothing written');
    expect(text).toContain('- would open issue: \\[audit\\] &lt;img src=x&gt; SQL');
    expect(text).toContain('- would conclude the check neutral: Dry run: nothing was verified');
    expect(text).toContain('| high | SQL \\| built | src/db.ts:3 |');
    expect(text).toContain('- comment Hello: the loop declares no \\`outputs.comment\\`');
  });

  test('a written run says what it wrote, issues by number, refused writes with the rest', () => {
    const text = genericJobSummary([
      {
        ...REPORT,
        dryRun: false,
        applied: {
          labels: [],
          issues: [{ number: 12, title: '[audit] SQL', existed: true }],
          check: { name: 'LoopKit Audit', conclusion: 'failure' },
          refused: [{ kind: 'label', what: 'x', reason: 'not in `outputs.labels.allowed`' }],
          problems: ['labels not added: nope']
        }
      }
    ]);
    expect(text).toContain('- open issue #12 (opened by an earlier attempt, not again): \\[audit\\] SQL');
    expect(text).toContain('- conclude the check LoopKit Audit failure: Dry run');
    expect(text).toContain('- label x: not in \\`outputs.labels.allowed\\`');
    expect(text).toContain('**GitHub refused:**\n\n- labels not added: nope');
  });

  test('titles get the prefix once, on one line, within 256 characters', () => {
    expect(openedIssueTitle('SQL\nbuilt', '[audit] ')).toBe('[audit] SQL built');
    expect(openedIssueTitle('[audit] SQL', '[audit] ')).toBe('[audit] SQL');
    expect(openedIssueTitle('x'.repeat(300), undefined)).toHaveLength(256);
  });

  test('a release section is replaced only at the end of the body, where LoopKit writes it; markers elsewhere are text', () => {
    const body = 'Intro <!-- loopkit:release:notes --> typed\n\n<!-- loopkit:release:notes -->\n\nold\n\n<!-- /loopkit:release:notes -->';
    expect(withReleaseSection(`${body}\n`, 'notes', 'new')).toBe(
      'Intro <!-- loopkit:release:notes --> typed\n\n<!-- loopkit:release:notes -->\n\nnew\n\n<!-- /loopkit:release:notes -->'
    );
    expect(withReleaseSection(`${body}\nTail`, 'notes', 'new')).toBe(
      `${body}\nTail\n\n<!-- loopkit:release:notes -->\n\nnew\n\n<!-- /loopkit:release:notes -->`
    );
  });
});
