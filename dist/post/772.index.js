export const id = 772;
export const ids = [772];
export const modules = {

/***/ 9316:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pO: () => (/* reexport */ Redactor)
});

// UNUSED EXPORTS: REDACTED, SECRET_VARIABLES, fence, fenceOnce, redactorFromEnv

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/guard/redact.ts
/**
 * The run's secrets and the one place they are taken out of text. Everything LoopKit sends out of
 * its process (to GitHub, to a model, to the job summary, the outputs, the log and the state it
 * saves) goes through a Redactor that knows every secret of the run: the GitHub token, the model
 * keys, the `ACTIONS_*` tokens of the runner and each connector secret resolved from
 * `${{ secrets.X }}`. A tool (an MCP server runs with the runner's rights and can read its
 * environment) or a model can quote any of them; the runner's masking covers only its log.
 */

/** What a secret is replaced with: what the runner's masking prints too. */
const REDACTED = '***';
/**
 * Shorter values are not taken out: a secret this short is no secret, and taking out every copy of
 * a common word would garble the text around it.
 */
const MIN_SECRET_CHARS = 8;
/** The runner's own tokens: `ACTIONS_RUNTIME_TOKEN` (cache, artifacts) and the OIDC request token. */
const RUNNER_SECRET_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
/**
 * Every variable that holds a secret wherever LoopKit runs: the GitHub token and the model keys as
 * the CLI reads them and as the runner hands the action's inputs over (`INPUT_<NAME>`), and the
 * runner's own tokens.
 */
const SECRET_VARIABLES = [
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'INPUT_GITHUB-TOKEN',
    'ANTHROPIC_API_KEY',
    'INPUT_ANTHROPIC-API-KEY',
    'OPENAI_API_KEY',
    'INPUT_OPENAI-API-KEY',
    ...RUNNER_SECRET_VARIABLES
];
/** OpenTelemetry exporter headers (`key=value,…`, values URL-encoded): each value is a credential as far as LoopKit knows. */
const OTEL_HEADER_VARIABLES = (/* unused pure expression or super */ null && ([
    'OTEL_EXPORTER_OTLP_HEADERS',
    'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
    'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
    'OTEL_EXPORTER_OTLP_LOGS_HEADERS'
]));
/**
 * The one way the action and the CLI build their Redactor: every secret `env` holds (the tokens,
 * the model keys, the runner's tokens, the OpenTelemetry headers' values) and those named in
 * `sources`. What either prints, writes, posts or sends to a model is then redacted the same way.
 */
function redactorFromEnv(env, sources = {}) {
    const redactor = new Redactor(sources.warn);
    for (const name of [...SECRET_VARIABLES, ...(sources.variables ?? [])])
        redactor.add(env[name]);
    for (const name of OTEL_HEADER_VARIABLES)
        for (const value of headerValues(env[name]))
            redactor.add(value);
    for (const value of sources.values ?? [])
        redactor.add(value);
    return redactor;
}
/**
 * The values of an OTLP headers variable as they are and decoded, and the credential after a scheme
 * (`Bearer x`, `Basic x`), which may be quoted alone.
 */
function headerValues(headers) {
    return (headers ?? '')
        .split(',')
        .flatMap((pair) => {
        const at = pair.indexOf('=');
        if (at < 0)
            return [];
        const value = pair.slice(at + 1).trim();
        let decoded = value;
        try {
            decoded = decodeURIComponent(value);
        }
        catch {
            // Not URL-encoded after all: the value as written is the secret.
        }
        return [value, decoded, decoded.split(/\s+/).at(-1)];
    })
        .filter((value) => value !== undefined);
}
class Redactor {
    warn;
    /** Every form a secret may take in text, longest first when used. */
    #forms = new Set();
    #sorted = [];
    #warned = new Set();
    /** `warn` hears, once per place, that a secret was taken out of what was about to leave there. */
    constructor(warn = () => { }) {
        this.warn = warn;
    }
    /** Adds a secret of the run (a value too short to be one is ignored). */
    add(secret) {
        if (secret === undefined || secret.length < MIN_SECRET_CHARS || this.#forms.has(secret))
            return;
        for (const form of encodings(secret))
            if (form.length >= MIN_SECRET_CHARS)
                this.#forms.add(form);
        this.#sorted = [...this.#forms].sort((a, b) => b.length - a.length);
    }
    /** Whether the text holds a secret, in any of its forms. */
    holds(text) {
        return this.#sorted.some((form) => text.includes(form));
    }
    /**
     * The text with every secret, in any of its forms, replaced by `***`. `where` names what the
     * text is for (a request to GitHub, a prompt); a secret found there is warned about once.
     */
    redact(text, where) {
        if (!this.holds(text))
            return text;
        const out = this.#sorted.reduce((acc, form) => acc.split(form).join(REDACTED), text);
        if (where !== undefined && !this.#warned.has(where)) {
            this.#warned.add(where);
            this.warn(`A secret of the run was in ${where}; it was replaced by ${REDACTED} before it left LoopKit.`);
        }
        return out;
    }
    /** Every string inside a JSON-like value redacted (objects and arrays rebuilt only where something changed). */
    redactValue(value, where) {
        if (typeof value === 'string')
            return this.redact(value, where);
        if (Array.isArray(value)) {
            const items = value.map((item) => this.redactValue(item, where));
            return (items.some((item, i) => item !== value[i]) ? items : value);
        }
        if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
            const entries = Object.entries(value);
            const redacted = entries.map(([key, item]) => [key, this.redactValue(item, where)]);
            return (redacted.some(([, item], i) => item !== entries[i][1]) ? Object.fromEntries(redacted) : value);
        }
        return value;
    }
}
/**
 * The forms a secret commonly takes in text: as is, URL-encoded, JSON-escaped, and base64 (and
 * base64url) at each of the three alignments it can have inside a longer encoded text (a
 * `user:token` Basic credential, a token inside an encoded JSON document), cut to the characters
 * that come from the secret's bytes alone.
 */
