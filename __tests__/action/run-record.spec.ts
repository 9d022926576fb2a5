/**
 * The run record (issue 22 part 3), through the action's step in process (harness.ts) against the
 * local fakes: a review whose Security Reviewer reads a file at the head before it answers and whose
 * Logic Reviewer's call fails with an error quoting the API key. The step names the record in its
 * `run-record` output; the file parses with the record's schema and holds the loop, the event, each
 * call with its tokens, cost and time, the tool call, the verdicts, what was written and the
 * outcome, and neither the key nor any prompt or answer text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunRecord } from '../../src/flows/run-record.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';
import { toolCall } from '../fakes/anthropic-server.js';
import { seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { findingIds, firstUserText, isChecker, SQL } from './scripts.js';

describe('action/run-record', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const API_KEY = 'sk-ant-api03-run-record-test-key-7f3e';

  /** The shipped pr-review loop with the repository tools. */
  const lookingLoop = () => readFileSync('loops/pr-review.yaml', 'utf8').replace('connectors:', 'connectors:\n  - type: repository\n    maxCallsPerAgent: 2');

  function recordingModel(apiKey: string) {
    return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
      const body = request.body;
      if (isChecker(body))
        return {
          kind: 'tool',
          input: { verdicts: findingIds(body).map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The code shows it.' })) }
        };
      const role = /## Your role: (.+?) \(maker\)/.exec(firstUserText(body))![1];
      if (role === 'Logic Reviewer') return { kind: 'error', status: 400, type: 'invalid_request_error', message: `key ${apiKey} is not allowed here` };
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      if (turn === 0) return toolCall({ name: 'read_file', input: { path: 'src/api/users.ts', ref: 'head', startLine: null, endLine: null } });
      return { kind: 'tool', input: { findings: [SQL] } };
    };
  }

  test('a review writes its run record where the run-record output says: calls, tokens, cost, tool calls, verdicts, outcome; no secret, no prompt text', async () => {
    fakes = await startFakes({ apiKey: API_KEY, respond: recordingModel(API_KEY) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, { 'loops/pr-review.yaml': lookingLoop(), 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') }),
      inputs: { loop: 'pr-review' },
      runId: 4242
    });
    expect(run.code).toBe(0);
    const path = run.outputs['run-record']!;
    expect(path.startsWith(fakes.temp)).toBe(true);
    const text = readFileSync(path, 'utf8');
    const record = RunRecord.parse(JSON.parse(text));
    expect(record).toMatchObject({
      version: 1,
      repository: 'octo/shop',
      run: { id: '4242', attempt: '1' },
      event: { name: 'pull_request', pullRequest: 42 }
    });
    expect(record.loops).toHaveLength(1);
    const [loop] = record.loops;
    expect(loop).toMatchObject({
      loop: 'pr-review',
      task: 'review',
      outcome: 'partial',
      findings: 1,
      verified: 1,
      verdicts: { confirmed: 1, refuted: 0, uncertain: 0 }
    });
    expect(loop!.written).toEqual(['1 inline comment(s)', '0 finding(s) in the review body or summary', 'the summary comment']);
    expect(loop!.reasons.join(' ')).toContain('Logic Reviewer');

    const byAgent = new Map(loop!.calls.map((c) => [c.agent, c]));
    expect([...byAgent.keys()].sort()).toEqual(['Code Verifier', 'Logic Reviewer', 'Security Reviewer']);
    const security = byAgent.get('Security Reviewer')!;
    expect(security).toMatchObject({ role: 'maker', provider: 'anthropic', ok: true, turns: 2 });
    expect(security.usage.inputTokens + security.usage.cacheReadTokens + security.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(security.usage.outputTokens).toBeGreaterThan(0);
    expect(security.costUsd).toBeGreaterThan(0);
    expect(security.tools).toEqual([expect.objectContaining({ tool: 'read_file', source: 'repository', ok: true })]);
    expect(byAgent.get('Code Verifier')).toMatchObject({ role: 'checker', ok: true });
    // The failed call is kept, billed and explained, with the key it quoted redacted.
    const logic = byAgent.get('Logic Reviewer')!;
    expect(logic.ok).toBe(false);
    expect(logic.error).toContain('is not allowed here');
    // The loop's spend is the calls' spend.
    expect(loop!.costUsd).toBeCloseTo(
      loop!.calls.reduce((n, c) => n + c.costUsd, 0),
      10
    );
    expect(loop!.tokens).toBeGreaterThan(0);
    expect(Number(run.outputs['cost-usd'])).toBeCloseTo(loop!.costUsd, 4);

    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(fakes.gh.token);
    // No prompt, answer or file text: not the finding's claim, not the file the agent read.
    expect(text).not.toContain(SQL.claim);
    expect(text).not.toContain('SELECT * FROM users');
    expect(text).not.toContain('Your role');
  });

  test('a loop that did not run is recorded as not-run, with why and no call; a record that cannot be written is a warning, not a failure', async () => {
    fakes = await startFakes({ apiKey: API_KEY, respond: recordingModel(API_KEY) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const step = (env: Record<string, string> = {}) =>
      runAction(fakes, {
        event: 'pull_request',
        payload: pullRequestEvent(42, HEAD),
        workspace: workspace(fakes),
        inputs: { loop: 'pr-review', 'anthropic-api-key': '' },
        env
      });
    const run = await step();
    expect(run.code).toBe(0);
    const record = RunRecord.parse(JSON.parse(readFileSync(run.outputs['run-record']!, 'utf8')));
    expect(record.loops).toEqual([
      expect.objectContaining({
        loop: 'pr-review',
        outcome: 'not-run',
        reasons: [expect.stringContaining('no Anthropic API key')],
        calls: [],
        costUsd: 0,
        written: []
      })
    ]);

    // The runner's temp folder is a file: the record has nowhere to go.
    const blocked = join(fakes.temp, 'not-a-folder');
    writeFileSync(blocked, '');
    const unwritable = await step({ RUNNER_TEMP: blocked });
    expect(unwritable.code).toBe(0);
    expect(unwritable.outputs['run-record']).toBe('');
    expect(unwritable.stdout).toMatch(/::warning::the run record could not be written to .*not-a-folder/);
  });
});
