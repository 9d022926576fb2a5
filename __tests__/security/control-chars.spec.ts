/**
 * Terminal escapes, C0/C1 controls and bidirectional overrides in a pull request (title, body, a
 * file name) and in model text (claims, evidence, fixes, walkthrough, verdicts, a provider's error)
 * reach neither the Actions log nor anything the action posts: comments, the review, check
 * runs and the job summary; nor the terminal of the CLI. The words around them still do.
 */
import { terminalOutput } from '../../src/cli/output.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { SQL_AT, hostileModel } from '../action/scripts.js';

describe('security/control-chars', () => {
  let fakes: Fakes | undefined;
  afterEach(async () => {
    await fakes?.close();
    fakes = undefined;
  });

  const HEAD = 'c'.repeat(40);
  const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  /** Colours, a screen clear, a hyperlink, a C1 CSI, a bell and a Trojan Source override, around a word naming the source. */
  function hostile(where: string): string {
    return `\u001b[31mRED-${where}\u001b[0m \u001b[2J\u001b]8;;https://evil.example\u0007LINK-${where}\u001b]8;;\u0007 \u009b1mC1-${where} bell\u0007 \u202eREVERSED-${where}\u202c`;
  }

  const HOSTILE_PATH = `docs/\u001b[1mbold\u001b[0m-\u202eevil\u202c.md`;

  const FINDINGS = [
    {
      ...SQL_AT,
      claim: hostile('CLAIM'),
      evidence: hostile('EVIDENCE'),
      fix: hostile('FIX'),
      replacement: `  const rows = await db.query('SELECT 1'); // ${hostile('SUGGESTION')}`
    },
    {
      path: HOSTILE_PATH,
      line: 1,
      side: 'RIGHT',
      quote: '# Notes',
      severity: 'high',
      category: 'docs',
      claim: hostile('PATHCLAIM'),
      evidence: hostile('PATHEVIDENCE')
    },
    // Cites a line outside the diff: written out in the review body and the summary.
    {
      path: HOSTILE_PATH,
      line: 90,
      side: 'RIGHT',
      quote: 'nowhere',
      severity: 'high',
      category: 'bug',
      claim: hostile('UNPLACED'),
      evidence: hostile('UNPLACEDEVIDENCE')
    }
  ];

  test('no control character from the pull request or the model reaches the log or anything posted', async () => {
    const f = (fakes = await startFakes({ respond: hostileModel(hostile, FINDINGS) }));
    seedSample(f.gh, 42, { headSha: HEAD });
    const repo = f.gh.state.repos.get(`${OWNER}/${REPO}`)!;
    const pull = repo.pulls.get(42)!;
    pull.title = hostile('TITLE');
    pull.body = hostile('BODY');
    pull.files.push({ filename: HOSTILE_PATH, status: 'added', additions: 1, deletions: 0, changes: 1, patch: '@@ -0,0 +1,1 @@\n+# Notes' });
    repo.setFile(HEAD, HOSTILE_PATH, '# Notes\n');

    const run = await runAction(f, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: workspace(f), inputs: { loop: 'pr-review' } });
    expect(run.code).toBe(0);

    const checks = [...repo.checkRuns.values()];
    const posted: [string, string][] = [
      ...pull.reviewComments.map((c): [string, string] => [`review comment on ${c.path}`, c.body]),
      ...pull.reviews.map((r): [string, string] => ['review body', r.body ?? '']),
      ...repo.issueComments.map((c): [string, string] => ['issue comment', c.body]),
      ...checks.map((c): [string, string] => [`check ${c.name}`, JSON.stringify(c.output)]),
      ['job summary', run.summary],
      ['log', run.stdout]
    ];
    // The hostile text did arrive where it is reported, its words intact.
    const all = posted.map(([, text]) => text).join('\n');
    for (const word of ['RED-CLAIM', 'LINK-EVIDENCE', 'C1-CHECKER', 'REVERSED-WALKTHROUGH', 'RED-APIERROR', 'RED-UNPLACED', 'bold-evil.md'])
      expect(all).toContain(word);
    expect(posted.filter(([, text]) => CONTROLS.test(text)).map(([where, text]) => `${where}: ${JSON.stringify(CONTROLS.exec(text)![0])}`)).toEqual([]);
    expect(all).not.toContain('evil.example');
    // The suggestion holding escapes was left out rather than altered.
    const sql = pull.reviewComments.find((c) => c.path === SQL_AT.path)!;
    expect(sql.body).not.toContain('```suggestion');
    expect(sql.body).toContain('The suggested change is left out');
  });

  test('the CLI prints its own colours on a terminal, and no escape or control a model wrote', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const saved = { NO_COLOR: process.env.NO_COLOR, TERM: process.env.TERM };
    delete process.env.NO_COLOR;
    process.env.TERM = 'xterm-256color';
    try {
      const io = terminalOutput(stream, stream);
      io.out(`${io.red('HIGH')} ${HOSTILE_PATH}:1 ${io.dim(hostile('DIM'))}`);
      io.err(hostile('ERR'));
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
    const text = written.join('');
    expect(text.startsWith('\u001b[31mHIGH\u001b[0m docs/bold-evil.md:1 \u001b[2m')).toBe(true);
    for (const word of ['RED-DIM', 'LINK-DIM', 'REVERSED-ERR']) expect(text).toContain(word);
    expect(text.replace(/\u001b\[(?:0|2|31)m/g, '')).not.toMatch(CONTROLS);
  });
});
