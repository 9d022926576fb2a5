/**
 * `loopkit eval` end to end, in process: the project's own benchmark (fixture.ts, ./bench) served by
 * the fake GitHub, two loops and the judge on the fake Anthropic over real HTTP. The figures are
 * checked case by case against what the scripted judge answered.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARTIAN_BENCH } from '../../src/eval/bench-sources.js';
import { EvalReport } from '../../src/eval/results.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { startFakeOpenAI, type ResponsesBody } from '../fakes/openai-server.js';
import { cli, tempFolders } from '../cli/run-cli.js';
import { BENCH_DIR, CLI, isJudge, judgeAnswer, loopYaml, MODEL, PAYMENTS, respond, seedPlanted, urlOf, WEB } from './fixture.js';

const folder = tempFolders('loopkit-eval-');
let gh: FakeGitHub;
let ai: FakeAnthropic;
beforeEach(async () => {
  gh = await startFakeGitHub();
  seedPlanted(gh);
  ai = await startFakeAnthropic({ respond: (req) => respond(req.body) });
});
afterEach(async () => {
  await gh.close();
  await ai.close();
});

const env = () => ({ GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url, ANTHROPIC_API_KEY: ai.apiKey, ANTHROPIC_BASE_URL: ai.url });
const repoFolder = () => folder({ 'a.yaml': loopYaml('alpha', 'Alpha Reviewer'), 'b.yaml': loopYaml('beta', 'Beta Reviewer') });
const evalArgs = (dir: string, ...more: string[]) => [
  'eval',
  '--bench',
  BENCH_DIR,
  '--loop',
  'a.yaml',
  '--loop',
  'b.yaml',
  '--cwd',
  dir,
  '--judge-model',
  MODEL,
  ...more
];
const pullReads = (url: string) =>
  gh.requests.filter((r) => r.method === 'GET' && r.path === new URL(url).pathname.replace(/^\/([^/]+)\/([^/]+)\/pull\//, '/repos/$1/$2/pulls/'));
const judgeCalls = () => ai.requests.filter((r) => r.body && isJudge(r.body));

/** GitHub saw reads only: GETs, and GraphQL queries (never a mutation). */
function onlyReads(): void {
  for (const r of gh.requests) {
    if (r.method === 'GET') continue;
    expect([r.method, r.path]).toEqual(['POST', '/graphql']);
    expect(String((r.body as { query: string }).query).trimStart()).toMatch(/^query\b/);
  }
}