function encodings(secret) {
    const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
    const bytes = external_node_buffer_.Buffer.from(secret, 'utf8');
    for (let offset = 0; offset < 3; offset++) {
        const encoded = external_node_buffer_.Buffer.concat([external_node_buffer_.Buffer.alloc(offset), bytes]).toString('base64');
        // Characters 6 bits each: skip those holding bits of the padding before, stop before those holding bits after.
        const start = Math.ceil((offset * 8) / 6);
        const end = Math.floor(((offset + bytes.length) * 8) / 6);
        const core = encoded.slice(start, end);
        forms.add(core);
        forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    return [...forms];
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/guard/fence.ts
/**
 * The fence around text the loop did not write (pull request data, issues, tool results and
 * descriptions, earlier agents' words): the rules of every prompt say that what is inside an
 * `<untrusted-data>` block is data, never instructions. Any copy of a fence tag inside the text is
 * neutralised, so the text cannot close its fence and speak as the loop.
 */

/**
 * A fence tag as a model may still read one: any case, spaces, invisible characters or `_` inside
 * it, and with or without its `>` (a tag cut at the end of a line reads as closed).
 */
const FENCE_TAG = /<[\s\p{Cf}/]*untrusted[\s\p{Cf}_-]*data/giu;
/**
 * `text` fenced, labelled `label`. The id is derived from the text, so a prompt's cached prefix is
 * the same bytes on every call; `fenceOnce` gives each fence a random one.
 */
function fence(label, text) {
    return fenced(label, text, createHash('sha256').update(text).digest('hex').slice(0, 12));
}
/** `text` fenced with a random id: for text sent once (a tool's result), whose author cannot learn the id in advance. */
function fenceOnce(label, text) {
    return fenced(label, text, randomBytes(6).toString('hex'));
}
function fenced(label, text, id) {
    const safe = text.replace(FENCE_TAG, (m) => `&lt;${m.slice(1)}`);
    return `<untrusted-data source="${attribute(label)}" id="${id}">\n${safe}\n</untrusted-data id="${id}">`;
}
/** A label inside the fence's opening tag: one line, and nothing in it can end the value or the tag. */
function attribute(label) {
    return label
        .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
        .trim()
        .replace(/&/g, '&amp;')
        .replace(/"/g, '&quot;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./src/guard/index.ts




/***/ }),

/***/ 1814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AI: () => (/* binding */ Severity)
});

// UNUSED EXPORTS: Agent, Budget, Condition, Connector, Cron, EVENT_NAMES, Effort, Escalation, EventName, Extends, GENERIC_EVENTS, GENERIC_OUTPUTS, LOOP_KEYS, Loop, LoopFile, MEMORY_STORES, McpConnector, Memory, NamedLoop, OnError, Outputs, PathFilters, ProjectConfig, ProviderName, REPOSITORY_TOOLS, RepositoryConnector, SECRET_REFERENCE, SEVERITIES, SHA256_HEX, Step, TASKS, TRIGGER_TYPES, Task, Trigger, Verify, comparisonHolds, taskOf, writesDeclared

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
// EXTERNAL MODULE: ./node_modules/cron-parser/dist/index.js
var dist = __webpack_require__(8628);
// EXTERNAL MODULE: ./node_modules/fastest-levenshtein/mod.js
var mod = __webpack_require__(1916);
;// CONCATENATED MODULE: ./src/loop/suggest.ts
/** "Did you mean" for keys, enum values and agent labels: the closest option, when it is close enough to be a typo. */

