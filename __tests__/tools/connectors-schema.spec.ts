/** The repository and mcp connectors as written in a loop file: what validates, and what is refused with a line and a fix. */
import { loadProject } from '../../src/loop/load.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('tools/connectors-schema', () => {
  const LOOP = (connectors: string) => `name: review
trigger:
  event: pull_request
connectors:
${connectors}
pipeline:
  - agent:
      label: bugs
      prompt: Find bugs.
`;

  async function diagnosticsOf(connectors: string) {
    const project = await loadProject(new MemoryLoopSource({ 'loopkit.yaml': 'version: "1"\n', 'loops/review.yaml': LOOP(connectors) }));
    return { project, diagnostics: project.diagnostics.map((d) => ({ line: d.line, message: d.message, fix: d.fix })) };
  }

  it('accepts a repository connector and stdio and HTTP MCP servers with secrets written as references', async () => {
    const { project, diagnostics } = await diagnosticsOf(`  - type: repository
    maxCalls: 40
    agents: [bugs]
  - type: mcp
    name: docs
    command: npx
    args: ["-y", "@acme/docs-mcp@1.2.3"]
    env: { DOCS_TOKEN: "\${{ secrets.DOCS_TOKEN }}", LOG_LEVEL: warn }
    tools: [search_docs]
  - type: mcp
    name: tracker
    url: https://mcp.example.com/mcp
    headers: { Authorization: "Bearer \${{ secrets.TRACKER_TOKEN }}" }
    tools: ["*"]
    required: true`);
    expect(diagnostics).toEqual([]);
    expect(project.loops[0]?.loop.connectors).toEqual([
      { type: 'repository', maxCalls: 40, agents: ['bugs'], timeoutSeconds: 20, maxResultBytes: 16000 },
      expect.objectContaining({ type: 'mcp', name: 'docs', writes: false, required: false, connectTimeoutSeconds: 30, callTimeoutSeconds: 60 }),
      expect.objectContaining({ type: 'mcp', name: 'tracker', required: true })
    ]);
  });

  it('refuses an MCP server without an allow-list, naming the line and the fix', async () => {
    const { diagnostics } = await diagnosticsOf(`  - type: mcp
    name: docs
    command: npx`);
    expect(diagnostics).toEqual([
      {
        line: 5,
        message: 'MCP server "docs" needs a `tools:` allow-list: LoopKit offers the agents only the tools named there',
        fix: 'add `tools: [search_docs]` with the server\'s read-only tools the agents need ("*" allows all, which the LRS marks down)'
      }
    ]);
  });

  it.each([
    ['both command and url', '    command: npx\n    url: https://x.example/mcp', /exactly one of `command`/],
    ['neither command nor url', '    args: [x]', /exactly one of `command`/],
    ['a secret in args', '    command: npx\n    args: ["--token", "${{ secrets.T }}"]', /would show in the log and the process list/],
    ['another expression in env', '    command: npx\n    env: { T: "${{ github.token }}" }', /only `\$\{\{ secrets.NAME \}\}` expressions are resolved here/],
    ['headers on a stdio server', '    command: npx\n    headers: { A: b }', /`headers` are for an HTTP server/],
    ['a url that is not http', '    url: ftp://x.example/mcp', /an MCP server url is http\(s\)/]
  ])('refuses %s', async (_, fields, message) => {
    const { diagnostics } = await diagnosticsOf(`  - type: mcp\n    name: docs\n    tools: [a]\n${fields}`);
    expect(diagnostics).toContainEqual(expect.objectContaining({ message: expect.stringMatching(message) }));
    expect(diagnostics.every((d) => d.line >= 5 && d.line <= 9)).toBe(true);
  });
});
