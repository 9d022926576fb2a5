/**
 * The Anthropic API key and the GitHub token, in runs of the action that succeed and fail:
 * they are masked the moment they are read (`::add-mask::`, which the runner consumes) and appear
 * nowhere else — not in the log (debug lines included), the outputs, the job summary, anything
 * posted to GitHub, the cache entry (unpacked), or the model's prompts; and each goes only to its
 * own service.
 */
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type ActionRun, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, UNPLACEABLE, XSS, firstUserText, reviewScript } from '../action/scripts.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

let fakes: Fakes;
afterEach(async () => fakes?.close());

const HEAD = 'c'.repeat(40);
const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] };
const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;

/** A cache entry as the service stores it (a zstd or gzip tar): unpacked, so a secret inside would show. */
function unpack(bytes: Buffer): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes).toString('latin1');
  if (bytes.readUInt32LE(0) === 0xfd2fb528) return execFileSync('zstd', ['-d', '-c', '-q'], { input: bytes }).toString('latin1');
  return bytes.toString('latin1');
}

/** Everything of a run that people or later steps can read. */
function everythingVisible(run: ActionRun): string {
  const repo = repoOf();
  const pulls = [...repo.pulls.values()];
  const log = `${run.stdout}\n${run.stderr}`
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [
    log,
    run.summary,
    JSON.stringify(run.outputs),
    ...repo.issueComments.map((c) => c.body),
    ...pulls.flatMap((p) => [...p.reviews.map((r) => r.body), ...p.reviewComments.map((c) => c.body)]),
    ...[...repo.checkRuns.values()].map((c) => JSON.stringify({ output: c.output, annotations: c.annotations })),
    // What LoopKit sent to GitHub, whether or not GitHub kept it.
    ...fakes.gh.requests.map((r) => JSON.stringify(r.body ?? null)),
    ...fakes.cache.entries.map((e) => unpack(e.bytes))
  ].join('\n');
}

function expectNoSecrets(run: ActionRun): void {
  const { apiKey } = fakes.ai;
  const { token } = fakes.gh;
  // Masked first: both, and before anything else is printed.
  const lines = run.stdout.split('\n');
  expect(lines.slice(0, 2).sort()).toEqual([`::add-mask::${apiKey}`, `::add-mask::${token}`].sort());
  const visible = everythingVisible(run);
  expect(visible).not.toContain(apiKey);
  expect(visible).not.toContain(token);
  // Each secret goes to its own service only, and the model's prompts hold neither.
  for (const request of fakes.ai.requests) {
    expect(request.rawBody).not.toContain(apiKey);
    expect(request.rawBody).not.toContain(token);
    expect(JSON.stringify(request.headers)).not.toContain(token);
  }
  for (const request of fakes.gh.requests) expect(JSON.stringify(request.headers)).not.toContain(apiKey);
  expect(JSON.stringify(fakes.cache.requests)).not.toContain(apiKey);
  expect(JSON.stringify(fakes.cache.requests)).not.toContain(token);
}

test('a full review: state saved, review posted, no secret anywhere', async () => {
  fakes = await startFakes({ respond: reviewScript(FINDINGS) });
  seedSample(fakes.gh, 42, { headSha: HEAD });
  const run = await runAction(fakes, {
    event: 'pull_request',
    payload: pullRequestEvent(42, HEAD),
    workspace: workspace(fakes),
    inputs: { loop: 'pr-review' }
  });

  expect(run.code).toBe(0);
  expect(repoOf().pulls.get(42)!.reviewComments.length).toBeGreaterThan(0);
  expect(fakes.cache.entries).toHaveLength(1);
  // The unpacked entry is the state document: the check below really looks inside it.
  expect(unpack(fakes.cache.entries[0]!.bytes)).toContain('"lastReviewedHead"');
  expectNoSecrets(run);
});

test('errors that echo the secrets back (API error text, GitHub error bodies) do not leak them', async () => {
  // A proxy or gateway that repeats the credential it was given in its error text.
  const echo = (request: RecordedRequest & { body: MessagesBody }): FakeReply | undefined =>
    firstUserText(request.body).includes('## Your role: Logic Reviewer (maker)')
      ? {
          kind: 'error',
          status: 400,
          type: 'invalid_request_error',
          message: `x-api-key ${request.headers['x-api-key'] ?? ''} is not allowed for model ${request.body.model}`
        }
      : undefined;
  const base = reviewScript(FINDINGS);
  fakes = await startFakes({ respond: (request) => echo(request) ?? base(request) });
  seedSample(fakes.gh, 42, { headSha: HEAD });
  const leak = (status: number) => ({
    message: `Bad credentials for token ${fakes.gh.token}`,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status)
  });
  // Someone commented, so LoopKit lists the conversation; a 404 is not retried: the first answer is the one LoopKit reports.
  fakes.gh.state.repos.get('octo/shop')!.addIssueComment(42, 'Looks good to me.');
  fakes.gh.failNext({ method: 'GET', path: /\/issues\/42\/comments$/ }, 404, leak(404));
  fakes.gh.failNext({ method: 'POST', path: /\/pulls\/42\/reviews$/ }, 422, {
    message: 'Unprocessable Entity',
    errors: [`token ${fakes.gh.token} may not comment here`],
    status: '422'
  });
  const run = await runAction(fakes, {
    event: 'pull_request',
    payload: pullRequestEvent(42, HEAD),
    workspace: workspace(fakes),
    inputs: { loop: 'pr-review' }
  });

  expect(run.code).toBe(0);
  // The failures really happened and were reported, without the secret.
  expect(run.stdout).toContain('Logic Reviewer failed');
  expect(run.stdout).toContain('Could not read the summary comment');
  expectNoSecrets(run);
});
