/**
 * The loop file and project file schemas: the single source of truth for their types, for
 * validation (with positions, see load.ts) and for the JSON Schema that editors use.
 *
 * Six primitives shape a loop: Trigger (when), Pipeline (which agents, in what order),
 * Skill (extra instructions from a SKILL.md), Connector (what context the agents read),
 * SubAgent (makers and the checker), Memory (where state lives between runs).
 */
import { z } from 'zod';
import { CronExpressionParser } from 'cron-parser';
import { canonicalLoop } from './dialect.js';
import { suggestion } from './suggest.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const Effort = z
  .enum(['low', 'medium', 'high', 'xhigh', 'max'])
  .describe('How hard the model thinks before it answers (Anthropic `output_config.effort`, OpenAI `reasoning.effort`); more effort costs more output tokens.');
export type Effort = z.infer<typeof Effort>;
export const ProviderName = z
  .enum(['anthropic', 'openai'])
  .describe('Whose API runs the model; default: told by the model name (claude-… is Anthropic, gpt-…/o… is OpenAI).');
export type ProviderName = z.infer<typeof ProviderName>;

/**
 * Webhook events a loop can listen to. Review loops run on pull requests, triage loops on issues,
 * schedules, commands and by hand; generic loops on any of them, and on push, release and
 * repository_dispatch (the original LoopKit's generic loops).
 */
export const EVENT_NAMES = [
  'pull_request',
  'pull_request_target',
  'issues',
  'issue_comment',
  'schedule',
  'workflow_dispatch',
  'push',
  'release',
  'repository_dispatch'
] as const;
export const EventName = z.enum(EVENT_NAMES);
export type EventName = z.infer<typeof EventName>;
/** Events only a generic loop runs on: they carry neither a pull request to review nor issues to triage. */
export const GENERIC_EVENTS: readonly EventName[] = ['push', 'release', 'repository_dispatch'];

/** The original LoopKit's `trigger.type`: how the loop is started. */
export const TRIGGER_TYPES = ['webhook', 'cron', 'manual', 'event'] as const;

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v): z.infer<T>[] => (Array.isArray(v) ? v : [v]));

/** GitHub's schedule syntax: exactly five fields, validated by a real cron parser. */
export const Cron = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({
      code: 'custom',
      message: `cron needs 5 fields (minute hour day-of-month month day-of-week) as GitHub's schedule uses; got ${fields.length}`,
      params: { fix: 'write it like "0 9 * * 1-5" (09:00 UTC, Monday to Friday)' }
    });
    return;
  }
  try {
    CronExpressionParser.parse(value, { tz: 'UTC' });
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `cron "${value}" does not parse: ${(error as Error).message}`,
      params: { fix: 'check each field against crontab syntax, e.g. "0 9 * * 1-5"' }
    });
  }
});