test('two loops on three pull requests of three repositories: figures that agree with the judge, cost, each pull request read once across two runs, nothing written', async () => {
  const dir = repoFolder();
  const first = await cli(evalArgs(dir, '--json', 'report.json', '--cache', 'cache'), env());
  expect(first.err).not.toContain('incomplete');
  expect(first.code).toBe(0);
  // Progress, one line per review as it is judged.
  expect(first.err).toMatch(/^\[6\/6\] (alpha|beta) · https:\/\/github\.com\//m);
  const report = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
  const [alpha, beta] = report.loops;
  expect([alpha!.loop, beta!.loop]).toEqual(['alpha', 'beta']);
  const byUrl = (cases: EvalReport['loops'][number]['cases']) => new Map(cases.map((c) => [c.url, c]));
  const pick = ({
    golden,
    candidates,
    truePositives,
    matchedGolden,
    uncertain,
    unjudged,
    precision,
    recall,
    f1,
    status
  }: EvalReport['loops'][number]['cases'][number]) => ({
    golden,
    candidates,
    truePositives,
    matchedGolden,
    uncertain,
    unjudged,
    precision,
    recall,
    f1,
    status
  });

  // alpha: payments C1 match G1, C2 no_match; web uncertain; cli match.
  const a = byUrl(alpha!.cases);
  expect(pick(a.get(urlOf(PAYMENTS))!)).toEqual({
    golden: 2,
    candidates: 2,
    truePositives: 1,
    matchedGolden: 1,
    uncertain: 0,
    unjudged: 0,
    precision: 0.5,
    recall: 0.5,
    f1: 0.5,
    status: 'judged'
  });
  expect(pick(a.get(urlOf(WEB))!)).toEqual({
    golden: 2,
    candidates: 1,
    truePositives: 0,
    matchedGolden: 0,
    uncertain: 1,
    unjudged: 0,
    precision: 0,
    recall: 0,
    f1: 0,
    status: 'judged'
  });
  expect(pick(a.get(urlOf(CLI))!)).toEqual({
    golden: 1,
    candidates: 1,
    truePositives: 1,
    matchedGolden: 1,
    uncertain: 0,
    unjudged: 0,
    precision: 1,
    recall: 1,
    f1: 1,
    status: 'judged'
  });
  // Micro-averaged: 2 of 4 candidates, 2 of 5 golden comments.
  expect(alpha!.totals).toMatchObject({
    cases: 3,
    golden: 5,
    candidates: 4,
    truePositives: 2,
    matchedGolden: 2,
    uncertain: 1,
    unjudged: 0,
    precision: 0.5,
    recall: 0.4
  });
  expect(alpha!.totals.f1).toBeCloseTo((2 * 0.5 * 0.4) / 0.9, 10);
  expect(alpha!.totals.bySeverity).toEqual({
    critical: { golden: 1, found: 1, recall: 1 },
    high: { golden: 1, found: 1, recall: 1 },
    medium: { golden: 2, found: 0, recall: 0 },
    low: { golden: 1, found: 0, recall: 0 }
  });

  // beta: the judge left the refund-limit candidate out (not a true positive), matched the currency one;
  // no finding on web (no judge call, precision undefined); the refuted finding on cli is no candidate.
  const b = byUrl(beta!.cases);
  expect(pick(b.get(urlOf(PAYMENTS))!)).toEqual({
    golden: 2,
    candidates: 2,
    truePositives: 1,
    matchedGolden: 1,
    uncertain: 0,
    unjudged: 1,
    precision: 0.5,
    recall: 0.5,
    f1: 0.5,
    status: 'judged'
  });
  expect(b.get(urlOf(PAYMENTS))!.judgments.map((j) => [j.verdict, j.golden])).toEqual([
    ['unjudged', []],
    ['match', [2]]
  ]);
  expect(pick(b.get(urlOf(WEB))!)).toEqual({
    golden: 2,
    candidates: 0,
    truePositives: 0,
    matchedGolden: 0,
    uncertain: 0,
    unjudged: 0,
    precision: null,
    recall: 0,
    f1: 0,
    status: 'judged'
  });
  expect(pick(b.get(urlOf(CLI))!)).toEqual({
    golden: 1,
    candidates: 1,
    truePositives: 1,
    matchedGolden: 1,
    uncertain: 0,
    unjudged: 0,
    precision: 1,
    recall: 1,
    f1: 1,
    status: 'judged'
  });
  expect(beta!.totals).toMatchObject({ golden: 5, candidates: 3, truePositives: 2, matchedGolden: 2, unjudged: 1, recall: 0.4 });
  expect(beta!.totals.precision).toBeCloseTo(2 / 3, 10);
  expect(beta!.totals.f1).toBeCloseTo(0.5, 10);

  // One judge call per case and loop with a candidate: 3 for alpha, 2 for beta; costs kept apart.
  expect(judgeCalls()).toHaveLength(5);
  expect(report.judge).toMatchObject({ model: MODEL, calls: 5 });
  expect(report.judge.costUsd).toBeGreaterThan(0);
  for (const loop of report.loops) {
    expect(loop.totals.costUsd).toBeGreaterThan(0);
    expect(loop.totals.costUsd).toBeCloseTo(
      loop.cases.reduce((n, c) => n + c.costUsd, 0),
      10
    );
    expect(loop.totals.costPerTruePositive).toBeCloseTo(loop.totals.costUsd / loop.totals.truePositives, 10);
    expect(loop.totals.costPerPr).toBeCloseTo(loop.totals.costUsd / 3, 10);
  }
  expect(report.judge.costUsd).toBeCloseTo(
    report.loops.reduce((n, l) => n + l.totals.judgeCostUsd, 0),
    10
  );
  expect(report.costUsd).toBeCloseTo(alpha!.totals.costUsd + beta!.totals.costUsd + report.judge.costUsd, 10);
  // The markdown report: the loops side by side and the chart.
  expect(first.out).toMatch(/\| alpha \| 3 \| 5 \| 4 \| 2 \| 2 \| 0\.50 \| 0\.40 \| 0\.44 \|/);
  expect(first.out).toMatch(/\| beta \| 3 \| 5 \| 3 \| 2 \| 2 \| 0\.67 \| 0\.40 \| 0\.50 \|/);
  expect(first.out).toContain('1 candidate(s) the judge left unjudged (not counted as true positives)');
  expect(first.out).toMatch(/alpha {3}F1 {8}█{11}░{13} 0\.44/);

  // Each pull request read once for both loops; only reads.
  for (const pr of [PAYMENTS, WEB, CLI]) expect(pullReads(urlOf(pr))).toHaveLength(1);
  onlyReads();

  // The second run reads the cache: GitHub is asked nothing about the pull requests, the figures hold.
  const before = gh.requests.length;
  const second = await cli(evalArgs(dir, '--json', 'again.json', '--cache', 'cache'), env());
  expect(second.code).toBe(0);
  expect(gh.requests.slice(before)).toEqual([]);
  const again = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')));
  expect(again.loops.map((l) => [l.totals.truePositives, l.totals.matchedGolden, l.totals.candidates])).toEqual([
    [2, 2, 4],
    [2, 2, 3]
  ]);
});

test("a loop's notes file reaches its agents, as in the action", async () => {
  const dir = folder({
    'a.yaml': `${loopYaml('alpha', 'Alpha Reviewer')}memory: { notesFile: NOTES.md }\n`,
    'NOTES.md': '- Amounts in this codebase are in cents.\n'
  });
  expect((await cli(['eval', '--bench', BENCH_DIR, '--loop', 'a.yaml', '--cwd', dir, '--judge-model', MODEL, '--cases', '1'], env())).code).toBe(0);
  const agents = ai.requests.filter((r) => r.body && !isJudge(r.body));
  expect(agents.length).toBeGreaterThan(0);
  for (const r of agents) expect(JSON.stringify(r.body!.system)).toContain('Amounts in this codebase are in cents.');
});

test("the judge's requests carry no secret of the run, as the loops' do not", async () => {
  const dir = repoFolder();
  const bench = join(dir, 'bench');
  mkdirSync(join(bench, 'golden_comments'), { recursive: true });
  const [kase] = JSON.parse(readFileSync(join(BENCH_DIR, 'golden_comments', 'cli.json'), 'utf8')) as { comments: { comment: string }[] }[];
  // A benchmark's text is not LoopKit's: a key pasted into a golden comment must not travel to the judge's vendor.
  kase!.comments[0]!.comment += ` (reproduced with ${ai.apiKey})`;
  writeFileSync(join(bench, 'golden_comments', 'cli.json'), JSON.stringify([kase]));
  const run = await cli(['eval', '--bench', bench, '--loop', 'a.yaml', '--cwd', dir, '--judge-model', MODEL], env());
  expect(run.code).toBe(0);
  expect(judgeCalls().length).toBeGreaterThan(0);
  for (const r of judgeCalls()) expect(JSON.stringify(r.body)).not.toContain(ai.apiKey);
  expect(JSON.stringify(judgeCalls().map((r) => r.body))).toContain('(reproduced with ');
});

test('a loop that extends a shared loop on GitHub is read through the API with the token, as validate and run read it', async () => {
  const shared = loopYaml('alpha', 'Alpha Reviewer');
  gh.state.addRepo({ owner: 'acme', repo: 'loops' }).setFile('v1', 'review.yaml', shared);
  const digest = createHash('sha256').update(shared).digest('hex');
  const dir = folder({ 'a.yaml': `extends:\n  from: github:acme/loops/review.yaml@v1\n  sha256: ${digest}\nname: alpha-here\n` });
  const run = await cli(['eval', '--bench', BENCH_DIR, '--loop', 'a.yaml', '--cwd', dir, '--judge-model', MODEL, '--cases', '1', '--json', 'r.json'], env());
  expect(run.err).not.toContain('error');
  expect(run.code).toBe(0);
  expect(EvalReport.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).loops.map((l) => l.loop)).toEqual(['alpha-here']);
  // The shared loop's maker ran.
  expect(ai.requests.some((r) => r.body && !isJudge(r.body) && JSON.stringify(r.body).includes('Alpha Reviewer (maker)'))).toBe(true);
});

