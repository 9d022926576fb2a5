/** `loopkit validate` and `loopkit run --dry-run` on files written for the original LoopKit, unchanged. */
import { join } from 'node:path';
import { ORIGINAL_REPOSITORY } from '../loop/original-files.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/original', () => {
  const issue = { number: 7, title: 'Docs: how do I install?', body: 'The README does not say how to install the CLI. Is there a question forum?', labels: [] };
  const dir = tempFolders('loopkit-original-')({ ...ORIGINAL_REPOSITORY, 'issue.json': JSON.stringify(issue) });

  const cliHere = (args: string[]) => cli([...args, '--cwd', dir]);

  test('validate: exit 0, an LRS for each loop, and the built-in verifier named', async () => {
    const { code, out } = await cliHere(['validate']);
    expect(code).toBe(0);
    expect(out).toMatch(/^pr-review\s+\d+\s+[A-F]$/m);
    expect(out).toMatch(/^daily-triage\s+\d+\s+[A-F]$/m);
    expect(out).toContain('checker "Adversarial Verifier": no agent has this label, so it is LoopKit\'s built-in verifier');
    expect(out).toContain('checker "Triage Verifier": no agent has this label, so it is LoopKit\'s built-in verifier');
    const json = JSON.parse((await cliHere(['validate', '--json'])).out) as { loops: { report: { loop: string }; notes: string[] }[] };
    expect(json.loops.find((l) => l.report.loop === 'pr-review')!.notes[0]).toMatch(/built-in verifier/);
  });

  test('run --dry-run: the review on a saved pull request, the triage on a saved issue', async () => {
    const review = await cliHere(['run', 'pr-review', '--dry-run', '--pr-file', join(process.cwd(), 'samples/sample-pr.json')]);
    expect(review.code).toBe(0);
    expect(review.out).toContain(
      'verification: makers Bug Review, Security Review, Quality Review | checker Adversarial Verifier (built-in verifier), up to 3 round(s)'
    );
    expect(review.out).toMatch(/^verified: \d+ finding\(s\)$/m);
    const triage = await cliHere(['run', 'daily-triage', '--dry-run', '--issue-file', join(dir, 'issue.json')]);
    expect(triage.code).toBe(0);
    expect(triage.out).toContain('checker Triage Verifier (built-in verifier)');
    expect(triage.out).toMatch(/^#7 /m);
  });
});