function suggestion(word, options) {
    if (options.length === 0)
        return undefined;
    const best = (0,mod/* closest */.kp)(word, options);
    return (0,mod/* distance */.Io)(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

;// CONCATENATED MODULE: ./src/loop/dialect.ts

/** The checker LoopKit provides when `verify.checker` names an agent the loop does not declare. */
const BUILT_IN_VERIFIER_PROMPT = `You are an adversarial verifier, independent of the agents whose work you check. Assume each finding or proposal is a false positive until the evidence proves otherwise, and try to refute it: read the code or the issue it rests on, look for the guard, the caller, the test, the earlier discussion or the configuration that makes it harmless or wrong, and check every claim against the actual text. Confirm only what the evidence proves, citing it; refute what it disproves, citing that; say uncertain when you cannot tell. Lower the severity of what is real but overstated.`;
function isBuiltInVerifier(agent) {
    return agent.prompt === BUILT_IN_VERIFIER_PROMPT;
}
function canonicalLoop(file) {
    let unnamed = 0;
    const labelled = (agent) => ({ ...agent, label: agent.label ?? `Agent ${++unnamed}` });
    const pipeline = file.pipeline.map((step) => canonicalStep(step, labelled));
    const agents = file.agents?.map(labelled);
    const { type, event, ...trigger } = file.trigger;
    const { trigger: _trigger, pipeline: _pipeline, agents: _agents, verify, memory, ...rest } = file;
    const loop = {
        ...rest,
        name: slugOf(file.name),
        trigger: { ...trigger, ...canonicalEvents(type, event, trigger.types) },
        pipeline,
        ...(agents ? { agents } : {}),
        ...(memory ? { memory: canonicalMemory(memory) } : {})
    };
    if (!verify)
        return loop;
    const written = Array.isArray(verify.checker) ? verify.checker : [verify.checker];
    const checker = written.map((c) => (typeof c === 'string' ? c : labelled(c)));
    loop.verify = { ...verify, checker };
    const makers = pipeline.flatMap(stepAgents).map((a) => a.label);
    // A near-miss is a typo only of an agent that could check: a checker is never one of the loop's makers,
    // so "Digest Verifier" beside the maker "Digest Writer" is the built-in verifier, as the original format allows.
    const checking = [...(agents ?? []), ...checker.filter((c) => typeof c !== 'string')].map((a) => a.label);
    const builtIn = checker.filter((c) => typeof c === 'string' && !makers.includes(c) && !checking.includes(c) && suggestion(c, checking) === undefined);
    if (builtIn.length > 0)
        loop.agents = [...(agents ?? []), ...[...new Set(builtIn)].map((label) => ({ label, prompt: BUILT_IN_VERIFIER_PROMPT }))];
    return loop;
}
function canonicalStep(step, labelled) {
    const { label, prompt, model, skill, maxOutputTokens, agent, parallel, agents, ...rest } = step;
    const out = { ...rest };
    if (prompt !== undefined) {
        out.agent = labelled({
            prompt,
            ...(label ? { label } : {}),
            ...(model ? { model } : {}),
            ...(skill ? { skill } : {}),
            ...(maxOutputTokens ? { maxOutputTokens } : {})
        });
    }
    if (agent)
        out.agent = labelled(agent);
    if (parallel)
        out.parallel = parallel.map(labelled);
    if (agents)
        out.agents = agents.map(labelled);
    return out;
}
function stepAgents(step) {
    return [...(step.agent ? [step.agent] : []), ...(step.parallel ?? []), ...(step.agents ?? [])];
}
function canonicalEvents(type, event, types) {
    switch (type) {
        case 'manual':
            return { event: ['workflow_dispatch'] };
        case 'event':
            // GitHub's `on.repository_dispatch.types` are exactly the event_types a dispatch may carry.
            return { event: ['repository_dispatch'], types: [...new Set([...(types ?? []), ...(event ?? [])])] };
        default:
            // The schema has checked every name (outside `type: event`) against EVENT_NAMES.
            return event ? { event: event } : {};
    }
}
function canonicalMemory(memory) {
    const { store, ...rest } = memory;
    if (store === 'claude')
        return { ...rest, store: 'cache', learn: rest.learn ?? true };
    return { ...rest, store: store ?? 'filesystem' };
}
/** Lower-case words joined by "-", accents dropped; a name without any such word gets a short hash. */
function slugOf(name) {
    const slug = name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 64)
        .replace(/-+$/, '');
    if (slug !== '')
        return slug;
    // FNV-1a: stable across runs and machines, enough to tell a few loops apart.
    let hash = 0x811c9dc5;
    for (const ch of name)
        hash = Math.imul(hash ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return `loop-${hash.toString(16).padStart(8, '0')}`;
}

;// CONCATENATED MODULE: ./src/loop/schema.ts
/**
 * The loop file and project file schemas: the single source of truth for their types, for
 * validation (with positions, see load.ts) and for the JSON Schema that editors use.
 *
 * Six primitives shape a loop: Trigger (when), Pipeline (which agents, in what order),
 * Skill (extra instructions from a SKILL.md), Connector (what context the agents read),
 * SubAgent (makers and the checker), Memory (where state lives between runs).
 */




const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const Severity = schemas/* enum */.k5n(SEVERITIES);
const Effort = schemas/* enum */.k5n(['low', 'medium', 'high', 'xhigh', 'max'])
    .describe('How hard the model thinks before it answers (Anthropic `output_config.effort`, OpenAI `reasoning.effort`); more effort costs more output tokens.');
const ProviderName = schemas/* enum */.k5n(['anthropic', 'openai'])
    .describe('Whose API runs the model; default: told by the model name (claude-… is Anthropic, gpt-…/o… is OpenAI).');
/**
 * Webhook events a loop can listen to. Review loops run on pull requests, triage loops on issues,
 * schedules, commands and by hand; generic loops on any of them, and on push, release and
 * repository_dispatch (the original LoopKit's generic loops).
 */
const EVENT_NAMES = [
    'pull_request',
    'pull_request_target',
    'issues',
    'issue_comment',
    'schedule',
    'workflow_dispatch',
    'push',
    'release',
    'repository_dispatch'
];
const EventName = schemas/* enum */.k5n(EVENT_NAMES);
/** Events only a generic loop runs on: they carry neither a pull request to review nor issues to triage. */
const GENERIC_EVENTS = (/* unused pure expression or super */ null && (['push', 'release', 'repository_dispatch']));
/** The original LoopKit's `trigger.type`: how the loop is started. */
const TRIGGER_TYPES = ['webhook', 'cron', 'manual', 'event'];
const oneOrMany = (item) => schemas/* union */.KCZ([item, schemas/* array */.YOg(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
/** GitHub's schedule syntax: exactly five fields, validated by a real cron parser. */
const Cron = schemas/* string */.YjP().superRefine((value, ctx) => {
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
        dist.CronExpressionParser.parse(value, { tz: 'UTC' });
    }
    catch (error) {
        ctx.addIssue({
            code: 'custom',
            message: `cron "${value}" does not parse: ${error.message}`,
            params: { fix: 'check each field against crontab syntax, e.g. "0 9 * * 1-5"' }
        });
    }
});
const Trigger = schemas/* strictObject */.rej({
    type: schemas/* enum */.k5n(TRIGGER_TYPES)
        .optional()
        .describe('As in the original LoopKit: webhook (with `event`), cron (with `cron`), manual (workflow_dispatch only), event (a repository_dispatch whose event_type is `event`).'),
    event: oneOrMany(schemas/* string */.YjP().min(1))
        .optional()
        .describe(`Webhook event(s) that start the loop: ${EVENT_NAMES.join(', ')}. With \`type: event\`: the repository_dispatch event_type.`),
    types: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional().describe('Activity types of the event, e.g. opened, synchronize. Default: the usual ones for the event.'),
    cron: Cron.optional().describe('Schedule in GitHub cron syntax (UTC). The loop runs when a `schedule` event carries this exact string.'),
    manual: schemas/* boolean */.zMY().default(true).describe('Whether workflow_dispatch may run this loop by name.'),
    command: schemas/* string */.YjP()
        .regex(/^[a-z][a-z0-9-]*$/, 'a command is one lower-case word, e.g. "review"')
        .optional()
        .describe('Comment command that runs the loop: `/loopkit <command>`.'),
    drafts: schemas/* boolean */.zMY().default(false).describe('Also review draft pull requests.'),
    branches: schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .min(1)
        .optional()
        .describe('Push events only: run when the pushed branch matches one of these globs, e.g. [main, "release/**"]. Default: every branch.'),
    description: schemas/* string */.YjP().optional().describe('When the trigger fires, in words (for people; LoopKit does not read it).')
})
    .superRefine((t, ctx) => {
    const need = (key, why) => ctx.addIssue({ code: 'custom', path: [], message: `\`type: ${t.type}\` needs \`${key}\``, params: { fix: why } });
    if (t.type === 'webhook' && t.event === undefined)
        need('event', 'add e.g. `event: pull_request`');
    if (t.type === 'cron' && t.cron === undefined)
        need('cron', 'add e.g. `cron: "0 9 * * 1-5"`');
    if (t.type === 'event' && t.event === undefined)
        need('event', 'name the repository_dispatch event_type, e.g. `event: deploy-finished`');
    if (t.type === undefined && t.event === undefined && t.cron === undefined && t.command === undefined) {
        ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'a trigger needs at least one of `event`, `cron`, `command` or `type`',
            params: { fix: 'add e.g. `event: pull_request` or `cron: "0 9 * * 1-5"`' }
        });
    }
    // Under `type: event` the event is a repository_dispatch event_type, which can be any word.
    if (t.type === 'event' || t.event === undefined)
        return;
    t.event.forEach((name, i) => {
        if (EVENT_NAMES.includes(name))
            return;
        const near = suggestion(name, EVENT_NAMES);
        ctx.addIssue({
            code: 'custom',
            path: t.event.length > 1 ? ['event', i] : ['event'],
            message: `expected one of ${EVENT_NAMES.map((e) => JSON.stringify(e)).join(', ')}, got text ${JSON.stringify(name)}`,
            params: { fix: near ? `did you mean "${near}"?` : 'for a repository_dispatch event_type, add `type: event`' }
        });
    });
})
    .describe('When the loop runs.');
const agentShape = {
    label: schemas/* string */.YjP()
        .min(1)
        .optional()
        .describe('Unique name of the agent; `verify` refers to agents by it. Without one the agent is called "Agent <n>" (its place among the loop\'s agents).'),
    prompt: schemas/* string */.YjP().min(1).describe('What this agent looks for and how.'),
    model: schemas/* string */.YjP().min(1).optional().describe('Model for this agent; default: the loop `model`.'),
    effort: Effort.optional(),
    provider: ProviderName.optional(),
    skill: schemas/* string */.YjP()
        .min(1)
        .optional()
        .describe("A skill whose instructions are added to the agent's: a SKILL.md (front matter `name` and `description`, then the instructions) or its folder, from the repository root, or an installed npm package, `npm:<package>[/<folder>]` (read from node_modules). Files beside the SKILL.md are read by the agent on demand (tool `read_skill_file`)."),
    maxOutputTokens: schemas/* number */.aig().int().positive().max(64000).optional()
};
const Agent = schemas/* strictObject */.rej(agentShape).describe('A SubAgent: one model call with its own instructions.');
const COMPARISON = /^\s*(>=|<=|==|!=|>|<)\s*(\d+)\s*$/;
const Condition = schemas/* strictObject */.rej({
    files: oneOrMany(schemas/* string */.YjP().min(1)).optional().describe('Run when a changed file matches one of these globs.'),
    label: oneOrMany(schemas/* string */.YjP().min(1)).optional().describe('Run when the pull request or issue has one of these labels.'),
    findings: schemas/* string */.YjP()
        .regex(COMPARISON, 'write a comparison such as ">= 1" or "== 0"')
        .optional()
        .describe('Run when the number of findings so far satisfies this comparison, e.g. ">= 1".')
})
    .refine((c) => c.files !== undefined || c.label !== undefined || c.findings !== undefined, {
    message: '`if` needs at least one of `files`, `label` or `findings`'
});
/** Whether `n` satisfies a comparison such as ">= 1" (the `findings` condition of a step). */
function comparisonHolds(text, n) {
    const m = COMPARISON.exec(text);
    if (!m)
        throw new Error(`not a comparison: ${text}`);
    const value = Number(m[2]);
    return { '>=': n >= value, '<=': n <= value, '==': n === value, '!=': n !== value, '>': n > value, '<': n < value }[m[1]];
}
/** Keys that make a pipeline step a bare agent, as the original LoopKit writes it (`- prompt: … label: …`). */
const BARE_AGENT_KEYS = Object.keys(agentShape);
const Step = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP().min(1).optional(),
    if: Condition.optional().describe('Run this step only when the condition holds.'),
    agent: Agent.optional().describe('A single agent.'),
    parallel: schemas/* array */.YOg(Agent).min(1).optional().describe('Agents that run at the same time.'),
    agents: schemas/* array */.YOg(Agent).min(1).optional().describe('Agents that run one after another, each seeing the previous outputs.'),
    concurrency: schemas/* number */.aig().int().min(1).max(16).optional().describe('At most this many parallel agents at once.'),
    ...Object.fromEntries(BARE_AGENT_KEYS.map((k) => [k, agentShape[k].optional()]))
})
    .superRefine((step, ctx) => {
    const bare = BARE_AGENT_KEYS.some((k) => step[k] !== undefined);
    const kinds = [
        ...['agent', 'parallel', 'agents'].filter((k) => step[k] !== undefined).map((k) => `\`${k}\``),
        ...(bare ? ['an agent written in the step (`prompt:`)'] : [])
    ];
    if (kinds.length !== 1) {
        ctx.addIssue({
            code: 'custom',
            message: kinds.length === 0
                ? 'a pipeline step needs one of `agent`, `parallel` or `agents`, or is an agent itself (`prompt:` and `label:`)'
                : `a pipeline step has one of \`agent\`, \`parallel\` or \`agents\` or is an agent itself, not ${kinds.join(' and ')}`,
            params: { fix: 'use `parallel:` for agents that run together and `agents:` for agents in sequence' }
        });
    }
    else if (bare && step.prompt === undefined) {
        ctx.addIssue({
            code: 'custom',
            path: ['prompt'],
            message: 'an agent step needs a `prompt`',
            params: { fix: 'add `prompt:` with what the agent looks for' }
        });
    }
});
const CheckerRef = schemas/* union */.KCZ([schemas/* string */.YjP().min(1), Agent]);
const Verify = schemas/* strictObject */.rej({
    maker: oneOrMany(schemas/* string */.YjP().min(1)).optional().describe('Labels of the maker agents; default: every pipeline agent.'),
    checker: schemas/* union */.KCZ([CheckerRef, schemas/* array */.YOg(CheckerRef).min(1)])
        .describe("The adversarial checker: the label of an agent, an agent written here, or a name no agent has (LoopKit's built-in verifier under that name). A list: several checkers; a finding is confirmed only when every checker confirms it, refuted when any refutes it, else uncertain."),
    maxRounds: schemas/* number */.aig().int().min(1).max(10).default(3).describe('Maker/checker rounds at most.'),
    autoRetry: schemas/* boolean */.zMY().default(true).describe("Rerun the makers with the checker's objections when a round does not pass."),
    passThreshold: schemas/* number */.aig().min(0).max(1).default(0.7).describe('A round passes when this share of findings (0–1) is confirmed by the checker.'),
    minConfidence: schemas/* number */.aig().min(0).max(1).default(0.5).describe('Confirmed findings below this confidence count as uncertain.')
})
    .describe('Maker/checker verification.');
