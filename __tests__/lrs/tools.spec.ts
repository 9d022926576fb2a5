/** The LRS on tools: calls bounded only by the defaults, MCP wildcard allow-lists, writes through tools. */
import type { LoopInput } from '../../src/loop/schema.js';
import { scoreHuman } from '../../src/lrs/dimensions/human.js';
import { scoreTermination } from '../../src/lrs/dimensions/termination.js';
import { scoreLoop } from '../../src/lrs/index.js';
import { ACTION, COMPLETE, dimension, inputOf } from './loops.js';
import { fromInput } from './source.js';

describe('lrs/tools', () => {
  const DOCS = { type: 'mcp', name: 'docs', command: 'npx', args: ['-y', '@acme/docs-mcp@1.0.0'], tools: ['search_docs'], maxCalls: 20 } as const;
  const withConnectors = (connectors: unknown[], rest: Partial<LoopInput> = {}): LoopInput => ({ ...COMPLETE, ...rest, connectors }) as LoopInput;

  describe('tool calls', () => {
    it('keeps full marks when every tool connector declares maxCalls', () => {
      const outcome = scoreTermination(inputOf(withConnectors([{ type: 'repository', maxCalls: 40 }, DOCS])));
      expect(outcome.judgements.cap).toEqual({ fraction: 1, note: 'capped at 20 model calls and 15 minutes' });
      const report = scoreLoop(...args(withConnectors([{ type: 'repository', maxCalls: 40 }, DOCS])));
      expect(report.score).toBe(100);
    });

    it('takes a third of the cap when a connector leaves its calls to the defaults, and says where to bound them', () => {
      const outcome = scoreTermination(inputOf(withConnectors([{ type: 'github-pull-request' }, { type: 'repository' }, { ...DOCS, maxCalls: undefined }])));
      expect(outcome.judgements.cap).toEqual({
        fraction: 2 / 3,
        note: 'capped at 20 model calls and 15 minutes, but tool calls of the repository connector and MCP server "docs" are bounded only by LoopKit\'s defaults',
        fix: { text: "Add `maxCalls` (e.g. 40) to `connectors[1]` so the run's tool calls have a bound you chose", at: ['connectors', 1, 'maxCalls'] }
      });
      const report = scoreLoop(...args(withConnectors([{ type: 'repository' }])));
      expect(dimension(report, 'termination')).toMatchObject({ earned: 12, fix: expect.stringMatching(/maxCalls/), location: { line: expect.any(Number) } });
    });
  });

  describe('MCP allow-lists and writes', () => {
    it('halves the writes points for a wildcard allow-list', () => {
      const writes = scoreHuman(inputOf(withConnectors([{ ...DOCS, tools: ['*'] }]))).judgements.writes;
      expect(writes).toEqual({
        fraction: 0.5,
        note: 'MCP server "docs" allows every tool it lists ("*"), so what the agents may call changes with the server',
        fix: { text: 'List the tools the agents need in `connectors[0].tools` instead of "*"', at: ['connectors', 0, 'tools'] }
      });
    });

    it('counts writes through tools in a loop that writes, and warns that `writes: true` does nothing in one that does not', () => {
      const writing = scoreHuman(inputOf(withConnectors([{ ...DOCS, writes: true }])));
      expect(writing.judgements.writes).toMatchObject({
        fraction: 0.5,
        note: 'it writes through the tools of MCP server "docs" too, which no output declares or bounds',
        fix: { at: ['connectors', 0, 'writes'] }
      });
      const both = scoreHuman(inputOf(withConnectors([{ ...DOCS, tools: ['*'], writes: true }])));
      expect(both.judgements.writes.fraction).toBe(0.25);

      const readOnly = scoreHuman(inputOf(withConnectors([{ ...DOCS, writes: true }], { outputs: undefined })));
      expect(readOnly.judgements.writes).toEqual({ fraction: 1, note: 'read-only: it writes nothing' });
      expect(readOnly.warnings).toEqual([
        'Tools: `writes: true` on MCP server "docs" does nothing: the loop\'s `outputs` write nothing, so its tools that may write are never offered'
      ]);
    });

    it('warns when a connector gives its tools to an agent the loop does not have', () => {
      const outcome = scoreHuman(
        inputOf(
          withConnectors([{ type: 'repository', maxCalls: 5, agents: ['skeptic', 'skeptik', 'Code Verifier'] }], {
            verify: { checker: ['skeptic', 'Code Verifier'] }
          })
        )
      );
      expect(outcome.warnings).toEqual([
        'Tools: `connectors[0].agents` names "skeptik", which is no agent of the loop, so the repository connector\'s tools go to no one by that name (did you mean "skeptic"?)'
      ]);
    });

    it('keeps a loop without tool connectors as it was', () => {
      expect(scoreHuman(inputOf(COMPLETE)).warnings).toBeUndefined();
    });
  });

  describe('credentials in an MCP server', () => {
    it('blocks a literal Authorization header the file-wide scan misses, once, with the line and a fix', () => {
      const report = scoreLoop(
        ...args(
          withConnectors([
            {
              type: 'mcp',
              name: 'tracker',
              url: 'https://mcp.example.com/mcp',
              headers: { Authorization: 'Bearer abc123', 'X-Trace': 'on' },
              tools: ['a'],
              maxCalls: 5
            }
          ])
        )
      );
      expect(report.grade).toBe('F');
      expect(report.blockers).toEqual([
        {
          id: 'secret',
          message: 'MCP server "tracker" has a literal credential in `headers.Authorization` (****)',
          fix: expect.stringMatching(/^Write it as `\$\{\{ secrets.NAME \}\}`/),
          location: { line: expect.any(Number), column: expect.any(Number) }
        }
      ]);
      expect(JSON.stringify(report)).not.toContain('abc123');
    });

    it('reports a token the file-wide scan found only once, and passes references', () => {
      const literal = scoreLoop(...args(withConnectors([{ ...DOCS, env: { DOCS_TOKEN: 'abcdefghijklmnopqrstuvwx' } }])));
      expect(literal.blockers.map((b) => b.id)).toEqual(['secret']);
      const referenced = scoreLoop(...args(withConnectors([{ ...DOCS, env: { DOCS_TOKEN: '${{ secrets.DOCS_TOKEN }}' } }])));
      expect(referenced.blockers).toEqual([]);
    });
  });

  function args(input: LoopInput) {
    const { loop, source } = fromInput(input);
    return [loop, source, ACTION] as const;
  }
});
