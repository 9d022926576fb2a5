/** The `loopkit` command: init, validate, run, status, schema, eval, logs, audit. The same engine and loader as the action. */
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RetryWaits } from '../flows/adapters.js';
import { loopJsonSchema, projectJsonSchema } from '../loop/json-schema.js';
import { suggestion } from '../loop/suggest.js';
import { EXIT, EXIT_CODES_HELP } from './exit.js';
import { init } from './init.js';
import { auditCommand, logsCommand } from './logs.js';
import { terminalOutput, type Output } from './output.js';
import { findRoot, kind, version } from './root.js';
import { guardCli } from './guard.js';
import { pin } from './pin.js';
import { status } from './status.js';
import { validate } from './validate.js';

const HELP = `loopkit — autonomous AI loops on GitHub

Usage:
  loopkit init [--triage] [--release-notes] [--learn] [--eval] [--force]
                                              scaffold loopkit.yaml, loops/pr-review.yaml (with
                                              --triage loops/daily-triage.yaml, with --release-notes
                                              loops/release-notes.yaml, with --learn loops/learn.yaml
                                              and its notes file) and a workflow (with --eval
                                              also .github/workflows/loopkit-eval.yml)
  loopkit validate [--min-lrs N] [--json] [--resolved]
                                              check every loop file and show its Loop Readiness Score;
                                              --resolved prints each loop with the shared loops it
                                              extends merged in
  loopkit pin                                 write the digest of each shared loop (extends.from)
                                              into its extends.sha256
  loopkit run <loop> [--dry-run] [--base REF] [--pr-file FILE] [--format text|markdown|json] [--json]
                                              review the working tree (untracked files too) against
                                              REF (default: the merge base with the default branch);
                                              --format markdown|json prints what would be posted
                                              (nothing is); --dry-run needs no API key
  loopkit run <loop> --issue-file FILE [--dry-run] [--json]
                                              triage a saved issue (JSON: number, title, body, labels)
  loopkit run <loop> --repo OWNER/NAME --pr N|--issue N [--post] [--dry-run] [--json] [--timeout S]
                                              run on a pull request or issue on GitHub (GITHUB_TOKEN);
                                              nothing is written unless --post is given; a request
                                              GitHub leaves unanswered for S seconds (default 30)
                                              ends the run (with --timeout, model calls too)
  loopkit run <loop> [--range A..B | --event FILE [--event-name NAME]] [--dry-run] [--json]
                                              a generic loop on a local event: a push of the commits
                                              A..B (default: the branch against its base) or a saved
                                              webhook payload; prints what it would write, writes nothing
  loopkit eval --bench DIR|martian [--loop FILE]... [--json FILE] [--min-f1 X] ...
                                              measure review loops on a benchmark of golden comments
                                              (\`loopkit eval --help\` for every option)
  loopkit status                              the configuration, each loop's LRS and the recent runs
  loopkit logs --dir DIR|--repo OWNER/NAME [--json]
                                              the runs in the action's run records: loop, event,
                                              outcome, verified findings, cost, duration
  loopkit audit RECORD [--json]               one run record, call by call
  loopkit schema [--project]                  print the JSON Schema of a loop file (or of loopkit.yaml)
  loopkit help                                this help

Options:
  --config FILE   project file (default loopkit.yaml)
  --cwd DIR       where to start looking for the repository root (default: the current folder;
                  the root is the nearest folder up that holds loopkit.yaml or .git)
  -h, --help      this help
  --version       the version of loopkit

${EXIT_CODES_HELP}
`;

/** What the CLI's caller may swap: bin.ts passes nothing; tests pass shorter retry waits. */
export interface CliParts {
  retryWaits?: RetryWaits;
}

const COMMANDS = ['init', 'validate', 'run', 'eval', 'logs', 'audit', 'status', 'schema', 'pin', 'help'];