const Budget = schemas/* strictObject */.rej({
    maxTokens: schemas/* number */.aig().int().positive().optional().describe('Tokens (input + output, all calls) at most.'),
    maxCostUsd: schemas/* number */.aig().positive().optional().describe('Dollars at most, priced per model.'),
    maxDurationMinutes: schemas/* number */.aig().positive().optional().describe('Wall time at most.'),
    maxIterations: schemas/* number */.aig().int().positive().optional().describe('Model calls at most.')
})
    .describe('Hard limits; a run that reaches one stops and reports partial results.');
const MEMORY_STORES = ['cache', 'filesystem', 'memory'];
const Memory = schemas/* strictObject */.rej({
    store: schemas/* enum */.k5n([...MEMORY_STORES, 'claude'])
        .optional()
        .describe('cache: the Actions cache; filesystem: a folder (the default, as in the original LoopKit); memory: none kept; claude: the default store of where the loop runs, with `learn: true` (notes of what maintainers taught the loop, given to its agents).'),
    path: schemas/* string */.YjP().min(1).optional().describe('Folder of the filesystem store, from the repository root (default .loopkit/state).'),
    persistence: schemas/* enum */.k5n(['full', 'summary', 'minimal'])
        .optional()
        .describe('How much state keeps: full (also a history of runs, their findings, verdicts and spend, shown by `loopkit status`), summary (the default: what the runs need, with claims, rounds and spend) or minimal (the last head and the posted fingerprints only).'),
    learn: schemas/* boolean */.zMY()
        .optional()
        .describe('Keep notes of what maintainers taught the loop (`/loopkit ignore` and its reason, findings the checker refuted, labels a maintainer removed after triage) and give them to its agents on later runs. Default: true with `store: claude`, else false.'),
    notesFile: schemas/* string */.YjP()
        .min(1)
        .refine((path) => !path.startsWith('/') && !path.split(/[\\/]/).includes('..'), {
        message: 'the notes file must be inside the repository',
        params: { fix: 'give a path from the repository root, e.g. .loopkit/notes/pr-review.md' }
    })
        .optional()
        .describe('A file of notes people edit, from the repository root (e.g. .loopkit/notes/pr-review.md): each "- " line is a note the agents read, merged with the learned ones. LoopKit never writes it; the job summary shows the lines to add.')
})
    .describe('Where state (what was reviewed and posted, spend) lives between runs.');
