/** Scripted answers of the fake Anthropic for the sample pull request. */
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

export function firstUserText(body: MessagesBody): string {
  const first = body.messages[0]!;
  return typeof first.content === 'string' ? first.content : first.content.map((b) => ('text' in b ? b.text : '')).join('\n');
}

export const isChecker = (body: MessagesBody) => firstUserText(body).includes('(checker)');
export const findingIds = (body: MessagesBody) => [...firstUserText(body).matchAll(/### (B\d+R\d+F\d+)/g)].map((m) => m[1]!);

/** Where the sample's SQL injection is, for tests that write their own claim about it. */
export const SQL_AT = {
  path: 'src/api/users.ts',
  line: 5,
  side: 'RIGHT',
  quote: "  const rows = await db.query('SELECT * FROM users WHERE id = ' + id);",
  severity: 'critical',
  category: 'security'
};
export const SQL = {
  ...SQL_AT,
  claim: 'SQL injection: id is concatenated into the query.',
  evidence: 'The id parameter is appended to the SQL text instead of being bound as $1.',
  replacement: "  const rows = await db.query('SELECT * FROM users WHERE id = $1', [id]);"
};
export const XSS = {
  path: 'src/util/format.ts',
  line: 6,
  side: 'RIGHT',
  quote: '  el.innerHTML = bio;',
  severity: 'high',
  category: 'security',
  claim: 'Cross-site scripting: the bio is written as HTML.',
  evidence: 'innerHTML renders markup from user-controlled bio.'
};
export const EMPTY_CATCH = {
  path: 'src/api/users.ts',
  line: 21,
  side: 'RIGHT',
  quote: '  } catch (e) {}',
  severity: 'medium',
  category: 'reliability',
  claim: 'The audit insert failure is swallowed by an empty catch.',
  evidence: 'catch (e) {} drops the error.'
};
/** Cites a line outside every hunk with a quote that is nowhere in the diff: cannot be placed. */
export const UNPLACEABLE = {
  ...EMPTY_CATCH,
  line: 300,
  quote: 'return cachedUsers;',
  severity: 'high',
  category: 'bug',
  claim: 'The user cache is never invalidated.',
  evidence: 'Nothing clears cachedUsers after deleteUser.'
};

/** A finding on the file pushSessionChange (helpers/sample.ts) changes: new in a later push. */
export const SESSION_TOKEN = {
  path: 'src/auth/session.ts',
  line: 6,
  side: 'RIGHT',
  quote: '  return Math.random().toString(36).slice(2);',
  severity: 'high',
  category: 'security',
  claim: 'Session tokens come from Math.random, which is predictable.',
  evidence: 'Math.random is not a CSPRNG.'
};

/** Makers report `findings` (by agent label); the checker confirms all but `refute`d claims. */
export function reviewScript(findings: Record<string, object[]>, refute: string[] = []) {
  return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
    const body = request.body;
    if (isChecker(body)) {
      const text = firstUserText(body);
      return {
        kind: 'tool',
        name: 'report_verdicts',
        input: {
          verdicts: findingIds(body).map((id) => {
            const section = text.slice(text.indexOf(`### ${id}`)).split('\n### ')[0]!;
            const refuted = refute.some((claim) => section.includes(claim));
            return {
              id,
              verdict: refuted ? 'refuted' : 'confirmed',
              confidence: 0.9,
              evidence: refuted ? 'A guard above makes this harmless.' : 'The code shows it.'
            };
          })
        }
      };
    }
    const label = Object.keys(findings).find((l) => firstUserText(body).includes(`## Your role: ${l} (maker)`));
    return { kind: 'tool', name: 'report_findings', input: { findings: label ? findings[label] : [] } };
  };
}

const agentOf = (body: MessagesBody) => /## Your role: (.+?) \((?:maker|checker)\)/.exec(firstUserText(body))?.[1] ?? '';

/**
 * A model whose words are all `hostile(where)`: the checker confirms every finding with it as its
 * evidence, the Logic Reviewer's call fails with it as the provider's error text (untrusted too),
 * and the other makers report `findings` with it as the walkthrough.
 */
export function hostileModel(hostile: (where: string) => string, findings: object[]) {
  return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
    const body = request.body;
    if (isChecker(body)) {
      return {
        kind: 'tool',
        name: 'report_verdicts',
        input: { verdicts: findingIds(body).map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: hostile('CHECKER') })) }
      };
    }
    if (agentOf(body) === 'Logic Reviewer') return { kind: 'error', status: 400, type: 'invalid_request_error', message: hostile('APIERROR') };
    return { kind: 'tool', name: 'report_findings', input: { summary: hostile('WALKTHROUGH'), findings } };
  };
}