export const Trigger = z
  .strictObject({
    type: z
      .enum(TRIGGER_TYPES)
      .optional()
      .describe(
        'As in the original LoopKit: webhook (with `event`), cron (with `cron`), manual (workflow_dispatch only), event (a repository_dispatch whose event_type is `event`).'
      ),
    event: oneOrMany(z.string().min(1))
      .optional()
      .describe(`Webhook event(s) that start the loop: ${EVENT_NAMES.join(', ')}. With \`type: event\`: the repository_dispatch event_type.`),
    types: z.array(z.string().min(1)).optional().describe('Activity types of the event, e.g. opened, synchronize. Default: the usual ones for the event.'),
    cron: Cron.optional().describe('Schedule in GitHub cron syntax (UTC). The loop runs when a `schedule` event carries this exact string.'),
    manual: z.boolean().default(true).describe('Whether workflow_dispatch may run this loop by name.'),
    command: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'a command is one lower-case word, e.g. "review"')
      .optional()
      .describe('Comment command that runs the loop: `/loopkit <command>`.'),
    drafts: z.boolean().default(false).describe('Also review draft pull requests.'),
    branches: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Push events only: run when the pushed branch matches one of these globs, e.g. [main, "release/**"]. Default: every branch.'),
    description: z.string().optional().describe('When the trigger fires, in words (for people; LoopKit does not read it).')
  })
  .superRefine((t, ctx) => {
    const need = (key: 'event' | 'cron', why: string) =>
      ctx.addIssue({ code: 'custom', path: [], message: `\`type: ${t.type}\` needs \`${key}\``, params: { fix: why } });
    if (t.type === 'webhook' && t.event === undefined) need('event', 'add e.g. `event: pull_request`');
    if (t.type === 'cron' && t.cron === undefined) need('cron', 'add e.g. `cron: "0 9 * * 1-5"`');
    if (t.type === 'event' && t.event === undefined) need('event', 'name the repository_dispatch event_type, e.g. `event: deploy-finished`');
    if (t.type === undefined && t.event === undefined && t.cron === undefined && t.command === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'a trigger needs at least one of `event`, `cron`, `command` or `type`',
        params: { fix: 'add e.g. `event: pull_request` or `cron: "0 9 * * 1-5"`' }
      });
    }
    // Under `type: event` the event is a repository_dispatch event_type, which can be any word.
    if (t.type === 'event' || t.event === undefined) return;
    t.event.forEach((name, i) => {
      if ((EVENT_NAMES as readonly string[]).includes(name)) return;
      const near = suggestion(name, EVENT_NAMES);
      ctx.addIssue({
        code: 'custom',
        path: t.event!.length > 1 ? ['event', i] : ['event'],
        message: `expected one of ${EVENT_NAMES.map((e) => JSON.stringify(e)).join(', ')}, got text ${JSON.stringify(name)}`,
        params: { fix: near ? `did you mean "${near}"?` : 'for a repository_dispatch event_type, add `type: event`' }
      });
    });
  })
  .describe('When the loop runs.');
type TriggerFile = z.output<typeof Trigger>;
/** The trigger the engine sees: `type` mapped onto `event`, `cron` and `types`. */
export type Trigger = Omit<TriggerFile, 'type' | 'event'> & { event?: EventName[] };

const agentShape = {
  label: z
    .string()
    .min(1)
    .optional()
    .describe('Unique name of the agent; `verify` refers to agents by it. Without one the agent is called "Agent <n>" (its place among the loop\'s agents).'),
  prompt: z.string().min(1).describe('What this agent looks for and how.'),
  model: z.string().min(1).optional().describe('Model for this agent; default: the loop `model`.'),
  effort: Effort.optional(),
  provider: ProviderName.optional(),
  skill: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A skill whose instructions are added to the agent's: a SKILL.md (front matter `name` and `description`, then the instructions) or its folder, from the repository root, or an installed npm package, `npm:<package>[/<folder>]` (read from node_modules). Files beside the SKILL.md are read by the agent on demand (tool `read_skill_file`)."
    ),
  maxOutputTokens: z.number().int().positive().max(64000).optional()
};
export const Agent = z.strictObject(agentShape).describe('A SubAgent: one model call with its own instructions.');
/** An agent as the engine sees it: always labelled. */
export type Agent = z.output<typeof Agent> & { label: string };

const COMPARISON = /^\s*(>=|<=|==|!=|>|<)\s*(\d+)\s*$/;
export const Condition = z
  .strictObject({
    files: oneOrMany(z.string().min(1)).optional().describe('Run when a changed file matches one of these globs.'),
    label: oneOrMany(z.string().min(1)).optional().describe('Run when the pull request or issue has one of these labels.'),
    findings: z
      .string()
      .regex(COMPARISON, 'write a comparison such as ">= 1" or "== 0"')
      .optional()
      .describe('Run when the number of findings so far satisfies this comparison, e.g. ">= 1".')
  })
  .refine((c) => c.files !== undefined || c.label !== undefined || c.findings !== undefined, {
    message: '`if` needs at least one of `files`, `label` or `findings`'
  });
export type Condition = z.infer<typeof Condition>;

