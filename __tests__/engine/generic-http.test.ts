/**
 * The generic preset over real HTTP against the model fakes: its answer format (a discriminated
 * union of proposals) goes out as a strict schema both APIs accept, and what comes back is typed.
 */
import { afterEach, expect, test } from '@jest/globals';
import { runGeneric } from '../../src/engine/generic.js';
import { createProvider, DEFAULT_MODEL, pricing } from '../../src/providers/index.js';
import { startFakeAnthropic, type FakeAnthropic, type MessagesBody } from '../fakes/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';
import { loopFrom } from '../helpers/loops.js';
import { firstUserText } from '../action/scripts.js';

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
    dryRun: false
  });
  if (!made.ok) throw new Error(made.reason);
  const result = await runGeneric({
    loaded,
    context: { title: 'push of 1 commit to main', sections: [{ name: 'diff', text: '+++ b/src/run.js\n@@ -1 +1,2 @@\n const body = read();\n+eval(body);' }] },
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
