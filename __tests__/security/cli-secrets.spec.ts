/**
 * The CLI takes out the run's secrets as the action does (one Redactor from redactorFromEnv): a
 * model that quotes the GitHub token, the model keys or an OpenTelemetry header's value gets none
 * of them printed, posted with `--post`, saved in the local state or sent in the next prompt.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewScript, SQL } from '../action/scripts.js';
import { startFakeAnthropic, type FakeAnthropic, type MessagesBody, type RecordedRequest } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { seedSample } from '../helpers/sample.js';
import { cli, tempFolders } from '../cli/run-cli.js';

describe('security/cli-secrets', () => {
  let gh: FakeGitHub | undefined;
  let ai: FakeAnthropic | undefined;
  afterEach(async () => {
    await Promise.all([gh?.close(), ai?.close()]);
    gh = ai = undefined;
  });
  const tempRepo = tempFolders('loopkit-cli-secrets-');

  const OPENAI_KEY = 'sk-proj-cliOpenAiKey0123456789';
  const OTEL_SECRET = 'otel-ingest-key-9876543210';

  /** The maker quotes every secret it could have read; the checker confirms. */
  function quotingModel(secrets: () => string[]) {
    return (request: RecordedRequest & { body: MessagesBody }) =>
      reviewScript({ 'Security Reviewer': [{ ...SQL, claim: `${SQL.claim} The environment holds ${secrets().join(' and ')}.` }] })(request);
  }

  function secretsOf(env: NodeJS.ProcessEnv): string[] {
    return [env.GITHUB_TOKEN, env.ANTHROPIC_API_KEY, OPENAI_KEY, OTEL_SECRET].filter((s): s is string => s !== undefined);
  }

  test('loopkit run --repo --post: nothing printed, posted or sent to the model holds a secret of the run', async () => {
    gh = await startFakeGitHub();
    const github = gh;
    ai = await startFakeAnthropic({ ttfbMs: 1, latencyMs: 1, respond: quotingModel(() => secretsOf(env)) });
    const env: NodeJS.ProcessEnv = {
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      ANTHROPIC_API_KEY: ai.apiKey,
      ANTHROPIC_BASE_URL: ai.url,
      OPENAI_API_KEY: OPENAI_KEY,
      OTEL_EXPORTER_OTLP_HEADERS: `x-honeycomb-team=${OTEL_SECRET}`
    };
    seedSample(github, 42);
    const run = await cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', '42', '--post'], env);
    expect(run.code).toBe(1);

    const pull = github.state.repo('octo', 'shop')!.pulls.get(42)!;
    expect(pull.reviewComments.map((c) => c.path)).toEqual([SQL.path]);
    expect(pull.reviewComments[0]!.body).toContain('The environment holds *** and *** and *** and ***.');
    expect(run.out).toContain('The environment holds ***');
    expect(run.err).toMatch(/warning: A secret of the run was in what LoopKit printed; it was replaced by \*\*\*/);
    const checker = ai.requests.find((r) => r.rawBody.includes('(checker)'))!;
    expect(checker.rawBody).toContain('The environment holds *** and');
    const everything = [
      run.out,
      run.err,
      ...github.requests.map((r) => JSON.stringify(r.body ?? null)),
      ...pull.reviewComments.map((c) => c.body),
      ...pull.reviews.map((r) => r.body),
      ...ai.requests.map((r) => r.rawBody)
    ].join('\n');
    for (const secret of secretsOf(env)) expect(everything).not.toContain(secret);
  });

  test('loopkit run on a saved pull request: the printed JSON and the state saved for `loopkit status` (every run with its findings) hold no secret', async () => {
    ai = await startFakeAnthropic({ ttfbMs: 1, latencyMs: 1, respond: quotingModel(() => secretsOf(env)) });
    const env: NodeJS.ProcessEnv = {
      ANTHROPIC_API_KEY: ai.apiKey,
      ANTHROPIC_BASE_URL: ai.url,
      OPENAI_API_KEY: OPENAI_KEY,
      OTEL_EXPORTER_OTLP_HEADERS: `a=b,x-key=${OTEL_SECRET}`
    };
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    // Every run kept with its findings, so a claim would be saved if it were not redacted.
    const loop = join(dir, 'loops/pr-review.yaml');
    writeFileSync(loop, readFileSync(loop, 'utf8').replace('memory:\n  store: cache', 'memory:\n  store: filesystem\n  persistence: full'));
    const run = await cli(['run', 'pr-review', '--json', '--pr-file', join(process.cwd(), 'samples/sample-pr.json'), '--cwd', dir], env);
    expect(run.code).toBe(1);
    expect(run.out).toContain('The environment holds *** and *** and ***.');
    const stateDir = join(dir, '.loopkit/state');
    const saved = readdirSync(stateDir).map((f) => readFileSync(join(stateDir, f), 'utf8'));
    expect(saved.join('\n')).toContain('The environment holds ***');
    for (const secret of secretsOf(env)) expect([run.out, run.err, ...saved].join('\n')).not.toContain(secret);
  });
});
