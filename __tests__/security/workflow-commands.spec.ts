/**
 * Untrusted text — the pull request's title and body, file names, diff content, model replies and
 * the provider's error messages — cannot issue workflow commands through the action's log.
 * The log is read here as the runner reads it: each line (split at CR or LF), leading white space
 * and characters the runner's comparison ignores skipped, is a command when it starts with `::`,
 * and the legacy `##[` form counts anywhere in the line.
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { SQL_AT, hostileModel } from '../action/scripts.js';

describe('security/workflow-commands', () => {
  let fakes: Fakes | undefined;
  afterEach(async () => {
    await fakes?.close();
    fakes = undefined;
  });

  const HEAD = 'c'.repeat(40);

  /** Every way we know to start a command inside a line of text; each payload names where it came from. */
  function hostile(where: string): string {
    return [
      `ok\n::error::PWNED-${where}-LF`,
      `ok\r::warning file=a.ts,line=1::PWNED-${where}-CR`,
      `ok\r\n  ::add-mask::PWNED-${where}-INDENT`,
      `ok\n\u200b::stop-commands::PWNED-${where}-ZWSP`,
      `ok\n\u0085::notice::PWNED-${where}-NEL`,
      `ok\n:\u200b:set-output name=x::PWNED-${where}-SPLIT`,
      `ok ##[error]PWNED-${where}-LEGACY`,
      `ok\n##[group]PWNED-${where}-LEGACY2`
    ].join(' ');
  }

  /** Lines the runner would take for commands, with the text it would act on. */
  function commandsSeen(log: string): string[] {
    const ignorable = /[\p{Cc}\p{Cf}\p{Mn}\p{Me}]/gu;
    return log
      .split(/\r\n|\r|\n/)
      .map((line) => line.replace(ignorable, '').replace(/^[\s\u0085]+/, ''))
      .filter((line) => line.startsWith('::') || line.includes('##['));
  }

  /** A command the untrusted text wrote itself: its own name, or its message, is the payload. */
  function injected(commands: string[]): string[] {
    return commands.filter((c) => /^::[A-Za-z-]+(?: [^:]*)?::\S*PWNED/.test(c) || /##\[/.test(c) || /^::stop-commands::/.test(c));
  }

  const HOSTILE_PATH = 'docs/\n::error::PWNED-FILENAME\r##[error]PWNED-FILENAME2.md';

  const FINDINGS = [
    { ...SQL_AT, claim: hostile('CLAIM').slice(0, 400), evidence: hostile('EVIDENCE'), fix: hostile('FIX') },
    // A finding on the file with the hostile name, as the model saw it in the diff.
    { path: HOSTILE_PATH, line: 1, side: 'RIGHT', quote: '::error::PWNED-DIFF', severity: 'low', category: 'bug', claim: 'x', evidence: hostile('EVIDENCE2') }
  ];

  test('untrusted text from every source issues no workflow command', async () => {
    const f = (fakes = await startFakes({ respond: hostileModel(hostile, FINDINGS) }));
    seedSample(f.gh, 42, { headSha: HEAD });
    const pull = f.gh.state.repos.get(`${OWNER}/${REPO}`)!.pulls.get(42)!;
    pull.title = hostile('TITLE');
    pull.body = hostile('BODY');
    pull.files.push({
      filename: HOSTILE_PATH,
      status: 'added',
      additions: 3,
      deletions: 0,
      changes: 3,
      patch: `@@ -0,0 +1,3 @@\n+::error::PWNED-DIFF\n+##[warning]PWNED-DIFF-LEGACY\n+::add-mask::PWNED-DIFF-MASK`
    });
    const run = await runAction(f, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: workspace(fakes), inputs: { loop: 'pr-review' } });

    expect(run.code).toBe(0);
    // The hostile text did reach the action: the model saw it and the log reports on it.
    expect(JSON.stringify(f.ai.requests[0]!.body)).toContain('PWNED-DIFF');
    expect(run.stdout).toContain('PWNED-CLAIM');
    expect(run.stdout).toContain('PWNED-APIERROR');
    expect(run.stdout).toContain('PWNED-FILENAME');
    const commands = commandsSeen(run.stdout);
    expect(injected(commands)).toEqual([]);
    // The only values masked are the two secrets and what @actions/cache masks itself.
    const masks = commands.filter((c) => c.startsWith('::add-mask::')).map((c) => c.slice('::add-mask::'.length));
    expect(masks).toEqual(expect.arrayContaining([f.ai.apiKey, f.gh.token]));
    expect(masks.filter((m) => m.includes('PWNED'))).toEqual([]);
  });

  test('the command reader of this test does find commands that are not escaped', () => {
    // Guards the test above against passing because it reads nothing.
    const raw = hostile('SELF');
    expect(injected(commandsSeen(raw)).length).toBeGreaterThanOrEqual(7);
  });
});