test('a threshold that is not met exits 1 and says which', async () => {
  const dir = repoFolder();
  const run = await cli(evalArgs(dir, '--min-f1', '0.48'), env());
  expect(run.code).toBe(1);
  expect(run.err).toContain('missed: alpha: f1 0.444 is below --min-f1 0.48');
  expect(run.err).not.toContain('missed: beta');
  const met = await cli(evalArgs(dir, '--min-f1', '0.4', '--min-recall', '0.4', '--max-cost-per-pr', '100'), env());
  expect(met.code).toBe(0);
  onlyReads();
});

test('a pull request that cannot be read is skipped by every loop, named, and fails a gate', async () => {
  const dir = repoFolder();
  const bench = join(dir, 'bench');
  mkdirSync(join(bench, 'golden_comments'), { recursive: true });
  const missing = 'https://github.com/acme/web/pull/99';
  writeFileSync(
    join(bench, 'golden_comments', 'mixed.json'),
    JSON.stringify([
      { pr_title: 'Gone', url: missing, comments: [{ comment: 'Something.', severity: 'High' }] },
      JSON.parse(readFileSync(join(BENCH_DIR, 'golden_comments', 'cli.json'), 'utf8'))[0]
    ])
  );
  const run = await cli(['eval', '--bench', bench, '--loop', 'a.yaml', '--cwd', dir, '--judge-model', MODEL, '--json', 'r.json', '--min-f1', '0.1'], env());
  const report = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
  expect(report.skipped).toEqual([{ url: missing, reason: expect.stringContaining('could not read acme/web#99') }]);
  expect(report.loops[0]!.cases.map((c) => c.url)).toEqual([urlOf(CLI)]);
  expect(run.out).toContain('1 pull request(s) could not be read');
  expect(run.err.split('\n').filter((l) => l.startsWith(`skipped ${missing} for every loop: could not read acme/web#99`))).toHaveLength(1);
  expect(run.err).toContain(`incomplete: ${missing} could not be read`);
  // The figures met --min-f1, but a gate does not pass on an evaluation that left a pull request out.
  expect(report.loops[0]!.totals.f1).toBe(1);
  // Not a missed threshold (1): the evaluation did not complete, so the gate could not be judged (3).
  expect(run.code).toBe(3);
});

