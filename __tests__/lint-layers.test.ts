/**
 * The lint enforces the same table: eslint.config.js refuses an import its folder's row does not
 * allow, and @actions/core outside src/action/ and the entries, with a message that names the table.
 */
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

test('an import its row does not allow is refused, from a subfolder too; an allowed one passes', async () => {
  expect(await problems('src/diff/probe.ts', "import type { Finding } from '../engine/finding.js';\nexport type F = Finding;\n")).toEqual([
    expect.stringContaining('src/diff/ may not import src/engine/: see "Rooms and what they may import" in docs/ARCHITECTURE.md')
  ]);
  expect(await problems('src/lrs/dimensions/probe.ts', "import { x } from '../../render/index.js';\nexport const y = x;\n")).toEqual([
    expect.stringContaining('src/lrs/ may not import src/render/')
  ]);
  expect(await problems('src/flows/probe.ts', "import { run } from '../action/main.js';\nexport const y = run;\n")).toEqual([
    expect.stringContaining('src/flows/ may not import src/action/')
  ]);
  expect(await problems('src/engine/probe.ts', "import { parsePatch } from '../diff/index.js';\nexport const y = parsePatch;\n")).toEqual([]);
});

test('@actions/core only in src/action/ and the entries', async () => {
  const code = "import * as core from '@actions/core';\nexport const y = core;\n";
  expect(await problems('src/flows/probe.ts', code)).toEqual([expect.stringContaining('Only src/action/ and the entries use @actions/core')]);
  expect(await problems('src/action/probe.ts', code)).toEqual([]);
  expect(await problems('src/probe.ts', code)).toEqual([]);
});
