export const id = 197;
export const ids = [197];
export const modules = {

/***/ 11760:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gr: () => (/* binding */ KIND_BY_STATUS),
/* harmony export */   lE: () => (/* binding */ toProviderError),
/* harmony export */   pc: () => (/* binding */ redacted)
/* harmony export */ });
/* harmony import */ var _anthropic_ai_sdk__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25064);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42695);
/**
 * SDK failures as ProviderErrors the engine can act on (wait, give up, stop the run), with a
 * message that names the agent and the API's own explanation and never carries the API key.
 */


/** Shared with the OpenAI provider: both APIs use these statuses the same way. */
const KIND_BY_STATUS = {
    401: 'auth',
    403: 'auth',
    408: 'timeout',
    429: 'rate_limited',
    504: 'timeout',
    529: 'overloaded'
};
// Errors that arrive inside a stream (`event: error`) carry a type but no HTTP status.
const KIND_BY_TYPE = {
    authentication_error: 'auth',
    permission_error: 'auth',
    rate_limit_error: 'rate_limited',
    timeout_error: 'timeout',
    overloaded_error: 'overloaded'
};
function toProviderError(err, agent, endedBy, secret) {
    const { kind, detail } = classify(err, endedBy);
    return new _types_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(kind, redacted(`${agent}: ${detail}`, secret));
}
function redacted(message, secret) {
    return secret ? message.split(secret).join('[redacted]') : message;
}
function classify(err, endedBy) {
    if (endedBy === 'caller')
        return { kind: 'aborted', detail: 'the call was aborted' };
    if (endedBy === 'deadline' || err instanceof _anthropic_ai_sdk__WEBPACK_IMPORTED_MODULE_1__/* .APIConnectionTimeoutError */ .qA) {
        return { kind: 'timeout', detail: 'no complete answer from the Anthropic API in time' };
    }
    if (err instanceof _anthropic_ai_sdk__WEBPACK_IMPORTED_MODULE_1__/* .APIUserAbortError */ .cH)
        return { kind: 'aborted', detail: 'the call was aborted' };
    if (err instanceof _anthropic_ai_sdk__WEBPACK_IMPORTED_MODULE_1__/* .APIError */ .LG) {
        const kind = (err.status !== undefined ? KIND_BY_STATUS[err.status] : undefined) ?? (err.type ? KIND_BY_TYPE[err.type] : undefined) ?? 'api';
        const parts = [err.status, err.type, err.apiMessage ?? err.message].filter((p) => p !== undefined && p !== null);
        const request = err.requestID ? ` (request ${err.requestID})` : '';
        return { kind, detail: `Anthropic API error ${parts.join(' ')}${request}` };
    }
    return { kind: 'api', detail: err instanceof Error ? err.message : String(err) };
}


/***/ }),

/***/ 42197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  UB: () => (/* reexport */ models/* DEFAULT_MODEL */.UB),
  J$: () => (/* reexport */ createModelProvider),
  Qd: () => (/* reexport */ createProvider),
  z1: () => (/* reexport */ cost_model/* pricing */.z1)
});

// UNUSED EXPORTS: AnthropicProvider, DEFAULT_OPENAI_MODEL, DryRunProvider, MODELS, ProviderError, ZERO_USAGE, addUsage, conservativePrice, costAt, costUsd, modelInfo, modelOf, priceOf, providerOf, totalTokens, usageBeyond

// EXTERNAL MODULE: ./src/providers/types.ts
var types = __webpack_require__(42695);
// EXTERNAL MODULE: ./node_modules/@anthropic-ai/sdk/client.mjs + 212 modules
var client = __webpack_require__(24134);
// EXTERNAL MODULE: ./src/providers/answer.ts
var providers_answer = __webpack_require__(39722);
// EXTERNAL MODULE: ./src/providers/model-api.ts
var model_api = __webpack_require__(33282);
// EXTERNAL MODULE: ./node_modules/@anthropic-ai/sdk/helpers/zod.mjs + 1 modules
var zod = __webpack_require__(43895);
// EXTERNAL MODULE: ./src/providers/capabilities.ts
var capabilities = __webpack_require__(56138);
// EXTERNAL MODULE: ./src/providers/cost-model.ts
var cost_model = __webpack_require__(81337);
;// CONCATENATED MODULE: ./src/providers/anthropic-request.ts




/** Budget thinking needs at least this much, and must leave the answer room (API rule: budget_tokens ≥ 1,024 and < max_tokens). */
const MIN_THINKING_BUDGET = 1024;
const MIN_ANSWER_TOKENS = 512;
const formats = new WeakMap();
/** The JSON schema of a run's format, built once so every call sends the same bytes. */
function outputFormat(format) {
    let built = formats.get(format);
    if (!built) {
        built = { type: 'json_schema', schema: (0,zod/* zodOutputFormat */.w)((0,providers_answer/* wireSchema */.be)(format.schema)).schema };
        formats.set(format, built);
    }
    return built;
}
const toolLists = new WeakMap();
/** An agent's tools as strict tool definitions, built once so every turn sends the same bytes. */
function toolParams(tools) {
    let built = toolLists.get(tools);
    if (!built) {
        built = tools.specs.map((spec) => ({
            name: spec.name,
            description: spec.description,
            input_schema: spec.inputSchema,
            strict: true
        }));
        toolLists.set(tools, built);
    }
    return built;
}
const BREAKPOINT = { type: 'ephemeral' };
function firstTurnParams(request) {
    const model = (0,capabilities/* anthropicModel */.mE)(request.model);
    const maxTokens = Math.min(request.maxOutputTokens, model.maxOutputTokens);
    const effort = (0,capabilities/* nearestEffort */.Br)(request.effort, model.efforts);
    const tools = request.tools && request.tools.specs.length > 0 ? toolParams(request.tools) : undefined;
    return {
        model: request.model,
        max_tokens: maxTokens,
        ...thinkingParams(model.thinking, request.thinkingTokens, maxTokens),
        output_config: { format: outputFormat(request.format), ...(effort ? { effort } : {}) },
        ...(tools ? { tools } : {}),
        system: [{ type: 'text', text: request.sharedContext, cache_control: BREAKPOINT }],
        // With tools, the next turn re-sends this prompt: cached here, it is read there.
        messages: [{ role: 'user', content: [{ type: 'text', text: request.prompt, ...(tools ? { cache_control: BREAKPOINT } : {}) }] }]
    };
}
/**
 * The request of the turn after a reply that called tools: the conversation so far, the reply
 * unchanged (thinking blocks with their signatures, tool_use blocks), then a user turn with a
 * tool_result for each call (errors flagged) and, on the last turn, the ask to answer now. The
 * breakpoint moves to the end of the new turn; the one before it stays, older ones go.
 */
