import { describe, expect, test } from '@jest/globals';
import type { TaskFile } from '../../src/diff/types.js';
import { CheckerOutput, MakerOutput } from '../../src/engine/finding.js';
import { DryRunProvider } from '../../src/providers/dry-run.js';
import { REPORT_FINDINGS as makerTool, REPORT_VERDICTS as checkerTool, REVIEW_FORMAT } from '../../src/engine/review.js';
import { ProviderError, type ModelRequest, type Task, type TaskFinding } from '../../src/providers/types.js';

describe('providers/dry-run', () => {
  const add = (line: number, text: string) => ({ side: 'RIGHT' as const, line, text, kind: 'add' as const });
  const handler: TaskFile = {
    path: 'src/api/handler.ts',
    lines: [
      add(10, 'export async function handle(req: any) {'),
      add(11, '  const password = "hunter22";'),
      add(12, '  const result = eval(req.body.code);'),
      { side: 'LEFT', line: 12, text: '  const old = eval(x);', kind: 'del' },
      add(13, '  if (result == 0) console.log(result);'),
      add(14, '  try { run(); } catch (e) {}'),
      add(15, '  const q = "SELECT * FROM users WHERE id = " + req.id;'),
      add(16, '  el.innerHTML = req.body.html;'),
      { side: 'RIGHT', line: 17, text: '  // TODO: validate input', kind: 'context' },
      add(18, '  const token = Math.random().toString(36);'),
      add(19, '  setTimeout("tick()", 10);'),
      add(20, '  exec(`git log ${req.query.ref}`);'),
      add(21, '  fetch("http://example.com/api");'),
      add(22, '  // FIXME handle errors'),
      add(23, '  return x === y && v == null;')
    ]
  };
  const script: TaskFile = {
    path: 'tools/gen.py',
    lines: [add(1, 'api_key = "abcd1234efgh"'), add(2, 'print(eval(expr))'), add(3, 'console.log("not JavaScript")')]
  };

  function reviewRequest(agent: string, objections: string[] = [], files = [handler, script]): ModelRequest<MakerOutput> {
    return {
      agent,
      model: 'claude-sonnet-5-5',
      sharedContext: 'S'.repeat(8000),
      prompt: 'P'.repeat(400),
      format: REVIEW_FORMAT,
      answer: makerTool,
      effort: 'medium',
      maxOutputTokens: 4000,
      thinkingTokens: 0,
      task: { kind: 'review', files, objections }
    };
  }

  const where = (output: MakerOutput) => output.findings.map((f) => `${f.path}:${f.line} ${f.category}/${f.severity}`);

  describe('review', () => {
    test('finds the known patterns on added lines only, in a stable order, as valid MakerOutput', async () => {
      const provider = new DryRunProvider();
      const { output } = await provider.call(reviewRequest('General reviewer'));
      expect(where(output)).toEqual([
        'src/api/handler.ts:10 maintainability/low',
        'src/api/handler.ts:11 security/critical',
        'src/api/handler.ts:12 security/high',
        'src/api/handler.ts:13 maintainability/low',
        'src/api/handler.ts:13 bug/medium',
        'src/api/handler.ts:14 reliability/medium',
        'src/api/handler.ts:15 security/high',
        'src/api/handler.ts:16 security/high',
        'src/api/handler.ts:18 security/medium',
        'src/api/handler.ts:19 security/medium',
        'src/api/handler.ts:20 security/critical',
        'src/api/handler.ts:21 security/low',
        'src/api/handler.ts:22 maintainability/info',
        'tools/gen.py:1 security/critical',
        'tools/gen.py:2 security/high'
      ]);
      const evalFinding = output.findings[2];
      expect(evalFinding).toMatchObject({ side: 'RIGHT', quote: '  const result = eval(req.body.code);', claim: expect.stringContaining('eval()') });
      expect(evalFinding?.evidence).toContain('src/api/handler.ts:12');
      expect(MakerOutput.safeParse(output).success).toBe(true);
    });

    test('is deterministic, whatever order the files come in', async () => {
      const a = await new DryRunProvider().call(reviewRequest('General reviewer'));
      const b = await new DryRunProvider().call(reviewRequest('General reviewer', [], [script, handler]));
      expect(b.output).toEqual(a.output);
    });

    test('makers focus by label: Security takes security rules, Logic/Bug takes bug and reliability rules', async () => {
      const provider = new DryRunProvider();
      const security = (await provider.call(reviewRequest('Security maker'))).output;
      expect(new Set(security.findings.map((f) => f.category))).toEqual(new Set(['security']));
      expect(security.findings).toHaveLength(10);
      const logic = (await provider.call(reviewRequest('Logic & bugs'))).output;
      expect(where(logic)).toEqual(['src/api/handler.ts:13 bug/medium', 'src/api/handler.ts:14 reliability/medium']);
    });

    test('objections drop the findings whose claim they object to', async () => {
      const objection = 'F3 (src/api/handler.ts:12): "eval() runs arbitrary code built at runtime." was refuted: the input is a constant.';
      const { output } = await new DryRunProvider().call(reviewRequest('General reviewer', [objection]));
      expect(output.findings.some((f) => f.claim.startsWith('eval()'))).toBe(false);
      expect(output.findings).toHaveLength(13);
      expect(output.summary).toContain('2 dropped after objections');
    });

    test('reports at most 50 findings, so the answer still fits the tool', async () => {
      const many: TaskFile = { path: 'notes.md', lines: Array.from({ length: 60 }, (_, i) => add(i + 1, `TODO item ${i}`)) };
      const { output } = await new DryRunProvider().call(reviewRequest('General reviewer', [], [many]));
      expect(output.findings).toHaveLength(50);
      expect(output.findings.at(-1)?.line).toBe(50);
    });
  });

  describe('verify', () => {
    const base = { side: 'RIGHT' as const, path: 'src/api/handler.ts' };
    const evalClaim = 'eval() runs arbitrary code built at runtime.';
    const findings: TaskFinding[] = [
      { ...base, id: 'F1', line: 12, category: 'security', severity: 'high', claim: evalClaim, quote: 'const result = eval(req.body.code);' },
      { ...base, id: 'F2', line: 12, category: 'security', severity: 'high', claim: evalClaim, quote: 'const nothing = eval(1);' },
      {
        ...base,
        id: 'F3',
        line: 13,
        category: 'maintainability',
        severity: 'low',
        claim: 'A console.log/console.debug call is left in the code.',
        quote: 'console.log(result)'
      },
      { ...base, id: 'F4', path: 'src/other.ts', line: 1, category: 'bug', severity: 'high', claim: 'Broken.', quote: 'x' },
      { ...base, id: 'F5', line: 12, category: 'security', severity: 'high', claim: evalClaim, quote: 'const old = eval(x);' },
      {
        ...base,
        id: 'F6',
        line: 23,
        category: 'bug',
        severity: 'medium',
        claim: 'Loose equality (== or !=) coerces types before comparing.',
        quote: 'return x === y'
      },
      {
        ...base,
        id: 'F7',
        line: 12,
        category: 'security',
        severity: 'critical',
        claim: 'Remote code execution from the request body.',
        quote: 'eval(req.body.code)'
      }
    ];

    function verifyRequest(): ModelRequest<CheckerOutput> {
      const task: Task = { kind: 'verify', findings, files: [handler] };
      return { ...reviewRequest('Checker'), answer: checkerTool, task };
    }

    test('confirms what is on an added line and still matches, refutes what is not in the file, is unsure otherwise', async () => {
      const { output } = await new DryRunProvider().call(verifyRequest());
      expect(output.verdicts.map((v) => [v.id, v.verdict, v.confidence])).toEqual([
        ['F1', 'confirmed', 0.9],
        ['F2', 'refuted', 0.9],
        ['F3', 'uncertain', 0.5],
        ['F4', 'refuted', 0.9],
        ['F5', 'uncertain', 0.5],
        ['F6', 'uncertain', 0.5],
        ['F7', 'confirmed', 0.9]
      ]);
      expect(output.verdicts[0]?.evidence).toContain('src/api/handler.ts:12');
      expect(output.verdicts[0]?.evidence).toContain('"eval"');
      expect(output.verdicts[1]?.evidence).toContain('not in its diff');
      expect(output.verdicts[3]?.evidence).toContain('not part of the change');
      expect(output.verdicts[4]?.evidence).toContain('not on an added line');
    });
  });

  describe('the provider contract', () => {
    test('usage mirrors a real run: ceil(chars/4), the shared context written once and read after', async () => {
      const provider = new DryRunProvider();
      const first = await provider.call(reviewRequest('General reviewer'));
      const second = await provider.call(reviewRequest('Security maker'));
      expect(first.usage).toEqual({
        inputTokens: 100,
        outputTokens: Math.ceil(JSON.stringify(first.output).length / 4),
        cacheWriteTokens: 2000,
        thinkingTokens: 0,
        cacheReadTokens: 0
      });
      expect(second.usage).toMatchObject({ inputTokens: 100, cacheWriteTokens: 0, cacheReadTokens: 2000, thinkingTokens: 0 });
      // Thinking is billed as output: a quarter of what was set aside for it.
      const thinking = await provider.call({ ...reviewRequest('Logic maker'), thinkingTokens: 4096 });
      expect(thinking.usage.thinkingTokens).toBe(1024);
      expect(thinking.usage.outputTokens).toBe(Math.ceil(JSON.stringify(thinking.output).length / 4) + 1024);
      expect(provider.dryRun).toBe(true);
      expect(first.attempts).toBe(1);
    });

    test('calls onFirstToken once', async () => {
      let calls = 0;
      await new DryRunProvider().call({ ...reviewRequest('General reviewer'), onFirstToken: () => (calls += 1) });
      expect(calls).toBe(1);
    });

    test('an answer that breaks the requested tool is malformed, not passed on', async () => {
      const request = { ...reviewRequest('General reviewer'), answer: checkerTool } as unknown as ModelRequest<CheckerOutput>;
      await expect(new DryRunProvider().call(request)).rejects.toMatchObject({ kind: 'malformed' });
    });

    test('an aborted signal stops the call', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await new DryRunProvider().call({ ...reviewRequest('General reviewer'), signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'aborted' });
    });
  });
});
