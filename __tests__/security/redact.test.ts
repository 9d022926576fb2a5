/**
 * The Redactor's forms of a secret: a model or a tool may quote it as is, URL-encoded, JSON-escaped
 * or base64-encoded inside a longer text (a Basic credential at any alignment); each is replaced,
 * and the warning names where, once. The flows' tests (secrets.test.ts) show it at every exit.
 */
import { Redactor } from '../../src/guard/index.js';

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