/** Caps every tool connector shares: a tool connector is never unbounded, these only tighten or loosen the bounds. */
const toolCaps = {
    maxCalls: schemas/* number */.aig()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe("Calls of this connector's tools in the whole run, all agents together, at most. Default: 60 (repository), 30 (mcp)."),
    maxCallsPerAgent: schemas/* number */.aig()
        .int()
        .min(1)
        .max(100)
        .optional()
        .describe("Calls of this connector's tools by one agent call at most. Default: 12 (repository), 6 (mcp)."),
    maxResultBytes: schemas/* number */.aig().int().min(256).max(200_000).default(16_000).describe('A tool result longer than this is cut (and the model told so).'),
    agents: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1).optional().describe('Labels of the agents (makers or checkers) that get these tools; default: every agent.')
};
const REPOSITORY_TOOLS = ['read_file', 'list_dir', 'search_code'];
const RepositoryConnector = schemas/* strictObject */.rej({
    type: schemas/* literal */.euz('repository'),
    tools: schemas/* array */.YOg(schemas/* enum */.k5n(REPOSITORY_TOOLS))
        .min(1)
        .optional()
        .describe('Which repository tools the agents get; default all: read_file (a file at the head or base commit), list_dir, search_code. All are read-only and confined to the repository.'),
    timeoutSeconds: schemas/* number */.aig().positive().max(300).default(20).describe('One tool call at most; longer is an error the model reads.'),
    ...toolCaps
})
    .describe("Repository tools: the agents read files, list folders and search the code of the pull request's head or base commit.");
/** `${{ secrets.NAME }}`: how a secret is written in a loop file; the workflow passes it to the step's environment. */
const SECRET_REFERENCE = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const SECRET_FIX = 'write the value as `${{ secrets.NAME }}` (it may be part of the text, e.g. "Bearer ${{ secrets.NAME }}") and pass it to the LoopKit step with `env: NAME: ${{ secrets.NAME }}`';
/** A value of `env` or `headers`: plain text, or text with `${{ secrets.X }}` in it; any other `${{ … }}` is refused. */
const SecretAwareValue = schemas/* string */.YjP().superRefine((value, ctx) => {
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
const McpConnector = schemas/* strictObject */.rej({
    type: schemas/* literal */.euz('mcp'),
    name: schemas/* string */.YjP()
        .regex(MCP_NAME, 'an MCP server name is 1–32 letters, digits, "-" or "_", e.g. "docs"')
        .describe('What the server is called in the log and the job summary; tools are offered to the model as <name>__<tool>.'),
    command: schemas/* string */.YjP().min(1).optional().describe('A server started over stdio: the program, e.g. "npx".'),
    args: schemas/* array */.YOg(schemas/* string */.YjP()).default([]).describe('Its arguments, e.g. ["-y", "@acme/mcp-server@1.2.3"] (pin the version).'),
    env: schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), SecretAwareValue)
        .optional()
        .describe("Environment of the stdio server (besides PATH, HOME and the like); secrets as `${{ secrets.NAME }}`, passed to the step's `env:`."),
    url: schemas/* url */.OZ5({ protocol: /^https?$/, error: 'an MCP server url is http(s)://…' })
        .optional()
        .describe('A server reached over streamable HTTP.'),
    headers: schemas/* record */.g1P(schemas/* string */.YjP().min(1), SecretAwareValue).optional().describe('HTTP headers, e.g. Authorization: "Bearer ${{ secrets.DOCS_TOKEN }}".'),
    tools: schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .min(1)
        .optional()
        .describe('Required allow-list: the server\'s tools the agents may call ("*" allows every tool the server lists, which the LRS marks down). Tools not annotated read-only are offered only with `writes: true` to a loop whose outputs write.'),
    writes: schemas/* boolean */.zMY()
        .default(false)
        .describe("Offer the allowed tools that are not annotated read-only (they may change things outside the run) when the loop's `outputs` write; off: only read-only tools."),
    required: schemas/* boolean */.zMY()
        .default(false)
        .describe('When the server fails to start or list its tools, the run goes on without it; with `required: true` it is reported partial.'),
    connectTimeoutSeconds: schemas/* number */.aig().positive().max(300).default(30).describe('Starting the server and listing its tools at most.'),
    callTimeoutSeconds: schemas/* number */.aig().positive().max(600).default(60).describe('One tool call at most.'),
    ...toolCaps
})
    .superRefine((c, ctx) => {
    const issue = (path, message, fix) => ctx.addIssue({ code: 'custom', path, message, params: { fix } });
    if ((c.command === undefined) === (c.url === undefined)) {
        issue([], 'an MCP connector needs exactly one of `command` (a stdio server) or `url` (streamable HTTP)', 'add e.g. `command: npx` with `args: ["-y", "@acme/mcp-server@1.2.3"]`, or `url: https://mcp.example.com/mcp`');
    }
    if (c.env !== undefined && c.command === undefined)
        issue(['env'], '`env` is for a stdio server (`command`)', 'for an HTTP server pass secrets in `headers`');
    if (c.headers !== undefined && c.url === undefined)
        issue(['headers'], '`headers` are for an HTTP server (`url`)', 'for a stdio server pass secrets in `env`');
    if (c.tools === undefined) {
        issue(['tools'], `MCP server "${c.name}" needs a \`tools:\` allow-list: LoopKit offers the agents only the tools named there`, 'add `tools: [search_docs]` with the server\'s read-only tools the agents need ("*" allows all, which the LRS marks down)');
    }
    [c.command ?? '', ...c.args, c.url ?? ''].forEach((text) => {
        if (text.includes('${{'))
            issue([], `a secret in \`command\`, \`args\` or \`url\` would show in the log and the process list: ${JSON.stringify(text)}`, `pass it in \`${c.url === undefined ? 'env' : 'headers'}\` instead`);
    });
})
    .describe('An MCP server whose allowed tools the agents may call, through the official MCP SDK client.');
const Connector = schemas/* discriminatedUnion */.gMt('type', [
    schemas/* strictObject */.rej({
        type: schemas/* literal */.euz('github-pull-request'),
        surroundingLines: schemas/* number */.aig().int().min(0).max(200).default(20).describe('Lines of code around each hunk.'),
        maxFiles: schemas/* number */.aig().int().min(1).max(3000).default(3000)
    }),
    schemas/* strictObject */.rej({
        type: schemas/* literal */.euz('github-issues'),
        lookbackDays: schemas/* number */.aig().int().min(1).max(90).default(7).describe('How far back the first triage looks.'),
        includeComments: schemas/* boolean */.zMY().default(true)
    }),
    schemas/* strictObject */.rej({
        type: schemas/* literal */.euz('repo-files'),
        paths: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1).describe("Files added to every agent's context, e.g. CONTRIBUTING.md.")
    }),
    schemas/* strictObject */.rej({
        type: schemas/* literal */.euz('github-feedback'),
        lookbackDays: schemas/* number */.aig()
            .int()
            .min(1)
            .max(90)
            .default(14)
            .describe("The longest window: pull requests closed (merged or not) since the learning loop's last run (its lessons pull request records it), and at most in this many days, are read; lessons already in the notes file are not proposed again."),
        maxPullRequests: schemas/* number */.aig().int().min(1).max(200).default(50).describe('Closed pull requests read at most, the most recently closed first.')
    })
        .describe("What maintainers said about LoopKit's work on closed pull requests, read-only: findings they dismissed (with their reason), marked fixed or reopened, and labels they removed that LoopKit had added. Only people with write access count; no pull request or issue text is read."),
    RepositoryConnector,
    McpConnector
]);
const Escalation = schemas/* strictObject */.rej({
    label: schemas/* string */.YjP().min(1).optional().describe('Label added when verification still fails after the last round.'),
    reviewers: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional().describe('Users asked to review when verification still fails.'),
    comment: schemas/* boolean */.zMY().default(true).describe('Say in the summary that a human is needed.')
})
    .describe('What happens when the checker still rejects the work after the last round.');
