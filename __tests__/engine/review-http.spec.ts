/**
 * The whole review loop over real HTTP: the PR comes from the fake GitHub through Octokit, the
 * agents run on the fake Anthropic through the SDK.
 */
import { runReview } from '../../src/engine/review.js';
import { createOctokit, GitHubFileReader, readPullRequest } from '../../src/github/index.js';
import { AnthropicProvider, pricing } from '../../src/providers/index.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply, type MessagesBody } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { loopFrom } from '../helpers/loops.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { SQL } from '../action/scripts.js';

describe('engine/review-http', () => {
  const MODEL = 'claude-sonnet-4-6';
  const LOOP = `name: review
trigger: { event: pull_request }
model: ${MODEL}
pipeline:
  - parallel:
      - { label: Security Reviewer, prompt: Find security bugs. }
      - { label: Logic Reviewer, prompt: Find logic bugs. }
      - { label: Perf Reviewer, prompt: Find performance bugs. }
agents:
  - { label: Verifier, prompt: Try to refute each finding; confirm only with evidence. }
verify:
  checker: Verifier
  maxRounds: 1
`;

  const sqlFinding = SQL;
  const weakFinding = {
    ...sqlFinding,
    line: 6,
    quote: "  console.log('getUser', id);",
    severity: 'low',
    category: 'maintainability',
    claim: 'Leftover debug logging.',
    evidence: 'console.log call.'
  };

  function lastUserText(body: MessagesBody): string {
    const last = body.messages.at(-1)!;
    return typeof last.content === 'string' ? last.content : last.content.map((b) => ('text' in b ? b.text : '')).join('\n');
  }
  const isChecker = (body: MessagesBody) => lastUserText(body).includes('(checker)');
  const idsIn = (body: MessagesBody) => [...lastUserText(body).matchAll(/### (B\d+R\d+F\d+)/g)].map((m) => m[1]!);
  /** The checker prompt's text about one finding. */
  const findingText = (body: MessagesBody, id: string) =>
    lastUserText(body)
      .split('### ')
      .find((part) => part.startsWith(`${id} `)) ?? '';

  let gh: FakeGitHub;
  let ai: FakeAnthropic;
  afterEach(async () => {
    await gh?.close();
    await ai?.close();
  });

  async function setup(respond: (body: MessagesBody, index: number) => FakeReply, loopYaml = LOOP) {
    gh = await startFakeGitHub();
    seedSample(gh);
    ai = await startFakeAnthropic({ respond: (req, i) => respond(req.body, i), ttfbMs: 60, latencyMs: 250, minCacheableTokens: 200 });
    const octokit = createOctokit({ token: gh.token, baseUrl: gh.url, rateLimit: { spaceWrites: false } });
    const pr = await readPullRequest(octokit, { owner: OWNER, repo: REPO, number: 42 });
    const provider = new AnthropicProvider({ apiKey: ai.apiKey, baseURL: ai.url, maxRetries: 1, retryBackoffMs: 5 });
    return runReview({
      loaded: await loopFrom(loopYaml),
      pr,
      provider,
      pricing: pricing,
      defaultModel: MODEL,
      reader: new GitHubFileReader(octokit, { owner: OWNER, repo: REPO })
    });
  }

  const verdicts = (body: MessagesBody, kind: (id: string) => string): FakeReply => ({
    kind: 'tool',
    name: 'report_verdicts',
    input: { verdicts: idsIn(body).map((id) => ({ id, verdict: kind(id), confidence: 0.9, evidence: 'Read the code around it.' })) }
  });

  test('makers run concurrently on one cached prefix; the checker confirms or refutes', async () => {
    // The makers' answers are held until all three have asked: makers run one after another would
    // never all arrive (the run would not end), so the order below is the engine's, not the clock's.
    let makersAsked = 0;
    let allAsked: () => void = () => {};
    const allMakersAsked = new Promise<void>((resolve) => (allAsked = resolve));
    const result = await setup((body) => {
      if (isChecker(body)) return verdicts(body, (id) => (findingText(body, id).includes(sqlFinding.claim) ? 'confirmed' : 'refuted'));
      if (++makersAsked === 3) allAsked();
      return {
        kind: 'tool',
        name: 'report_findings',
        input: { findings: lastUserText(body).includes('Security') ? [sqlFinding] : [weakFinding] },
        until: allMakersAsked
      };
    });

    const [first, ...others] = ai.requests.filter((r) => r.body && !isChecker(r.body));
    expect(others).toHaveLength(2);
    // The other makers start once the first has begun answering (so they can read its cache entry),
    // and before it has finished: they run at the same time, not one after another.
    for (const other of others) {
      expect(other.arrivedAt).toBeGreaterThanOrEqual(first!.firstByteAt!);
      expect(other.arrivedAt).toBeLessThanOrEqual(first!.answeredAt!);
    }
    // One cache breakpoint, after the shared context; identical system and answer format on every call, makers and checker alike.
    const systems = new Set(ai.requests.map((r) => JSON.stringify([r.body!.system, r.body!.output_config!.format])));
    expect(systems.size).toBe(1);
    const system = ai.requests[0]!.body!.system as { cache_control?: unknown }[];
    expect(system.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    // The first call writes the cache, the others read it.
    const [write, ...reads] = result.calls;
    expect(write!.usage.cacheWriteTokens).toBeGreaterThan(0);
    for (const read of reads) expect(read.usage.cacheReadTokens).toBe(write!.usage.cacheWriteTokens);

    expect(result.findings).toHaveLength(2);
    expect(result.verified.map((f) => f.claim)).toEqual([sqlFinding.claim]);
    expect(result.findings.find((f) => f.claim === weakFinding.claim)!.verdict!.kind).toBe('refuted');
    expect(result.coverage.skipped.map((s) => [s.path, s.reason])).toEqual(
      expect.arrayContaining([
        ['assets/logo.png', 'binary or too large for a patch'],
        ['package-lock.json', 'lockfile']
      ])
    );
    expect(result.costUsd).toBeGreaterThan(0);
    // The checker saw the head version of the code around the finding.
    // (Pipelined behind the makers, the checker may be asked more than once: one of its calls saw it.)
    const checkerPrompts = ai.requests.filter((r) => r.body && isChecker(r.body)).map((r) => lastUserText(r.body!));
    expect(checkerPrompts.some((p) => p.includes("5>|   const rows = await db.query('SELECT * FROM users WHERE id = ' + id);"))).toBe(true);
  });

  test('an answer its schema refuses is retried once, then reported — never invented', async () => {
    const result = await setup((body) => {
      if (isChecker(body)) return verdicts(body, () => 'confirmed');
      // Both the first answer and the repair answer of the Logic Reviewer break what the JSON schema cannot say (a claim's length).
      if (JSON.stringify(body.messages[0]).includes('Logic Reviewer'))
        return { kind: 'tool', name: 'report_findings', input: { findings: [{ ...weakFinding, claim: 'x'.repeat(500) }] } };
      return { kind: 'tool', name: 'report_findings', input: { findings: lastUserText(body).includes('Security') ? [sqlFinding] : [] } };
    });
    const logicCalls = ai.requests.filter((r) => r.body && JSON.stringify(r.body.messages[0]).includes('Logic Reviewer'));
    expect(logicCalls).toHaveLength(2);
    expect(JSON.stringify(logicCalls[1]!.body!.messages.at(-1))).toContain('does not match the report_findings schema');
    expect(result.failures).toEqual([expect.objectContaining({ agent: 'Logic Reviewer', kind: 'malformed' })]);
    expect(result.status).toBe('partial');
    expect(result.verified.map((f) => f.claim)).toEqual([sqlFinding.claim]);
  });

  test('a budget stop returns what was found, marked partial', async () => {
    const result = await setup(
      (body) => (isChecker(body) ? verdicts(body, () => 'confirmed') : { kind: 'tool', name: 'report_findings', input: { findings: [sqlFinding] } }),
      LOOP + 'budget:\n  maxIterations: 3\n'
    );
    expect(ai.requests).toHaveLength(3);
    expect(result.status).toBe('partial');
    expect(result.reasons.join()).toMatch(/budget/);
    expect(result.findings).toHaveLength(1);
    expect(result.verified).toEqual([]);
  });

  test('529 overloaded on every try fails the agents and the review, with the reason', async () => {
    const result = await setup(() => ({ kind: 'error', status: 529 }));
    expect(result.status).toBe('failed');
    expect(result.failures.map((f) => f.kind)).toEqual(['overloaded', 'overloaded', 'overloaded']);
    expect(result.verified).toEqual([]);
  });
});
