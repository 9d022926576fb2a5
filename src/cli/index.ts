/** The `loopkit` command: init, validate, run, status. The same engine and loader as the action. */
import { parseArgs } from 'node:util';
import { loopJsonSchema, projectJsonSchema } from '../loop/json-schema.js';
import { init } from './init.js';
import { terminalOutput, type Output } from './output.js';
import { runLoop } from './run.js';
import { status } from './status.js';
import { validate } from './validate.js';

const HELP = `loopkit — autonomous AI loops on GitHub

Usage:
  loopkit init [--force]                      scaffold loopkit.yaml, loops/pr-review.yaml and a workflow
  loopkit validate [--min-lrs N] [--json]     check every loop file and show its Loop Readiness Score
  loopkit run <loop> [--dry-run] [--base REF] [--pr-file FILE] [--json]
                                              review the working tree against REF (default: the merge
                                              base with the default branch); --dry-run needs no API key
  loopkit run <loop> --repo OWNER/NAME --pr N|--issue N [--post] [--dry-run] [--json]
                                              run on a pull request or issue on GitHub (GITHUB_TOKEN);
                                              nothing is written unless --post is given
  loopkit status                              what local runs stored
  loopkit schema [--project]                  print the JSON Schema of a loop file (or of loopkit.yaml)

Options:
  --config FILE   project file (default loopkit.yaml)
  --cwd DIR       repository root (default: the current folder)
  -h, --help      this help
`;

export async function main(argv: string[], io: Output = terminalOutput(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        force: { type: 'boolean', default: false },
        'min-lrs': { type: 'string' },
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        base: { type: 'string' },
        'pr-file': { type: 'string' },
        repo: { type: 'string' },
        pr: { type: 'string' },
        issue: { type: 'string' },
        post: { type: 'boolean', default: false },
        config: { type: 'string', default: 'loopkit.yaml' },
        cwd: { type: 'string' },
        project: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const root = values.cwd ?? process.cwd();
  if (values.help || !command) {
    io.out(HELP);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'init':
      return init(root, { force: values.force }, io);
    case 'validate': {
      const minLrs = values['min-lrs'] === undefined ? undefined : Number(values['min-lrs']);
      if (minLrs !== undefined && (!Number.isFinite(minLrs) || minLrs < 0 || minLrs > 100)) {
        io.err('--min-lrs takes a number from 0 to 100');
        return 2;
      }
      return validate(root, { config: values.config, json: values.json, ...(minLrs !== undefined ? { minLrs } : {}) }, io);
    }
    case 'run': {
      const loop = rest[0];
      if (!loop) {
        io.err('loopkit run needs a loop name, e.g. `loopkit run pr-review --dry-run`');
        return 2;
      }
      const numbers: Record<'pr' | 'issue', number | undefined> = { pr: undefined, issue: undefined };
      for (const name of ['pr', 'issue'] as const) {
        const text = values[name];
        if (text === undefined) continue;
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0) {
          io.err(`--${name} takes a ${name === 'pr' ? 'pull request' : 'issue'} number, got "${text}"`);
          return 2;
        }
        numbers[name] = n;
      }
      if ((numbers.pr !== undefined || numbers.issue !== undefined) && !values.repo) {
        io.err('--pr and --issue name a pull request or issue on GitHub: add --repo owner/name');
        return 2;
      }
      return runLoop(
        root,
        loop,
        {
          config: values.config,
          dryRun: values['dry-run'],
          json: values.json,
          env,
          post: values.post,
          ...(values.base ? { base: values.base } : {}),
          ...(values['pr-file'] ? { prFile: values['pr-file'] } : {}),
          ...(values.repo ? { repo: values.repo } : {}),
          ...(numbers.pr !== undefined ? { pr: numbers.pr } : {}),
          ...(numbers.issue !== undefined ? { issue: numbers.issue } : {})
        },
        io
      );
    }
    case 'status':
      return status(root, io);
    case 'schema':
      io.out(JSON.stringify(values.project ? projectJsonSchema() : loopJsonSchema(), null, 2));
      return 0;
    default:
      io.err(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}