const OnError = schemas/* strictObject */.rej({
    provider: schemas/* enum */.k5n(['neutral', 'fail']).default('neutral').describe('Review check conclusion when the model provider fails (never success).'),
    budget: schemas/* enum */.k5n(['partial', 'fail']).default('partial').describe('Report partial results, or fail, when a budget runs out.')
})
    .describe('Failure recovery.');
const Outputs = schemas/* strictObject */.rej({
    review: schemas/* strictObject */.rej({ maxComments: schemas/* number */.aig().int().min(0).max(100).default(20) })
        .optional()
        .describe('Post a pull request review (COMMENT only, never approve).'),
    labels: schemas/* strictObject */.rej({
        allowed: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1),
        max: schemas/* number */.aig().int().min(1).max(10).default(3),
        create: schemas/* boolean */.zMY().default(false)
    })
        .optional(),
    comment: schemas/* strictObject */.rej({ max: schemas/* number */.aig().int().min(0).max(1).default(1) })
        .optional()
        .describe('Comment on the issue or pull request the event is about (one comment, edited in place on later runs).'),
    issue: schemas/* strictObject */.rej({
        max: schemas/* number */.aig().int().min(1).max(5).default(1).describe('Most issues one run may open.'),
        labels: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).default([]).describe('Labels every opened issue gets.'),
        titlePrefix: schemas/* string */.YjP().min(1).max(40).optional().describe('Put before every opened issue\'s title, e.g. "[audit] ".')
    })
        .optional()
        .describe('Open new issues (generic loops).'),
    check: schemas/* strictObject */.rej({
        name: schemas/* string */.YjP().min(1).max(100).optional().describe('Check run name; default "LoopKit · <loop name>".'),
        failOn: Severity.optional().describe("Fail the check when a verified finding is at least this severe; default: the loop's failOn, else high.")
    })
        .optional()
        .describe("A check run on the event's commit, its conclusion from a gate over the verified findings (generic loops)."),
    release: schemas/* strictObject */.rej({ mode: schemas/* enum */.k5n(['append']).default('append').describe('Append to the release body; LoopKit never rewrites what people wrote.') })
        .optional()
        .describe('Write into the body of the release the event is about (generic loops on release events).'),
    notes: schemas/* strictObject */.rej({
        max: schemas/* number */.aig().int().min(1).max(20).default(10).describe('Lessons one run may add at most.'),
        branch: schemas/* string */.YjP()
            .regex(/^[A-Za-z0-9._/-]+$/, 'a branch name of letters, digits, ".", "_", "-" and "/"')
            .optional()
            .describe('The branch the lessons are committed on; default "loopkit/lessons-<loop name>".')
    })
        .optional()
        .describe('Propose the verified lessons as one pull request that edits `memory.notesFile` (one note per "- " line, each with its source link); while it is open, later runs update it instead of opening another (generic loops).'),
    close: schemas/* literal */.euz(false).default(false).describe('Loops never close issues.')
})
    .describe('What the loop may write. Absent: read-only.');
const TASKS = ['review', 'triage', 'generic'];
/** review: a pull request review; triage: issues labelled and answered; generic: any other loop, writing only what its `outputs` declare. */
const Task = schemas/* enum */.k5n(TASKS);
/** Outputs only a generic loop writes. */
const GENERIC_OUTPUTS = (/* unused pure expression or super */ null && (['issue', 'check', 'release', 'notes']));
/** Whether the outputs write anything besides the job summary: what MCP tools that may write need (with the connector's `writes: true`). */
function writesDeclared(outputs) {
    return Boolean(outputs && (outputs.review || outputs.labels || outputs.comment || outputs.issue || outputs.check || outputs.release || outputs.notes));
}
const PathFilters = schemas/* strictObject */.rej({
    include: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional().describe('Globs of files to review; default all.'),
    exclude: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional().describe('Globs of files never to review.')
});
const LOOP_KEYS = (/* unused pure expression or super */ null && ([
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
]));
const loopShape = {
    name: schemas/* string */.YjP()
        .trim()
        .min(1, 'a loop needs a name')
        .max(100)
        .describe('Loop name, used by the `loop` input and the CLI. Any text; keys, cache keys and file names use its slug (e.g. "PR Review" → pr-review).'),
    description: schemas/* string */.YjP().min(1).optional().describe('The goal, in a sentence people can check.'),
    task: Task.optional().describe("What the loop does; default: review for pull request triggers; generic for a loop that declares `outputs.issue`, `check` or `release`; triage for issues triggers or a loop that reads issues (github-issues); generic for push, release and repository_dispatch triggers; triage otherwise (the original LoopKit's cron loops triage issues)."),
    trigger: Trigger,
    model: schemas/* string */.YjP().min(1).optional().describe("Default model of the loop's agents."),
    effort: Effort.optional(),
    provider: ProviderName.optional(),
    paths: PathFilters.optional(),
    connectors: schemas/* array */.YOg(Connector).optional(),
    pipeline: schemas/* array */.YOg(Step).min(1, 'the pipeline is empty: add at least one step').describe('The maker steps, in order.'),
    agents: schemas/* array */.YOg(Agent).optional().describe('SubAgents that are not pipeline steps, e.g. the checker.'),
    verify: Verify.optional(),
    budget: Budget.optional(),
    memory: Memory.optional(),
    failOn: Severity.optional().describe('The review check fails when a verified finding is at least this severe.'),
    onError: OnError.optional(),
    escalation: Escalation.optional(),
    outputs: Outputs.optional(),
    tags: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional()
};
/** The digest a shared loop is pinned by: what `loopkit pin` writes. */
const SHA256_HEX = /^[0-9a-f]{64}$/;
const Extends = schemas/* strictObject */.rej({
    from: schemas/* string */.YjP()
        .min(1)
        .describe('The shared file: npm:<package>/<path> (read from the installed package in node_modules) or github:<owner>/<repo>/<path>@<ref> (read through the GitHub API at the ref).'),
    sha256: schemas/* string */.YjP()
        .regex(SHA256_HEX, "sha256 is the 64 lower-case hex digits of the file's SHA-256 digest")
        .describe("The SHA-256 digest (hex) of the shared file's bytes; checked before anything runs. `loopkit pin` writes it.")
})
    .describe('Start from a shared file and override what this file writes: mappings merge key by key (deeply), a list or a scalar written here replaces the shared one. Followed at most 5 deep.');