/** Whether `n` satisfies a comparison such as ">= 1" (the `findings` condition of a step). */
export function comparisonHolds(text: string, n: number): boolean {
  const m = COMPARISON.exec(text);
  if (!m) throw new Error(`not a comparison: ${text}`);
  const value = Number(m[2]);
  return { '>=': n >= value, '<=': n <= value, '==': n === value, '!=': n !== value, '>': n > value, '<': n < value }[m[1] as '>='];
}

/** Keys that make a pipeline step a bare agent, as the original LoopKit writes it (`- prompt: … label: …`). */
const BARE_AGENT_KEYS = Object.keys(agentShape) as (keyof typeof agentShape)[];

export const Step = z
  .strictObject({
    name: z.string().min(1).optional(),
    if: Condition.optional().describe('Run this step only when the condition holds.'),
    agent: Agent.optional().describe('A single agent.'),
    parallel: z.array(Agent).min(1).optional().describe('Agents that run at the same time.'),
    agents: z.array(Agent).min(1).optional().describe('Agents that run one after another, each seeing the previous outputs.'),
    concurrency: z.number().int().min(1).max(16).optional().describe('At most this many parallel agents at once.'),
    ...(Object.fromEntries(BARE_AGENT_KEYS.map((k) => [k, agentShape[k].optional()])) as {
      [K in keyof typeof agentShape]: z.ZodOptional<(typeof agentShape)[K]>;
    })
  })
  .superRefine((step, ctx) => {
    const bare = BARE_AGENT_KEYS.some((k) => step[k] !== undefined);
    const kinds = [
      ...(['agent', 'parallel', 'agents'] as const).filter((k) => step[k] !== undefined).map((k) => `\`${k}\``),
      ...(bare ? ['an agent written in the step (`prompt:`)'] : [])
    ];
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'a pipeline step needs one of `agent`, `parallel` or `agents`, or is an agent itself (`prompt:` and `label:`)'
            : `a pipeline step has one of \`agent\`, \`parallel\` or \`agents\` or is an agent itself, not ${kinds.join(' and ')}`,
        params: { fix: 'use `parallel:` for agents that run together and `agents:` for agents in sequence' }
      });
    } else if (bare && step.prompt === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['prompt'],
        message: 'an agent step needs a `prompt`',
        params: { fix: 'add `prompt:` with what the agent looks for' }
      });
    }
  });
/** A step as the engine sees it: a bare agent is moved under `agent`. */
export interface Step {
  name?: string;
  if?: Condition;
  agent?: Agent;
  parallel?: Agent[];
  agents?: Agent[];
  concurrency?: number;
}

const CheckerRef = z.union([z.string().min(1), Agent]);
export const Verify = z
  .strictObject({
    maker: oneOrMany(z.string().min(1)).optional().describe('Labels of the maker agents; default: every pipeline agent.'),
    checker: z
      .union([CheckerRef, z.array(CheckerRef).min(1)])
      .describe(
        "The adversarial checker: the label of an agent, an agent written here, or a name no agent has (LoopKit's built-in verifier under that name). A list: several checkers; a finding is confirmed only when every checker confirms it, refuted when any refutes it, else uncertain."
      ),
    maxRounds: z.number().int().min(1).max(10).default(3).describe('Maker/checker rounds at most.'),
    autoRetry: z.boolean().default(true).describe("Rerun the makers with the checker's objections when a round does not pass."),
    passThreshold: z.number().min(0).max(1).default(0.7).describe('A round passes when this share of findings (0–1) is confirmed by the checker.'),
    minConfidence: z.number().min(0).max(1).default(0.5).describe('Confirmed findings below this confidence count as uncertain.')
  })
  .describe('Maker/checker verification.');
/** Verification as the engine sees it: the checkers as a list, each a label or an agent. */
export type Verify = Omit<z.output<typeof Verify>, 'checker'> & { checker: (string | Agent)[] };