function toolTurnParams(previous, thinkingTokens, turn) {
    const results = turn.answers.map(({ use, result }) => ({
        type: 'tool_result',
        tool_use_id: use.id,
        content: result.text,
        ...(result.isError ? { is_error: true } : {})
    }));
    const content = [...results, ...(turn.last ? [{ type: 'text', text: providers_answer/* LAST_TURN_TEXT */.hI }] : [])];
    const marked = content.map((block, i) => (i === content.length - 1 ? { ...block, cache_control: BREAKPOINT } : block));
    const kept = previous.messages.map((message, i) => (i === previous.messages.length - 1 ? message : withoutBreakpoints(message)));
    return {
        ...previous,
        ...roomParams(previous, thinkingTokens, turn.maxOutputTokens),
        messages: [...kept, { role: 'assistant', content: turn.reply.content.flatMap(replayable) }, { role: 'user', content: marked }]
    };
}
/**
 * A later turn's output room (`max_tokens`, what the budget reserved for it). The thinking
 * setting stays as it was (a change drops the cached turns) unless the smaller room no longer fits it.
 */
function roomParams(previous, thinkingTokens, maxOutputTokens) {
    const model = (0,capabilities/* anthropicModel */.mE)(previous.model);
    const maxTokens = Math.min(maxOutputTokens, model.maxOutputTokens);
    const refit = previous.thinking?.type === 'enabled' && previous.thinking.budget_tokens >= maxTokens;
    return { max_tokens: maxTokens, ...(refit ? thinkingParams(model.thinking, thinkingTokens, maxTokens) : {}) };
}
function withoutBreakpoints(message) {
    if (typeof message.content === 'string' || !message.content.some((block) => 'cache_control' in block && block.cache_control))
        return message;
    const content = message.content.map((block) => {
        if (!('cache_control' in block))
            return block;
        const { cache_control: _dropped, ...rest } = block;
        return rest;
    });
    return { ...message, content };
}
/**
 * The count_tokens request for a call's shared prefix: its model, thinking, format and system as
 * the call sends them, with a one-character prompt. Effort is left out, so makers and checker,
 * which differ only in it, share one count: it steers how much the model writes, not the prompt.
 */
function prefixCountParams(request) {
    const { model, thinking, system, output_config } = firstTurnParams({
        ...request,
        prompt: cost_model/* COUNT_PLACEHOLDER */.Od,
        maxOutputTokens: request.thinkingTokens + MIN_ANSWER_TOKENS
    });
    return {
        model,
        ...(thinking ? { thinking } : {}),
        ...(output_config?.format ? { output_config: { format: output_config.format } } : {}),
        system,
        messages: [{ role: 'user', content: [{ type: 'text', text: cost_model/* COUNT_PLACEHOLDER */.Od }] }]
    };
}
function thinkingParams(kind, thinkingTokens, maxTokens) {
    if (kind === 'adaptive')
        return { thinking: { type: 'adaptive' } };
    const budget = Math.min(thinkingTokens, maxTokens - MIN_ANSWER_TOKENS);
    // The 4.5 models accept thinking off; with too little room for both, the answer comes first.
    return budget >= MIN_THINKING_BUDGET ? { thinking: { type: 'enabled', budget_tokens: budget } } : { thinking: { type: 'disabled' } };
}
/**
 * The one repair call: the conversation so far, the model's reply as it was (thinking blocks go
 * back unmodified: the API verifies them), then a user turn that says what its schema refused;
 * in the room the budget reserved for it.
 */
function repairParams(previous, thinkingTokens, repair) {
    const { reply, problem } = repair;
    const replayed = reply.content.flatMap(replayable);
    return {
        ...previous,
        ...roomParams(previous, thinkingTokens, repair.maxOutputTokens),
        messages: [
            ...previous.messages,
            // An assistant turn may not be empty; without one, the two user turns are merged by the API.
            ...(replayed.length > 0 ? [{ role: 'assistant', content: replayed }] : []),
            { role: 'user', content: [{ type: 'text', text: (0,providers_answer/* repairText */.DI)(problem) }] }
        ]
    };
}
function replayable(block) {
    switch (block.type) {
        case 'text':
            return [{ type: 'text', text: block.text }];
        case 'thinking':
            return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
        case 'redacted_thinking':
            return [{ type: 'redacted_thinking', data: block.data }];
        case 'tool_use':
            return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
        default:
            return [];
    }
}

;// CONCATENATED MODULE: ./src/providers/anthropic-reply.ts