/** A loop as written, in LoopKit's keys or the original LoopKit's. */
const LoopFile = schemas/* strictObject */.rej(loopShape).describe('A LoopKit loop file (loops/*.yaml).');
const Loop = LoopFile.transform((file) => canonicalLoop(file));
/** An inline loop under `loops:` written as a map: its key is its name unless it says otherwise. */
const NamedLoop = schemas/* strictObject */.rej({ ...loopShape, name: loopShape.name.optional() })
    .describe('A loop; its key in `loops:` is its name when it has no `name`.');
const ProjectConfig = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz('1', { error: 'version must be the string "1"' }).default('1'),
    extends: Extends.optional(),
    settings: schemas/* strictObject */.rej({
        defaultModel: schemas/* string */.YjP().min(1).optional(),
        defaultBudget: Budget.optional(),
        defaultMemory: Memory.optional(),
        enforceMakerChecker: schemas/* boolean */.zMY().default(true).describe('Reject loops whose checker is also a maker.'),
        loopsDir: schemas/* string */.YjP().min(1).default('loops')
    })
        .optional(),
    loops: schemas/* union */.KCZ([schemas/* array */.YOg(LoopFile), schemas/* record */.g1P(schemas/* string */.YjP(), NamedLoop)])
        .optional()
        .describe("Loops written inline: a list, or a map of name → loop (the original LoopKit's `loops: {}`).")
})
    .describe('LoopKit project file (loopkit.yaml).');
/**
 * What a loop does: as declared; else review for pull request triggers; generic for a loop that
 * declares a write only generic loops make (an issue, a check, a release body); triage for issues
 * triggers or a loop that reads issues (github-issues); generic for push, release and
 * repository_dispatch triggers; else triage, as the original LoopKit's cron loops (a bare agent
 * reading the new issues, no connector) are.
 */
function taskOf(loop) {
    if (loop.task)
        return loop.task;
    const events = loop.trigger.event ?? [];
    if (events.some((e) => e === 'pull_request' || e === 'pull_request_target'))
        return 'review';
    // A triage cannot open issues, run a check or write a release: a loop that declares one is generic.
    if (GENERIC_OUTPUTS.some((k) => loop.outputs?.[k] !== undefined))
        return 'generic';
    if (events.includes('issues') || loop.connectors?.some((c) => c.type === 'github-issues'))
        return 'triage';
    if (events.some((e) => GENERIC_EVENTS.includes(e)))
        return 'generic';
    return 'triage';
}


/***/ }),

/***/ 6327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RV: () => (/* binding */ readIgnoredReply),
/* harmony export */   S8: () => (/* binding */ readPostedMarker),
/* harmony export */   eO: () => (/* binding */ readFindingMarker)
/* harmony export */ });
/* unused harmony exports summaryMarker, readSummaryMarker, triageMarker, refusedMarker, genericCommentMarker, lessonsMarker, readLessonsMarker, openedIssueMarker, readOpenedIssueMarker, releaseSectionMarkers, findReleaseSection, findingMarker, postedMarker, ignoredReply, RECORD_MAX_FILES, RECORD_MAX_OPEN, ReviewRecord, reviewRecordMarker, readReviewRecord, withoutReviewRecord, holdsMarkerLikeText */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8816);
/* harmony import */ var _loop_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1814);
/**
 * Every hidden marker LoopKit writes, and the only code that reads one back. Markers carry what
 * LoopKit believes it did (which summary is its own, which findings it posted, which a maintainer
 * ignored, what it reviewed), so each is:
 * - written in exactly one form, at exactly one position of exactly one kind of comment;
 * - read only from that position (the summary and triage markers open a body, the others end it),
 *   so a marker-looking string quoted elsewhere in a body is never read;
 * - zod-checked when it carries data (the review record), so a damaged or hand-made payload reads
 *   as nothing rather than as something LoopKit did.
 * Whose comments are read at all is decided by the GitHub side (github/trust.ts: only comments
 * written by LoopKit's own identity); what goes into a body is escaped by render/escape.ts so
 * neither pull request text nor model text can write a marker.
 */


const LOOP_NAME = /^[a-z0-9][a-z0-9-]*$/;
const FINGERPRINT = /^[A-Za-z0-9_-]+$/;
const FINGERPRINT_SOURCE = '[A-Za-z0-9_-]+';
function loopName(loop) {
    if (!LOOP_NAME.test(loop))
        throw new Error(`render: "${loop}" is not a loop name`);
    return loop;
}
function fingerprint(fp) {
    if (!FINGERPRINT.test(fp))
        throw new Error(`render: "${fp}" is not a finding fingerprint`);
    return fp;
}
// ---- the sticky summary of a review loop: opens the body -------------------------------------
function summaryMarker(loop) {
    return `<!-- loopkit:summary:${loopName(loop)} -->`;
}
/** The loop whose sticky summary `body` is. */
function readSummaryMarker(body) {
    return /^\s*<!-- loopkit:summary:([a-z0-9][a-z0-9-]*) -->/.exec(body)?.[1];
}
// ---- the one triage comment of a loop on an issue: opens the body ----------------------------
function triageMarker(loop) {
    return `<!-- loopkit:triage:${loopName(loop)} -->`;
}
// ---- the one answer to a refused command on an issue or pull request: opens the body ---------
/** Marks LoopKit's answer to the first command a reader typed on a thread: with it found, later ones get a reaction only. */
function refusedMarker() {
    return '<!-- loopkit:refused -->';
}
// ---- the one comment of a generic loop on an issue or pull request: opens the body ------------
function genericCommentMarker(loop) {
    return `<!-- loopkit:generic:${loopName(loop)} -->`;
}
// ---- the one open pull request of a loop's lessons (`outputs.notes`): opens the body ----------
/** A moment as the lessons marker records it: an ISO time in UTC, to the millisecond. */
const READ_TO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/**
 * `readTo`: the time up to which the run that wrote the body read feedback (github/feedback.ts),
 * where the learning loop's next run starts reading.
 */
