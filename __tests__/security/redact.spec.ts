/**
 * The Redactor's forms of a secret: a model or a tool may quote it as is, URL-encoded, JSON-escaped
 * or base64-encoded inside a longer text (a Basic credential at any alignment); each is replaced,
 * and the warning names where, once. The flows' tests (secrets.spec.ts) show it at every exit.
 */
import { Redactor, redactorFromEnv } from '../../src/guard/index.js';

describe('security/redact', () => {
  const SECRET = 'p@ss"word/with\\odd+chars=1';

  test('every common form of a secret is replaced, and the place it was found is warned about once', () => {
    const warnings: string[] = [];
    const redactor = new Redactor((m) => warnings.push(m));
    redactor.add(SECRET);
    redactor.add('short');
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      JSON.stringify(SECRET).slice(1, -1),
      ...['', 'x', 'xy'].map((prefix) => Buffer.from(`${prefix}user:${SECRET}`).toString('base64')),
      Buffer.from(`user:${SECRET}`).toString('base64url')
    ];
    for (const form of forms) {
      const out = redactor.redact(`before ${form} after`, 'a comment');
      expect([form, out.includes('***')]).toEqual([form, true]);
      // What is left of a base64 form is only the characters that also hold bits of the text around it.
      expect(out.replace('***', '').length).toBeLessThan(`before ${form} after`.length - 20);
    }
    expect(warnings).toEqual(['A secret of the run was in a comment; it was replaced by *** before it left LoopKit.']);
    // A value too short to be a secret is left alone, and so is text without a secret.
    expect(redactor.redact('a short note')).toBe('a short note');
    expect(redactor.redactValue({ a: [SECRET, 1], b: { c: `x${SECRET}` } })).toEqual({ a: ['***', 1], b: { c: 'x***' } });
  });

  test('redactorFromEnv knows every secret of the environment: tokens, keys, the action inputs, the runner tokens, OpenTelemetry header values, named variables', () => {
    const env = {
      GITHUB_TOKEN: 'ghp_cliToken000000000001',
      'INPUT_GITHUB-TOKEN': 'ghs_inputToken0000000002',
      ANTHROPIC_API_KEY: 'sk-ant-key-000000000003',
      'INPUT_OPENAI-API-KEY': 'sk-openai-input-0000004',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-000000005',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=otel-key-0000000006,Authorization=Bearer%20otel-bearer-00000007',
      DOCS_TOKEN: 'docs-secret-000000000008',
      HOME: '/home/runner/work'
    };
    const redactor = redactorFromEnv(env, { variables: ['DOCS_TOKEN'], values: ['an-input-value-0000009'] });
    const text = [...Object.values(env), 'otel-bearer-00000007', 'an-input-value-0000009'].join(' ');
    expect(redactor.redact(text)).toBe('*** *** *** *** *** x-honeycomb-team=***,Authorization=*** *** /home/runner/work *** ***');
  });
});