test('--concurrency 1: one review (with its judge call) at a time, so the pull requests are never interleaved', async () => {
  const dir = repoFolder();
  expect((await cli(evalArgs(dir, '--concurrency', '1'), env())).code).toBe(0);
  const titles = ai.requests.map((r) => [PAYMENTS, WEB, CLI].find((p) => JSON.stringify(r.body?.system).includes(p.title))!.title);
  const runs = titles.filter((t, i) => t !== titles[i - 1]);
  // Three pull requests for alpha, then three for beta: six runs of requests, each pull request's together.
  expect(runs).toEqual([CLI.title, PAYMENTS.title, WEB.title, CLI.title, PAYMENTS.title, WEB.title]);
});

test('a review that failed and a judge call that failed are named, kept out of the totals, and fail a gate', async () => {
  await ai.close();
  ai = await startFakeAnthropic({
    respond: (req) => {
      const system = JSON.stringify(req.body.system);
      if (!isJudge(req.body) && system.includes(PAYMENTS.title)) return { kind: 'error', status: 400, message: 'maker broke' };
      if (isJudge(req.body) && system.includes(CLI.title)) return { kind: 'error', status: 400, message: 'judge broke' };
      return respond(req.body);
    }
  });
  const dir = repoFolder();
  const run = await cli(['eval', '--bench', BENCH_DIR, '--loop', 'a.yaml', '--cwd', dir, '--judge-model', MODEL, '--json', 'r.json', '--min-f1', '0'], env());
  const [loop] = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).loops;
  const byUrl = new Map(loop!.cases.map((c) => [c.url, c]));
  expect(byUrl.get(urlOf(PAYMENTS))).toMatchObject({ status: 'review-failed', reviewStatus: 'failed', truePositives: 0 });
  expect(byUrl.get(urlOf(CLI))).toMatchObject({ status: 'judge-failed', error: expect.stringContaining('judge broke'), candidates: 1 });
  expect(byUrl.get(urlOf(CLI))!.costUsd).toBeGreaterThan(0);
  expect(loop!.totals).toMatchObject({ cases: 1, failed: 2, golden: 2, candidates: 1, uncertain: 1 });
  expect(run.err).toContain('incomplete: alpha: 2 pull request(s) failed');
  expect(run.code).toBe(3);
});

