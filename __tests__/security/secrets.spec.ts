/**
 * The Anthropic API key and the GitHub token, in runs of the action that succeed and fail:
 * they are masked the moment they are read (`::add-mask::`, which the runner consumes) and appear
 * nowhere else — not in the log (debug lines included), the outputs, the job summary, anything
 * posted to GitHub, the cache entry (unpacked), or the model's prompts; and each goes only to its
 * own service. An MCP server runs with the runner's rights and can read its environment: what it
 * answers, its errors and its tool descriptions may carry every secret of the run, and a model may
 * quote them; none reaches GitHub, a model, the job summary, the outputs or the log.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { toolCall } from '../fakes/anthropic-server.js';
import { fakeMcpCommand } from '../fakes/mcp-server-stdio.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type ActionRun, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, UNPLACEABLE, XSS, findingIds, firstUserText, isChecker, reviewScript } from '../action/scripts.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

describe('security/secrets', () => {
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

  const DOCS_TOKEN = 'docs-credential-7c1e55aa';

  test("an MCP server that reads the runner's environment: a finding quoting the secrets is posted without them, and no prompt, summary or log holds one", async () => {
    const runtimeToken = () => fakes.cache.token;
    // What the server reads (as from /proc/$PPID/environ): the step's tokens, one of them as a Basic credential.
    const leak = () =>
      [
        `GITHUB_TOKEN=${fakes.gh.token}`,
        `ANTHROPIC_API_KEY=${fakes.ai.apiKey}`,
        `ACTIONS_RUNTIME_TOKEN=${runtimeToken()}`,
        `AUTH=Basic ${Buffer.from(`x-access-token:${fakes.gh.token}`).toString('base64')}`,
        `URL=https://x.test/?token=${encodeURIComponent(fakes.gh.token)}`
      ].join('\0');
    // The maker quotes what it read, and the secrets as it knows them: a model may have them from anywhere.
    const quoting = (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
      const body = request.body;
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      if (isChecker(body))
        return {
          kind: 'tool',
          input: { verdicts: findingIds(body).map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: `Confirmed; key ${fakes.ai.apiKey}.` })) }
        };
      if (!firstUserText(body).includes('## Your role: Security Reviewer (maker)')) return { kind: 'tool', input: { findings: [] } };
      if (turn === 0) return toolCall({ name: 'docs__environ', input: {} }, { name: 'docs__lookup', input: { query: 'reject', limit: null } });
      const results = JSON.stringify(body.messages.at(-1)!.content);
      return {
        kind: 'tool',
        input: {
          findings: [
            {
              ...SQL,
              claim: `${SQL.claim} The environment holds GITHUB_TOKEN=${fakes.gh.token} and ANTHROPIC_API_KEY=${fakes.ai.apiKey}; the runtime token is ${runtimeToken()} and docs use ${DOCS_TOKEN}.`,
              evidence: `The tools said: ${results}`
            }
          ]
        }
      };
    };
    fakes = await startFakes({ respond: quoting });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const leakFile = join(fakes.temp, 'environ');
    writeFileSync(leakFile, leak());
    const server = fakeMcpCommand('--leak-file', leakFile, '--describe-secret');
    const connectors = [
      'connectors:',
      '  - type: mcp',
      '    name: docs',
      `    command: ${JSON.stringify(server.command)}`,
      `    args: ${JSON.stringify(server.args)}`,
      '    env:',
      '      TOKEN: "${{ secrets.DOCS_TOKEN }}"',
      '    tools: [lookup, environ]'
    ].join('\n');
    const loop = readFileSync('loops/pr-review.yaml', 'utf8').replace('connectors:', connectors);
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, { 'loops/pr-review.yaml': loop, 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') }),
      inputs: { loop: 'pr-review' },
      env: { DOCS_TOKEN }
    });
    expect(run.code).toBe(0);

    // The tools were called and the finding was confirmed and posted, with the secrets replaced.
    const comments = repoOf().pulls.get(42)!.reviewComments;
    expect(comments.map((c) => [c.path, c.line])).toEqual([[SQL.path, SQL.line]]);
    expect(comments[0]!.body).toContain('The environment holds GITHUB_TOKEN=*** and ANTHROPIC_API_KEY=***');
    expect(run.summary).toContain('`docs__environ`');
    // The server's JSON-RPC error reached the job summary's tool table, its secret escaped as Markdown prints `***`.
    expect(run.summary).toMatch(/`docs__lookup` .*✗ failed: .*upstream rejected credential \\\*\\\*\\\* \|/);
    // A warning says a secret was taken out of what LoopKit posted, and where.
    expect(run.stdout).toMatch(
      /::warning::A secret of the run was in what LoopKit was about to send to GitHub \(POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews\)/
    );

    expectNoSecrets(run);
    const visible = everythingVisible(run);
    const prompts = fakes.ai.requests.map((r) => r.rawBody).join('\n');
    // The model saw the server's tools, its description among them, and its results: each without a secret in any form.
    expect(prompts).toContain('Look a term up in the project docs. Authenticated with ***.');
    expect(prompts).toContain('upstream rejected credential ***');
    for (const secret of [runtimeToken(), DOCS_TOKEN, Buffer.from(fakes.gh.token).toString('base64').slice(0, 16), encodeURIComponent(fakes.gh.token)]) {
      expect(visible).not.toContain(secret);
      expect(prompts).not.toContain(secret);
    }
  });
});