export const Budget = z
  .strictObject({
    maxTokens: z.number().int().positive().optional().describe('Tokens (input + output, all calls) at most.'),
    maxCostUsd: z.number().positive().optional().describe('Dollars at most, priced per model.'),
    maxDurationMinutes: z.number().positive().optional().describe('Wall time at most.'),
    maxIterations: z.number().int().positive().optional().describe('Model calls at most.')
  })
  .describe('Hard limits; a run that reaches one stops and reports partial results.');
export type Budget = z.infer<typeof Budget>;

export const MEMORY_STORES = ['cache', 'filesystem', 'memory'] as const;
export const Memory = z
  .strictObject({
    store: z
      .enum([...MEMORY_STORES, 'claude'])
      .optional()
      .describe(
        'cache: the Actions cache; filesystem: a folder (the default, as in the original LoopKit); memory: none kept; claude: the default store of where the loop runs, with `learn: true` (notes of what maintainers taught the loop, given to its agents).'
      ),
    path: z.string().min(1).optional().describe('Folder of the filesystem store, from the repository root (default .loopkit/state).'),
    persistence: z
      .enum(['full', 'summary', 'minimal'])
      .optional()
      .describe(
        'How much state keeps: full (also a history of runs, their findings, verdicts and spend, shown by `loopkit status`), summary (the default: what the runs need, with claims, rounds and spend) or minimal (the last head and the posted fingerprints only).'
      ),
    learn: z
      .boolean()
      .optional()
      .describe(
        'Keep notes of what maintainers taught the loop (`/loopkit ignore` and its reason, findings the checker refuted, labels a maintainer removed after triage) and give them to its agents on later runs. Default: true with `store: claude`, else false.'
      ),
    notesFile: z
      .string()
      .min(1)
      .refine((path) => !path.startsWith('/') && !path.split(/[\\/]/).includes('..'), {
        message: 'the notes file must be inside the repository',
        params: { fix: 'give a path from the repository root, e.g. .loopkit/notes/pr-review.md' }
      })
      .optional()
      .describe(
        'A file of notes people edit, from the repository root (e.g. .loopkit/notes/pr-review.md): each "- " line is a note the agents read, merged with the learned ones. LoopKit never writes it; the job summary shows the lines to add.'
      )
  })
  .describe('Where state (what was reviewed and posted, spend) lives between runs.');
/** Memory as the engine sees it: a store always named (`claude` is the action's default store, the cache, learning unless told not to). */
export type Memory = Omit<z.output<typeof Memory>, 'store'> & { store: (typeof MEMORY_STORES)[number] };

/** Caps every tool connector shares: a tool connector is never unbounded, these only tighten or loosen the bounds. */
const toolCaps = {
  maxCalls: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe("Calls of this connector's tools in the whole run, all agents together, at most. Default: 60 (repository), 30 (mcp)."),
  maxCallsPerAgent: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe("Calls of this connector's tools by one agent call at most. Default: 12 (repository), 6 (mcp)."),
  maxResultBytes: z.number().int().min(256).max(200_000).default(16_000).describe('A tool result longer than this is cut (and the model told so).'),
  agents: z.array(z.string().min(1)).min(1).optional().describe('Labels of the agents (makers or checkers) that get these tools; default: every agent.')
};

export const REPOSITORY_TOOLS = ['read_file', 'list_dir', 'search_code'] as const;
export const RepositoryConnector = z
  .strictObject({
    type: z.literal('repository'),
    tools: z
      .array(z.enum(REPOSITORY_TOOLS))
      .min(1)
      .optional()
      .describe(
        'Which repository tools the agents get; default all: read_file (a file at the head or base commit), list_dir, search_code. All are read-only and confined to the repository.'
      ),
    timeoutSeconds: z.number().positive().max(300).default(20).describe('One tool call at most; longer is an error the model reads.'),
    ...toolCaps
  })
  .describe("Repository tools: the agents read files, list folders and search the code of the pull request's head or base commit.");

