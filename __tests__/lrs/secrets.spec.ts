import { secretBlockers } from '../../src/lrs/secrets.js';
import { sourceOf } from './source.js';

describe('lrs/secrets', () => {
  // Assembled at run time so that no scanner mistakes this file for a leak.
  const ANTHROPIC = ['sk', 'ant', 'api03', 'Q7rT2mX9vB4nL8kP1sD6fG3hJ0wE5yU'].join('-');
  const GITHUB = 'gh' + 'p_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
  const GITHUB_OAUTH = 'gh' + 'o_' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0';
  const GITHUB_SERVER = 'gh' + 's_' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0';
  const GITHUB_PAT = 'github' + '_pat_' + '11ABCDEFG0123456789_abcdefghijklmnop';
  const AWS = 'AK' + 'IA' + 'Q2W3E4R5T6Y7U8I9';

  function scan(lines: string[]) {
    return secretBlockers(sourceOf(lines.join('\n')));
  }

  describe('secret blockers', () => {
    it.each([
      ['Anthropic API key', ANTHROPIC, 'sk-ant-****'],
      ['GitHub token', GITHUB, 'ghp_****'],
      ['GitHub token', GITHUB_OAUTH, 'gho_****'],
      ['GitHub token', GITHUB_SERVER, 'ghs_****'],
      ['GitHub token', GITHUB_PAT, 'github_pat_****'],
      ['AWS access key', AWS, 'AKIA****']
    ])('finds a literal %s anywhere, by line and column, redacted', (kind, secret, redacted) => {
      const blockers = scan(['name: leaky', 'pipeline:', `  - agent: { label: a, prompt: "call with ${secret} now" }`]);
      expect(blockers).toEqual([
        {
          id: 'secret',
          message: `Line 3 holds a literal ${kind} (${redacted})`,
          fix: expect.stringContaining('${{ secrets.NAME }}'),
          location: { line: 3, column: '  - agent: { label: a, prompt: "call with '.length + 1 }
        }
      ]);
      expect(JSON.stringify(blockers)).not.toContain(secret.slice(redacted.length - 4));
    });

    it.each([
      ['api_key: Xy7Qp2Lm9Rt4Vw8Z', 'api_key'],
      ['apiKey: "Xy7Qp2Lm9Rt4Vw8Z"', 'apiKey'],
      ['  GITHUB_TOKEN: Xy7Qp2Lm9Rt4Vw8Z', 'GITHUB_TOKEN'],
      ['  - db_password: correcthorsebatterystaple', 'db_password'],
      ["'client-secret': 'Xy7Qp2Lm9Rt4Vw8Z'", 'client-secret']
    ])('finds a 16+ character literal assigned to a secret-named key: %s', (line, key) => {
      const [blocker] = scan(['name: leaky', line]);
      expect(blocker).toMatchObject({ message: `Line 2 holds a literal value for "${key}" (${key}: ****)`, location: { line: 2 } });
      expect(blocker?.location?.column).toBe(line.search(/Xy7|correct/) + 1);
      expect(blocker?.message).not.toMatch(/Xy7Qp2|horse/);
    });

    it.each([
      'api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
      'api_key: ${{secrets.ANTHROPIC_API_KEY}}',
      'token: $GITHUB_TOKEN_FROM_ENVIRONMENT',
      'token: short-value',
      'maxTokens: 12345678901234567890',
      'tokenizer: a-very-long-tokenizer-name',
      'prompt: check that no api_key: Xy7Qp2Lm9Rt4Vw8Z is logged'
    ])('leaves alone %s', (line) => {
      expect(scan(['name: fine', line])).toEqual([]);
    });

    it('reports a line once, by its most specific kind, and every line that leaks', () => {
      const blockers = scan(['name: leaky', `anthropic_api_key: ${ANTHROPIC}`, 'budget: {}', `token: ${GITHUB}`]);
      expect(blockers.map((b) => [b.location?.line, b.message])).toEqual([
        [2, 'Line 2 holds a literal Anthropic API key (sk-ant-****)'],
        [4, 'Line 4 holds a literal GitHub token (ghp_****)']
      ]);
    });
  });
});
