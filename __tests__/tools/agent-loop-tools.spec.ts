/**
 * The Toolbox under the Anthropic provider's agent loop, over real HTTP against the fake API: the
 * model calls the repository tool (over a real git checkout) and the MCP server's read-only tool
 * (the fake stdio server) in one turn, gets their real results back, and answers; the server's
 * destructive tool is never offered.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Connector } from '../../src/loop/schema.js';
import { AnthropicProvider } from '../../src/providers/anthropic.js';
import { Toolbox } from '../../src/tools/index.js';
import type { ToolCallRecord } from '../../src/tools/types.js';
import { byTurn, startFakeAnthropic, toolCall, type FakeAnthropic, type MessagesBody } from '../fakes/anthropic-server.js';
import { fakeMcpCommand } from '../fakes/mcp-server-stdio.js';
import { ANSWER, verifyRequest } from '../providers/agent-tools.js';
import { makeGitFixture } from './git-fixture.js';
import { unfenced } from '../helpers/fences.js';
import { Redactor } from '../../src/guard/index.js';

describe('tools/agent-loop-tools', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  test('the checker reads a file at the head and asks the docs server, gets both answers, and answers', async () => {
    const fixture = makeGitFixture();
    cleanups.push(() => fixture.remove());
    const connectors = [
      { type: 'repository', timeoutSeconds: 20, maxResultBytes: 16_000, maxCalls: 10 },
      {
        type: 'mcp',
        name: 'docs',
        ...fakeMcpCommand(),
        tools: ['lookup', 'delete_branch'],
        writes: false,
        required: true,
        connectTimeoutSeconds: 30,
        callTimeoutSeconds: 60,
        maxResultBytes: 16_000
      }
    ] satisfies Connector[];
    const box = await Toolbox.open({
      connectors,
      writesAllowed: true,
      repository: {
        head: fixture.head,
        base: fixture.base,
        checkout: fixture.root,
        reader: { read: () => Promise.reject(new Error('the checkout holds both commits')) }
      },
      mcp: { env: {}, mask: () => undefined, redactor: new Redactor(), clientVersion: 'test' },
      log: { info: () => undefined, warn: () => undefined }
    });
    cleanups.push(() => box.close());
    expect(box.failures).toEqual([]);

    const fake: FakeAnthropic = await startFakeAnthropic({
      respond: byTurn(
        toolCall(
          { name: 'read_file', input: { path: 'src/util/lock.ts', ref: 'head', startLine: null, endLine: null } },
          { name: 'docs__lookup', input: { query: 'lock', limit: null } }
        ),
        { kind: 'tool', input: ANSWER }
      )
    });
    cleanups.push(() => fake.close());
    const provider = new AnthropicProvider({ apiKey: fake.apiKey, baseURL: fake.url, retryBackoffMs: 5, maxRetries: 0 });
    const heard: ToolCallRecord[] = [];
    const response = await provider.call(verifyRequest('claude-sonnet-5-5', { tools: box.forAgent('Verifier')!, onToolCall: (r) => heard.push(r) }));

    expect(response.output).toEqual(ANSWER);
    const [first, second] = fake.requests.map((r) => r.body!) as MessagesBody[];
    // Strict tools the API accepted; the destructive tool is not among them.
    expect(first!.tools?.map((t) => [t.name, t.strict])).toEqual([
      ['read_file', true],
      ['list_dir', true],
      ['search_code', true],
      ['docs__lookup', true]
    ]);
    const results = (second!.messages[2]!.content as { type: string; content?: unknown; is_error?: boolean }[]).filter((b) => b.type === 'tool_result');
    expect(results.map((r) => [unfenced(r.content), r.is_error ?? false])).toEqual([
      ['src/util/lock.ts at head, lines 1-3 of 3:\n1\texport function lock() {\n2\t  return "mutex held";\n3\t}', false],
      ['docs answer for "lock": it is thread-safe', false]
    ]);
    // The provider records each call with the tool's source, as the Toolbox names it.
    expect(heard.map((r) => [r.agent, r.tool, r.source, r.ok]).sort()).toEqual([
      ['Verifier', 'docs__lookup', 'mcp:docs', true],
      ['Verifier', 'read_file', 'repository', true]
    ]);
  });
});