function usageOf(usage) {
    return {
        inputTokens: usage.input_tokens ?? 0,
        outputTokens: usage.output_tokens,
        cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
        cacheReadTokens: usage.cache_read_input_tokens ?? 0,
        thinkingTokens: usage.output_tokens_details?.thinking_tokens ?? 0
    };
}
/** The tool calls of a reply that stopped to have them run (a reply cut short calls nothing: its last call may be incomplete). */
function toolUses(reply) {
    if (reply.stop_reason !== 'tool_use')
        return [];
    return reply.content.flatMap((block) => (block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : []));
}
function readReply(reply, answer, agent) {
    // A reply cut short is never taken as the answer, even when what arrived happens to parse: a
    // findings list cut in the middle still validates and would silently lose findings. Its text
    // goes with the error, so the engine can keep the items it completed and say that it did.
    if (reply.stop_reason === 'max_tokens' || reply.stop_reason === 'model_context_window_exceeded') {
        throw new types/* ProviderError */.mZ('truncated', `${agent}: the reply stopped at ${reply.stop_reason} before the answer was complete`, types/* ZERO_USAGE */.fI, 1, textOf(reply));
    }
    if (reply.stop_reason === 'refusal') {
        const details = reply.stop_details;
        const why = [details?.category, details?.explanation].filter(Boolean).join(': ');
        throw new types/* ProviderError */.mZ('refused', `${agent}: the model declined to answer${why ? ` (${why})` : ''}`);
    }
    return (0,providers_answer/* readAnswer */.JN)(textOf(reply), answer);
}
function textOf(reply) {
    return reply.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

// EXTERNAL MODULE: ./src/providers/anthropic-errors.ts
var anthropic_errors = __webpack_require__(11760);
;// CONCATENATED MODULE: ./src/providers/anthropic.ts
/**
 * The Anthropic Messages API as a ModelProvider. Each call streams (so the first token is known:
 * from then on the cached prefix is readable by the next agent), asks for the answer as
 * structured output, validates it, and asks once more when it breaks what the JSON schema cannot
 * say. With tools, the model's tool calls run and their results go back until it answers. Retries of 429/529/5xx, with backoff and `retry-after`, are the SDK's.
 */







class AnthropicProvider extends model_api/* ModelApi */.yl {
    name = 'anthropic';
    #client;
    constructor(options) {
        super('Anthropic', options);
        const retryBackoffMs = options.retryBackoffMs;
        this.#client = new client/* Anthropic */.N({
            apiKey: options.apiKey,
            baseURL: options.baseURL,
            maxRetries: options.maxRetries,
            logger: options.logger,
            middleware: retryBackoffMs === undefined ? [] : [async (request, next) => (0,model_api/* withRetryHint */.mA)(await next(request), retryBackoffMs)]
        });
    }
    call(request) {
        // The conversation so far: each turn is sent after the ones before it.
        let params = firstTurnParams(request);
        return (0,providers_answer/* answerWithRepair */.wM)(request, {
            send: (turn, started) => {
                if (turn.tools)
                    params = toolTurnParams(params, request.thinkingTokens, turn.tools);
                return this.#send(turn.repair ? repairParams(params, request.thinkingTokens, turn.repair) : params, request, started);
            },
            toolUses: toolUses,
            read: (reply) => readReply(reply, request.answer, request.agent),
            modelOf: (reply) => reply.model,
            toError: (err) => (0,anthropic_errors/* toProviderError */.lE)(err, request.agent, undefined, this.apiKey),
            logger: this.logger
        });
    }
    /** POST /v1/messages/count_tokens: free, with rate limits of its own. */
    prefixCount(request) {
        const params = prefixCountParams(request);
        return { key: JSON.stringify(params), count: async () => (await this.#client.messages.countTokens(params, model_api/* COUNT_REQUEST */.uf)).input_tokens };
    }
    /** One API call, streamed, bounded by the deadline and the caller's signal. */
    async #send(params, request, started) {
        const deadline = this.deadline(request);
        const stream = this.#client.messages.stream(params, { signal: deadline.signal });
        stream.on('streamEvent', (event) => {
            if (event.type === 'message_start')
                started();
        });
        try {
            const reply = await stream.finalMessage();
            return { reply, usage: usageOf(reply.usage) };
        }
        catch (err) {
            const failure = (0,anthropic_errors/* toProviderError */.lE)(err, request.agent, deadline.endedBy(), this.apiKey);
            // Input tokens are billed once the answer has started, even if it never finished.
            const partial = stream.currentMessage?.usage;
            throw new types/* ProviderError */.mZ(failure.kind, failure.message, partial ? usageOf(partial) : types/* ZERO_USAGE */.fI);
        }
        finally {
            deadline.clear();
        }
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/errors.js
var errors = __webpack_require__(37428);
;// CONCATENATED MODULE: ./src/providers/dry-run-rules.ts
const JS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'];
const TS = ['ts', 'tsx', 'mts', 'cts'];
const SCRIPTING = [...JS, 'py', 'rb', 'php'];
/** Any character of a string opened by the quote captured as group `n` but that quote, or an escaped one. */
const inString = (n) => `(?:\\\\.|(?!\\${n})[^\\\\])`;
/**
 * An SQL statement inside a string whose quote is group `n`: keywords in capitals, or in small
 * letters with the shape of a statement (so "select a file from the list" in prose is not one).
 */
const statement = (n) => `(?:SELECT\\s${inString(n)}*?\\sFROM\\s|INSERT\\s+INTO\\s|UPDATE\\s+\\w+\\s+SET\\s|DELETE\\s+FROM\\s|` +
    `select\\s${inString(n)}*?\\sfrom\\s+\\w+\\s+where\\s|insert\\s+into\\s+\\w+|update\\s+\\w+\\s+set\\s+\\w+\\s*=|delete\\s+from\\s+\\w+)`;
/**
 * An SQL statement built from the string it is written in: closed and then joined to a value
 * (`+` in JavaScript, Python, Java and Go; `.` in PHP; `%` and `.format(` in Python), or with the
 * value inside (a template literal's `${`, a Python f-string's `{`, Go's `fmt.Sprintf` with `%s`/`%v`/`%d`).
 * The string's own quote closes it, so quotes of the other kind inside (`WHERE name = '" + name`) do not.
 */
const SQL_BUILT = new RegExp([
    `(["'\`])${inString(1)}*?${statement(1)}${inString(1)}*?\\1\\s*(?:\\+|\\.\\s*(?:\\$|format\\s*\\()|%\\s*[\\w(])`,
    `(\`)${inString(2)}*?${statement(2)}${inString(2)}*?\\$\\{`,
    `\\bf(["'])${inString(3)}*?${statement(3)}${inString(3)}*?\\{\\w`,
    `\\bSprintf\\s*\\(\\s*(["\`])${inString(4)}*?${statement(4)}${inString(4)}*?%[svdq]`
].join('|'));
const RULES = [
    {
        id: 'eval',
        category: 'security',
        severity: 'high',
        languages: SCRIPTING,
        pattern: /\beval\s*\(/,
        claim: 'eval() runs arbitrary code built at runtime.',
        why: 'Any attacker-influenced part of the string becomes code executed with the full privileges of the process.',
        fix: 'Parse the data instead (JSON.parse, a lookup table) or call the intended function directly.'
    },
    {
        id: 'inner-html',
        category: 'security',
        severity: 'high',
        languages: [...JS, 'html', 'vue', 'svelte'],
        pattern: /\.(?:inner|outer)HTML\s*(?:\+)?=(?!=)/,
        claim: 'Assigning to innerHTML/outerHTML can inject script (XSS).',
        why: 'The assigned string is parsed as HTML, so markup from untrusted input runs in the page.',
        fix: 'Use textContent, or build nodes with createElement, or sanitize with a vetted library.'
    },
    {
        id: 'hard-coded-secret',
        category: 'security',
        severity: 'critical',
        pattern: /\b(?:password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token)\b["']?\s*[:=]\s*["'][^"'\s]{4,}["']/i,
        claim: 'A credential is hard-coded in source.',
        why: 'Anyone with read access to the repository, its history or its build artefacts gets the credential.',
        fix: 'Read it from the environment or a secret store, and rotate the exposed value.'
    },
    {
        id: 'console-log',
        category: 'maintainability',
        severity: 'low',
        languages: JS,
        pattern: /\bconsole\.(?:log|debug)\s*\(/,
        claim: 'A console.log/console.debug call is left in the code.',
        why: 'Debug output leaks into production logs and can expose data.',
        fix: 'Remove it or use the project logger at the right level.'
    },
    {
        id: 'empty-catch',
        category: 'reliability',
        severity: 'medium',
        languages: [...JS, 'java', 'cs', 'kt', 'swift', 'php'],
        pattern: /\bcatch\s*(?:\([^)]*\))?\s*\{\s*\}/,
        claim: 'An empty catch block silently swallows errors.',
        why: 'Failures disappear without a trace, so the code carries on in a broken state.',
        fix: 'Handle the error, log it, or let it propagate.'
    },
    {
        id: 'todo',
        category: 'maintainability',
        severity: 'info',
        pattern: /\b(?:TODO|FIXME|XXX)\b/,
        claim: 'A TODO/FIXME marker is added.',
        why: 'Unfinished work is merged with no tracking beyond the comment.',
        fix: 'Finish it in this change or link an issue.'
    },
    {
        id: 'loose-equality',
        category: 'bug',
        severity: 'medium',
        languages: JS,
        // `== null` is the idiom for null-or-undefined and is left alone.
        pattern: /(?<![=!<>])(?:==|!=)(?!=)(?!\s*null\b)/,
        claim: 'Loose equality (== or !=) coerces types before comparing.',
        why: "Coercion makes comparisons such as '0' == 0 or '' == false true, which hides bugs.",
        fix: 'Use === or !==.'
    },
    {
        id: 'sql-concatenation',
        category: 'security',
        severity: 'high',
        pattern: SQL_BUILT,
        claim: 'An SQL statement is built by string concatenation (SQL injection).',
        why: 'Values spliced into the query text can change the query itself.',
        fix: 'Use parameterised queries or the query builder’s placeholders.'
    },
    {
        id: 'plain-http',
        category: 'security',
        severity: 'low',
        pattern: /\bhttp:\/\/(?!localhost\b|127\.0\.0\.1\b|0\.0\.0\.0\b|\[::1\])/,
        claim: 'A plain http:// URL is used.',
        why: 'Traffic over plain HTTP can be read and changed in transit.',
        fix: 'Use https://.'
    },
    {
        id: 'insecure-random',
        category: 'security',
        severity: 'medium',
        languages: JS,
        pattern: /\b(?:token|secret|nonce|salt|session\w*|password|otp)\b.*Math\.random\(\)|Math\.random\(\).*\b(?:token|secret|nonce|salt|session\w*|password|otp)\b/i,
        claim: 'Math.random() is used to make a security token.',
        why: 'Math.random() is predictable; tokens derived from it can be guessed.',
        fix: 'Use crypto.randomBytes or crypto.randomUUID.'
    },
    {
        id: 'any-type',
        category: 'maintainability',
        severity: 'low',
        languages: TS,
        pattern: /:\s*any\b|\bas\s+any\b|<any>/,
        claim: 'An `any` type turns off type checking.',
        why: 'Values typed any flow anywhere unchecked, so type errors surface at runtime instead.',
        fix: 'Use unknown and narrow it, or the precise type.'
    },
    {
        id: 'string-timer',
        category: 'security',
        severity: 'medium',
        languages: JS,
        pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/,
        claim: 'setTimeout/setInterval is given a string, which is evaluated like eval().',
        why: 'The string is compiled as code at runtime.',
        fix: 'Pass a function.'
    },
    {
        id: 'shell-template',
        category: 'security',
        severity: 'critical',
        languages: JS,
        pattern: /\b(?:exec|execSync)\s*\(\s*`[^`]*\$\{/,
        claim: 'A shell command is built from a template string (command injection).',
        why: 'child_process.exec runs the string through a shell, so interpolated values can add commands.',
        fix: 'Use execFile/spawn with an argument array.'
    }
];
/**
 * Lines longer than this (minified or generated code) are not matched: the patterns are for code a
 * person wrote, and the string rules backtrack in proportion to the square of a line's length.
 */
const MAX_LINE = 2000;
/** Whether the rule finds its pattern on this line. */
function matches(rule, line) {
    return line.length <= MAX_LINE && rule.pattern.test(line);
}
function appliesTo(rule, path) {
    if (!rule.languages)
        return true;
    const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    return path.includes('.') && rule.languages.includes(ext);
}

// EXTERNAL MODULE: ./src/diff/index.ts + 5 modules
var diff = __webpack_require__(46126);
;// CONCATENATED MODULE: ./src/providers/dry-run-generic.ts


const MAX_FINDINGS = 10;
const MAX_NOTES = 20;
const CONFIDENT = 0.9;
const UNSURE = 0.5;
const REASON = 'Dry run, no model: read from the event context by fixed rules.';
function dryRunGeneric(title, sections, kinds, labels, objections, lessons = []) {
    const may = (kind) => kinds.includes(kind);
    const proposals = [];
    const findings = findingsIn(sections);
    if (may('finding'))
        proposals.push(...findings);
    if (may('label')) {
        const label = labels.find((l) => mentioned(sections, l));
        if (label)
            proposals.push({ kind: 'label', label, reason: `The context mentions "${label}".` });
    }
    if (may('comment'))
        proposals.push({
            kind: 'comment',
            body: `Dry run, no model: LoopKit read ${sections.length} part(s) of the context of ${title}: ${sections.map((s) => s.name).join(', ') || 'none'}.`,
            reason: REASON
        });
    if (may('issue') && findings.length > 0) {
        proposals.push({
            kind: 'issue',
            title: `${findings.length} finding(s) in ${title}`.slice(0, 200),
            body: findings.map((f) => `- ${f.severity}: ${f.title}${f.path ? ` (${f.path}:${f.line})` : ''}`).join('\n'),
            reason: REASON
        });
    }
    if (may('release_notes')) {
        const notes = sections
            .flatMap((s) => s.text
            .split('\n')
            .filter((l) => /^\s*[-*] \S/.test(l))
            .map((l) => l.trim()))
            .slice(0, MAX_NOTES);
        if (notes.length > 0)
            proposals.push({ kind: 'release_notes', body: `## What changed (dry run)\n\n${notes.join('\n')}`, reason: REASON });
    }
    // A learning loop: every feedback item, as a lesson (their words are fixed; the dry run only shows which would be kept).
    if (may('lesson'))
        for (const item of lessons.slice(0, MAX_NOTES))
            proposals.push({ kind: 'lesson', item, reason: REASON });
    const kept = proposals.filter((p) => !objections.some((o) => o.startsWith(`${p.kind} `) &&
        o.includes(JSON.stringify(p.kind === 'label' ? p.label : p.kind === 'finding' || p.kind === 'issue' ? p.title : p.kind === 'lesson' ? p.item : p.body).slice(1, 40))));
    const summary = `Dry run, no model: ${kept.length} proposal(s) from fixed rules over ${sections.length} part(s) of the context of ${title}.`;
    // A run that may propose nothing has no `proposals` in its answer schema.
    return kinds.length > 0 ? { summary, proposals: kept } : { summary };
}
function dryRunVerifyGeneric(proposals, sections) {
    return { verdicts: proposals.map((p) => verdictFor(p, sections)) };
}
function verdictFor(p, sections) {
    const verdict = (kind, confidence, evidence) => ({
        id: p.id,
        verdict: kind,
        confidence,
        evidence
    });
    if (p.kind === 'finding') {
        const again = findingsIn(sections).some((f) => p.text.startsWith(f.title));
        return again
            ? verdict('confirmed', CONFIDENT, 'Checked the context: the added line matches the pattern the finding names.')
            : verdict('uncertain', UNSURE, 'No known pattern in the added lines matches this finding.');
    }
    if (p.kind === 'label')
        return mentioned(sections, p.text)
            ? verdict('confirmed', CONFIDENT, `The context mentions "${p.text}".`)
            : verdict('refuted', CONFIDENT, `The context never mentions "${p.text}".`);
    return verdict('confirmed', CONFIDENT, 'Checked the context: the text is made of what the context says.');
}
/** Findings of the pattern rules on the lines the context's diff adds (its file headers: diff/file-header.ts). */
function findingsIn(sections) {
    const out = [];
    for (const section of sections) {
        let path = '';
        let line = 0;
        for (const text of section.text.split('\n')) {
            const file = (0,diff/* readDiffFileHeader */.pY)(text);
            if (file) {
                path = file.path;
                line = 0;
                continue;
            }
            const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text);
            if (hunk) {
                line = Number(hunk[1]);
                continue;
            }
            if (text.startsWith('-'))
                continue;
            if (text.startsWith('+') && path) {
                const rule = RULES.find((r) => appliesTo(r, path) && matches(r, text.slice(1)));
                if (rule && out.length < MAX_FINDINGS)
                    out.push({
                        kind: 'finding',
                        severity: rule.severity,
                        title: rule.claim,
                        detail: `${path}:${line} adds \`${text.slice(1).trim().slice(0, 200)}\`. ${rule.why}`,
                        path,
                        line,
                        reason: rule.why
                    });
            }
            if (line > 0)
                line++;
        }
    }
    return out;
}
function mentioned(sections, word) {
    const pattern = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    return sections.some((s) => pattern.test(s.text));
}

;// CONCATENATED MODULE: ./src/providers/dry-run-triage.ts
const LABEL_RULES = [
    {
        names: ['bug'],
        pattern: /\b(?:crash(?:es|ed)?|error|exception|stack ?trace|broken|fails?|failing|regression|bug)\b|doesn't work|does not work/i,
        cue: 'a failure'
    },
    {
        names: ['enhancement', 'feature', 'feature-request'],
        pattern: /\b(?:feature|would be (?:nice|great)|please add|support for|request|enhancement)\b/i,
        cue: 'a request for something new'
    },
    { names: ['question'], pattern: /\bhow (?:do|can|to)\b|\bquestion\b|\bis it possible\b/i, cue: 'a question' },
    { names: ['documentation', 'docs'], pattern: /\b(?:docs?|documentation|readme|typo|guide)\b/i, cue: 'the documentation' },
    { names: ['security'], pattern: /\b(?:xss|injection|vulnerab\w*|cve-\d+|security)\b/i, cue: 'a security problem' },
    { names: ['performance'], pattern: /\b(?:slow|performance|latency|memory leak)\b/i, cue: 'speed or memory' }
];
const NEEDS_INFO = ['needs-info', 'needs info', 'more-info-needed', 'needs-more-info'];
const DUPLICATE = ['duplicate'];
const DUPLICATE_SIMILARITY = 0.5;
const REPLY_MAX = 600;
const dry_run_triage_CONFIDENT = 0.9;
const dry_run_triage_UNSURE = 0.5;
const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'when', 'from', 'that', 'this', 'not', 'does', 'are', 'was', 'can', 'into', 'after']);
function dryRunTriage(issues, labels, recent, objections) {
    const objected = (issue, kind, value) => objections.some((o) => o.startsWith(`issue #${issue} ${kind} ${JSON.stringify(value)}`));
    return {
        issues: issues.map((issue) => {
            const reading = read(issue, recent);
            const proposal = {
                issue: issue.number,
                labels: labels
                    .filter((name) => labelHolds(name, reading))
                    .filter((name) => !objected(issue.number, 'label', name))
                    .map((name) => ({ name, reason: `Dry run, no model: the text points to ${cueOf(name) ?? 'this label'}.` }))
            };
            proposal.type = { value: reading.type, reason: `Dry run, no model: keyword rules read it as a ${reading.type}.` };
            proposal.priority = { value: reading.priority, reason: `Dry run, no model: keyword rules rate it ${reading.priority}.` };
            if (reading.duplicate)
                proposal.duplicate = { of: reading.duplicate, evidence: `Dry run, no model: its title shares most words with #${reading.duplicate}.` };
            if (reading.missing.length > 0)
                proposal.missing = { items: reading.missing, reason: 'Dry run, no model: the text gives none of these.' };
            proposal.comment = replyOf(reading);
            return proposal;
        })
    };
}
function dryRunVerifyTriage(proposals, issues, recent) {
    return { verdicts: proposals.map((p) => dry_run_triage_verdictFor(p, issues, recent)) };
}
function read(issue, recent) {
    const text = [issue.title, issue.body, ...issue.comments].join('\n');
    const holds = (name) => LABEL_RULES.find((r) => r.names.includes(name)).pattern.test(text);
    const type = holds('bug') ? 'bug' : holds('enhancement') ? 'feature' : holds('question') ? 'question' : holds('documentation') ? 'docs' : 'other';
    const priority = holds('security') || /\bdata loss\b/i.test(text) ? 'critical' : type === 'bug' && /\bcrash/i.test(text) ? 'high' : type === 'bug' ? 'medium' : 'low';
    const missing = [];
    if (type === 'bug') {
        if (!/\b(?:steps|reproduce|repro)\b|^\s*1\.|```/im.test(text))
            missing.push('steps to reproduce');
        if (!/\bversion\b|\bv?\d+\.\d+(?:\.\d+)?\b/i.test(text))
            missing.push('the version in use');
        if (!/\bexpected\b/i.test(text))
            missing.push('what was expected instead');
    }
    const best = recent
        .filter((r) => r.number !== issue.number)
        .map((r) => ({ number: r.number, score: similarity(issue.title, r.title) }))
        .sort((a, b) => b.score - a.score || a.number - b.number)[0];
    return { text, type, priority, missing, ...(best && best.score >= DUPLICATE_SIMILARITY ? { duplicate: best.number } : {}) };
}
function labelHolds(name, reading) {
    const key = name.toLowerCase();
    if (NEEDS_INFO.includes(key))
        return reading.missing.length > 0;
    if (DUPLICATE.includes(key))
        return reading.duplicate !== undefined;
    const rule = LABEL_RULES.find((r) => r.names.includes(key));
    return rule !== undefined && rule.pattern.test(reading.text);
}
function cueOf(name) {
    const key = name.toLowerCase();
    if (NEEDS_INFO.includes(key))
        return 'information that is missing';
    if (DUPLICATE.includes(key))
        return 'an earlier issue about the same thing';
    return LABEL_RULES.find((r) => r.names.includes(key))?.cue;
}
function replyOf(reading) {
    const parts = [`Thanks for opening this. It reads as a ${reading.type === 'other' ? 'general report' : reading.type} of ${reading.priority} priority.`];
    if (reading.missing.length > 0)
        parts.push(`To act on it, please add ${reading.missing.join(', ')}.`);
    if (reading.duplicate)
        parts.push(`It may be the same as #${reading.duplicate}.`);
    return parts.join(' ');
}
function dry_run_triage_verdictFor(p, issues, recent) {
    const verdict = (kind, confidence, evidence) => ({ id: p.id, verdict: kind, confidence, evidence });
    const issue = issues.find((i) => i.number === p.issue);
    if (!issue)
        return verdict('refuted', dry_run_triage_CONFIDENT, `Checked: issue #${p.issue} is not among the issues shown.`);
    const reading = read(issue, recent);
    switch (p.kind) {
        case 'label': {
            if (!cueOf(p.label))
                return verdict('uncertain', dry_run_triage_UNSURE, `Checked #${p.issue}: no rule says what "${p.label}" means.`);
            return labelHolds(p.label, reading)
                ? verdict('confirmed', dry_run_triage_CONFIDENT, `Checked #${p.issue}: the text points to ${cueOf(p.label)}.`)
                : verdict('refuted', dry_run_triage_CONFIDENT, `Checked #${p.issue}: nothing in the text points to ${cueOf(p.label)}.`);
        }
        case 'type':
            return p.type === reading.type
                ? verdict('confirmed', dry_run_triage_CONFIDENT, `Checked #${p.issue}: it reads as a ${reading.type}.`)
                : verdict('refuted', dry_run_triage_CONFIDENT, `Checked #${p.issue}: it reads as a ${reading.type}, not a ${p.type}.`);
        case 'priority':
            return p.priority === reading.priority
                ? verdict('confirmed', dry_run_triage_CONFIDENT, `Checked #${p.issue}: ${reading.priority} fits what it describes.`)
                : verdict('uncertain', dry_run_triage_UNSURE, `Checked #${p.issue}: ${reading.priority} would fit better than ${p.priority}.`);
        case 'duplicate': {
            const of = p.of;
            const original = recent.find((r) => r.number === of) ?? issues.find((i) => i.number === of);
            const score = original ? similarity(issue.title, original.title) : 0;
            return score >= DUPLICATE_SIMILARITY
                ? verdict('confirmed', dry_run_triage_CONFIDENT, `Checked #${p.issue} against #${of}: the titles describe the same thing.`)
                : verdict('refuted', dry_run_triage_CONFIDENT, `Checked #${p.issue} against #${of}: the titles describe different things.`);
        }
        case 'missing': {
            const claimed = p.items;
            return claimed.every((item) => reading.missing.includes(item))
                ? verdict('confirmed', dry_run_triage_CONFIDENT, `Checked #${p.issue}: the text gives none of ${claimed.join(', ')}.`)
                : verdict('refuted', dry_run_triage_CONFIDENT, `Checked #${p.issue}: the text already gives some of ${claimed.join(', ')}.`);
        }
        case 'comment':
            return p.body.length <= REPLY_MAX && !/@\w/.test(p.body) && !/\b(?:will (?:be )?fix|guarantee|promise)/i.test(p.body)
                ? verdict('confirmed', dry_run_triage_CONFIDENT, `Checked #${p.issue}: the reply is short, factual and promises nothing.`)
                : verdict('refuted', dry_run_triage_CONFIDENT, `Checked #${p.issue}: the reply is too long, mentions someone or promises something.`);
    }
}
/** Shared significant words of two titles over all of them (Jaccard). */
function similarity(a, b) {
    const words = (s) => new Set(s
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 3 && !STOP_WORDS.has(w)));
    const x = words(a);
    const y = words(b);
    if (x.size === 0 || y.size === 0)
        return 0;
    const shared = [...x].filter((w) => y.has(w)).length;
    return shared / (x.size + y.size - shared);
}

;// CONCATENATED MODULE: ./src/providers/dry-run.ts
/**
 * A provider that asks no model: it answers review and verify tasks from a table of risky
 * patterns, deterministically, with no key and no network, so a whole loop can run (and be
 * tested, and demoed) offline. Its usage mirrors what a real run would bill, cache included.
 * Triage tasks are answered by the keyword rules of dry-run-triage.ts, generic ones by dry-run-generic.ts.
 */








const dry_run_MAX_FINDINGS = 50;
const EXCERPT_CHARS = 200;
const dry_run_CONFIDENT = 0.9;
const dry_run_UNSURE = 0.5;
class DryRunProvider {
    name = 'dry-run';
    dryRun = true;
    /** Shared contexts already "written to the cache", by hash. */
    #cached = new Set();
    /** As much as a real model would be given, so budgets stop a dry run where they would stop a real one. */
    thinkingTokens(_model, effort) {
        return capabilities/* THINKING_TOKENS */.Ar[effort];
    }
    /** No API to count with, and no bill to pass: the estimate is what its made-up usage is measured against. */
    async promptTokens(request) {
        return { tokens: (0,cost_model/* promptEstimate */.J8)(request) };
    }
    async call(request) {
        if (request.signal?.aborted)
            throw new types/* ProviderError */.mZ('aborted', `${request.agent}: the call was aborted`);
        const started = Date.now();
        const answer = answerTask(request.task, request.agent);
        const parsed = request.answer.schema.safeParse(answer);
        if (!parsed.success) {
            throw new types/* ProviderError */.mZ('malformed', `${request.agent}: the dry run's own answer breaks ${request.answer.name}: ${errors/* prettifyError */.S1(parsed.error)}`);
        }
        request.onFirstToken?.();
        return { output: parsed.data, usage: this.#usage(request, answer), model: request.model, attempts: 1, durationMs: Date.now() - started };
    }
    /**
     * Tokens as ceil(chars / 4); the shared context is a cache write the first time, a read after.
     * Thinking is billed as output: a typical share of its reserve, as the cost model assumes.
     */
    #usage(request, answer) {
        const key = (0,external_node_crypto_.createHash)('sha256').update(request.sharedContext).digest('hex');
        const written = this.#cached.has(key);
        this.#cached.add(key);
        const shared = tokens(request.sharedContext);
        const thinking = Math.floor(request.thinkingTokens * cost_model/* TYPICAL_SHARE */.ZF);
        return {
            inputTokens: tokens(request.prompt),
            outputTokens: tokens(JSON.stringify(answer)) + thinking,
            cacheWriteTokens: written ? 0 : shared,
            cacheReadTokens: written ? shared : 0,
            thinkingTokens: thinking
        };
    }
}
function tokens(text) {
    return Math.ceil(text.length / 4);
}
function answerTask(task, agent) {
    switch (task.kind) {
        case 'review':
            return review(task.files, task.objections, focusOf(agent));
        case 'verify':
            return { verdicts: task.findings.map((finding) => dry_run_verdictFor(finding, task.files)) };
        case 'triage':
            return dryRunTriage(task.issues, task.labels, task.recent, task.objections);
        case 'verify-triage':
            return dryRunVerifyTriage(task.proposals, task.issues, task.recent);
        case 'generic':
            return dryRunGeneric(task.title, task.sections, task.kinds, task.labels, task.objections, task.lessons ?? []);
        case 'verify-generic':
            return dryRunVerifyGeneric(task.proposals, task.sections);
    }
}
/** Makers split the work by their label, so several of them overlap the way real makers do. */
function focusOf(agent) {
    const label = agent.toLowerCase();
    if (label.includes('security'))
        return (rule) => rule.category === 'security';
    if (label.includes('logic') || label.includes('bug'))
        return (rule) => rule.category === 'bug' || rule.category === 'reliability';
    return () => true;
}
function review(files, objections, focus) {
    const found = [];
    let added = 0;
    for (const file of files) {
        const rules = RULES.filter((rule) => focus(rule) && appliesTo(rule, file.path));
        for (const line of file.lines) {
            if (line.kind !== 'add' || line.side !== 'RIGHT')
                continue;
            added += 1;
            rules.forEach((rule) => {
                if (matches(rule, line.text))
                    found.push({ finding: findingOf(rule, file.path, line.line, line.text), order: RULES.indexOf(rule) });
            });
        }
    }
    const kept = found.filter(({ finding }) => !objections.some((objection) => mentions(objection, finding.claim)));
    kept.sort((a, b) => a.finding.path.localeCompare(b.finding.path) || a.finding.line - b.finding.line || a.order - b.order);
    const dropped = found.length - kept.length;
    // The tool takes at most 50 findings; beyond that they are cut in path and line order, not ranked.
    const findings = kept.slice(0, dry_run_MAX_FINDINGS).map(({ finding }) => finding);
    return {
        findings,
        summary: `Dry run, no model: ${findings.length} finding(s) from pattern rules over ${added} added line(s) in ${files.length} file(s)` +
            (dropped > 0 ? `; ${dropped} dropped after objections.` : '.')
    };
}
function findingOf(rule, path, line, text) {
    return {
        path,
        line,
        side: 'RIGHT',
        quote: text,
        severity: rule.severity,
        category: rule.category,
        claim: rule.claim,
        evidence: `${path}:${line} adds \`${excerpt(text)}\`. ${rule.why}`,
        ...(rule.fix ? { fix: rule.fix } : {})
    };
}
function dry_run_verdictFor(finding, files) {
    const verdict = (kind, confidence, evidence) => ({
        id: finding.id,
        verdict: kind,
        confidence,
        evidence
    });
    const file = files.find((f) => f.path === finding.path);
    const quote = finding.quote?.trim();
    const holding = (file?.lines ?? []).filter((l) => (quote ? l.text.includes(quote) : l.line === finding.line && l.side === finding.side));
    if (!file || holding.length === 0) {
        return verdict('refuted', dry_run_CONFIDENT, `Checked ${finding.path}: ${file ? 'the quoted code is not in its diff' : 'the file is not part of the change'}.`);
    }
    if ((finding.severity === 'low' || finding.severity === 'info') && (finding.category === 'style' || finding.category === 'maintainability')) {
        return verdict('uncertain', dry_run_UNSURE, `Checked ${finding.path}:${finding.line}: a low-severity ${finding.category} point, which is a matter of judgement.`);
    }
    const addedLines = holding.filter((l) => l.kind === 'add' && l.side === 'RIGHT');
    addedLines.sort((a, b) => Math.abs(a.line - finding.line) - Math.abs(b.line - finding.line));
    // The maker's own rule when the claim is one of ours, else any rule of the claimed category.
    const ownRule = RULES.find((rule) => rule.claim === finding.claim);
    const rules = ownRule ? [ownRule] : RULES.filter((rule) => rule.category === finding.category && appliesTo(rule, finding.path));
    for (const line of addedLines) {
        const rule = rules.find((r) => r.pattern.test(line.text));
        if (rule) {
            return verdict('confirmed', dry_run_CONFIDENT, `Checked ${finding.path}:${line.line}: the quoted code is on an added line and matches the "${rule.id}" pattern.`);
        }
    }
    return verdict('uncertain', dry_run_UNSURE, addedLines.length === 0
        ? `Checked ${finding.path}: the quoted code is there but not on an added line.`
        : `Checked ${finding.path}: the quoted code is on an added line, but no known ${finding.category} pattern matches it.`);
}
function mentions(objection, claim) {
    const normal = (s) => s.toLowerCase().replace(/\s+/g, ' ').trim();
    return normal(objection).includes(normal(claim));
}
function excerpt(text) {
    const trimmed = text.trim();
    return trimmed.length > EXCERPT_CHARS ? `${trimmed.slice(0, EXCERPT_CHARS)}…` : trimmed;
}

// EXTERNAL MODULE: ./src/tools/index.ts + 12 modules
var tools = __webpack_require__(2502);
// EXTERNAL MODULE: ./src/guard/index.ts + 2 modules
var guard = __webpack_require__(9316);
;// CONCATENATED MODULE: ./src/providers/guarded.ts
/**
 * The provider boundary: every model request of a run passes here before it leaves for a model
 * API. Its text (the shared context, the agent's prompt), the tool descriptions and every tool
 * result are redacted with the run's secrets; a tool description from outside LoopKit (an MCP
 * server's) is fenced like any other untrusted text. The results are fenced where the turns are
 * built (answer.ts), after the call is recorded.
 */

/** Tools LoopKit itself describes; every other description (an MCP server's) is untrusted. */
const OWN_SOURCES = /^(repository|skill:)/;
class GuardedProvider {
    inner;
    redactor;
    name;
    dryRun;
    constructor(inner, redactor) {
        this.inner = inner;
        this.redactor = redactor;
        this.name = inner.name;
        this.dryRun = inner.dryRun;
    }
    thinkingTokens(model, effort) {
        return this.inner.thinkingTokens(model, effort);
    }
    promptTokens(request) {
        return this.inner.promptTokens(this.#text(request));
    }
    call(request) {
        const { tools } = request;
        return this.inner.call({ ...this.#text(request), ...(tools ? { tools: this.#tools(tools, request.agent) } : {}) });
    }
    #text(request) {
        const where = `the prompt of ${request.agent}`;
        return { ...request, sharedContext: this.redactor.redact(request.sharedContext, where), prompt: this.redactor.redact(request.prompt, where) };
    }
    #tools(tools, agent) {
        const { redactor } = this;
        const specs = tools.specs.map((spec) => {
            const description = redactor.redact(spec.description, `the description of the tool ${spec.name}`);
            return {
                ...spec,
                description: OWN_SOURCES.test(spec.source) ? description : (0,guard/* fence */.EU)(`description of the tool ${spec.name} (${spec.source})`, description)
            };
        });
        return {
            specs,
            maxTurns: tools.maxTurns,
            call: async (name, input, signal) => {
                const result = await tools.call(name, input, signal);
                return { ...result, text: redactor.redact(result.text, `a result of the tool ${name} for ${agent}`) };
            }
        };
    }
}

;// CONCATENATED MODULE: ./src/providers/create.ts






const VENDOR = {
    anthropic: { label: 'Anthropic', where: 'set the anthropic-api-key input' },
    openai: { label: 'OpenAI', where: 'set the openai-api-key input or OPENAI_API_KEY' }
};
function createProvider(setup) {
    const created = createUnguarded(setup);
    if (!created.ok)
        return created;
    // A key or a connector's secret is one of the run's wherever the provider was built (the action, the CLI, eval).
    for (const secret of [setup.keys.anthropic, setup.keys.openai, ...(0,tools/* declaredSecrets */.uk)(setup.loaded.loop).map((name) => setup.env[name])])
        setup.redactor.add(secret);
    return { ok: true, provider: new GuardedProvider(created.provider, setup.redactor) };
}
function createUnguarded(setup) {
    if (setup.dryRun)
        return { ok: true, provider: new DryRunProvider() };
    const { loop, makers, checkers } = setup.loaded;
    // Only the vendors the agents run on: a loop of OpenAI agents needs no Anthropic key, whatever the default model.
    const agents = [...makers, ...checkers];
    const needed = new Set((agents.length > 0 ? agents : [undefined]).map((agent) => (0,capabilities/* modelOf */.DM)(agent, loop, setup.defaultModel).provider));
    const providers = {};
    for (const name of needed) {
        const made = vendorProvider(name, setup);
        if (!made.ok)
            return made;
        providers[name] = made.provider;
    }
    const only = Object.values(providers);
    return { ok: true, provider: only.length === 1 ? only[0] : new MixedProvider(providers) };
}
/** The provider one model runs on (an evaluation's judge), by its name, guarded like a loop's. */
function createModelProvider(model, setup) {
    const made = vendorProvider((0,capabilities/* providerOf */.lc)(model), setup);
    return made.ok ? { ok: true, provider: new GuardedProvider(made.provider, setup.redactor) } : made;
}
function vendorProvider(name, setup) {
    const key = setup.keys[name];
    const vendor = VENDOR[name];
    if (!key)
        return { ok: false, missing: name, reason: `no ${vendor.label} API key (${vendor.where})` };
    const logger = {
        ...(setup.logger ? { logger: setup.logger } : {}),
        ...(setup.timeoutMs !== undefined ? { timeoutMs: setup.timeoutMs } : {}),
        ...(setup.retryBackoffMs !== undefined ? { retryBackoffMs: setup.retryBackoffMs } : {})
    };
    return {
        ok: true,
        provider: name === 'anthropic'
            ? new AnthropicProvider({ apiKey: key, ...(setup.env.ANTHROPIC_BASE_URL ? { baseURL: setup.env.ANTHROPIC_BASE_URL } : {}), ...logger })
            : openAIOnFirstUse({ apiKey: key, ...(setup.env.OPENAI_BASE_URL ? { baseURL: setup.env.OPENAI_BASE_URL } : {}), ...logger })
    };
}
/**
 * The OpenAI provider, built when it is first asked for a count or a call: the `openai` SDK it
 * runs on (about 0.6 MiB) is then compiled by the runs that call an OpenAI model, not by every
 * run that starts. Its thinking reserve is the one every ModelApi gives, which needs no SDK.
 */
function openAIOnFirstUse(options) {
    let built;
    const provider = () => (built ??= Promise.all(/* import() */[__webpack_require__.e(400), __webpack_require__.e(238)]).then(__webpack_require__.bind(__webpack_require__, 98238)).then(({ OpenAIProvider }) => new OpenAIProvider(options)));
    return {
        name: 'openai',
        dryRun: false,
        thinkingTokens: (_model, effort) => capabilities/* THINKING_TOKENS */.Ar[effort],
        async promptTokens(request) {
            return (await provider()).promptTokens(request);
        },
        async call(request) {
            return (await provider()).call(request);
        }
    };
}
/** Several vendors in one loop: each call goes to the API its request names. */
class MixedProvider {
    byName;
    name;
    dryRun = false;
    constructor(byName) {
        this.byName = byName;
        this.name = Object.keys(byName).join('+');
    }
    thinkingTokens(model, effort) {
        return this.#for((0,capabilities/* providerOf */.lc)(model)).thinkingTokens(model, effort);
    }
    promptTokens(request) {
        return this.#for(request.provider ?? (0,capabilities/* providerOf */.lc)(request.model)).promptTokens(request);
    }
    call(request) {
        return this.#for(request.provider ?? (0,capabilities/* providerOf */.lc)(request.model)).call(request);
    }
    #for(name) {
        const provider = this.byName[name];
        if (!provider)
            throw new types/* ProviderError */.mZ('auth', `no ${VENDOR[name].label} API key for this model`);
        return provider;
    }
}

// EXTERNAL MODULE: ./src/providers/models.ts + 1 modules
var models = __webpack_require__(30802);
;// CONCATENATED MODULE: ./src/providers/index.ts


// Not the OpenAI provider: its SDK is loaded on first use (create.ts), and exporting it from here would compile it with every run.







/***/ }),

/***/ 33282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mA: () => (/* binding */ withRetryHint),
/* harmony export */   uf: () => (/* binding */ COUNT_REQUEST),
/* harmony export */   yl: () => (/* binding */ ModelApi)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _anthropic_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(11760);
/* harmony import */ var _capabilities_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(56138);
/* harmony import */ var _cost_model_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(81337);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42695);
/**
 * What the Anthropic and OpenAI providers share: options, the key check, the thinking reserve,
 * prompt counts for the budget (one count request per shared prefix), the per-call deadline
 * joined with the caller's signal, and the default retry wait.
 */