/** `${{ secrets.NAME }}`: how a secret is written in a loop file; the workflow passes it to the step's environment. */
export const SECRET_REFERENCE = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const SECRET_FIX =
  'write the value as `${{ secrets.NAME }}` (it may be part of the text, e.g. "Bearer ${{ secrets.NAME }}") and pass it to the LoopKit step with `env: NAME: ${{ secrets.NAME }}`';

/** A value of `env` or `headers`: plain text, or text with `${{ secrets.X }}` in it; any other `${{ … }}` is refused. */
const SecretAwareValue = z.string().superRefine((value, ctx) => {
  const rest = value.replace(SECRET_REFERENCE, '');
  if (rest.includes('${{')) {
    ctx.addIssue({
      code: 'custom',
      message: `only \`\${{ secrets.NAME }}\` expressions are resolved here, not ${JSON.stringify(value)}`,
      params: { fix: SECRET_FIX }
    });
  }
});

const MCP_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,31}$/;
export const McpConnector = z
  .strictObject({
    type: z.literal('mcp'),
    name: z
      .string()
      .regex(MCP_NAME, 'an MCP server name is 1–32 letters, digits, "-" or "_", e.g. "docs"')
      .describe('What the server is called in the log and the job summary; tools are offered to the model as <name>__<tool>.'),
    command: z.string().min(1).optional().describe('A server started over stdio: the program, e.g. "npx".'),
    args: z.array(z.string()).default([]).describe('Its arguments, e.g. ["-y", "@acme/mcp-server@1.2.3"] (pin the version).'),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), SecretAwareValue)
      .optional()
      .describe("Environment of the stdio server (besides PATH, HOME and the like); secrets as `${{ secrets.NAME }}`, passed to the step's `env:`."),
    url: z
      .url({ protocol: /^https?$/, error: 'an MCP server url is http(s)://…' })
      .optional()
      .describe('A server reached over streamable HTTP.'),
    headers: z.record(z.string().min(1), SecretAwareValue).optional().describe('HTTP headers, e.g. Authorization: "Bearer ${{ secrets.DOCS_TOKEN }}".'),
    tools: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Required allow-list: the server\'s tools the agents may call ("*" allows every tool the server lists, which the LRS marks down). Tools not annotated read-only are offered only with `writes: true` to a loop whose outputs write.'
      ),
    writes: z
      .boolean()
      .default(false)
      .describe(
        "Offer the allowed tools that are not annotated read-only (they may change things outside the run) when the loop's `outputs` write; off: only read-only tools."
      ),
    required: z
      .boolean()
      .default(false)
      .describe('When the server fails to start or list its tools, the run goes on without it; with `required: true` it is reported partial.'),
    connectTimeoutSeconds: z.number().positive().max(300).default(30).describe('Starting the server and listing its tools at most.'),
    callTimeoutSeconds: z.number().positive().max(600).default(60).describe('One tool call at most.'),
    ...toolCaps
  })
  .superRefine((c, ctx) => {
    const issue = (path: string[], message: string, fix: string) => ctx.addIssue({ code: 'custom', path, message, params: { fix } });
    if ((c.command === undefined) === (c.url === undefined)) {
      issue(
        [],
        'an MCP connector needs exactly one of `command` (a stdio server) or `url` (streamable HTTP)',
        'add e.g. `command: npx` with `args: ["-y", "@acme/mcp-server@1.2.3"]`, or `url: https://mcp.example.com/mcp`'
      );
    }
    if (c.env !== undefined && c.command === undefined)
      issue(['env'], '`env` is for a stdio server (`command`)', 'for an HTTP server pass secrets in `headers`');
    if (c.headers !== undefined && c.url === undefined)
      issue(['headers'], '`headers` are for an HTTP server (`url`)', 'for a stdio server pass secrets in `env`');
    if (c.tools === undefined) {
      issue(
        ['tools'],
        `MCP server "${c.name}" needs a \`tools:\` allow-list: LoopKit offers the agents only the tools named there`,
        'add `tools: [search_docs]` with the server\'s read-only tools the agents need ("*" allows all, which the LRS marks down)'
      );
    }
    [c.command ?? '', ...c.args, c.url ?? ''].forEach((text) => {
      if (text.includes('${{'))
        issue(
          [],
          `a secret in \`command\`, \`args\` or \`url\` would show in the log and the process list: ${JSON.stringify(text)}`,
          `pass it in \`${c.url === undefined ? 'env' : 'headers'}\` instead`
        );
    });
  })
  .describe('An MCP server whose allowed tools the agents may call, through the official MCP SDK client.');
