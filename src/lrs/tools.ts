/**
 * What the LRS judges of a loop's tools: tool connectors whose calls only LoopKit's defaults bound,
 * MCP servers whose allow-list is a wildcard, writes through MCP tools, which no output declares
 * or bounds, and credentials written into an MCP server's `env` or `headers`.
 */
import { agentsOf } from '../loop/load.js';
import { SECRET_REFERENCE, writesDeclared, type Loop } from '../loop/schema.js';
import { suggestion } from '../loop/suggest.js';
import type { Judgement, Path } from './judgement.js';
import type { Blocker, LoopSource } from './types.js';

interface Placed {
  index: number;
  /** How the report names it: `the repository connector`, `MCP server "docs"`. */
  name: string;
}

function toolConnectors(loop: Loop) {
  return (loop.connectors ?? []).flatMap((connector, index) =>
    connector.type === 'repository' || connector.type === 'mcp'
      ? [{ connector, index, name: connector.type === 'mcp' ? `MCP server "${connector.name}"` : 'the repository connector' }]
      : []
  );
}

/** Tool connectors that do not declare `maxCalls`: the run's tool calls are bounded only by the defaults. */
export function connectorsWithoutMaxCalls(loop: Loop): Placed[] {
  return toolConnectors(loop).filter(({ connector }) => connector.maxCalls === undefined);
}

export interface ToolWriteConcern {
  note: string;
  fix: string;
  at: Path;
}

/** Wildcard allow-lists and writes through tools, each with its fix; and warnings for settings that do nothing (`writes: true` in a loop that writes nothing, `agents` naming no agent). */
export function toolWriteConcerns(loop: Loop): { concerns: ToolWriteConcern[]; warnings: string[] } {
  const concerns: ToolWriteConcern[] = [];
  const warnings: string[] = [];
  // A checker named but not declared is LoopKit's built-in verifier under that name: it can be given tools too.
  const labels = [...agentsOf(loop).map((a) => a.agent.label), ...(loop.verify?.checker ?? []).flatMap((c) => (typeof c === 'string' ? [c] : []))];
  for (const { connector, index, name } of toolConnectors(loop)) {
    for (const label of connector.agents ?? []) {
      if (labels.includes(label)) continue;
      const near = suggestion(label, labels);
      warnings.push(
        `Tools: \`connectors[${index}].agents\` names "${label}", which is no agent of the loop, so ${name}'s tools go to no one by that name${near ? ` (did you mean "${near}"?)` : ''}`
      );
    }
    if (connector.type !== 'mcp') continue;
    if (connector.tools?.includes('*')) {
      concerns.push({
        note: `${name} allows every tool it lists ("*"), so what the agents may call changes with the server`,
        fix: `List the tools the agents need in \`connectors[${index}].tools\` instead of "*"`,
        at: ['connectors', index, 'tools']
      });
    }
    if (!connector.writes) continue;
    if (writesDeclared(loop.outputs)) {
      concerns.push({
        note: `it writes through the tools of ${name} too, which no output declares or bounds`,
        fix: `Remove \`writes: true\` from \`connectors[${index}]\` and let the loop write through its declared \`outputs\``,
        at: ['connectors', index, 'writes']
      });
    } else {
      warnings.push(`Tools: \`writes: true\` on ${name} does nothing: the loop's \`outputs\` write nothing, so its tools that may write are never offered`);
    }
  }
  return { concerns, warnings };
}

/** A judgement with each concern taking half of what is left, its note added, and the first concern's fix when the judgement had none. */
export function withConcerns(judgement: Judgement, concerns: readonly ToolWriteConcern[]): Judgement {
  const [first] = concerns;
  if (!first) return judgement;
  const notes = [...(judgement.note && judgement.fraction < 1 ? [judgement.note] : []), ...concerns.map((c) => c.note)];
  return {
    fraction: judgement.fraction * 0.5 ** concerns.length,
    note: notes.join('; '),
    fix: judgement.fix ?? { text: first.fix, at: first.at }
  };
}

/** A key that carries a credential: its value must be a `${{ secrets.X }}` reference. */
const CREDENTIAL_KEY = /authorization|token|secret|password|passwd|api[-_]?key|cookie|credential/i;

/**
 * Credentials written literally into an MCP server's `env` or `headers` (a header such as
 * `Authorization: Bearer abc…` escapes the file-wide secret scan, whose keys end in token or key).
 */
export function literalCredentials(loop: Loop, source: LoopSource): Blocker[] {
  return toolConnectors(loop).flatMap(({ connector, index, name }) => {
    if (connector.type !== 'mcp') return [];
    const fields = [
      ...Object.entries(connector.env ?? {}).map(([k, v]) => ['env', k, v] as const),
      ...Object.entries(connector.headers ?? {}).map(([k, v]) => ['headers', k, v] as const)
    ];
    return fields.flatMap(([field, key, value]) => {
      SECRET_REFERENCE.lastIndex = 0;
      if (!CREDENTIAL_KEY.test(key) || SECRET_REFERENCE.test(value) || value.trim() === '') return [];
      const location = source.locate(['connectors', index, field, key]);
      return [
        {
          id: 'secret',
          message: `${name} has a literal credential in \`${field}.${key}\` (****)`,
          fix: `Write it as \`\${{ secrets.NAME }}\` (e.g. "Bearer \${{ secrets.NAME }}"), pass it to the LoopKit step with \`env: NAME: \${{ secrets.NAME }}\`, and revoke the one in the git history`,
          ...(location ? { location } : {})
        }
      ];
    });
  });
}
