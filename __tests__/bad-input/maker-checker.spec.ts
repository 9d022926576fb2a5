/**
 * A checker that is also a maker is a blocker: `loopkit validate` exits non-zero without any
 * `--min-lrs`, and reports it as a `file:line:column` problem at `verify.checker`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';

describe('bad-input/maker-checker', () => {
  test('maker = checker: validate exits non-zero and points at verify.checker with line and column', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loopkit-bad-input-'));
    try {
      mkdirSync(join(root, 'loops'));
      writeFileSync(join(root, 'loopkit.yaml'), 'version: "1"\n');
      const corpus = join(dirname(fileURLToPath(import.meta.url)), 'corpus', 'loop-maker-is-checker.yaml');
      writeFileSync(join(root, 'loops', 'loop-maker-is-checker.yaml'), readFileSync(corpus));
      const io = bufferOutput();
      const code = await main(['validate', '--cwd', root], io, {});
      const text = [...io.lines, ...io.errors].join('\n');
      expect(code).not.toBe(0);
      expect(text).toMatch(/^loops\/loop-maker-is-checker\.yaml:13:3: error: .*checker .*maker/m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