test("the evaluation's budget stops it from starting more reviews, and what was done is reported", async () => {
  const dir = repoFolder();
  const run = await cli(evalArgs(dir, '--json', 'r.json', '--concurrency', '1', '--max-cost', '0.000001'), env());
  const report = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
  expect(report.stopped).toMatch(/budget of \$0.000001 was spent/);
  const statuses = report.loops.flatMap((l) => l.cases.map((c) => c.status));
  // One at a time: the first review spent the budget, its judge call was not made, nothing else started.
  expect(statuses).toEqual(['not-run', 'not-run', 'not-run', 'not-run', 'not-run', 'not-run']);
  expect(report.loops[0]!.cases[0]!.costUsd).toBeGreaterThan(0);
  expect(report.loops[0]!.cases[0]!.error).toContain('before the judge');
  expect(judgeCalls()).toHaveLength(0);
  expect(report.loops.map((l) => l.totals.notRun)).toEqual([3, 3]);
  expect(run.out).toContain('Stopped early');
  expect(run.code).toBe(0);
});

test('--bench martian reads the golden files from the benchmark repository at the pinned commit, through the API', async () => {
  const martian = gh.state.addRepo({ owner: MARTIAN_BENCH.owner, repo: MARTIAN_BENCH.repo });
  for (const name of ['cli.json', 'payments.json'])
    martian.setFile(MARTIAN_BENCH.commit, `${MARTIAN_BENCH.dir}/${name}`, readFileSync(join(BENCH_DIR, 'golden_comments', name), 'utf8'));
  martian.addCommit({ sha: MARTIAN_BENCH.commit });
  const dir = repoFolder();
  const run = await cli(['eval', '--bench', 'martian', '--loop', 'a.yaml', '--cwd', dir, '--judge-model', MODEL, '--cases', '1', '--json', 'r.json'], env());
  expect(run.code).toBe(0);
  const report = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
  expect(report.bench).toBe(`withmartian/code-review-benchmark@${MARTIAN_BENCH.commit.slice(0, 12)}:offline/golden_comments`);
  expect(report.loops[0]!.cases.map((c) => c.url)).toEqual([urlOf(CLI)]);
  const listing = gh.requests.filter((r) => r.path.startsWith(`/repos/${MARTIAN_BENCH.owner}/${MARTIAN_BENCH.repo}/contents/`));
  expect(listing.map((r) => r.query.ref)).toEqual([MARTIAN_BENCH.commit, MARTIAN_BENCH.commit, MARTIAN_BENCH.commit]);
  onlyReads();
});

test('the judge runs on OpenAI when its model is a gpt- one: the same figures', async () => {
  const inputText = (body: ResponsesBody) =>
    typeof body.input === 'string' ? body.input : body.input.map((i) => ('content' in i ? String(i.content) : '')).join('\n');
  const openai = await startFakeOpenAI({ respond: (body) => ({ kind: 'answer', input: judgeAnswer(body.instructions ?? '', inputText(body)) }) });
  try {
    const dir = repoFolder();
    const run = await cli(evalArgs(dir, '--judge-model', 'gpt-6.2-sol', '--json', 'r.json'), {
      ...env(),
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.url
    });
    expect(run.code).toBe(0);
    const report = EvalReport.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
    expect(report.judge).toMatchObject({ model: 'gpt-6.2-sol', calls: 5 });
    expect(openai.requests.filter((r) => r.status === 200)).toHaveLength(5);
    expect(judgeCalls()).toHaveLength(0);
    expect(report.loops.map((l) => [l.totals.truePositives, l.totals.matchedGolden, l.totals.candidates, l.totals.unjudged, l.totals.uncertain])).toEqual([
      [2, 2, 4, 0, 1],
      [2, 2, 3, 1, 0]
    ]);
  } finally {
    await openai.close();
  }
});

test('without --bench, or with a bad number, the command says what it needs', async () => {
  const dir = repoFolder();
  expect((await cli(['eval', '--cwd', dir], env())).err).toContain('--bench DIR');
  const bad = await cli(evalArgs(dir, '--min-f1', '1.5'), env());
  expect([bad.code, bad.err]).toEqual([2, 'loopkit eval: --min-f1 takes a number from 0 to 1, got "1.5"']);
  const misplaced = await cli(['--cwd', dir, 'eval'], env());
  expect([misplaced.code, misplaced.err]).toEqual([2, expect.stringContaining('eval takes its options after its name')]);
  const help = await cli(['eval', '--help'], env());
  expect([help.code, help.out]).toEqual([0, expect.stringContaining('loopkit eval --bench DIR|martian')]);
  expect(gh.requests).toEqual([]);
});
