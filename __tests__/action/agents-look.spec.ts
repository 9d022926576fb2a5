/**
 * Agents that can look, end to end (issue 14): the action's step in process (harness.ts) reviews the
 * sample pull request with a loop that declares the repository tools and a stdio MCP server (the
 * fake server, run with node, its secret from the step's environment). The workspace is not a git
 * checkout, so files at the head come from the fake GitHub's contents API. The fake Anthropic's
 * recorded requests show what reached the model: the file's text and the server's answer as tool
 * results, never the destructive tool among the tools, the cap's refusal past it, cache reads on
 * later turns; the fake GitHub has the review. Without the server's secret in the step's
 * environment, the required server is not started and the review is partial, never a success.
 */
import { readFileSync } from 'node:fs';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';
import { toolCall } from '../fakes/anthropic-server.js';
import { fakeMcpCommand } from '../fakes/mcp-server-stdio.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { unfenced } from '../helpers/fences.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { findingIds, firstUserText, isChecker, reviewScript, SQL } from './scripts.js';

describe('action/agents-look', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const DOCS_TOKEN = 'docs-token-4f9a1c';
  const MCP_CAP = 2;

  /** The shipped pr-review loop with the repository tools and the docs server, which lists a destructive tool the allow-list names. */
  function lookingLoop(): string {
    const server = fakeMcpCommand('--require-env', `TOKEN=${DOCS_TOKEN}`);
    const connectors = [
      'connectors:',
      '  - type: repository',
      '    maxCallsPerAgent: 4',
      '  - type: mcp',
      '    name: docs',
      `    command: ${JSON.stringify(server.command)}`,
      `    args: ${JSON.stringify(server.args)}`,
      '    env:',
      '      TOKEN: "${{ secrets.DOCS_TOKEN }}"',
      '    tools: [lookup, delete_branch]',
      '    required: true',
      `    maxCallsPerAgent: ${MCP_CAP}`
    ].join('\n');
    return readFileSync('loops/pr-review.yaml', 'utf8').replace('connectors:', connectors);
  }

  const turnOf = (body: MessagesBody) => body.messages.filter((m) => m.role === 'assistant').length;

  /**
   * Every agent reads src/api/users.ts at the head and asks the docs server in its first turn, asks
   * the server twice more in its second (one past the cap), then answers: the Security Reviewer
   * with the SQL injection, the checker confirming what it is shown.
   */
  function lookingModel(request: RecordedRequest & { body: MessagesBody }): FakeReply {
    const body = request.body;
    const turn = turnOf(body);
    if (turn === 0)
      return toolCall(
        { name: 'read_file', input: { path: 'src/api/users.ts', ref: 'head', startLine: null, endLine: null } },
        { name: 'docs__lookup', input: { query: 'db.query', limit: null } }
      );
    if (turn === 1)
      return toolCall(
        { name: 'docs__lookup', input: { query: 'bind parameters', limit: null } },
        { name: 'docs__lookup', input: { query: 'audit', limit: null } }
      );
    if (isChecker(body))
      return {
        kind: 'tool',
        input: { verdicts: findingIds(body).map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'read_file shows the concatenation.' })) }
      };
    return { kind: 'tool', input: { findings: firstUserText(body).includes('## Your role: Security Reviewer (maker)') ? [SQL] : [] } };
  }

  type Block = { type: string; content?: unknown; is_error?: boolean; tool_use_id?: string };
  const resultsOf = (body: MessagesBody): Block[] =>
    body.messages.flatMap((m) => (m.role === 'user' && typeof m.content !== 'string' ? (m.content as Block[]).filter((b) => b.type === 'tool_result') : []));
  const textOf = (b: Block) => unfenced(b.content);

  test('a review whose agents read the head and ask an MCP server: real answers, no destructive tool, caps kept, cache read, review posted', async () => {
    fakes = await startFakes({ respond: lookingModel });
    const sample = seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, { 'loops/pr-review.yaml': lookingLoop(), 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') }),
      inputs: { loop: 'pr-review' },
      env: { DOCS_TOKEN }
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const answered = fakes.ai.requests.filter((r) => r.status === 200);
    expect(answered).toHaveLength(fakes.ai.requests.length);
    const requests = answered.map((r) => r.body!);
    const agentOf = (r: RecordedRequest) => /## Your role: (.+?) \((?:maker|checker)\)/.exec(firstUserText(r.body!))![1]!;
    const conversations = new Map<string, RecordedRequest[]>();
    for (const r of answered) conversations.set(agentOf(r), [...(conversations.get(agentOf(r)) ?? []), r]);
    expect([...conversations.keys()].sort()).toEqual(['Code Verifier', 'Logic Reviewer', 'Security Reviewer']);

    // The file came from GitHub's contents API at the head: the workspace holds no git objects. Three
    // agents read it; a commit never changes, so the run asks GitHub once.
    const reads = fakes.gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/contents/src/api/users.ts'));
    expect(reads.length).toBe(1);
    expect(new Set(reads.map((r) => r.query.ref))).toEqual(new Set([HEAD]));

    // 2. The destructive tool is allow-listed but never offered; every request offers the same tools (one cached prefix).
    for (const body of requests) expect(body.tools?.map((t) => t.name)).toEqual(['read_file', 'list_dir', 'search_code', 'docs__lookup']);

    for (const [agent, turns] of conversations) {
      // Three turns each: the calls, the calls past the cap, the answer.
      expect([agent, turns.map((r) => turnOf(r.body!))]).toEqual([agent, [0, 1, 2]]);
      const results = resultsOf(turns[2]!.body!);
      // 1. The file's text at the head and the server's answer reached the model.
      expect(results.map((r) => [textOf(r).split('\n')[0], r.is_error ?? false])).toEqual([
        [expect.stringMatching(/^src\/api\/users\.ts at head, lines 1-\d+ of \d+:$/), false],
        ['docs answer for "db.query": it is thread-safe', false],
        ['docs answer for "bind parameters": it is thread-safe', false],
        // 3. The call past the agent's cap comes back as an error saying so.
        [`this agent has made its ${MCP_CAP} calls of the mcp:docs tools: answer with what you have`, true]
      ]);
      expect(textOf(results[0]!)).toContain("5\t  const rows = await db.query('SELECT * FROM users WHERE id = ' + id);");
      expect(textOf(results[0]!)).toContain(sample.contents['src/api/users.ts']!.split('\n')[20]);
      // 4. Later turns read the prompt cache the first one wrote.
      const usage = turns.map((r) => r.usage!);
      for (const k of [1, 2]) expect(usage[k]!.cacheRead).toBe(usage[k - 1]!.cacheRead + usage[k - 1]!.cacheWrite);
      // The call's log line adds up its turns.
      const cacheRead = usage.reduce((n, u) => n + u.cacheRead, 0);
      expect(run.stdout).toMatch(new RegExp(`✓ (maker|checker) ${agent} · .* cache read ${cacheRead},`));
    }

    // 5. The review is posted with the confirmed finding.
    const pull = fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.pulls.get(42)!;
    expect(pull.reviews).toHaveLength(1);
    expect(pull.reviewComments.map((c) => [c.path, c.line, c.body.includes(SQL.claim)])).toEqual([[SQL.path, SQL.line, true]]);
    // The job summary lists the tool calls (4 per agent), with bytes and milliseconds.
    expect(run.summary).toContain('**Tool calls:** 12');
    expect(run.summary).toMatch(/\| Security Reviewer \| `read_file` \| repository \| `[0-9a-f]{12}` \| \d+ \| \d+ \| ✓ \|/);
    expect(run.summary).toMatch(/\| Code Verifier \| `docs__lookup` \| mcp:docs \| `[0-9a-f]{12}` \| \d+ \| \d+ \| ✗ this agent has made its 2 calls/);
    expect(run.stdout).toContain('MCP server "docs": "delete_branch" is not offered');
  });

  test('the required MCP server does not start (its secret is not in the step environment): the agents go on with the repository tools and the review is partial, never a success', async () => {
    fakes = await startFakes({ respond: reviewScript({}) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, { 'loops/pr-review.yaml': lookingLoop(), 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') }),
      inputs: { loop: 'pr-review' }
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /::warning::MCP server "docs" .*: the secret DOCS_TOKEN is not in the LoopKit step's environment: add `env:`.*; the run goes on without it and is partial/
    );
    // The makers still look, with the tools that opened (they find nothing, so the checker has nothing to verify).
    expect(fakes.ai.requests.map((r) => r.body!.tools?.map((t) => t.name))).toEqual([
      ['read_file', 'list_dir', 'search_code'],
      ['read_file', 'list_dir', 'search_code']
    ]);
    // Nothing failed the gate, yet the check does not say success for a review without its required server.
    const check = [...fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
    expect(check.conclusion).toBe('neutral');
    expect(check.output.title).toMatch(/^Review partial: required connector\(s\) not available: MCP server "docs"/);
    expect(run.summary).toContain('### pr-review — Review partial');
  });
});