/** An MCP connector as validated: the allow-list is always there. */
export type McpConnector = z.output<typeof McpConnector> & { tools: string[] };
export type RepositoryConnector = z.output<typeof RepositoryConnector>;

export const Connector = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('github-pull-request'),
    surroundingLines: z.number().int().min(0).max(200).default(20).describe('Lines of code around each hunk.'),
    maxFiles: z.number().int().min(1).max(3000).default(3000)
  }),
  z.strictObject({
    type: z.literal('github-issues'),
    lookbackDays: z.number().int().min(1).max(90).default(7).describe('How far back the first triage looks.'),
    includeComments: z.boolean().default(true)
  }),
  z.strictObject({
    type: z.literal('repo-files'),
    paths: z.array(z.string().min(1)).min(1).describe("Files added to every agent's context, e.g. CONTRIBUTING.md.")
  }),
  z
    .strictObject({
      type: z.literal('github-feedback'),
      lookbackDays: z
        .number()
        .int()
        .min(1)
        .max(90)
        .default(14)
        .describe(
          "The longest window: pull requests closed (merged or not) since the learning loop's last run (its lessons pull request records it), and at most in this many days, are read; lessons already in the notes file are not proposed again."
        ),
      maxPullRequests: z.number().int().min(1).max(200).default(50).describe('Closed pull requests read at most, the most recently closed first.')
    })
    .describe(
      "What maintainers said about LoopKit's work on closed pull requests, read-only: findings they dismissed (with their reason), marked fixed or reopened, and labels they removed that LoopKit had added. Only people with write access count; no pull request or issue text is read."
    ),
  RepositoryConnector,
  McpConnector
]);
export type Connector = z.infer<typeof Connector>;

export const Escalation = z
  .strictObject({
    label: z.string().min(1).optional().describe('Label added when verification still fails after the last round.'),
    reviewers: z.array(z.string().min(1)).optional().describe('Users asked to review when verification still fails.'),
    comment: z.boolean().default(true).describe('Say in the summary that a human is needed.')
  })
  .describe('What happens when the checker still rejects the work after the last round.');

export const OnError = z
  .strictObject({
    provider: z.enum(['neutral', 'fail']).default('neutral').describe('Review check conclusion when the model provider fails (never success).'),
    budget: z.enum(['partial', 'fail']).default('partial').describe('Report partial results, or fail, when a budget runs out.')
  })
  .describe('Failure recovery.');

