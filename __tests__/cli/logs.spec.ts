/**
 * `loopkit logs` and `loopkit audit` (issue 22 part 3) on run records the action itself wrote: two
 * reviews run through the action's step in process (harness.ts) against the local fakes, their
 * records (the `run-record` output) copied into a folder with a file that is not a record.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { join } from 'node:path';
import { LogRow } from '../../src/cli/logs.js';
import { startFakeAnthropic } from '../fakes/anthropic-server.js';
import { seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, reviewScript, SQL, XSS } from '../action/scripts.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/logs', () => {
  let fakes: Fakes;
  afterAll(async () => fakes?.close());
  const folder = tempFolders('loopkit-logs-');

  const HEAD = 'c'.repeat(40);

  /** Two runs of the shipped review loop on two pull requests: 3 findings, 2 verified (one refuted); then the same with nothing found. */
  async function recordsFolder(): Promise<string> {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] }, [EMPTY_CATCH.claim]) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const first = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes),
      inputs: { loop: 'pr-review' },
      runId: 1
    });
    await fakes.ai.close();
    fakes.ai = await startFakeAnthropic({ respond: reviewScript({}), apiKey: fakes.ai.apiKey });
    seedSample(fakes.gh, 43, { headSha: 'd'.repeat(40) });
    const second = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(43, 'd'.repeat(40)),
      workspace: workspace(fakes),
      inputs: { loop: 'pr-review' },
      runId: 2
    });
    const dir = folder();
    mkdirSync(join(dir, 'loopkit-run-2'), { recursive: true });
    copyFileSync(first.outputs['run-record']!, join(dir, 'first.json'));
    // As actions/download-artifact lays out several artifacts: one folder each.
    copyFileSync(second.outputs['run-record']!, join(dir, 'loopkit-run-2', 'run.json'));
    writeFileSync(join(dir, 'package.json'), '{"name": "not-a-record"}');
    return dir;
  }

  let dir: string;
  beforeAll(async () => {
    dir = await recordsFolder();
  });

  test('loopkit logs --repo reads the record artifacts through the API (list, then each zip), skipping other and expired artifacts', async () => {
    const repo = fakes.gh.state.repos.get('octo/shop')!;
    const zip = (files: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)]))));
    const createdAt = new Date().toISOString();
    repo.artifacts.push(
      { id: 501, name: 'loopkit-run-1-1', zip: zip({ 'run-1-1-loopkit.json': readFileSync(join(dir, 'first.json'), 'utf8') }), expired: false, createdAt },
      { id: 502, name: 'coverage', zip: zip({ 'coverage.json': '{}' }), expired: false, createdAt },
      { id: 503, name: 'loopkit-run-0-1', zip: zip({ 'old.json': '{}' }), expired: true, createdAt }
    );
    const env = { GITHUB_TOKEN: fakes.gh.token, GITHUB_API_URL: fakes.gh.url };
    const run = await cli(['logs', '--repo', 'octo/shop', '--json'], env);
    expect(run.code).toBe(0);
    const rows = LogRow.array().parse(JSON.parse(run.out));
    expect(rows.map((r) => [r.event, r.verified, r.source])).toEqual([['pull_request #42', 2, 'loopkit-run-1-1/run-1-1-loopkit.json']]);
    const downloads = fakes.gh.requests.filter((r) => r.path.includes('/actions/artifacts/') || r.path.startsWith('/_blobs/')).map((r) => r.path);
    expect(downloads).toEqual(['/repos/octo/shop/actions/artifacts/501/zip', '/_blobs/artifact-501.zip']);

    expect(await cli(['logs', '--repo', 'octo/shop'], {})).toMatchObject({ code: 3, err: expect.stringContaining('set GITHUB_TOKEN') });
    expect(await cli(['logs', '--repo', 'octo/none'], env)).toMatchObject({
      code: 3,
      err: expect.stringContaining('could not read the artifacts of octo/none')
    });
    expect((await cli(['logs', '--repo', 'octo'], env)).code).toBe(2);
  });

  test('loopkit logs --dir lists each loop run newest first: loop, event, outcome, verified, cost, duration, cost per verified finding', async () => {
    const run = await cli(['logs', '--dir', dir]);
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(/^started \(UTC\)\s+loop\s+event\s+outcome\s+verified\s+cost\s+duration\s+cost\/verified$/);
    expect(lines[1]).toMatch(/pr-review\s+pull_request #43\s+complete\s+0\s+\$\d+\.\d{4}\s+\d+\.\d s\s+—$/);
    expect(lines[2]).toMatch(/pr-review\s+pull_request #42\s+complete\s+2\s+\$\d+\.\d{4}\s+\d+\.\d s\s+\$\d+\.\d{4}$/);
    expect(lines.at(-1)).toMatch(/^2 loop run\(s\) · 2 verified finding\(s\) · \$\d+\.\d{4} · \$\d+\.\d{4} per verified finding$/);
    // The file that is not a record is named, with why, and skipped.
    expect(run.err).toContain('package.json: skipped, not a LoopKit run record');
  });

  test('loopkit logs --json: the same rows as JSON, cost per verified finding computed', async () => {
    const run = await cli(['logs', '--dir', dir, '--json']);
    expect(run.code).toBe(0);
    const rows = LogRow.array().parse(JSON.parse(run.out));
    expect(rows.map((r) => [r.event, r.outcome, r.findings, r.verified, r.source])).toEqual([
      ['pull_request #43', 'complete', 0, 0, join('loopkit-run-2', 'run.json')],
      ['pull_request #42', 'complete', 3, 2, 'first.json']
    ]);
    const [none, two] = rows;
    expect(none!.costPerVerifiedUsd).toBeNull();
    expect(two!.costUsd).toBeGreaterThan(0);
    expect(two!.costPerVerifiedUsd).toBeCloseTo(two!.costUsd / 2, 10);
  });

  test('loopkit audit shows one run call by call; a file that is not a record exits 3; usage errors exit 2', async () => {
    const run = await cli(['audit', join(dir, 'first.json')]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('octo/shop · run 1 attempt 1 · pull_request #42');
    expect(run.out).toMatch(/pr-review \(review\) · complete · 2 verified of 3 finding\(s\) · verdicts: 2 confirmed, 1 refuted, 0 uncertain/);
    expect(run.out).toContain('written: 2 inline comment(s)');
    for (const agent of ['Security Reviewer', 'Logic Reviewer', 'Code Verifier'])
      expect(run.out).toMatch(new RegExp(`\\d/\\d\\s+(maker|checker)\\s+${agent}\\s+claude-`));

    expect(await cli(['audit', join(dir, 'package.json')])).toMatchObject({ code: 3, err: expect.stringContaining('not a LoopKit run record') });
    expect(await cli(['audit', join(dir, 'missing.json')])).toMatchObject({ code: 3, err: expect.stringContaining('no such file') });
    expect((await cli(['audit'])).code).toBe(2);
    expect((await cli(['logs'])).code).toBe(2);
    expect((await cli(['logs', '--dir', join(dir, 'nowhere')])).code).toBe(2);
    expect((await cli(['logs', '--dir', folder()])).code).toBe(3);
  });
});