export async function main(argv: string[], io: Output = terminalOutput(), env: NodeJS.ProcessEnv = process.env, parts: CliParts = {}): Promise<number> {
  try {
    return await dispatch(argv, io, env, parts);
  } catch (error) {
    // A bug of ours or a failure of the machine (a folder that cannot be written), not a user's
    // mistake and no verdict on any code: said plainly, with the stack for the report, and exit 3.
    io.err(`loopkit: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.incomplete;
  }
}

async function dispatch(argv: string[], io: Output, env: NodeJS.ProcessEnv, parts: CliParts): Promise<number> {
  // eval has options of its own (cli/eval.ts parses them): it takes them after its name. It and
  // run are loaded when called: they bring the model SDKs, which validate, init and status never use.
  if (argv[0] === 'eval') return (await import('./eval.js')).evalCommand(argv.slice(1), guardCli(io, env), env);
  // logs and audit read run records, not the project: their options come after their names too.
  if (argv[0] === 'logs') return logsCommand(argv.slice(1), guardCli(io, env), env);
  if (argv[0] === 'audit') return auditCommand(argv.slice(1), guardCli(io, env));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        force: { type: 'boolean', default: false },
        triage: { type: 'boolean', default: false },
        'release-notes': { type: 'boolean', default: false },
        learn: { type: 'boolean', default: false },
        eval: { type: 'boolean', default: false },
        'min-lrs': { type: 'string' },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        resolved: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        base: { type: 'string' },
        'pr-file': { type: 'string' },
        'issue-file': { type: 'string' },
        repo: { type: 'string' },
        pr: { type: 'string' },
        issue: { type: 'string' },
        post: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        range: { type: 'string' },
        event: { type: 'string' },
        'event-name': { type: 'string' },
        config: { type: 'string' },
        cwd: { type: 'string' },
        project: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false }
      }
    });
  } catch (error) {
    io.err(`loopkit: ${argumentProblem((error as Error).message)} (\`loopkit help\` lists the options)`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(version());
    return 0;
  }
  if (values.help || command === 'help' || !command) {
    io.out(HELP);
    return command || values.help ? 0 : 2;
  }
  if (!COMMANDS.includes(command)) {
    const near = suggestion(command, COMMANDS);
    io.err(`loopkit: unknown command "${command}"${near ? `; did you mean \`loopkit ${near}\`?` : ''} (\`loopkit help\` lists the commands)`);
    return 2;
  }
  if (command === 'eval' || command === 'logs' || command === 'audit') {
    io.err(`loopkit: ${command} takes its options after its name: \`loopkit ${command} --help\``);
    return 2;
  }
  if (command === 'schema') {
    io.out(JSON.stringify(values.project ? projectJsonSchema() : loopJsonSchema(), null, 2));
    return 0;
  }

  const start = values.cwd ?? process.cwd();
  if (values.cwd !== undefined && (await kind(values.cwd)) !== 'dir') {
    io.err(`loopkit: --cwd ${values.cwd}: no such folder`);
    return 2;
  }
  const config = values.config ?? 'loopkit.yaml';
  const root = await findRoot(start, config);
  // Said once, so nobody wonders where `init` wrote its files or which loops `validate` read.
  if (root !== resolve(start)) io.err(io.dim(`loopkit: working in ${root}, the repository root above ${resolve(start)}`));
  if (values.config !== undefined && (await kind(isAbsolute(config) ? config : join(root, config))) !== 'file') {
    io.err(`loopkit: --config ${config}: no such file in ${root}`);
    return 2;
  }

  switch (command) {
    case 'pin':
      return pin(root, config, env, io);
    case 'init':
      return init(root, { force: values.force, triage: values.triage, releaseNotes: values['release-notes'], eval: values.eval, learn: values.learn }, io);
    case 'validate': {
      const minLrs = values['min-lrs'] === undefined ? undefined : Number(values['min-lrs']);
      if (minLrs !== undefined && (!Number.isFinite(minLrs) || minLrs < 0 || minLrs > 100)) {
        io.err('loopkit: --min-lrs takes a number from 0 to 100');
        return 2;
      }
      return validate(root, { config, json: values.json, resolved: values.resolved, env, ...(minLrs !== undefined ? { minLrs } : {}) }, io);
    }
    case 'run': {
      const { RunFormat, runLoop } = await import('./run.js');
      const loop = rest[0];
      if (!loop) {
        io.err('loopkit: run needs a loop name, e.g. `loopkit run pr-review --dry-run`');
        return 2;
      }
      const numbers: Record<'pr' | 'issue', number | undefined> = { pr: undefined, issue: undefined };
      for (const name of ['pr', 'issue'] as const) {
        const text = values[name];
        if (text === undefined) continue;
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0) {
          io.err(`loopkit: --${name} takes a ${name === 'pr' ? 'pull request' : 'issue'} number, got "${text}"`);
          return 2;
        }
        numbers[name] = n;
      }
      const format = RunFormat.safeParse(values.format ?? 'text');
      if (!format.success) {
        io.err(`loopkit: --format takes text, markdown or json, got "${values.format}"`);
        return 2;
      }
      if (format.data !== 'text' && (values.json || values.repo || values['issue-file'])) {
        io.err(`loopkit: --format ${format.data} previews what a local review would post: it cannot be combined with --json, --repo or --issue-file`);
        return 2;
      }
      const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
      if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
        io.err(`loopkit: --timeout takes a number of seconds above 0, got "${values.timeout}"`);
        return 2;
      }
      if ((numbers.pr !== undefined || numbers.issue !== undefined) && !values.repo) {
        io.err('loopkit: --pr and --issue name a pull request or issue on GitHub: add --repo owner/name');
        return 2;
      }
      return runLoop(
        root,
        loop,
        {
          config,
          dryRun: values['dry-run'],
          json: values.json,
          format: format.data,
          env,
          post: values.post,
          ...(values.base ? { base: values.base } : {}),
          ...(values['pr-file'] ? { prFile: values['pr-file'] } : {}),
          ...(values['issue-file'] ? { issueFile: values['issue-file'] } : {}),
          ...(values.repo ? { repo: values.repo } : {}),
          ...(timeout !== undefined ? { timeout } : {}),
          ...(values.range !== undefined ? { range: values.range } : {}),
          ...(values.event !== undefined ? { eventFile: values.event } : {}),
          ...(values['event-name'] !== undefined ? { eventName: values['event-name'] } : {}),
          ...(numbers.pr !== undefined ? { pr: numbers.pr } : {}),
          ...(numbers.issue !== undefined ? { issue: numbers.issue } : {}),
          ...(parts.retryWaits ? { retryWaits: parts.retryWaits } : {})
        },
        guardCli(io, env)
      );
    }
    default:
      return status(root, config, io, env);
  }
}

/** node's parseArgs messages, in one short line of LoopKit's own. */
function argumentProblem(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '(-\S+)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  const notValue = /Option '(-\S+)' does not take an argument/.exec(message);
  if (notValue) return `${notValue[1]} takes no value`;
  return message.split('. ')[0]!.replace(/\.$/, '');
}