export const Outputs = z
  .strictObject({
    review: z
      .strictObject({ maxComments: z.number().int().min(0).max(100).default(20) })
      .optional()
      .describe('Post a pull request review (COMMENT only, never approve).'),
    labels: z
      .strictObject({
        allowed: z.array(z.string().min(1)).min(1),
        max: z.number().int().min(1).max(10).default(3),
        create: z.boolean().default(false)
      })
      .optional(),
    comment: z
      .strictObject({ max: z.number().int().min(0).max(1).default(1) })
      .optional()
      .describe('Comment on the issue or pull request the event is about (one comment, edited in place on later runs).'),
    issue: z
      .strictObject({
        max: z.number().int().min(1).max(5).default(1).describe('Most issues one run may open.'),
        labels: z.array(z.string().min(1)).default([]).describe('Labels every opened issue gets.'),
        titlePrefix: z.string().min(1).max(40).optional().describe('Put before every opened issue\'s title, e.g. "[audit] ".')
      })
      .optional()
      .describe('Open new issues (generic loops).'),
    check: z
      .strictObject({
        name: z.string().min(1).max(100).optional().describe('Check run name; default "LoopKit · <loop name>".'),
        failOn: Severity.optional().describe("Fail the check when a verified finding is at least this severe; default: the loop's failOn, else high.")
      })
      .optional()
      .describe("A check run on the event's commit, its conclusion from a gate over the verified findings (generic loops)."),
    release: z
      .strictObject({ mode: z.enum(['append']).default('append').describe('Append to the release body; LoopKit never rewrites what people wrote.') })
      .optional()
      .describe('Write into the body of the release the event is about (generic loops on release events).'),
    notes: z
      .strictObject({
        max: z.number().int().min(1).max(20).default(10).describe('Lessons one run may add at most.'),
        branch: z
          .string()
          .regex(/^[A-Za-z0-9._/-]+$/, 'a branch name of letters, digits, ".", "_", "-" and "/"')
          .optional()
          .describe('The branch the lessons are committed on; default "loopkit/lessons-<loop name>".')
      })
      .optional()
      .describe(
        'Propose the verified lessons as one pull request that edits `memory.notesFile` (one note per "- " line, each with its source link); while it is open, later runs update it instead of opening another (generic loops).'
      ),
    close: z.literal(false).default(false).describe('Loops never close issues.')
  })
  .describe('What the loop may write. Absent: read-only.');
export type Outputs = z.infer<typeof Outputs>;

export const TASKS = ['review', 'triage', 'generic'] as const;
/** review: a pull request review; triage: issues labelled and answered; generic: any other loop, writing only what its `outputs` declare. */
export const Task = z.enum(TASKS);
export type Task = z.infer<typeof Task>;

/** Outputs only a generic loop writes. */
export const GENERIC_OUTPUTS = ['issue', 'check', 'release', 'notes'] as const;

/** Whether the outputs write anything besides the job summary: what MCP tools that may write need (with the connector's `writes: true`). */
export function writesDeclared(outputs: Outputs | undefined): boolean {
  return Boolean(outputs && (outputs.review || outputs.labels || outputs.comment || outputs.issue || outputs.check || outputs.release || outputs.notes));
}

export const PathFilters = z.strictObject({
  include: z.array(z.string().min(1)).optional().describe('Globs of files to review; default all.'),
  exclude: z.array(z.string().min(1)).optional().describe('Globs of files never to review.')
});

export const LOOP_KEYS = [
  'name',
  'description',
  'task',
  'trigger',
  'model',
  'paths',
  'connectors',
  'pipeline',
  'agents',
  'verify',
  'budget',
  'memory',
  'failOn',
  'onError',
  'escalation',
  'outputs',
  'tags'
] as const;

const loopShape = {
  name: z
    .string()
    .trim()
    .min(1, 'a loop needs a name')
    .max(100)
    .describe('Loop name, used by the `loop` input and the CLI. Any text; keys, cache keys and file names use its slug (e.g. "PR Review" → pr-review).'),
  description: z.string().min(1).optional().describe('The goal, in a sentence people can check.'),
  task: Task.optional().describe(
    "What the loop does; default: review for pull request triggers; generic for a loop that declares `outputs.issue`, `check` or `release`; triage for issues triggers or a loop that reads issues (github-issues); generic for push, release and repository_dispatch triggers; triage otherwise (the original LoopKit's cron loops triage issues)."
  ),
  trigger: Trigger,
  model: z.string().min(1).optional().describe("Default model of the loop's agents."),
  effort: Effort.optional(),
  provider: ProviderName.optional(),
  paths: PathFilters.optional(),
  connectors: z.array(Connector).optional(),
  pipeline: z.array(Step).min(1, 'the pipeline is empty: add at least one step').describe('The maker steps, in order.'),
  agents: z.array(Agent).optional().describe('SubAgents that are not pipeline steps, e.g. the checker.'),
  verify: Verify.optional(),
  budget: Budget.optional(),
  memory: Memory.optional(),
  failOn: Severity.optional().describe('The review check fails when a verified finding is at least this severe.'),
  onError: OnError.optional(),
  escalation: Escalation.optional(),
  outputs: Outputs.optional(),
  tags: z.array(z.string().min(1)).optional()
};