function lessonsMarker(loop, readTo) {
    return `<!-- loopkit:lessons:${loopName(loop)}${readTo === undefined ? '' : ` read-to ${new Date(readTo).toISOString()}`} -->`;
}
/** The loop whose lessons pull request `body` is, and the time its feedback was read up to when it says. */
function readLessonsMarker(body) {
    const match = /^\s*<!-- loopkit:lessons:([a-z0-9][a-z0-9-]*)(?: read-to (\S+))? -->/.exec(body);
    if (!match)
        return undefined;
    const readTo = match[2] !== undefined && READ_TO.test(match[2]) ? Date.parse(match[2]) : NaN;
    return { loop: match[1], ...(Number.isFinite(readTo) ? { readTo } : {}) };
}
// ---- an issue a generic loop opened, for one event: ends the body ----------------------------
const EVENT_KEY = /^[A-Za-z0-9_-]{1,80}$/;
/** `eventKey` names the event (a push's head, a release's id, a run): a re-run of it finds the issues it opened. */
function openedIssueMarker(loop, eventKey) {
    if (!EVENT_KEY.test(eventKey))
        throw new Error(`render: "${eventKey}" is not an event key`);
    return `<!-- loopkit:issue:${loopName(loop)}:${eventKey} -->`;
}
function readOpenedIssueMarker(body) {
    const match = /<!-- loopkit:issue:([a-z0-9][a-z0-9-]*):([A-Za-z0-9_-]{1,80}) -->\s*$/.exec(body);
    return match ? { loop: match[1], eventKey: match[2] } : undefined;
}
// ---- a generic loop's section of a release body: between its two markers ---------------------
function releaseSectionMarkers(loop) {
    return { start: `<!-- loopkit:release:${loopName(loop)} -->`, end: `<!-- /loopkit:release:${loopName(loop)} -->` };
}
/**
 * Where the loop's own section of a release body starts, or undefined. It is found only as
 * LoopKit writes it: the body's last lines, from a line that is the start marker alone to a last
 * line that is the end marker alone, with no other end marker between. Markers anywhere else (a
 * pull request's title quoted in generated notes, a person's copy) are text, and the maintainers'
 * lines between them are never taken for LoopKit's.
 */
function findReleaseSection(body, loop) {
    const { start, end } = releaseSectionMarkers(loop);
    const text = body.trimEnd();
    if (text !== end && !text.endsWith(`\n${end}`))
        return undefined;
    const to = text.length - end.length;
    const from = text.lastIndexOf(`${start}\n`, to);
    if (from < 0 || (from > 0 && text[from - 1] !== '\n'))
        return undefined;
    return text.slice(from + start.length, to).includes(end) ? undefined : from;
}
// ---- an inline review comment's finding: ends the body ---------------------------------------
function findingMarker(fp) {
    return `<!-- loopkit:finding:${fingerprint(fp)} -->`;
}
/** The fingerprint of the finding an inline comment was posted for. */
function readFindingMarker(body) {
    return new RegExp(`<!-- loopkit:finding:(${FINGERPRINT_SOURCE}) -->\\s*$`).exec(body)?.[1];
}
// ---- a review body's findings (those posted without an inline comment): ends the body --------
function postedMarker(fingerprints) {
    return `<!-- loopkit:posted ${fingerprints.map(fingerprint).join(' ')} -->`;
}
function readPostedMarker(body) {
    return (/<!-- loopkit:posted ([A-Za-z0-9_ -]*) -->\s*$/
        .exec(body)?.[1]
        ?.split(' ')
        .filter((fp) => fp !== '') ?? []);
}
// ---- `/loopkit ignore`: LoopKit's reply in the finding's thread, the whole body --------------
const IGNORED_TEXT = 'Ignored: LoopKit will not report this finding on this pull request again.';
/**
 * LoopKit's whole answer to `/loopkit ignore`. Its reader accepts nothing but this exact text, so
 * no other comment of LoopKit's (an inline comment quoting code, say) can ever read as an ignore.
 */
function ignoredReply(fp) {
    return `${IGNORED_TEXT}\n\n<!-- loopkit:ignored:${fingerprint(fp)} -->`;
}
function readIgnoredReply(body) {
    return new RegExp(`^${IGNORED_TEXT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\n<!-- loopkit:ignored:(${FINGERPRINT_SOURCE}) -->$`).exec(body.replace(/\r\n/g, '\n').trim())?.[1];
}
// ---- the review record: ends the sticky summary ----------------------------------------------
const Sha = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
/** A file's digest (see engine/plan.ts): 72 bits, base64url; far beyond reach of a forged collision. */
const FileDigest = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9_-]{12}$/);
/** Past these, the record leaves the list out (files) or shortens it (open); the state document keeps all. */
const RECORD_MAX_FILES = 400;
const RECORD_MAX_OPEN = 100;
/**
 * What LoopKit reviewed on a pull request, as the summary comment records it: authoritative, so a
 * lost or evicted cache entry never makes a reviewed head look unreviewed (paid for twice), and a
 * head whose review did not complete never looks reviewed (a false green).
 */
const ReviewRecord = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    v: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(1),
    /** The cache key of the state document saved with this record, when it was saved. */
    key: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1).max(512).optional(),
    head: Sha,
    /** Every file of the pull request at `head` was reviewed completely (or is one LoopKit never reviews). */
    complete: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY(),
    /** The review of `head` ended with findings the checker could not settle: a person decides, so the head never passes unreviewed by one. */
    escalated: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(true).optional(),
    /** Digests of the files reviewed completely, still part of the pull request; absent past RECORD_MAX_FILES. */
    files: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(FileDigest).max(RECORD_MAX_FILES).optional(),
    /** Verified findings posted and still open, most severe first: what the gate counts without the cache. */
    open: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({ fingerprint: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(FINGERPRINT), severity: _loop_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .Severity */ .AI, path: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1).max(4096) })).max(RECORD_MAX_OPEN)
});
/** base64url's alphabet has no `>`, so no record can end the comment early. */
function reviewRecordMarker(record) {
    const parsed = ReviewRecord.parse(record);
    return `<!-- loopkit:state ${Buffer.from(JSON.stringify(parsed), 'utf8').toString('base64url')} -->`;
}
const RECORD_AT_END = /\s*<!-- loopkit:state ([A-Za-z0-9_-]*) -->\s*$/;
function readReviewRecord(body) {
    const encoded = RECORD_AT_END.exec(body)?.[1];
    if (encoded === undefined)
        return undefined;
    let value;
    try {
        value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    const parsed = ReviewRecord.safeParse(value);
    return parsed.success ? parsed.data : undefined;
}
/** The body without its review record, to append another one. */
function withoutReviewRecord(body) {
    return body.replace(RECORD_AT_END, '');
}
/**
 * Whether `text` holds anything a reader could take for a LoopKit marker: an HTML comment opener
 * followed, before the comment closes, by `loopkit` in any case and spacing, also when written
 * with entities (`&lt;!&#45;&#45;`) or with invisible characters inside. Code that must be posted
 * as it is (a suggestion, which GitHub applies literally) cannot be escaped, so it is left out.
 */
function holdsMarkerLikeText(text) {
    // The named entities that spell the characters of a comment opener.
    const named = { lt: '<', excl: '!', amp: '&' };
    let decoded = text;
    // Entities inside entities (`&amp;lt;`) decode one level at a time.
    for (let pass = 0; pass < 3; pass++) {
        const next = decoded.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|excl|amp));?/gi, (entity, dec, hex, name) => {
            if (name)
                return named[name.toLowerCase()];
            const code = dec !== undefined ? Number(dec) : Number.parseInt(hex, 16);
            return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
        });
        if (next === decoded)
            break;
        decoded = next;
    }
    const visible = decoded.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '').toLowerCase();
    return /<!--(?:(?!-->).)*?loopkit/s.test(visible);
}


/***/ })

};
