/**
 * Messages that must name what is allowed and where the problem starts: an unknown discriminator
 * (a connector `type:`) lists the types there are; an unclosed quote points at the line it opens on.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';

describe('bad-input/messages', () => {
  async function validateCorpus(name: string): Promise<string> {
    const root = mkdtempSync(join(tmpdir(), 'loopkit-bad-input-'));
    try {
      mkdirSync(join(root, 'loops'));
      writeFileSync(join(root, 'loopkit.yaml'), 'version: "1"\n');
      writeFileSync(join(root, 'loops', name), readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'corpus', name)));
      const io = bufferOutput();
      await main(['validate', '--cwd', root], io, {});
      return [...io.lines, ...io.errors].join('\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  test('an unknown connector type names the types there are', async () => {
    const text = await validateCorpus('loop-unknown-connector.yaml');
    expect(text).toMatch(/^loops\/loop-unknown-connector\.yaml:5:11: error: .*"github-pull-request".*"github-issues".*"repo-files"/m);
  });

  test('an unclosed quote says where the string opens and how to fix it', async () => {
    const text = await validateCorpus('loop-syntax-unclosed-quote.yaml');
    expect(text).toMatch(/loop-syntax-unclosed-quote\.yaml:\d+:\d+: error: .*(line 2|2:14)/);
    expect(text).toMatch(/fix: .*quote/);
    expect(text).not.toMatch(/fix: check the indentation/);
  });
});
