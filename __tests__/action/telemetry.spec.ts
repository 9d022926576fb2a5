/**
 * OpenTelemetry export (issue 22 part 2), through the action's step in process (harness.ts) against
 * the local fakes and a local OTLP collector (fakes/otlp-collector.ts, which decodes OTLP/HTTP
 * protobuf and JSON). A review whose Security Reviewer reads a file before it answers exports one
 * trace: a root span for the loop run, a span per round, an invoke_agent span per model call with
 * the GenAI attributes, an execute_tool span per tool call, and no secret or untrusted text. A
 * collector that is down or silent fails nothing; the bound on the export is in trace.ts.
 */
import { readFileSync } from 'node:fs';
import { EXPORT_BOUND_MS, EXPORT_TIMEOUT_MS } from '../../src/action/trace.js';
import { RunRecord } from '../../src/flows/run-record.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';
import { toolCall } from '../fakes/anthropic-server.js';
import { startFakeCollector, type CollectedSpan, type FakeCollector } from '../fakes/otlp-collector.js';
import { seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { findingIds, firstUserText, isChecker, SQL } from './scripts.js';

describe('action/telemetry', () => {
  let fakes: Fakes;
  let collector: FakeCollector | undefined;
  afterEach(async () => {
    await collector?.close();
    collector = undefined;
    await fakes?.close();
  });

  const HEAD = 'c'.repeat(40);
  const API_KEY = 'sk-ant-api03-telemetry-test-key-91b2';
  const OTEL_KEY = 'otel-ingest-key-5d1e7a';

  const lookingLoop = () => readFileSync('loops/pr-review.yaml', 'utf8').replace('connectors:', 'connectors:\n  - type: repository\n    maxCallsPerAgent: 2');

  /** The Security Reviewer reads the file, then reports the SQL injection; the Logic Reviewer finds nothing; the checker confirms. */
  function model(request: RecordedRequest & { body: MessagesBody }): FakeReply {
    const body = request.body;
    if (isChecker(body))
      return {
        kind: 'tool',
        input: { verdicts: findingIds(body).map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The code shows it.' })) }
      };
    if (!firstUserText(body).includes('## Your role: Security Reviewer (maker)')) return { kind: 'tool', input: { findings: [] } };
    const turn = body.messages.filter((m) => m.role === 'assistant').length;
    if (turn === 0) return toolCall({ name: 'read_file', input: { path: 'src/api/users.ts', ref: 'head', startLine: null, endLine: null } });
    return { kind: 'tool', input: { findings: [SQL] } };
  }

  async function review(env: Record<string, string>) {
    fakes = await startFakes({ apiKey: API_KEY, respond: model });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    return runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, { 'loops/pr-review.yaml': lookingLoop(), 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') }),
      inputs: { loop: 'pr-review' },
      env
    });
  }

  /** The trace's shape, checked against the run record of the same run. */
  function expectOneTrace(spans: CollectedSpan[], record: RunRecord): void {
    const [loop] = record.loops;
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const roots = spans.filter((s) => s.parentSpanId === '');
    expect(roots.map((s) => s.name)).toEqual(['loopkit pr-review']);
    const root = roots[0]!;
    expect(root.resource['service.name']).toBe('loopkit');
    expect(root.attributes).toMatchObject({
      'loopkit.loop.name': 'pr-review',
      'loopkit.loop.task': 'review',
      'loopkit.event.name': 'pull_request',
      'loopkit.repository': 'octo/shop',
      'loopkit.pull_request.number': 42,
      'loopkit.outcome': 'complete',
      'loopkit.findings': 1,
      'loopkit.findings.verified': 1,
      'loopkit.findings.confirmed': 1,
      'loopkit.findings.refuted': 0,
      'loopkit.findings.uncertain': 0
    });
    expect(root.attributes['loopkit.cost_usd']).toBeCloseTo(loop!.costUsd, 10);

    const rounds = spans.filter((s) => s.parentSpanId === root.spanId);
    expect(rounds.length).toBeGreaterThan(0);
    for (const r of rounds) expect(r.name).toMatch(/^round \d+$/);
    const roundIds = new Set(rounds.map((r) => r.spanId));

    const calls = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    expect(calls).toHaveLength(loop!.calls.length);
    for (const call of calls) {
      expect(roundIds.has(call.parentSpanId)).toBe(true);
      expect(call.kind).toBe(3); // SPAN_KIND_CLIENT
      const entry = loop!.calls.find((c) => `invoke_agent ${c.agent}` === call.name)!;
      const u = entry.usage;
      expect(call.attributes).toMatchObject({
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': entry.model,
        'gen_ai.agent.name': entry.agent,
        'gen_ai.usage.input_tokens': u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens,
        'gen_ai.usage.output_tokens': u.outputTokens,
        'gen_ai.usage.cache_read.input_tokens': u.cacheReadTokens,
        'gen_ai.usage.cache_creation.input_tokens': u.cacheWriteTokens,
        'loopkit.role': entry.role
      });
      expect(call.attributes['loopkit.cost_usd']).toBeCloseTo(entry.costUsd, 10);
      expect(call.endTimeUnixNano).toBeGreaterThanOrEqual(call.startTimeUnixNano);
    }
    expect(new Set(calls.map((c) => c.name))).toEqual(new Set(['invoke_agent Security Reviewer', 'invoke_agent Logic Reviewer', 'invoke_agent Code Verifier']));

    const tools = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    expect(tools.map((t) => [t.name, t.attributes['gen_ai.tool.name'], t.attributes['loopkit.tool.source']])).toEqual([
      ['execute_tool read_file', 'read_file', 'repository']
    ]);
    expect(calls.find((c) => c.spanId === tools[0]!.parentSpanId)?.name).toBe('invoke_agent Security Reviewer');
    expect(spans).toHaveLength(1 + rounds.length + calls.length + tools.length);
  }

  function expectNothingSecretOrUntrusted(body: Buffer, fakesToken: string): void {
    const text = body.toString('latin1');
    for (const secret of [API_KEY, OTEL_KEY, fakesToken]) expect(text).not.toContain(secret);
    // No prompt, answer, tool argument or file text.
    for (const untrusted of [SQL.claim, 'SELECT * FROM users', 'Your role', 'src/api/users.ts']) expect(text).not.toContain(untrusted);
  }

  test('a review exports one trace over http/protobuf: root, rounds, a GenAI span per model call, a tool span, headers sent and masked, nothing secret', async () => {
    collector = await startFakeCollector();
    const run = await review({ OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/`, OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${OTEL_KEY},x-team=plat%20form` });
    expect(run.code).toBe(0);
    expect(collector.requests).toHaveLength(1);
    const [request] = collector.requests;
    expect(request).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf' });
    expect(request!.headers['x-api-key']).toBe(OTEL_KEY);
    expect(request!.headers['x-team']).toBe('plat form');
    const record = RunRecord.parse(JSON.parse(readFileSync(run.outputs['run-record']!, 'utf8')));
    expectOneTrace(request!.spans, record);
    expectNothingSecretOrUntrusted(request!.body, fakes.gh.token);
    expect(run.stdout).toContain(`OpenTelemetry: ${request!.spans.length} span(s) exported to ${collector.url}/v1/traces`);
    expect(run.stdout).not.toContain(OTEL_KEY);
  });

  test('OTEL_EXPORTER_OTLP_PROTOCOL=http/json and a traces endpoint: the same trace as OTLP/JSON to that URL', async () => {
    collector = await startFakeCollector();
    const run = await review({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/custom/traces`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    expect(run.code).toBe(0);
    expect(collector.requests.map((r) => [r.path, r.contentType])).toEqual([['/custom/traces', 'application/json']]);
    const record = RunRecord.parse(JSON.parse(readFileSync(run.outputs['run-record']!, 'utf8')));
    expectOneTrace(collector.requests[0]!.spans, record);
    expectNothingSecretOrUntrusted(collector.requests[0]!.body, fakes.gh.token);
  });

  test('a collector that is down, or one that never answers, fails nothing: the review is posted, the outputs written, a warning says why', async () => {
    // The bound the step waits for a collector, whatever it does (the issue allows under 3 s).
    expect(EXPORT_TIMEOUT_MS).toBeLessThanOrEqual(EXPORT_BOUND_MS);
    expect(EXPORT_BOUND_MS).toBeLessThan(3_000);

    const down = await startFakeCollector();
    await down.close();
    const refused = await review({ OTEL_EXPORTER_OTLP_ENDPOINT: down.url });
    expect(refused.code).toBe(0);
    expect(refused.outputs['verified-findings']).toBe('1');
    expect(refused.stdout).toMatch(
      /::warning::OpenTelemetry: the trace was not exported to http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(.+\); the run is not affected/
    );
    await fakes.close();

    collector = await startFakeCollector({ hang: true });
    const silent = await review({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    expect(silent.code).toBe(0);
    expect(silent.outputs['verified-findings']).toBe('1');
    expect(silent.stdout).toMatch(/::warning::OpenTelemetry: the trace was not exported to .*\/v1\/traces \(.+\); the run is not affected/);
  });

  test('a protocol LoopKit cannot send (grpc) is a warning, and nothing is exported', async () => {
    collector = await startFakeCollector();
    const run = await review({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('OTEL_EXPORTER_OTLP_PROTOCOL is "grpc"');
    expect(collector.requests).toEqual([]);
  });
});
