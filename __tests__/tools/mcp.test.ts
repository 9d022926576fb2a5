/**
 * MCP connectors over the official SDK's real transports, against the fake server (one read-only
 * tool, one destructive, one without annotations): the allow-list, tools that may write never
 * offered to a loop that does not write, answers reaching the caller, timeouts, a failing server,
 * secrets from the step's environment (masked), and the server's process gone after close.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redactor } from '../../src/guard/index.js';
import type { McpConnector } from '../../src/loop/schema.js';
import { Connector } from '../../src/loop/schema.js';
import { Toolbox, type ToolboxOptions } from '../../src/tools/index.js';
import { startFakeMcpHttp } from '../fakes/mcp-server-http.js';
import { fakeMcpCommand } from '../fakes/mcp-server-stdio.js';

function mcp(fields: Record<string, unknown>): McpConnector {
  return Connector.parse({ type: 'mcp', name: 'docs', tools: ['lookup'], ...fields }) as McpConnector;
}

const opened: Toolbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((box) => box.close()));
});

async function open(
  connectors: McpConnector[],
  extra: Partial<ToolboxOptions> & { masked?: string[]; logs?: string[]; env?: Record<string, string>; redactor?: Redactor } = {}
): Promise<Toolbox> {
  const { masked = [], logs = [], env = {}, redactor = new Redactor(), ...rest } = extra;
  const box = await Toolbox.open({
    connectors,
    writesAllowed: false,
    mcp: { env, mask: (secret) => masked.push(secret), redactor, clientVersion: 'test' },
    log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`) },
    ...rest
  });
  opened.push(box);
  return box;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a stdio server', () => {
  it('offers only allowed read-only tools, answers through the server, and its process ends on close', async () => {
    const logs: string[] = [];
    const box = await open([mcp({ ...fakeMcpCommand(), tools: ['lookup', 'server_pid', 'delete_branch', 'tag_release', 'missing'], writes: true })], { logs });
    const tools = box.forAgent('checker')!;
    // The loop's outputs write nothing: even with `writes: true` and the allow-list, only the read-only tools.
    expect(tools.specs.map((s) => [s.name, s.source])).toEqual([
      ['docs__lookup', 'mcp:docs'],
      ['docs__server_pid', 'mcp:docs']
    ]);
    // Made strict for both model APIs: closed, every property required, the optional one nullable.
    expect(tools.specs[0]?.inputSchema).toEqual({
      type: 'object',
      properties: { query: { type: 'string' }, limit: { anyOf: [{ type: 'integer', description: expect.stringMatching(/^\{"minimum":/) }, { type: 'null' }] } },
      required: ['query', 'limit'],
      additionalProperties: false
    });
    expect(logs).toEqual(
      expect.arrayContaining([
        'info: MCP server "docs": "delete_branch" is not offered: it is destructive (or not annotated otherwise), and the loop\'s `outputs` write nothing',
        expect.stringMatching(/"tag_release" is not offered/),
        'info: MCP server "docs": "missing" is in the allow-list, but the server has no such tool'
      ])
    );
    expect(await tools.call('docs__lookup', { query: 'Mutex', limit: null })).toEqual({
      text: 'docs answer for "Mutex": it is thread-safe',
      isError: false,
      truncated: false
    });
    expect((await tools.call('docs__lookup', { query: 'Mutex', limit: 2 })).text).toBe('docs answer for "Mutex": it is thread-safe (limit=2)');
    expect(await tools.call('docs__lookup', { query: 'fail' })).toEqual({ text: 'no such term', isError: true, truncated: false });
    expect((await tools.call('docs__delete_branch', { branch: 'main' })).text).toMatch(/^there is no tool "docs__delete_branch"/);
    expect((await tools.call('docs__lookup', 'not an object')).text).toBe('the arguments must be a JSON object');

    const pid = Number((await tools.call('docs__server_pid', {})).text);
    expect(alive(pid)).toBe(true);
    await box.close();
    expect(alive(pid)).toBe(false);
  });

  it('offers the tools that may write only when the connector says `writes: true` and the loop writes', async () => {
    const names = async (writes: boolean, writesAllowed: boolean) =>
      (await open([mcp({ ...fakeMcpCommand(), tools: ['*'], writes })], { writesAllowed })).forAgent('a')!.specs.map((s) => s.name);
    const logs: string[] = [];
    const [neither, both] = await Promise.all([names(false, true), names(true, true)]);
    await open([mcp({ ...fakeMcpCommand(), tools: ['tag_counts'] })], { logs });
    expect(logs).toContain(
      'info: MCP server "docs": "tag_counts" is not offered: its input schema has no strict form both model APIs accept (a free-form map, allOf or patternProperties)'
    );
    expect(neither).toEqual(['docs__lookup', 'docs__server_pid']);
    expect(both).toEqual(['docs__lookup', 'docs__server_pid', 'docs__delete_branch', 'docs__tag_release']);
  });

  it('times a slow call out, and the server still answers the next', async () => {
    const tools = (await open([mcp({ ...fakeMcpCommand('--slow-ms', '1000'), callTimeoutSeconds: 0.2, tools: ['lookup', 'server_pid'] })])).forAgent('a')!;
    const slow = await tools.call('docs__lookup', { query: 'x' });
    expect(slow.isError).toBe(true);
    expect(slow.text).toBe('timed out after 0.2 s');
    expect((await tools.call('docs__server_pid', {})).isError).toBe(false);
  });

  it('is a clear error when it fails or does not answer; the run goes on without it, partial when required', async () => {
    const logs: string[] = [];
    const box = await open(
      [
        mcp({ name: 'crashy', ...fakeMcpCommand('--crash'), required: true }),
        mcp({ name: 'mute', ...fakeMcpCommand('--mute'), connectTimeoutSeconds: 0.5 }),
        mcp({ name: 'absent', command: 'loopkit-no-such-program' }),
        mcp({ name: 'fine', ...fakeMcpCommand() })
      ],
      { logs }
    );
    expect(box.failures).toEqual([
      {
        connector: 'mcp:crashy',
        required: true,
        error: expect.stringMatching(/^MCP server "crashy" \(.*--crash\): .*stderr ends: fake-mcp: crashed on purpose/)
      },
      { connector: 'mcp:mute', required: false, error: expect.stringMatching(/^MCP server "mute" .*: did not start and list its tools within 0.5 s$/) },
      { connector: 'mcp:absent', required: false, error: expect.stringMatching(/^MCP server "absent" \(loopkit-no-such-program\): .*ENOENT/) }
    ]);
    expect(box.partial).toBe(true);
    expect(logs.filter((l) => l.startsWith('warn:'))).toHaveLength(3);
    expect(logs).toContainEqual(expect.stringMatching(/^warn: MCP server "crashy".*the run goes on without it and is partial \(the connector is required\)$/));
    expect(box.forAgent('a')!.specs.map((s) => s.name)).toEqual(['fine__lookup']);
  });

  it('gets its secrets from the step environment, masked, and nothing else of the environment', async () => {
    const masked: string[] = [];
    const env = { MCP_TOKEN: 's3cret-value' };
    const box = await open([mcp({ ...fakeMcpCommand('--require-env', 'TOKEN=s3cret-value'), env: { TOKEN: '${{ secrets.MCP_TOKEN }}' } })], { masked, env });
    expect(box.failures).toEqual([]);
    expect(masked).toEqual(['s3cret-value']);
    expect((await box.forAgent('a')!.call('docs__lookup', { query: 'debug', limit: null })).text).toBe('debug: TOKEN=***');

    process.env.LOOPKIT_TEST_LEAK = 'leaked';
    try {
      // The server must not see the step's own variables (its tokens): it exits when it sees LOOPKIT_TEST_LEAK.
      const isolated = await open([mcp({ name: 'isolated', ...fakeMcpCommand('--forbid-env', 'LOOPKIT_TEST_LEAK') })]);
      expect(isolated.failures).toEqual([]);
    } finally {
      delete process.env.LOOPKIT_TEST_LEAK;
    }

    // A server that prints the secret as it fails: the error (which may reach a pull request comment) never holds it.
    const careless = await open([mcp({ name: 'careless', ...fakeMcpCommand('--crash'), env: { TOKEN: '${{ secrets.MCP_TOKEN }}' } })], { env });
    expect(careless.failures[0]?.error).toMatch(/crashed on purpose \(TOKEN=\*\*\*\)$/);
    expect(careless.failures[0]?.error).not.toContain('s3cret-value');

    const missing = await open([mcp({ ...fakeMcpCommand(), env: { TOKEN: '${{ secrets.NOT_PASSED }}' } })]);
    expect(missing.failures[0]?.error).toBe(
      'MCP server "docs" (' +
        [process.execPath, ...fakeMcpCommand().args].join(' ') +
        "): the secret NOT_PASSED is not in the LoopKit step's environment: add `env:` with `NOT_PASSED: ${{ secrets.NOT_PASSED }}` to the step in the workflow"
    );
  });
  it('takes every secret of the run out of its tool descriptions, results and JSON-RPC errors, before the model, the records or the log see them', async () => {
    // The run knows the GitHub token; the connector adds its own. The server reads the runner's environment.
    const warnings: string[] = [];
    const redactor = new Redactor((m) => warnings.push(m));
    const githubToken = 'ghs_runnersOwnToken1234567890';
    redactor.add(githubToken);
    const dir = mkdtempSync(join(tmpdir(), 'mcp-leak-'));
    try {
      const leakFile = join(dir, 'environ');
      writeFileSync(leakFile, `GITHUB_TOKEN=${githubToken}\0AUTH=${Buffer.from(`x:${githubToken}`).toString('base64')}`);
      const env = { DOCS_TOKEN: 'docs-connector-secret' };
      const box = await open(
        [mcp({ ...fakeMcpCommand('--leak-file', leakFile, '--describe-secret'), env: { TOKEN: '${{ secrets.DOCS_TOKEN }}' }, tools: ['lookup', 'environ'] })],
        { env, redactor }
      );
      expect(box.failures).toEqual([]);
      const tools = box.forAgent('maker')!;
      const seen = [
        ...tools.specs.map((spec) => spec.description),
        (await tools.call('docs__environ', {})).text,
        (await tools.call('docs__lookup', { query: 'reject', limit: null })).text
      ].join('\n');
      expect(seen).toContain('Authenticated with ***');
      expect(seen).toContain('GITHUB_TOKEN=***');
      expect(seen).toMatch(/failed: .*upstream rejected credential \*\*\*/);
      for (const secret of [githubToken, 'docs-connector-secret', Buffer.from(githubToken).toString('base64').slice(4, 20)]) expect(seen).not.toContain(secret);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringContaining('a tool description of the MCP server "docs"'),
          expect.stringContaining('an error of the MCP server "docs"')
        ])
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a streamable HTTP server', () => {
  it('is reached with its headers, the secret resolved and masked; a wrong token is a clear failure', async () => {
    const server = await startFakeMcpHttp({ token: 'http-secret' });
    try {
      const masked: string[] = [];
      const box = await open([mcp({ url: server.url, headers: { Authorization: 'Bearer ${{ secrets.DOCS_TOKEN }}' } })], {
        masked,
        env: { DOCS_TOKEN: 'http-secret' }
      });
      expect(masked).toEqual(['http-secret']);
      const tools = box.forAgent('checker')!;
      expect(tools.specs.map((s) => s.name)).toEqual(['docs__lookup']);
      expect((await tools.call('docs__lookup', { query: 'Queue' })).text).toBe('docs answer for "Queue": it is thread-safe');
      expect(server.headers[0]?.authorization).toBe('Bearer http-secret');

      const refused = await open([mcp({ url: server.url, headers: { Authorization: 'Bearer ${{ secrets.DOCS_TOKEN }}' } })], { env: { DOCS_TOKEN: 'wrong' } });
      expect(refused.failures[0]?.error).toMatch(new RegExp(`^MCP server "docs" at ${server.url}: .*unauthorized`));
    } finally {
      await server.close();
    }
  });
});
