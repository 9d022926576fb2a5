/**
 * Model I/O end to end, over real HTTP against the fakes: today's rules of the default model,
 * effort and thinking, refusals, max_tokens stops, budgets that cannot be passed, and a loop
 * that mixes Anthropic and OpenAI.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { promptBound } from '../../src/providers/cost-model.js';
import { completedPart } from '../../src/providers/answer.js';
import { runReview, type ReviewResult } from '../../src/engine/review.js';
import { createOctokit, GitHubFileReader, readPullRequest } from '../../src/github/index.js';
import { createProvider, DEFAULT_MODEL, pricing } from '../../src/providers/index.js';
import { countTokens, startFakeAnthropic, type FakeAnthropic, type FakeReply, type MessagesBody } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { startFakeOpenAI, type FakeOpenAI, type ResponsesBody } from '../fakes/openai-server.js';
import { loopFrom } from '../helpers/loops.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { EMPTY_CATCH, SQL, XSS, findingIds, firstUserText, isChecker } from '../action/scripts.js';
import { Redactor } from '../../src/guard/index.js';

describe('engine/model-io', () => {
  const MAKERS = ['Security Reviewer', 'Logic Reviewer', 'Performance Reviewer', 'Reliability Reviewer'];
  const loopYaml = (extra = '', makerExtra = '') => `name: review
trigger: { event: pull_request }
${extra}pipeline:
  - parallel:
${MAKERS.map((label) => `      - { label: ${label}, prompt: Find problems of your kind.${makerExtra} }`).join('\n')}
agents:
  - { label: Verifier, prompt: Try to refute each finding; confirm only with evidence. }
verify:
  checker: Verifier
  maxRounds: 1
`;

  let gh: FakeGitHub | undefined;
  let ai: FakeAnthropic | undefined;
  let oa: FakeOpenAI | undefined;
  afterEach(async () => {
    await Promise.all([gh?.close(), ai?.close(), oa?.close()]);
    gh = ai = oa = undefined;
  });

  const FOUND: Record<string, object[]> = {
    'Security Reviewer': [SQL],
    'Logic Reviewer': [XSS],
    'Performance Reviewer': [],
    'Reliability Reviewer': [EMPTY_CATCH]
  };
  const labelOf = (text: string) => MAKERS.find((l) => text.includes(`## Your role: ${l} (maker)`));

  function answer(body: MessagesBody): FakeReply {
    if (isChecker(body))
      return {
        kind: 'tool',
        input: { verdicts: findingIds(body).map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The code shows it.' })) }
      };
    return { kind: 'tool', input: { findings: FOUND[labelOf(firstUserText(body)) ?? ''] ?? [] } };
  }

  async function run(
    yaml: string,
    respond: (body: MessagesBody, index: number) => FakeReply,
    extra: { openai?: (body: ResponsesBody) => unknown } = {}
  ): Promise<ReviewResult> {
    gh = await startFakeGitHub();
    seedSample(gh);
    ai = await startFakeAnthropic({ respond: (req, i) => respond(req.body, i) });
    if (extra.openai) oa = await startFakeOpenAI({ respond: (body) => ({ kind: 'answer', input: extra.openai!(body) }) });
    const octokit = createOctokit({ token: gh.token, baseUrl: gh.url, rateLimit: { spaceWrites: false } });
    const pr = await readPullRequest(octokit, { owner: OWNER, repo: REPO, number: 42 });
    const loaded = await loopFrom(yaml);
    const made = createProvider({
      loaded,
      defaultModel: DEFAULT_MODEL,
      keys: { anthropic: ai.apiKey, ...(oa ? { openai: oa.apiKey } : {}) },
      env: { ANTHROPIC_BASE_URL: ai.url, ...(oa ? { OPENAI_BASE_URL: oa.url } : {}) },
      dryRun: false,
      redactor: new Redactor()
    });
    if (!made.ok) throw new Error(made.reason);
    return runReview({
      loaded,
      pr,
      provider: made.provider,
      pricing,
      defaultModel: DEFAULT_MODEL,
      reader: new GitHubFileReader(octokit, { owner: OWNER, repo: REPO })
    });
  }

  test('the default model, four makers: no request refused, no failed agent, no repair call — though it answers a merely asked-for tool in text half the time', async () => {
    const result = await run(loopYaml(), answer);
    expect(ai!.requests.every((r) => r.status === 200)).toBe(true);
    // One request per call (no repair call): a call per maker, and checker calls as the makers finished (pipelined).
    expect(ai!.requests).toHaveLength(result.calls.length);
    expect(result.calls.filter((c) => c.role === 'maker')).toHaveLength(MAKERS.length);
    expect(result.failures).toEqual([]);
    expect(result.status).toBe('complete');
    expect(result.verified).toHaveLength(3);
    for (const r of ai!.requests) {
      expect(r.body!.model).toBe('claude-sonnet-5-5');
      expect(r.body!.tool_choice).toBeUndefined();
      expect(r.body!.thinking).toEqual({ type: 'adaptive' });
    }
    // Thinking is output: it is in the spend, and makers and checker share one cached prefix, format included.
    expect(result.usage.thinkingTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(result.usage.thinkingTokens);
    expect(new Set(ai!.requests.map((r) => JSON.stringify([r.body!.output_config!.format, r.body!.system]))).size).toBe(1);
    expect(result.calls.slice(1).every((c) => c.usage.cacheReadTokens > 0)).toBe(true);
  });

  test('effort: per role by default, the loop’s and the agent’s when they set one; max_tokens leaves room for thinking and the answer', async () => {
    await run(loopYaml('effort: xhigh\n'), answer);
    expect(new Set(ai!.requests.map((r) => r.body!.output_config!.effort))).toEqual(new Set(['xhigh']));
    await Promise.all([gh?.close(), ai?.close()]);
    await run(loopYaml(), answer);
    const efforts = ai!.requests.map((r) => [isChecker(r.body!) ? 'checker' : 'maker', r.body!.output_config!.effort, r.body!.max_tokens]);
    expect(efforts).toContainEqual(['maker', 'medium', 8_000 + 4_096]);
    expect(efforts).toContainEqual(['checker', 'high', 6_000 + 8_192]);
  });

  test('a refusal: the agent is recorded as refused with the reason, the run is partial, what the others found is kept', async () => {
    const result = await run(loopYaml(), (body) =>
      labelOf(firstUserText(body)) === 'Security Reviewer'
        ? { kind: 'content', content: [], stopReason: 'refusal', stopDetails: { category: 'cyber', explanation: 'Exploit development.' } }
        : answer(body)
    );
    expect(result.status).toBe('partial');
    expect(result.failures).toEqual([expect.objectContaining({ agent: 'Security Reviewer', kind: 'refused' })]);
    expect(result.reasons.join()).toContain('agent Security Reviewer refused to answer');
    expect(result.reasons.join()).toContain('cyber: Exploit development.');
    expect(result.verified.map((f) => f.claim).sort()).toEqual([XSS.claim, EMPTY_CATCH.claim].sort());
  });

  test('a max_tokens stop: asked once more with twice the room, and nothing is lost', async () => {
    let cut = false;
    const result = await run(loopYaml(), (body) => {
      if (labelOf(firstUserText(body)) === 'Security Reviewer' && !cut) {
        cut = true;
        return { kind: 'tool', input: { findings: [SQL] }, stopReason: 'max_tokens' };
      }
      return answer(body);
    });
    const security = ai!.requests.filter((r) => labelOf(firstUserText(r.body!)) === 'Security Reviewer');
    expect(security.map((r) => r.body!.max_tokens)).toEqual([8_000 + 4_096, 16_000 + 4_096]);
    expect(result.failures).toEqual([]);
    expect(result.verified.map((f) => f.claim)).toContain(SQL.claim);
  });

  test('a max_tokens stop the budget cannot double: asked for fewer findings in the room there is', async () => {
    let cut = false;
    const alone = `name: review
trigger: { event: pull_request }
budget: { maxTokens: 30000 }
pipeline:
  - agent: { label: Security Reviewer, prompt: Find problems of your kind. }
`;
    const result = await run(alone, (body) => {
      if (!cut) {
        cut = true;
        return { kind: 'tool', input: { findings: [SQL] }, stopReason: 'max_tokens' };
      }
      return answer(body);
    });
    const [first, again] = ai!.requests;
    expect(again!.body!.max_tokens).toBeLessThan(first!.body!.max_tokens * 2);
    expect(JSON.stringify(again!.body!.messages)).toContain('Report at most 10 findings');
    expect(result.findings.map((f) => f.claim)).toEqual([SQL.claim]);
    expect(result.tokens).toBeLessThanOrEqual(30_000);
  });

  test('cut at max_tokens twice: the findings it completed are kept and the run says so; the one cut in half is not invented', async () => {
    const result = await run(loopYaml(), (body) =>
      labelOf(firstUserText(body)) === 'Security Reviewer'
        ? { kind: 'tool', input: { findings: [XSS, EMPTY_CATCH, SQL, { ...SQL, claim: 'A second claim about the query.' }] }, stopReason: 'max_tokens' }
        : isChecker(body)
          ? answer(body)
          : { kind: 'tool', input: { findings: [] } }
    );
    expect(ai!.requests.filter((r) => labelOf(firstUserText(r.body!)) === 'Security Reviewer')).toHaveLength(2);
    expect(result.findings.map((f) => f.claim).sort()).toEqual([XSS.claim, EMPTY_CATCH.claim].sort());
    expect(result.status).toBe('partial');
    expect(result.reasons).toContain("Security Reviewer's answer was cut at the output limit: the items it completed are kept, the rest is lost");
  });

  test('completedPart closes a cut answer after its last finished item, strings with brackets and escapes included', () => {
    expect(completedPart('{"findings":[{"a":"x}]\\\\"},{"a":"y"},{"a":"z')).toBe('{"findings":[{"a":"x}]\\\\"},{"a":"y"}]}');
    expect(completedPart('{"findings":[{"a":')).toBeUndefined();
  });

  test('a token cap is never passed, though the API counts tokens differently from LoopKit (code and non-Latin text)', async () => {
    const cap = 20_000;
    const result = await run(loopYaml(`budget: { maxTokens: ${cap} }\n`, ' 日本語のコードレビュー — проверка кода 🚀'), answer);
    expect(result.tokens).toBeLessThanOrEqual(cap);
    expect(result.status).toBe('partial');
    expect(result.reasons.join()).toContain('token budget of 20000');
    // The reservation count is never below the API's count, whatever the script.
    const samples = [
      readFileSync('src/engine/review.ts', 'utf8'),
      '日本語のコードレビュー。'.repeat(200),
      'Проверка кода и документации. '.repeat(200),
      '🚀✅🔥'.repeat(300),
      'if(a&&b){c[d]=e?.f??g;}'.repeat(300)
    ];
    for (const text of samples)
      expect(promptBound({ sharedContext: text, prompt: '', format: { name: 'f', schema: z.strictObject({}) } })).toBeGreaterThanOrEqual(countTokens(text));
  });

  test('a loop may mix vendors: makers on Claude, the checker on gpt-6.2-sol through the Responses API', async () => {
    const yaml = loopYaml().replace('- { label: Verifier, prompt:', '- { label: Verifier, model: gpt-6.2-sol, effort: max, prompt:');
    const result = await run(yaml, answer, {
      openai: (body) => {
        const text = JSON.stringify(body.input);
        return {
          findings: [],
          summary: null,
          verdicts: [...text.matchAll(/### (B\d+R\d+F\d+)/g)].map((m) => ({
            id: m[1],
            verdict: 'confirmed',
            confidence: 0.8,
            evidence: 'Checked.',
            severity: null
          }))
        };
      }
    });
    expect(ai!.requests).toHaveLength(MAKERS.length);
    expect(oa!.requests).toHaveLength(result.calls.filter((c) => c.role === 'checker').length);
    for (const r of oa!.requests) expect(r.body!.reasoning).toEqual({ effort: 'max' });
    expect(result.verified).toHaveLength(3);
    expect(result.calls.find((c) => c.role === 'checker')!.model).toBe('gpt-6.2-sol');
  });
});
