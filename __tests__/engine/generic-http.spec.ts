/**
 * The generic preset over real HTTP against the model fakes: its answer format (a discriminated
 * union of proposals) goes out as a strict schema both APIs accept, and what comes back is typed.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { runGeneric } from '../../src/engine/generic.js';
import { createProvider, DEFAULT_MODEL, pricing } from '../../src/providers/index.js';
import { startFakeAnthropic, type FakeAnthropic, type MessagesBody } from '../fakes/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';
import { loopFrom } from '../helpers/loops.js';
import { firstUserText } from '../action/scripts.js';
import { Redactor } from '../../src/guard/index.js';

describe('engine/generic-http', () => {
  let ai: FakeAnthropic | undefined;
  let oa: FakeOpenAI | undefined;
  afterEach(async () => {
    await Promise.all([ai?.close(), oa?.close()]);
    ai = oa = undefined;
  });

  const LOOP = `name: Post-merge audit
trigger: { event: push }
pipeline:
  - { label: Auditor, prompt: Report what the push breaks. }
agents:
  - { label: Verifier, model: gpt-6.2-sol, prompt: Refute what the diff does not show. }
verify: { checker: Verifier, maxRounds: 1 }
outputs:
  issue: { max: 1, labels: [audit], titlePrefix: "[audit] " }
  check: {}
`;

  test('makers on Claude and a checker on OpenAI answer the generic format; the plan holds what was verified', async () => {
    ai = await startFakeAnthropic({
      respond: (req) => {
        const body = req.body as MessagesBody;
        expect(firstUserText(body)).toContain('## Your role: Auditor (maker)');
        return {
          kind: 'tool',
          input: {
            summary: 'The push evaluates request input.',
            proposals: [
              {
                kind: 'finding',
                severity: 'critical',
                title: 'eval of request input',
                detail: 'src/run.js:2 passes the body to eval.',
                path: 'src/run.js',
                line: 2,
                reason: 'code execution'
              },
              { kind: 'issue', title: 'eval of request input', body: 'src/run.js:2 passes the request body to eval.', reason: 'worth tracking' }
            ]
          }
        };
      }
    });
    oa = await startFakeOpenAI({
      respond: (body) => {
        const ids = [...JSON.stringify(body.input).matchAll(/### (R1[FI]\d+)/g)].map((m) => m[1]!);
        return {
          kind: 'answer',
          input: {
            summary: null,
            proposals: null,
            verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The diff shows it.', severity: null }))
          }
        };
      }
    });
    const loaded = await loopFrom(LOOP);
    const made = createProvider({
      loaded,
      defaultModel: DEFAULT_MODEL,
      keys: { anthropic: ai.apiKey, openai: oa.apiKey },
      env: { ANTHROPIC_BASE_URL: ai.url, OPENAI_BASE_URL: oa.url },
      dryRun: false,
      redactor: new Redactor()
    });
    if (!made.ok) throw new Error(made.reason);
    const result = await runGeneric({
      loaded,
      context: {
        title: 'push of 1 commit to main',
        sections: [{ name: 'diff', text: '+++ b/src/run.js\n@@ -1 +1,2 @@\n const body = read();\n+eval(body);' }]
      },
      provider: made.provider,
      pricing,
      defaultModel: DEFAULT_MODEL,
      target: {}
    });
    expect(ai.requests.every((r) => r.status === 200)).toBe(true);
    expect(oa.requests.every((r) => r.status === 200)).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.status).toBe('complete');
    expect(result.plan.issues).toEqual([{ title: '[audit] eval of request input', body: 'src/run.js:2 passes the request body to eval.', labels: ['audit'] }]);
    expect(result.plan.findings.map((f) => [f.severity, f.path, f.line])).toEqual([['critical', 'src/run.js', 2]]);
    expect(result.plan.check?.conclusion).toBe('failure');
  });

  /** The `kind`s the proposal union of a request's answer schema offers, read from the JSON schema it carries. */
  function offeredKinds(schema: Record<string, unknown>): string[] | undefined {
    const proposals = (schema['properties'] as Record<string, Record<string, unknown>>)['proposals'];
    if (!proposals) return undefined;
    const items = proposals['items'] as { anyOf: { properties: { kind: { const?: string; enum?: string[] } } }[] };
    return items.anyOf.flatMap((option) => option.properties.kind.enum ?? [option.properties.kind.const!]).sort();
  }

  async function schemasOnClaude(outputs: string, target: { issue?: number; release?: boolean }) {
    ai = await startFakeAnthropic({
      respond: (req) => {
        const text = firstUserText(req.body as MessagesBody);
        if (text.includes('(checker)')) {
          const ids = [...text.matchAll(/^### (\S+) · /gm)].map((m) => m[1]!);
          // One format for both roles: the checker leaves the makers' summary empty, as a model under the format does.
          return {
            kind: 'tool',
            input: { summary: '', verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The diff shows it.' })) }
          };
        }
        return { kind: 'tool', input: { summary: 'One commit.', proposals: [{ kind: 'issue', title: 'eval of input', body: 'src/run.js:2', reason: 'r' }] } };
      }
    });
    const loaded = await loopFrom(`name: Audit
trigger: { event: [push, issues, release] }
pipeline:
  - { label: Auditor, prompt: Report what the push breaks. }
agents:
  - { label: Verifier, prompt: Refute what the diff does not show. }
verify: { checker: Verifier, maxRounds: 1 }
outputs:
${outputs}`);
    const made = createProvider({
      loaded,
      defaultModel: DEFAULT_MODEL,
      keys: { anthropic: ai.apiKey },
      env: { ANTHROPIC_BASE_URL: ai.url },
      dryRun: false,
      redactor: new Redactor()
    });
    if (!made.ok) throw new Error(made.reason);
    const result = await runGeneric({
      loaded,
      context: {
        title: 'push of 1 commit to main',
        sections: [{ name: 'diff', text: '+++ b/src/run.js\n@@ -1 +1,2 @@\n const body = read();\n+eval(body);' }]
      },
      provider: made.provider,
      pricing,
      defaultModel: DEFAULT_MODEL,
      target
    });
    expect(result.failures).toEqual([]);
    expect(result.status).toBe('complete');
    return ai.requests.map((r) => {
      const body = r.body as MessagesBody;
      return { role: firstUserText(body).includes('(checker)') ? 'checker' : 'maker', schema: body.output_config!.format!.schema };
    });
  }

  test('a loop that declares only issues offers its makers issues alone; the checker is sent the very same schema', async () => {
    const [maker, checker] = await schemasOnClaude('  issue: { max: 1 }\n', { issue: 7, release: true });
    expect([maker!.role, checker!.role]).toEqual(['maker', 'checker']);
    expect(offeredKinds(maker!.schema)).toEqual(['issue']);
    expect(JSON.stringify(maker!.schema)).not.toMatch(/"(comment|label|release_notes|finding)"/);
    expect(checker!.schema).toEqual(maker!.schema);
  });

  test('a loop that declares several kinds offers exactly those its event can take', async () => {
    const outputs = '  issue: { max: 1 }\n  comment: { max: 1 }\n  labels: { allowed: [bug], max: 1 }\n  release: {}\n  check: {}\n';
    const onIssue = await schemasOnClaude(outputs, { issue: 7 });
    expect(offeredKinds(onIssue[0]!.schema)).toEqual(['comment', 'finding', 'issue', 'label']);
    expect(onIssue[1]!.schema).toEqual(onIssue[0]!.schema);
    await ai!.close();
    // A push is about no issue and no release: nothing to comment on, label or append notes to.
    const onPush = await schemasOnClaude(outputs, {});
    expect(offeredKinds(onPush[0]!.schema)).toEqual(['finding', 'issue']);
  });
});