const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * A count request is asked once, without the SDK's retries and briefly: a count that fails or is
 * slow (its own rate limit, an outage) costs a larger reservation, not a wait before the call.
 */
const COUNT_REQUEST = { maxRetries: 0, timeout: 15_000 };
class ModelApi {
    vendor;
    dryRun = false;
    apiKey;
    logger;
    #timeoutMs;
    /** Counts of shared prefixes by key, kept for the run: every call of a batch after the first reads it. */
    #prefixCounts = new Map();
    constructor(vendor, options) {
        this.vendor = vendor;
        if (!options.apiKey)
            throw new _types_js__WEBPACK_IMPORTED_MODULE_4__/* .ProviderError */ .mZ('auth', `no ${vendor} API key was given`);
        this.apiKey = options.apiKey;
        this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.logger = options.logger;
    }
    thinkingTokens(_model, effort) {
        return _capabilities_js__WEBPACK_IMPORTED_MODULE_2__/* .THINKING_TOKENS */ .Ar[effort];
    }
    /**
     * The API's count of the shared prefix (asked once per prefix, concurrent calls wait for the
     * same answer) plus a bound of the agent's own prompt; when the count fails, the byte bound of
     * the whole prompt, said once per prefix.
     */
    async promptTokens(request) {
        const prefix = this.prefixCount(request);
        const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(prefix.key).digest('hex');
        let counted = this.#prefixCounts.get(key);
        if (!counted) {
            counted = prefix.count().catch((err) => (err instanceof Error ? err : new Error(String(err))));
            this.#prefixCounts.set(key, counted);
        }
        const result = await counted;
        if (typeof result === 'number')
            return { tokens: (0,_cost_model_js__WEBPACK_IMPORTED_MODULE_3__/* .countedPrompt */ .Hi)(result, request.prompt) };
        return {
            tokens: (0,_cost_model_js__WEBPACK_IMPORTED_MODULE_3__/* .promptBound */ .Tr)(request),
            fallback: (0,_anthropic_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .redacted */ .pc)(`the ${this.vendor} API did not count the prompt of ${request.model} (${result.message}); the budget reserves its UTF-8 length instead, never low but larger`, this.apiKey)
        };
    }
    /** The signal one API call runs under: the caller's, and this provider's deadline; `endedBy` says which fired. */
    deadline(request) {
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
        return {
            signal: request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal,
            endedBy: () => (request.signal?.aborted ? 'caller' : deadline.signal.aborted ? 'deadline' : undefined),
            clear: () => clearTimeout(timer)
        };
    }
}
/**
 * Both SDKs honour `retry-after-ms` before their own backoff; adding it to error responses that
 * carry no retry hint of their own swaps only the default wait.
 */
function withRetryHint(response, ms) {
    if (response.ok || response.headers.has('retry-after') || response.headers.has('retry-after-ms'))
        return response;
    const headers = new Headers(response.headers);
    headers.set('retry-after-ms', String(ms));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}


/***/ })

};