/** The digest a shared loop is pinned by: what `loopkit pin` writes. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export const Extends = z
  .strictObject({
    from: z
      .string()
      .min(1)
      .describe(
        'The shared file: npm:<package>/<path> (read from the installed package in node_modules) or github:<owner>/<repo>/<path>@<ref> (read through the GitHub API at the ref).'
      ),
    sha256: z
      .string()
      .regex(SHA256_HEX, "sha256 is the 64 lower-case hex digits of the file's SHA-256 digest")
      .describe("The SHA-256 digest (hex) of the shared file's bytes; checked before anything runs. `loopkit pin` writes it.")
  })
  .describe(
    'Start from a shared file and override what this file writes: mappings merge key by key (deeply), a list or a scalar written here replaces the shared one. Followed at most 5 deep.'
  );
export type Extends = z.infer<typeof Extends>;

/** A loop as written, in LoopKit's keys or the original LoopKit's. */
export const LoopFile = z.strictObject(loopShape).describe('A LoopKit loop file (loops/*.yaml).');
export type LoopFile = z.output<typeof LoopFile>;
/** A loop as the engine sees it: the original dialect mapped onto one shape (see dialect.ts). */
export type Loop = Omit<LoopFile, 'trigger' | 'pipeline' | 'agents' | 'verify' | 'memory'> & {
  trigger: Trigger;
  pipeline: Step[];
  agents?: Agent[];
  verify?: Verify;
  memory?: Memory;
};
export const Loop = LoopFile.transform((file): Loop => canonicalLoop(file));
export type LoopInput = z.input<typeof Loop>;

/** An inline loop under `loops:` written as a map: its key is its name unless it says otherwise. */
export const NamedLoop = z
  .strictObject({ ...loopShape, name: loopShape.name.optional() })
  .describe('A loop; its key in `loops:` is its name when it has no `name`.');

export const ProjectConfig = z
  .strictObject({
    version: z.literal('1', { error: 'version must be the string "1"' }).default('1'),
    extends: Extends.optional(),
    settings: z
      .strictObject({
        defaultModel: z.string().min(1).optional(),
        defaultBudget: Budget.optional(),
        defaultMemory: Memory.optional(),
        enforceMakerChecker: z.boolean().default(true).describe('Reject loops whose checker is also a maker.'),
        loopsDir: z.string().min(1).default('loops')
      })
      .optional(),
    loops: z
      .union([z.array(LoopFile), z.record(z.string(), NamedLoop)])
      .optional()
      .describe("Loops written inline: a list, or a map of name → loop (the original LoopKit's `loops: {}`).")
  })
  .describe('LoopKit project file (loopkit.yaml).');
export type ProjectConfig = z.infer<typeof ProjectConfig>;

/**
 * What a loop does: as declared; else review for pull request triggers; generic for a loop that
 * declares a write only generic loops make (an issue, a check, a release body); triage for issues
 * triggers or a loop that reads issues (github-issues); generic for push, release and
 * repository_dispatch triggers; else triage, as the original LoopKit's cron loops (a bare agent
 * reading the new issues, no connector) are.
 */
export function taskOf(loop: Loop): Task {
  if (loop.task) return loop.task;
  const events = loop.trigger.event ?? [];
  if (events.some((e) => e === 'pull_request' || e === 'pull_request_target')) return 'review';
  // A triage cannot open issues, run a check or write a release: a loop that declares one is generic.
  if (GENERIC_OUTPUTS.some((k) => loop.outputs?.[k] !== undefined)) return 'generic';
  if (events.includes('issues') || loop.connectors?.some((c) => c.type === 'github-issues')) return 'triage';
  if (events.some((e) => GENERIC_EVENTS.includes(e))) return 'generic';
  return 'triage';
}
