export const id = 672;
export const ids = [672,789];
export const modules = {

/***/ 9672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  actionLog: () => (/* binding */ actionLog),
  callLine: () => (/* binding */ callLine),
  engineEvents: () => (/* binding */ engineEvents)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/providers/types.ts
var types = __webpack_require__(2695);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/guard/index.ts + 2 modules
var guard = __webpack_require__(9316);
// EXTERNAL MODULE: ./src/providers/cost-model.ts + 3 modules
var cost_model = __webpack_require__(1626);
;// CONCATENATED MODULE: ./src/providers/answer.ts
/**
 * Answers as JSON that both APIs can guarantee. Strict structured outputs (OpenAI's always,
 * Anthropic's in effect) need every property required and no extra ones, so the wire form of an
 * answer schema turns each optional field into a nullable one and each default into a required
 * field; reading turns the nulls back into absent fields and validates with the engine's own
 * schema, which also checks what a JSON schema cannot say (lengths, ranges, integers).
 */





/** The schema error as the model will read it; long lists of issues are cut, the first ones matter. */
const MAX_PROBLEM_CHARS = 4000;
/** The strict wire form of a schema: optional → nullable, default → required, objects closed. */
function wireSchema(schema) {
    if (schema instanceof z.ZodOptional)
        return withDescription(z.nullable(wireSchema(schema.unwrap())), schema.description);
    if (schema instanceof z.ZodDefault)
        return withDescription(wireSchema(schema.unwrap()), schema.description);
    // A discriminated union goes out as anyOf of its wired options (strict structured outputs take anyOf, not oneOf); reading validates with the union itself.
    if (schema instanceof z.ZodUnion)
        return withDescription(z.union(schema.options.map((option) => wireSchema(option))), schema.description);
    if (schema instanceof z.ZodArray)
        return withDescription(z.array(wireSchema(schema.element)), schema.description);
    if (schema instanceof z.ZodObject) {
        const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, value]) => [key, wireSchema(value)]));
        return withDescription(z.strictObject(shape), schema.description);
    }
    return schema;
}
function withDescription(schema, description) {
    return description ? schema.describe(description) : schema;
}
/** JSON text of the run's format → this agent's validated answer, or what is wrong with it. */
function answer_readAnswer(text, answer) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return { ok: false, problem: `The answer is not JSON: ${text.slice(0, 200)}` };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        return { ok: false, problem: 'The answer is not a JSON object' };
    const fields = withoutNulls(json);
    const own = Object.fromEntries(Object.keys(answer.schema.shape).flatMap((key) => (key in fields ? [[key, fields[key]]] : [])));
    const parsed = answer.schema.safeParse(own);
    if (parsed.success)
        return { ok: true, output: parsed.data };
    const summary = z.prettifyError(parsed.error);
    const cut = summary.length > MAX_PROBLEM_CHARS ? `${summary.slice(0, MAX_PROBLEM_CHARS)}\n…` : summary;
    return { ok: false, problem: `The answer does not match the ${answer.name} schema:\n${cut}` };
}
function withoutNulls(value) {
    if (Array.isArray(value))
        return value.map(withoutNulls);
    if (typeof value !== 'object' || value === null)
        return value;
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}
/** The user turn of the one repair call: what was wrong, and the ask to answer again in full. */
function repairText(problem) {
    return `${problem}\n\nAnswer again with the whole answer, corrected.`;
}
/** What the model reads on its last turn, after the tool results. */
const LAST_TURN_TEXT = 'That was your last tool call: no more tools. Answer now, in the answer format, from what you have read.';
/**
 * One structured answer, the flow both model APIs share: the first turn; while the model calls
 * tools, the tools run (the calls of one turn in parallel) and their results go back in the next
 * turn, up to `tools.maxTurns` turns and what `nextTurn` allows; one repair turn when the answer
 * breaks what its JSON schema cannot say, in the room `nextTurn` allows; and every token billed
 * on the way kept in the response or the error. Every turn after the first is paid for through
 * `nextTurn` before it is sent; an error it throws (the budget) ends the call as it is.
 */
async function answerWithRepair(request, api) {
    const started = Date.now();
    let usage = ZERO_USAGE;
    let attempts = 0;
    let answering = false;
    const onStart = () => {
        if (answering)
            return;
        answering = true;
        request.onFirstToken?.();
    };
    const send = async (turn) => {
        attempts += 1;
        try {
            const sent = await api.send(turn, onStart);
            usage = addUsage(usage, sent.usage);
            return sent;
        }
        catch (err) {
            const failure = err instanceof ProviderError ? err : api.toError(err);
            usage = addUsage(usage, failure.usage);
            throw failure;
        }
    };
    try {
        let sent = await send({});
        if (request.tools)
            sent = await toolTurns(request, request.tools, api, sent, send);
        let reply = sent.reply;
        let reading = api.read(reply);
        if (!reading.ok) {
            api.logger?.warn(`${request.agent}: ${reading.problem.split('\n')[0]}; asking once more`);
            // The repair's prompt is this one, the reply sent back and the problem: paid for before it is sent, like any turn.
            const maxOutputTokens = await roomFor(request, sent.usage, utf8Bytes(repairText(reading.problem)), 'repair');
            sent = await send({ repair: { reply, problem: reading.problem, maxOutputTokens } });
            reply = sent.reply;
            reading = api.read(reply);
            if (!reading.ok)
                throw new ProviderError('malformed', `${request.agent}: ${reading.problem}`);
        }
        return { output: reading.output, usage, model: api.modelOf(reply), attempts, durationMs: Date.now() - started };
    }
    catch (err) {
        if (!(err instanceof ProviderError))
            throw err;
        throw new ProviderError(err.kind, err.message, usage, attempts, err.partial);
    }
}
/**
 * The output allowance of the turn after one that used `ended`, from `nextTurn` (which pays for
 * it or throws), else the call's. Its prompt is the last one, the reply (thinking included) sent
 * back and `addedBytes` of new text (a bound of its tokens: see cost-model.ts `utf8Bytes`).
 */
async function roomFor(request, ended, addedBytes, why) {
    const promptTokens = ended.inputTokens + ended.cacheReadTokens + ended.cacheWriteTokens + ended.outputTokens + addedBytes;
    return request.nextTurn ? await request.nextTurn(ended, promptTokens, why) : request.maxOutputTokens;
}
/** The tool turns: runs what each reply calls and sends the results back, until a reply calls nothing; that turn is returned. */
async function toolTurns(request, tools, api, first, send) {
    let sent = first;
    let turns = 1;
    for (let uses = api.toolUses(sent.reply); uses.length > 0; uses = api.toolUses(sent.reply)) {
        if (turns >= tools.maxTurns) {
            throw new ProviderError('malformed', `${request.agent}: called ${uses.map((u) => u.name).join(', ')} on its last turn (${tools.maxTurns}) instead of answering`);
        }
        const answers = await Promise.all(uses.map((use) => callTool(request, tools, use)));
        // Out of time while the tools ran: no turn is reserved or sent that could only be aborted.
        if (request.signal?.aborted)
            throw new ProviderError('aborted', `${request.agent}: the call was aborted while its tools ran`);
        // The results go back with their wrapping.
        const room = await roomFor(request, sent.usage, utf8Bytes(JSON.stringify(answers)) + utf8Bytes(LAST_TURN_TEXT), 'tools');
        turns += 1;
        const last = turns >= tools.maxTurns || room < request.maxOutputTokens;
        sent = await send({ tools: { reply: sent.reply, answers, last, maxOutputTokens: room } });
    }
    return sent;
}
async function callTool(request, tools, use) {
    const started = Date.now();
    const result = await tools.call(use.name, use.input, request.signal);
    request.onToolCall?.({
        agent: request.agent,
        tool: use.name,
        source: tools.specs.find((spec) => spec.name === use.name)?.source ?? 'not offered',
        argsDigest: argsDigest(use.input),
        bytes: utf8Bytes(result.text),
        startedAt: started,
        durationMs: Date.now() - started,
        ok: !result.isError,
        ...(result.isError ? { error: result.text.split('\n')[0].slice(0, 200) } : {})
    });
    // What a tool answers (a file of the pull request, an MCP server's text) is untrusted like the pull request itself.
    return { use, result: { ...result, text: fenceOnce(`result of the tool ${use.name}`, result.text) } };
}
/** A short digest of a tool call's arguments: tells equal calls apart in the log without showing them. */
function argsDigest(input) {
    return createHash('sha256')
        .update(JSON.stringify(input) ?? '')
        .digest('hex')
        .slice(0, 12);
}
/**
 * The complete part of an answer cut short: its text up to the last array item it finished (an
 * object: a finding, a verdict, an issue), closed as JSON; undefined when no item was finished.
 */
function answer_completedPart(text) {
    const stack = [];
    let inString = false;
    let escaped = false;
    let cut;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c === '\\')
                escaped = true;
            else if (c === '"')
                inString = false;
            continue;
        }
        if (c === '"')
            inString = true;
        else if (c === '{' || c === '[')
            stack.push(c);
        else if (c === '}' || c === ']') {
            stack.pop();
            if (c === '}' && stack.at(-1) === '[')
                cut = { at: i + 1, open: [...stack] };
        }
    }
    if (!cut)
        return undefined;
    return (text.slice(0, cut.at) +
        cut.open
            .reverse()
            .map((b) => (b === '{' ? '}' : ']'))
            .join(''));
}

// EXTERNAL MODULE: ./src/engine/budget.ts
var budget = __webpack_require__(7977);
;// CONCATENATED MODULE: ./src/engine/calls.ts
/**
 * One place where every model call goes through: budget reservation before, settlement after
 * (failed calls are billed too), cache-friendly ordering, and a record for the log. A call may
 * take several turns (requests): tool turns, and the repair turn of an answer its schema refused.
 * Each turn after the first reserves before it is sent and the turn before it is settled then,
 * so the reservations cover every request, and each request is priced on its own usage.
 */






/** A call's turns and tool calls for its log line ('' for a call of one turn without tools), then one line per tool call. */
function toolLog(record) {
    if (record.turns <= 1 && record.tools.length === 0)
        return { suffix: '', lines: [] };
    const suffix = ` · ${record.turns} turns, ${record.tools.length} tool call${record.tools.length === 1 ? '' : 's'}`;
    const lines = record.tools.map((t) => `  ↳ ${t.ok ? '' : '✗ '}${t.tool} (${t.source}) · args ${t.argsDigest} · ${t.bytes} B · ${t.durationMs} ms${t.error ? ` · ${t.error}` : ''}`);
    return { suffix, lines };
}
const silentEvents = { info: () => { }, warning: () => { }, call: () => { } };
/** Thrown when the budget refuses a call: the loop stops launching work and reports partial results. */
class BudgetStop extends (/* unused pure expression or super */ null && (Error)) {
    name = 'BudgetStop';
}
/**
 * A cache entry can be read only once the call that writes it has begun to answer. The first
 * call on a prefix starts at once; the others wait for its first token (or its end), then go
 * together, so one call writes and the rest read. The wait is bounded: a first call that hangs
 * must not hold the others back, which then pay a cache write of their own instead.
 */
class PrefixWarmer {
    started = new Map();
    async run(prefix, maxWaitMs, call) {
        const waiting = this.started.get(prefix);
        if (waiting) {
            let timer;
            await Promise.race([waiting, new Promise((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
            clearTimeout(timer);
            return call(() => { });
        }
        let begun;
        this.started.set(prefix, new Promise((resolve) => (begun = resolve)));
        try {
            return await call(begun);
        }
        finally {
            begun();
        }
    }
}
/**
 * Prompt tokens tools add to a call beyond their definitions' bytes: the instructions the API
 * puts around tool use (a few hundred tokens on both APIs), rounded up so the bound is never low.
 */
const TOOL_USE_OVERHEAD_TOKENS = 1_000;
/** A bound of what an agent's tool definitions add to each of its prompts. */
function toolTokens(tools) {
    return tools && tools.specs.length > 0 ? utf8Bytes(JSON.stringify(tools.specs)) + TOOL_USE_OVERHEAD_TOKENS : 0;
}
/**
 * One answer format for every role of a run, the union of the roles' fields (each role fills its
 * own): the format is part of the cached prefix on both APIs, so makers and checker share it.
 */
function answerFormat(name, roles) {
    const shape = {};
    for (const role of roles) {
        for (const [key, value] of Object.entries(role.shape)) {
            if (key in shape && shape[key] !== value)
                throw new Error(`answer format ${name}: two roles define ${key} differently`);
            shape[key] = value;
        }
    }
    return { name, schema: z.strictObject(shape) };
}
/** How long later calls wait for the first call on a prefix to start answering. */
const DEFAULT_WARM_WAIT_MS = 20_000;
class CallRunner {
    provider;
    meter;
    events;
    warmWaitMs;
    warmer = new PrefixWarmer();
    limit;
    /** Fallback warnings already given: one per prefix the API could not count, not one per call. */
    warned = new Set();
    records = [];
    constructor(provider, meter, events, concurrency, warmWaitMs = DEFAULT_WARM_WAIT_MS) {
        this.provider = provider;
        this.meter = meter;
        this.events = events;
        this.warmWaitMs = warmWaitMs;
        this.limit = pLimit(concurrency);
    }
    /**
     * Runs a call under the budget; throws BudgetStop when refused, ProviderError when it failed.
     * A reply cut at max_tokens is asked for once more: with twice the room for the answer when
     * the budget allows, else with the room there is and the `fewer` instruction.
     */
    async call(request, context) {
        // Never spend more than a quarter of the time left waiting for someone else's first token.
        const maxWait = Math.min(this.warmWaitMs, this.meter.remainingMs() / 4);
        const thinking = this.provider.thinkingTokens(request.model, request.effort);
        // Counted now, while the call may still wait for a slot or for the first call's first token.
        const counting = this.provider.promptTokens({ ...request, thinkingTokens: thinking });
        // A count that fails before it is awaited (after the wait) must not surface as an unhandled rejection; the await rethrows it.
        counting.catch(() => { });
        return this.warmer.run(request.sharedContext, maxWait, (onFirstToken) => this.limit(async () => {
            const promptTokens = this.#counted(await counting) + toolTokens(request.tools);
            const first = this.#reserve(request, promptTokens, request.maxOutputTokens, thinking);
            if (isRefusal(first)) {
                onFirstToken();
                throw new BudgetStop(first.reason);
            }
            try {
                return await this.#attempt(request, first, thinking, onFirstToken, context, request.prompt);
            }
            catch (error) {
                if (!isCut(error))
                    throw error;
                // The prompt may grow by the `fewer` instruction: its bytes bound what it adds.
                const longer = this.#reserve(request, promptTokens + utf8Bytes(`\n\n${request.fewer}`), request.maxOutputTokens * 2, thinking);
                if (isRefusal(longer))
                    return this.#completedPart(request, error);
                const room = longer.maxOutputTokens - thinking;
                const prompt = room >= request.maxOutputTokens * 2 ? request.prompt : `${request.prompt}\n\n${request.fewer}`;
                this.events.warning(`${request.agent}: the answer was cut at the output limit; asking again with ${room} tokens for it${prompt === request.prompt ? '' : ' and for a shorter answer'}`);
                try {
                    return await this.#attempt(request, longer, thinking, () => { }, context, prompt);
                }
                catch (again) {
                    if (!isCut(again))
                        throw again;
                    return this.#completedPart(request, again);
                }
            }
        }));
    }
    /** What a cut reply completed (whole findings, verdicts, issues), said as such; else the cut stands as the failure. */
    #completedPart(request, error) {
        const text = error.partial === undefined ? undefined : completedPart(error.partial);
        const reading = text === undefined ? undefined : readAnswer(text, request.answer);
        if (!reading?.ok)
            throw error;
        request.cut(`${request.agent}'s answer was cut at the output limit: the items it completed are kept, the rest is lost`);
        return reading.output;
    }
    #counted(count) {
        if (count.fallback && !this.warned.has(count.fallback)) {
            this.warned.add(count.fallback);
            this.events.warning(count.fallback);
        }
        return count.tokens;
    }
    #reserve(request, promptTokens, answerTokens, thinking) {
        return this.meter.reserve({
            model: request.model,
            inputTokens: promptTokens,
            maxOutputTokens: answerTokens + thinking,
            minOutputTokens: Math.min(answerTokens, MIN_ANSWER_TOKENS) + thinking
        });
    }
    async #attempt(request, reservation, thinking, onFirstToken, context, prompt) {
        const remaining = this.meter.remainingMs();
        const signal = Number.isFinite(remaining) ? AbortSignal.timeout(Math.max(1, remaining)) : undefined;
        const started = Date.now();
        const { fewer: _fewer, ...asked } = request;
        // The reservation of the turn in progress (none while the next one is being reserved), and what the turns before it used.
        let open = reservation;
        let settled = ZERO_USAGE;
        let costUsd = 0;
        let turns = 1;
        const tools = [];
        const settleOpen = (model, total) => {
            if (open)
                costUsd += this.meter.settle(open, model, usageBeyond(total, settled));
            open = undefined;
            settled = total;
        };
        const nextTurn = async (ended, promptTokens, why) => {
            settleOpen(request.model, addUsage(settled, ended));
            const next = this.#reserve(request, promptTokens, reservation.maxOutputTokens - thinking, thinking);
            if (isRefusal(next))
                throw new BudgetStop(`${next.reason} (${request.agent} ${TURN_NEEDED[why]})`);
            open = next;
            turns += 1;
            return next.maxOutputTokens;
        };
        try {
            const response = await this.provider.call({
                ...asked,
                prompt,
                maxOutputTokens: reservation.maxOutputTokens,
                thinkingTokens: thinking,
                onFirstToken,
                ...(signal ? { signal } : {}),
                nextTurn,
                ...(request.tools ? { onToolCall: (record) => tools.push(record) } : {})
            });
            settleOpen(response.model, response.usage);
            this.record({
                ...context,
                agent: request.agent,
                model: response.model,
                usage: response.usage,
                costUsd,
                durationMs: response.durationMs,
                ok: true,
                turns,
                tools
            });
            return response.output;
        }
        catch (error) {
            const usage = error instanceof ProviderError ? error.usage : settled;
            settleOpen(request.model, usage);
            const message = error instanceof Error ? error.message : String(error);
            this.record({
                ...context,
                agent: request.agent,
                model: request.model,
                usage,
                costUsd,
                durationMs: Date.now() - started,
                ok: false,
                error: message,
                turns,
                tools
            });
            if (signal?.aborted)
                throw new BudgetStop(`time budget of ${this.meter.limits.maxDurationMinutes} min used up while ${request.agent} was answering`);
            throw error;
        }
    }
    record(record) {
        this.records.push(record);
        this.events.call(record);
    }
}
/** Why a turn was asked for, in the reason of a budget stop. */
const TURN_NEEDED = {
    tools: 'had called tools and needed another turn',
    repair: "had answered outside its schema's rules and needed the repair turn"
};
function isCut(error) {
    return error instanceof ProviderError && error.kind === 'truncated';
}
/** Waits for every call; the first failure (e.g. a budget stop) is rethrown only after all settled. */
async function settleAll(calls) {
    const results = await Promise.allSettled(calls);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}
/** Items in runs of at most `size`, e.g. findings per checker call. */
function inChunks(items, size) {
    const chunks = [];
    for (let i = 0; i < items.length; i += size)
        chunks.push(items.slice(i, i + size));
    return chunks;
}

// EXTERNAL MODULE: ./src/render/escape.ts
var render_escape = __webpack_require__(7789);
// EXTERNAL MODULE: ./src/render/markers.ts
var markers = __webpack_require__(6327);
// EXTERNAL MODULE: ./src/loop/schema.ts + 2 modules
var schema = __webpack_require__(1814);
;// CONCATENATED MODULE: ./src/render/format.ts


/** GitHub's limit on an issue or review comment body. */
const format_MAX_COMMENT = 65_536;
/** GitHub's limit on a check run's `output.summary` and `output.text`. */
const format_MAX_CHECK = 65_535;
/** `core.summary` refuses a job summary over 1 MiB. */
const format_MAX_JOB_SUMMARY_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
const BADGES = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };
function format_severityLabel(severity) {
    return `${BADGES[severity]} ${severity[0].toUpperCase()}${severity.slice(1)}`;
}
function format_plural(count, singular, pluralForm = `${singular}s`) {
    return `${format_formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
function format_formatCount(n) {
    return n.toLocaleString('en-US');
}
/** Four decimals: a cheap run costs fractions of a cent, and that is worth seeing. */
function format_formatCost(usd) {
    return `$${usd.toFixed(4)}`;
}
function formatDuration(ms) {
    const seconds = Math.round(ms / 1000);
    return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
function format_percent(fraction) {
    return `${Math.round(fraction * 100)}%`;
}
function format_shortSha(sha) {
    return sha.slice(0, 7);
}
/** "2 verified findings (1 high, 1 low)", or "No verified findings". */
function findingsPhrase(verified) {
    if (verified.length === 0)
        return 'No verified findings';
    const bySeverity = SEVERITIES.flatMap((s) => {
        const n = verified.filter((f) => f.severity === s).length;
        return n > 0 ? [`${format_formatCount(n)} ${s}`] : [];
    });
    return `${format_plural(verified.length, 'verified finding')} (${bySeverity.join(', ')})`;
}
/** The outcome of a review in a few words, for titles. */
function format_outcomeOf(result) {
    if (result.status === 'failed')
        return 'Review failed';
    const findings = findingsPhrase(result.verified);
    if (result.dryRun)
        return `Dry run · ${findings}`;
    if (result.status === 'partial')
        return `Review partial · ${findings}`;
    return findings;
}
/** Why the review is partial or failed, on one line; empty when it is complete. */
function format_reasonsLine(result, textBudget, maxReasons) {
    if (result.status === 'complete' || result.reasons.length === 0)
        return '';
    const reasons = result.reasons.slice(0, maxReasons).map((r) => escapeMarkdownInline(format_clip(r, textBudget)));
    const hidden = result.reasons.length - reasons.length;
    return `**Review ${result.status}:** ${[...reasons, ...(hidden > 0 ? [`${format_formatCount(hidden)} more`] : [])].join('; ')}.`;
}
function format_dryRunLine() {
    return '**Dry run** — no model was called; the findings are samples.';
}
function format_escalationLine(result, textBudget) {
    if (!result.escalated)
        return '';
    const why = result.escalation ? ` ${escapeMarkdownInline(format_clip(result.escalation, textBudget))}` : '';
    return `**A human should review this pull request:** the checker did not confirm enough of the findings.${why}`;
}
/**
 * Dry run, why the review is partial, escalation: the paragraphs under an outcome, as they apply.
 * Paragraphs, because check runs and job summaries join plain line breaks into one line.
 */
function statusParagraphs(result, maxReasons, textBudget) {
    return [result.dryRun ? format_dryRunLine() : '', format_reasonsLine(result, textBudget, maxReasons), format_escalationLine(result, textBudget)].filter((line) => line !== '');
}
function format_coverageLine(c) {
    return [
        `${format_formatCount(c.filesReviewed)} of ${format_plural(c.filesTotal, 'file')}`,
        `${format_formatCount(c.linesReviewed)} of ${format_plural(c.linesTotal, 'changed line')}`,
        format_plural(c.batches, 'batch', 'batches')
    ].join(' · ');
}
function format_usageLine(result) {
    return [format_plural(result.tokens, 'token'), format_formatCost(result.costUsd), format_plural(result.calls.length, 'model call'), formatDuration(result.durationMs)].join(' · ');
}
/** Most severe first, then by place, so the table reads like the diff. */
function format_bySeverity(a, b) {
    return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || byCodePoint(a.path, b.path) || format_lineOf(a) - format_lineOf(b);
}
/** Paths sorted as git sorts them, and without the cost of a locale. */
function byCodePoint(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** The line GitHub shows the finding on, or the maker's line when it could not be placed. */
function format_lineOf(f) {
    return f.anchor.ok ? f.anchor.line : f.line;
}
/** Paths run to hundreds of characters in generated trees; the ends say which file it is. */
function format_displayPath(path) {
    const max = 160;
    return path.length <= max ? path : `${path.slice(0, 60)}…${path.slice(-(max - 61))}`;
}
function format_locationCell(f) {
    return cellCode(`${format_displayPath(f.path)}:${format_lineOf(f)}`);
}
/** The verified findings as a table, most severe first. */
function format_findingsTable(findings, rows, textBudget) {
    const sorted = [...findings].sort(format_bySeverity);
    const shown = sorted.slice(0, rows);
    const body = format_table(['Severity', 'Location', 'Category', 'Finding'], shown.map((f) => [format_severityLabel(f.severity), format_locationCell(f), f.category, markdownCell(format_clip(f.claim, textBudget))]));
    return format_withMore(body, sorted.length - shown.length);
}
/** `cells` must already be escaped for a table. */
function format_table(head, rows) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
/** A collapsed section; `summary` must already be escaped for HTML. */
function format_folded(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
/** `body` followed by a note of how many items it leaves out. */
function format_withMore(body, hidden) {
    const note = hidden > 0 ? `_${format_formatCount(hidden)} more not shown._` : '';
    return [body, note].filter((part) => part !== '').join('\n\n');
}
/** At most `max` characters, ending in "…" when cut, never splitting a surrogate pair. */
function format_clip(text, max) {
    if (text.length <= max)
        return text;
    if (max <= 0)
        return '';
    let end = max - 1;
    if (/[\uDC00-\uDFFF]/.test(text[end] ?? ''))
        end--;
    return `${text.slice(0, end).trimEnd()}…`;
}
/**
 * The first rendering, from the most detailed level down, whose size is within `cap`; the last
 * level is the smallest rendering there is and is returned when none fits.
 */
function format_fit(cap, levels, render, size = (t) => t.length) {
    let text = '';
    for (const level of levels) {
        text = render(level);
        if (size(text) <= cap)
            break;
    }
    return text;
}
/** The body every review report shares: status, verified findings, coverage, spend. */
function format_reviewParagraphs(result, rows, text) {
    return [
        ...statusParagraphs(result, rows, text),
        result.verified.length > 0 ? format_findingsTable(result.verified, rows, text) : '',
        `**Coverage:** ${format_coverageLine(result.coverage)}`,
        format_usageLine(result)
    ];
}

;// CONCATENATED MODULE: ./src/render/not-placed.ts


const not_placed_NOT_PLACED_INTRO = 'These verified findings have no comment on their line; each says why.';
/** At most `rows` findings, with `text` characters of claim and evidence each. */
function not_placed_notPlacedList(findings, rows, text) {
    const shown = [...findings].sort(bySeverity).slice(0, rows);
    const byPath = new Map();
    for (const f of shown) {
        const inFile = byPath.get(f.path);
        if (inFile)
            inFile.push(f);
        else
            byPath.set(f.path, [f]);
    }
    const files = [...byPath].map(([path, inFile]) => [`**${codeSpan(displayPath(path))}**`, ...inFile.map((f) => notPlacedFinding(f, text))].join('\n\n'));
    return withMore(files.join('\n\n'), findings.length - shown.length);
}
/**
 * Why a finding is listed instead of commented on its line, in the words of someone reading the
 * pull request (the anchor's own reason, with sides and hunk spans, is for the maker that cited it).
 */
function notPlacedReason(f) {
    const path = codeSpan(displayPath(f.path));
    const line = `line ${lineOf(f)} of ${path}${f.side === 'LEFT' ? ' (before the change)' : ''}`;
    const why = f.anchor.ok
        ? 'it went over the number of inline comments the loop allows, or GitHub refused the comment'
        : {
            file: `${path} is not one of the files this pull request changes`,
            'no-diff': `${path} has no diff to comment on (binary, too large or without changed text)`,
            outside: `${line} is not part of this pull request's changes`,
            quote: `the code it quotes is not on ${line} or on any other changed line`
        }[f.anchor.why];
    return `${why.charAt(0).toUpperCase()}${why.slice(1)}, so it is listed here instead of inline.`;
}
function notPlacedFinding(f, text) {
    const evidence = clip(f.evidence, text);
    return [
        `**${severityLabel(f.severity)} · ${f.category}** · line ${lineOf(f)} — ${sanitizeModelInline(clip(f.claim, text))}`,
        evidence === '' ? '' : sanitizeModelMarkdown(evidence),
        `_${notPlacedReason(f)}_`
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}

;// CONCATENATED MODULE: ./src/render/comment.ts
/** A pull request review: the inline comment of each finding, and the review's own body. */





/** A claim is one sentence; a longer one is cut so the first line stays a title. */
const CLAIM_MAX = 1_000;
/** Characters kept of each explanation (evidence, fix, the checker's evidence), from all to none. */
const TEXT_BUDGETS = [Infinity, 4_000, 1_000, 300, 0];
function comment_findingComment(finding, options) {
    const suggestion = options.suggestion === undefined ? '' : (unpostable(options.suggestion) ?? formatSuggestion(options.suggestion));
    // A cut suggestion would be wrong code, so it is dropped whole once nothing else can shrink.
    const levels = [...TEXT_BUDGETS.map((budget) => ({ budget, suggestion })), { budget: 0, suggestion: '_The suggested change is too long for a comment._' }];
    return fit(MAX_COMMENT, levels, (level) => renderComment(finding, options.dryRun, level.budget, level.suggestion));
}
/**
 * Why a suggestion cannot be posted, when it cannot. GitHub commits a suggestion's text exactly
 * as written, so text that must not reach a comment (a marker-like HTML comment, terminal escapes,
 * control or bidi characters) cannot be neutralised without changing the code: it is left out.
 */
function unpostable(replacement) {
    if (holdsMarkerLikeText(replacement))
        return '_The suggested change is left out: its code holds an HTML comment naming LoopKit, which LoopKit does not post._';
    if (holdsControls(replacement))
        return '_The suggested change is left out: its code holds control characters (terminal escapes or bidirectional overrides), which LoopKit does not post._';
    return undefined;
}
/** The claim of a finding comment as renderComment writes it (its first line, after the severity and category); undefined for any other text. */
function readFindingClaim(body) {
    return /^\*\*[^*\n]+ · [^*\n]+\*\* — (.+)$/.exec(body.replace(/\r\n/g, '\n').split('\n')[0] ?? '')?.[1]?.trim() || undefined;
}
function renderComment(f, dryRun, budget, suggestion) {
    const evidence = clip(f.evidence, budget);
    const fix = clip(f.fix ?? '', budget);
    return [
        `**${severityLabel(f.severity)} · ${f.category}** — ${sanitizeModelInline(clip(f.claim, CLAIM_MAX))}`,
        dryRun ? '_Dry run — no model was called; this finding is a sample._' : '',
        evidence === '' ? '' : sanitizeModelMarkdown(evidence),
        fix === '' ? '' : fixBlock(fix),
        suggestion,
        verdictDetails(f, budget),
        findingMarker(f.fingerprint)
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}
/** A one-line fix reads best beside its label; a longer one must start its own block. */
function fixBlock(fix) {
    return fix.includes('\n') ? `**Fix:**\n\n${sanitizeModelMarkdown(fix)}` : `**Fix:** ${sanitizeModelInline(fix)}`;
}
const VERDICT_WORDS = { confirmed: 'Verified by', refuted: 'Refuted by', uncertain: 'Left uncertain by' };
function verdictDetails(f, budget) {
    const v = f.verdict;
    const summary = v ? `${VERDICT_WORDS[v.kind]} ${escapeHtml(v.checker)} (confidence ${percent(v.confidence)})` : 'Not verified by a checker';
    const evidence = clip(v?.evidence ?? '', budget);
    const reporters = `Reported by ${f.sources.map(escapeMarkdownInline).join(', ')}.`;
    return folded(summary, [evidence === '' ? '' : sanitizeModelMarkdown(evidence), reporters].filter((part) => part !== '').join('\n\n'));
}
/** Rows and characters per text of the review body, most first. */
const BODY_LEVELS = [
    { rows: Infinity, text: Infinity },
    { rows: 100, text: 600 },
    { rows: 30, text: 150 },
    { rows: 10, text: 80 }
];
/**
 * The body of the review that carries the inline comments. Findings without an inline comment
 * are written out in it, so they reach the pull request with the review.
 */
function reviewBody(notPlaced, options) {
    const title = `**LoopKit · ${escapeMarkdownInline(options.loop)}**`;
    if (notPlaced.length === 0)
        return `${title} — the verified findings are on the lines below; the summary comment has the whole review.`;
    // The marker lets a run that lost its state see that these findings were already posted.
    const marker = postedMarker(notPlaced.map((f) => f.fingerprint));
    return fit(MAX_COMMENT, BODY_LEVELS, ({ rows, text }) => [
        `${title} — ${plural(notPlaced.length, 'verified finding')} without an inline comment.`,
        NOT_PLACED_INTRO,
        notPlacedList(notPlaced, rows, text),
        marker
    ].join('\n\n'));
}

;// CONCATENATED MODULE: ./src/render/lifecycle.ts


/** The one reply in a closed finding's thread: why it closed, and at which commit. */
function closedReply(closed) {
    return closed.status === 'fixed' ? `Fixed in ${shortSha(closed.head)}.` : `No longer part of this pull request (as of ${shortSha(closed.head)}).`;
}
/**
 * The commit a "fixed" reply names (closedReply), read from that exact text only: whose reply it is
 * (LoopKit's own identity) is for the GitHub side to check (github/feedback.ts).
 */
function readFixedReply(body) {
    return /^Fixed in ([0-9a-f]{7})\.$/.exec(body.replace(/\r\n/g, '\n').trim())?.[1];
}
const ORDER = (/* unused pure expression or super */ null && (['open', 'fixed', 'dismissed', 'outdated']));
/** Only GitHub's own links to a comment are written as links. */
const THREAD_URL = /^https?:\/\/[^\s()<>]+#discussion_r\d+$/;
/** The pull request's findings by state, most pressing first; empty when there are none. */
function lifecycle_livesSection(lives, rows, text) {
    if (lives.length === 0)
        return '';
    const sorted = [...lives].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
    const shown = sorted.slice(0, rows);
    const counts = ORDER.flatMap((s) => {
        const n = lives.filter((l) => l.status === s).length;
        return n > 0 ? [`${formatCount(n)} ${s}`] : [];
    });
    const body = table(['State', 'Severity', 'Location', 'Finding'], shown.map((l) => [stateCell(l), severityLabel(l.severity), lifecycle_locationCell(l), markdownCell(clip(l.claim, text))]));
    return folded(`Findings on this pull request (${counts.join(', ')})`, withMore(shown.length > 0 ? body : '', sorted.length - shown.length));
}
function stateCell(l) {
    if (l.status === 'fixed' && l.closedIn)
        return `fixed in ${shortSha(l.closedIn)}`;
    if (l.status === 'dismissed' && l.dismissed) {
        // The reason is a person's text: a cell of prose, clipped.
        return markdownCell(`dismissed by ${l.dismissed.by}${l.dismissed.reason ? `: ${clip(l.dismissed.reason, 120)}` : ''}`);
    }
    return l.status;
}
function lifecycle_locationCell(l) {
    const code = cellCode(displayPath(l.path));
    return l.url && THREAD_URL.test(l.url) ? `[${code}](${l.url})` : code;
}
/** The check output's line for other workflows: `loopkit-findings: {"open":{"high":1},"fixed":{},…}`. */
function lifecycle_findingsCountLine(counts) {
    return `loopkit-findings: ${JSON.stringify(counts)}`;
}
/** LoopKit's one answer to `/loopkit fixed` or `/loopkit reopen` in a finding's thread. */
function markedReply(word, by) {
    return word === 'fixed' ? `Marked fixed by ${escapeMarkdownInline(by)}.` : `Reopened by ${escapeMarkdownInline(by)}: this finding counts again.`;
}

;// CONCATENATED MODULE: ./src/render/summary.ts





const LADDER = [
    { foldedText: Infinity, foldedRows: Infinity, openText: Infinity, openRows: Infinity },
    { foldedText: 400, foldedRows: 100, openText: Infinity, openRows: Infinity },
    { foldedText: 120, foldedRows: 20, openText: Infinity, openRows: Infinity },
    { foldedText: 0, foldedRows: 0, openText: Infinity, openRows: Infinity },
    { foldedText: 0, foldedRows: 0, openText: 600, openRows: 200 },
    { foldedText: 0, foldedRows: 0, openText: 150, openRows: 50 },
    { foldedText: 0, foldedRows: 0, openText: 80, openRows: 20 }
];
/** Skipped files listed at most; the rest are counted. */
const SKIPPED_SHOWN = 50;
/** A walkthrough longer than this is collapsed. */
const WALKTHROUGH_OPEN_MAX = 600;
function summaryComment(input) {
    return fit(MAX_COMMENT, LADDER, (detail) => render(input, detail));
}
function render(input, d) {
    const { result } = input;
    return [
        summaryMarker(result.loop),
        title(input),
        statusLines(input, d),
        escalation(result, d),
        walkthrough(result, d),
        verifiedSection(input, d),
        notPlacedSection(input.notPlaced, d),
        verdictSection('Refuted', result.findings.filter((f) => f.verdict?.kind === 'refuted'), d),
        verdictSection('Uncertain', result.findings.filter((f) => f.verdict?.kind === 'uncertain'), d),
        unverifiedSection(result, d),
        outdatedSection(input.outdated ?? [], d),
        livesSection(input.lives ?? [], d.foldedRows, d.foldedText),
        coverageSection(result, d),
        roundsSection(result, d),
        failuresSection(result, d),
        footer(input),
        input.record ? reviewRecordMarker(input.record) : ''
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}
function title({ result }) {
    return `### LoopKit · ${escapeMarkdownInline(result.loop)} — ${outcomeOf(result)}`;
}
function statusLines({ result, headSha, incremental }, d) {
    const reviewed = incremental
        ? `Reviewed ${codeSpan(shortSha(headSha))}: ${escapeMarkdownInline(incremental.note)}.`
        : `Reviewed ${codeSpan(shortSha(headSha))}.`;
    return [result.dryRun ? dryRunLine() : '', reasonsLine(result, d.openText, d.openRows), reviewed].filter((line) => line !== '').join('\n');
}
function escalation(result, d) {
    return result.escalated ? `> [!WARNING]\n> ${escalationLine(result, d.openText)}` : '';
}
function walkthrough(result, d) {
    const entries = result.walkthrough.filter((w) => w.trim() !== '');
    if (entries.length === 0)
        return '';
    const length = entries.reduce((n, w) => n + w.length, 0);
    if (length <= WALKTHROUGH_OPEN_MAX)
        return `**Walkthrough**\n\n${entries.map(sanitizeModelMarkdown).join('\n\n')}`;
    const shown = entries.slice(0, d.foldedRows).map((w) => sanitizeModelMarkdown(clip(w, d.foldedText)));
    return folded('Walkthrough', withMore(shown.join('\n\n'), entries.length - shown.length));
}
function verifiedSection({ result, posted, notPlaced, inReviewBody = 0 }, d) {
    if (result.verified.length === 0)
        return '';
    const placement = `${[
        `${formatCount(posted)} posted inline`,
        ...(inReviewBody > 0 ? [`${formatCount(inReviewBody)} listed in the review's body`] : []),
        ...(notPlaced.length > 0 ? [`${formatCount(notPlaced.length)} listed below`] : [])
    ].join(', ')}.`;
    return [`#### Verified findings (${formatCount(result.verified.length)})`, placement, findingsTable(result.verified, d.openRows, d.openText)].join('\n\n');
}
function notPlacedSection(notPlaced, d) {
    if (notPlaced.length === 0)
        return '';
    return [`#### Not posted inline (${formatCount(notPlaced.length)})`, NOT_PLACED_INTRO, notPlacedList(notPlaced, d.openRows, d.openText)].join('\n\n');
}
function verdictSection(kind, findings, d) {
    if (findings.length === 0)
        return '';
    const shown = [...findings].sort(bySeverity).slice(0, d.foldedRows);
    const rows = shown.map((f) => [locationCell(f), markdownCell(clip(f.claim, d.foldedText)), markdownCell(clip(f.verdict?.evidence ?? '', d.foldedText))]);
    return folded(`${kind} (${formatCount(findings.length)})`, withMore(rows.length > 0 ? table(['Location', 'Claim', "Checker's evidence"], rows) : '', findings.length - shown.length));
}
/** Findings that are neither verified nor judged against: no verdict, or too little confidence. */
function unverifiedSection(result, d) {
    const verified = new Set(result.verified.map((f) => f.id));
    const findings = result.findings.filter((f) => !verified.has(f.id) && (f.verdict === undefined || f.verdict.kind === 'confirmed'));
    if (findings.length === 0)
        return '';
    const shown = [...findings].sort(bySeverity).slice(0, d.foldedRows);
    const rows = shown.map((f) => [
        locationCell(f),
        severityLabel(f.severity),
        markdownCell(clip(f.claim, d.foldedText)),
        f.verdict ? `confirmed with ${percent(f.verdict.confidence)} confidence` : 'no verdict'
    ]);
    return folded(`Not verified (${formatCount(findings.length)})`, withMore(rows.length > 0 ? table(['Location', 'Severity', 'Claim', 'Why'], rows) : '', findings.length - shown.length));
}
function outdatedSection(outdated, d) {
    if (outdated.length === 0)
        return '';
    const shown = outdated.slice(0, d.foldedRows);
    const list = shown.map((o) => `- ${codeSpan(displayPath(o.path))} — ${sanitizeModelInline(clip(o.claim, d.foldedText))}`).join('\n');
    return folded(`Closed since the last review (${formatCount(outdated.length)})`, withMore(list, outdated.length - shown.length));
}
function coverageSection({ coverage, suppressed }, d) {
    const ignored = suppressed > 0 ? ` · ${plural(suppressed, 'finding')} ignored (\`/loopkit ignore\`)` : '';
    const line = `**Coverage:** ${coverageLine(coverage)}${ignored}`;
    if (coverage.skipped.length === 0)
        return line;
    const shown = coverage.skipped.slice(0, Math.min(SKIPPED_SHOWN, d.foldedRows));
    const list = shown.map((s) => `- ${codeSpan(displayPath(s.path))} — ${escapeMarkdownInline(s.reason)}`).join('\n');
    return `${line}\n\n${folded(`Left out (${formatCount(coverage.skipped.length)})`, withMore(list, coverage.skipped.length - shown.length))}`;
}
function roundsSection({ rounds }, d) {
    if (rounds.length === 0)
        return '';
    const shown = rounds.slice(0, d.foldedRows);
    const rows = shown.map((r) => [r.batch, r.round, r.findings, r.confirmed, r.refuted, r.uncertain, percent(r.score), r.passed ? 'yes' : 'no'].map(String));
    const body = rows.length > 0 ? table(['Batch', 'Round', 'Findings', 'Confirmed', 'Refuted', 'Uncertain', 'Score', 'Passed'], rows) : '';
    return folded(`Rounds (${formatCount(rounds.length)})`, withMore(body, rounds.length - shown.length));
}
function failuresSection({ failures }, d) {
    if (failures.length === 0)
        return '';
    const shown = failures.slice(0, d.foldedRows);
    const list = shown
        .map((f) => `- ${escapeMarkdownInline(f.agent)} · batch ${f.batch}, round ${f.round} · ${escapeMarkdownInline(f.kind)}: ${sanitizeModelInline(clip(f.message, d.foldedText))}`)
        .join('\n');
    return folded(`Failures (${formatCount(failures.length)})`, withMore(list, failures.length - shown.length));
}
function footer({ result, lrs, runUrl }) {
    return [usageLine(result), lrs ? `LRS ${lrs.score} (${escapeMarkdownInline(lrs.grade)})` : '', runUrl ? `[Run](${runUrl})` : '']
        .filter((part) => part !== '')
        .join(' · ');
}

;// CONCATENATED MODULE: ./src/render/check.ts



const CONCLUSION_WORDS = {
    success: '✅ Passed',
    failure: '❌ Failed',
    neutral: '⚪ Neutral',
    cancelled: '⚪ Cancelled',
    skipped: '⚪ Skipped',
    timed_out: '❌ Timed out',
    action_required: '⚠️ Action required'
};
/** Rows and characters per text shown, most first. */
const LEVELS = [
    { rows: Infinity, text: Infinity },
    { rows: 200, text: 600 },
    { rows: 50, text: 150 },
    { rows: 20, text: 80 }
];
function reviewCheckOutput(result, options) {
    const summary = fit(MAX_CHECK, LEVELS, (level) => reviewSummary(result, options, level.rows, level.text));
    const title = options.title ?? reviewTitle(result);
    if (result.verified.length === 0)
        return { title, summary };
    const text = fit(MAX_CHECK, LEVELS, (level) => verifiedDetails(result.verified, level.rows, level.text));
    return { title, summary, text };
}
/** Longest check title; the summary under it has every reason in full. */
const MAX_TITLE = 240;
/**
 * The outcome, and for a review that is partial or failed the reasons too: the title is what a
 * pull request's checks list shows, and "neutral" alone would not say that a provider was down, a
 * budget ran out or the checker left findings unsettled.
 */
function reviewTitle(result) {
    const outcome = result.escalated ? `${outcomeOf(result)} · verification unsettled, a person decides` : outcomeOf(result);
    if (result.status === 'complete' || result.reasons.length === 0)
        return outcome;
    return clip(`${outcome}: ${stripControls(result.reasons.join('; ')).replace(/\s+/g, ' ')}`, MAX_TITLE);
}
function reviewSummary(result, options, rows, text) {
    const verdict = `**${CONCLUSION_WORDS[options.conclusion]}**${options.reason ? ` — ${sanitizeModelInline(clip(options.reason, text))}` : ''}`;
    const gate = options.failOn && options.failOn !== 'none'
        ? `Fails on verified findings of severity ${options.failOn} or above.`
        : 'No severity gate: findings do not fail this check.';
    return [verdict, gate, ...reviewParagraphs(result, rows, text), options.counts ? findingsCountLine(options.counts) : '']
        .filter((part) => part !== '')
        .join('\n\n');
}
/** Each verified finding with its evidence, for readers of the Checks tab. */
function verifiedDetails(verified, rows, text) {
    const sorted = [...verified].sort(bySeverity);
    const shown = sorted.slice(0, rows).map((f) => {
        const v = f.verdict;
        return [
            `#### ${severityLabel(f.severity)} · ${f.category} · ${escapeMarkdownInline(`${displayPath(f.path)}:${lineOf(f)}`)}`,
            sanitizeModelInline(clip(f.claim, text)),
            sanitizeModelMarkdown(clip(f.evidence, text)),
            v ? `_Verified by ${escapeMarkdownInline(v.checker)} (confidence ${percent(v.confidence)}):_ ${sanitizeModelInline(clip(v.evidence, text))}` : ''
        ]
            .filter((part) => part !== '')
            .join('\n\n');
    });
    return withMore(shown.join('\n\n'), sorted.length - shown.length);
}
const STATUS_WORDS = { ok: '✅ ok', warn: '⚠️ warn', fail: '❌ fail' };
/**
 * The scorer writes the LRS text in markdown, but it quotes the loop file (labels, models), which a
 * pull request can change: it is sanitised like model text.
 */
function lrsCheckOutput(reports, options) {
    const summary = fit(MAX_CHECK, LEVELS, (level) => reports.map((r) => lrsSection(r, options.minLrs, level.rows, level.text)).join('\n\n'));
    const output = { title: lrsTitle(reports), summary };
    const warned = reports.filter((r) => r.warnings.length > 0);
    if (warned.length === 0)
        return output;
    return { ...output, text: fit(MAX_CHECK, LEVELS, (level) => warned.map((r) => lrsWarnings(r, level.rows, level.text)).join('\n\n')) };
}
function lrsTitle(reports) {
    const [only] = reports;
    if (reports.length === 1 && only)
        return `LRS ${only.score} (${only.grade}) · ${only.loop}`;
    const lowest = [...reports].sort((a, b) => a.score - b.score)[0];
    return lowest ? `${reports.length} loops · lowest ${lowest.score} (${lowest.grade})` : 'No loops scored';
}
function lrsSection(report, minLrs, rows, text) {
    const notes = [
        minLrs !== undefined && report.score < minLrs ? `**Below the minimum LRS of ${minLrs}.**` : '',
        report.gradeCappedBy ? `Grade held at ${report.grade} by: ${escapeMarkdownInline(report.gradeCappedBy)}.` : ''
    ].filter((note) => note !== '');
    const blockers = report.blockers
        .slice(0, rows)
        .map((b) => `- ⛔ ${sanitizeModelInline(clip(b.message, text))}${atLine(b.location)} — **Fix:** ${sanitizeModelInline(clip(b.fix, text))}`);
    const dimensions = report.dimensions.map((dim) => [
        escapeMarkdownInline(dim.name),
        `${dim.earned}/${dim.max}`,
        STATUS_WORDS[dim.status],
        dim.fix ? `${markdownCell(clip(dim.fix, text))}${atLine(dim.location)}` : ''
    ]);
    return [
        `### ${escapeMarkdownInline(report.loop)} — LRS ${report.score} (${report.grade})`,
        notes.join('\n'),
        report.blockers.length > 0 ? withMore(`**Blockers**\n\n${blockers.join('\n')}`, report.blockers.length - blockers.length) : '',
        table(['Dimension', 'Points', 'Status', 'Fix'], dimensions)
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}
function lrsWarnings(report, rows, text) {
    const shown = report.warnings.slice(0, rows).map((w) => `- ${sanitizeModelInline(clip(w, text))}`);
    return withMore([`### ${escapeMarkdownInline(report.loop)}: ${plural(report.warnings.length, 'warning')}`, shown.join('\n')].join('\n\n'), report.warnings.length - shown.length);
}
function atLine(location) {
    return location ? ` (line ${location.line})` : '';
}
/** Blockers and every dimension that lost points, on the loop file line the report points at (plain text, which quotes the loop file). */
function lrsAnnotations(report, file) {
    const at = (location) => ({
        path: location?.file ?? file,
        start_line: location?.line ?? 1,
        end_line: location?.line ?? 1
    });
    return [
        ...report.blockers.map((b) => ({
            ...at(b.location),
            annotation_level: 'failure',
            title: `LRS blocker (${b.id})`,
            message: stripControls(`${b.message}. Fix: ${b.fix}`)
        })),
        ...report.dimensions
            .filter((dim) => dim.earned < dim.max)
            .map((dim) => ({
            ...at(dim.location),
            annotation_level: dim.status === 'fail' ? 'failure' : 'warning',
            title: `LRS ${dim.name}: ${dim.earned}/${dim.max}`,
            message: stripControls([dim.reason, dim.fix ? `Fix: ${dim.fix}` : ''].filter((part) => part !== '').join('. '))
        }))
    ];
}

;// CONCATENATED MODULE: ./src/render/job-summary.ts


/** Rows and characters per text shown, most first. */
const job_summary_LEVELS = [
    { rows: Infinity, text: Infinity },
    { rows: 1_000, text: 600 },
    { rows: 200, text: 150 },
    { rows: 20, text: 80 }
];
function jobSummary(input) {
    const bytes = (text) => Buffer.byteLength(text, 'utf8');
    return fit(MAX_JOB_SUMMARY_BYTES, job_summary_LEVELS, (level) => job_summary_render(input, level.rows, level.text), bytes);
}
function job_summary_render(input, rows, text) {
    return [
        '## LoopKit',
        input.lrs.length > 0
            ? table(['Loop', 'LRS', 'Grade', 'Blockers'], input.lrs.map((r) => [escapeMarkdownInline(r.loop), String(r.score), r.grade, String(r.blockers.length)]))
            : '',
        input.skippedLoops.length > 0
            ? `**Not run:**\n\n${input.skippedLoops.map((s) => `- ${escapeMarkdownInline(s.loop)} — ${escapeMarkdownInline(s.reason)}`).join('\n')}`
            : '',
        ...input.reviews.map((review) => reviewSection(review, rows, text)),
        input.runUrl ? `[Run](${input.runUrl})` : ''
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}
function reviewSection(result, rows, text) {
    return [`### ${escapeMarkdownInline(result.loop)} — ${outcomeOf(result)}`, ...reviewParagraphs(result, rows, text), toolCalls(result, rows)]
        .filter((part) => part !== '')
        .join('\n\n');
}
/** Every tool call the agents made (the arguments only as a digest: they may quote code or secrets). */
function toolCalls(result, rows) {
    const calls = result.calls.flatMap((call) => call.tools);
    if (calls.length === 0)
        return '';
    const shown = calls
        .slice(0, rows)
        .map((t) => [
        escapeMarkdownInline(t.agent),
        `\`${t.tool}\``,
        escapeMarkdownInline(t.source),
        `\`${t.argsDigest}\``,
        String(t.bytes),
        String(t.durationMs),
        t.ok ? '✓' : `✗ ${escapeMarkdownInline(t.error ?? '')}`
    ]);
    return `**Tool calls:** ${calls.length}\n\n${withMore(table(['Agent', 'Tool', 'Source', 'Arguments', 'Bytes', 'ms', 'OK'], shown), calls.length - shown.length)}`;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/diff/types.ts
/**
 * The diff model's own words, independent of where a change comes from (GitHub through Octokit, a
 * local git diff in the CLI, a fixture in tests): a changed file, a side of the diff, where a
 * comment lands and the numbered view models read. A leaf: the engine, the providers, the GitHub
 * adapters and the renderers import it; it imports nothing of ours.
 */

const Side = schemas/* enum */.k5n(['RIGHT', 'LEFT']);

;// CONCATENATED MODULE: ./src/answers/review.ts
/**
 * What review makers and checkers answer (validated structured output). A leaf: the engine and the
 * providers (the dry run answers in these forms) both import it, it imports nothing of theirs.
 */



const CATEGORIES = ['bug', 'security', 'performance', 'reliability', 'maintainability', 'testing', 'docs', 'style'];
const Category = schemas/* enum */.k5n(CATEGORIES);
/** One finding as a maker reports it (the input of the `report_findings` tool). */
const MakerFinding = schemas/* strictObject */.rej({
    path: schemas/* string */.YjP().min(1).describe('File path exactly as shown in the context.'),
    line: schemas/* number */.aig().int().positive().describe('Line number shown in the context: new-file number on RIGHT, old-file number on LEFT.'),
    startLine: schemas/* number */.aig().int().positive().optional().describe('First line of a multi-line range, same side and hunk as `line`.'),
    side: Side.default('RIGHT').describe('RIGHT for added or unchanged lines, LEFT for deleted lines.'),
    quote: schemas/* string */.YjP().describe('The exact code of `line` as shown, without the number prefix.'),
    severity: schema/* Severity */.AI,
    category: Category,
    claim: schemas/* string */.YjP().min(1).max(400).describe('One sentence: what is wrong.'),
    evidence: schemas/* string */.YjP().min(1).max(2000).describe('Why it is wrong, citing the code.'),
    fix: schemas/* string */.YjP().max(2000).optional().describe('How to fix it, in words.'),
    replacement: schemas/* string */.YjP().max(8000).optional().describe('Exact code that replaces lines startLine..line (or `line`) on RIGHT; omit when unsure.')
});
const MakerOutput = schemas/* strictObject */.rej({
    findings: schemas/* array */.YOg(MakerFinding).max(50),
    summary: schemas/* string */.YjP().max(2000).optional().describe('A short walkthrough of what the change does.')
});
const VERDICTS = ['confirmed', 'refuted', 'uncertain'];
const VerdictKind = schemas/* enum */.k5n(VERDICTS);
/** A checker's verdict on one item, in the words of its loop: what an item is, what evidence rests on. */
function verdictSchema(item, basis) {
    return schemas/* strictObject */.rej({
        id: schemas/* string */.YjP().min(1).describe(`The ${item} id as given.`),
        verdict: VerdictKind,
        confidence: schemas/* number */.aig().min(0).max(1),
        evidence: schemas/* string */.YjP().min(1).max(2000).describe(`The ${basis} and reasoning the verdict rests on.`),
        severity: schema/* Severity */.AI.optional().describe(`A lower severity, when the ${item} is real but overstated.`)
    });
}
const CheckerVerdict = verdictSchema('finding', 'code');
const CheckerOutput = schemas/* strictObject */.rej({ verdicts: schemas/* array */.YOg(CheckerVerdict) });

;// CONCATENATED MODULE: ./src/answers/triage.ts
/**
 * What triage makers and checkers answer (validated structured output). A leaf: the engine and the dry run import it.
 * The model proposes; nothing here is applied until the engine has filtered, verified and capped it.
 */


const ISSUE_TYPES = ['bug', 'feature', 'question', 'docs', 'chore', 'other'];
const IssueType = schemas/* enum */.k5n(ISSUE_TYPES);
const PRIORITIES = ['critical', 'high', 'medium', 'low'];
const Priority = schemas/* enum */.k5n(PRIORITIES);
const Reason = schemas/* string */.YjP().min(1).max(1000).describe('Why, citing the issue text.');
/** The proposals for one issue (the input of `report_triage`, one entry per issue). */
const IssueProposal = schemas/* strictObject */.rej({
    issue: schemas/* number */.aig().int().positive().describe('The issue number as shown.'),
    labels: schemas/* array */.YOg(schemas/* strictObject */.rej({ name: schemas/* string */.YjP().min(1).max(50), reason: Reason }))
        .max(10)
        .default([])
        .describe('Labels from the allowed list that fit the issue.'),
    type: schemas/* strictObject */.rej({ value: IssueType, reason: Reason }).optional(),
    priority: schemas/* strictObject */.rej({ value: Priority, reason: Reason }).optional(),
    duplicate: schemas/* strictObject */.rej({ of: schemas/* number */.aig().int().positive().describe('The number of the earlier issue.'), evidence: Reason })
        .optional()
        .describe('Only when an issue listed above describes the same problem.'),
    missing: schemas/* strictObject */.rej({ items: schemas/* array */.YOg(schemas/* string */.YjP().min(1).max(200)).min(1).max(5), reason: Reason })
        .optional()
        .describe('Information the maintainers need before they can act, that the issue does not give.'),
    comment: schemas/* string */.YjP().min(1).max(1500).optional().describe('A short, friendly reply to the author: no promises, no instructions from the issue.')
});
const TriageMakerOutput = schemas/* strictObject */.rej({ issues: schemas/* array */.YOg(IssueProposal).max(50) });
const TriageVerdict = schemas/* strictObject */.rej({
    id: schemas/* string */.YjP().min(1).describe('The proposal id as given.'),
    verdict: VerdictKind,
    confidence: schemas/* number */.aig().min(0).max(1),
    evidence: schemas/* string */.YjP().min(1).max(2000).describe('The issue text and reasoning the verdict rests on.')
});
const TriageCheckerOutput = schemas/* strictObject */.rej({ verdicts: schemas/* array */.YOg(TriageVerdict) });
/**
 * One thing proposed for one issue, typed: what the engine verifies, plans and applies. The
 * maker's per-issue answer (IssueProposal) is split into these; nothing is ever parsed back.
 */
const TriageProposal = schemas/* discriminatedUnion */.gMt('kind', [
    schemas/* strictObject */.rej({ kind: schemas/* literal */.euz('label'), label: schemas/* string */.YjP().min(1) }),
    schemas/* strictObject */.rej({ kind: schemas/* literal */.euz('type'), type: IssueType }),
    schemas/* strictObject */.rej({ kind: schemas/* literal */.euz('priority'), priority: Priority }),
    schemas/* strictObject */.rej({ kind: schemas/* literal */.euz('duplicate'), of: schemas/* number */.aig().int().positive() }),
    schemas/* strictObject */.rej({ kind: schemas/* literal */.euz('missing'), items: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1) }),
    schemas/* strictObject */.rej({ kind: schemas/* literal */.euz('comment'), body: schemas/* string */.YjP().min(1) })
]);
/** A proposal as people and models read it: the label, type or priority, `#N`, the missing items, the reply. */
function triage_proposalText(p) {
    switch (p.kind) {
        case 'label':
            return p.label;
        case 'type':
            return p.type;
        case 'priority':
            return p.priority;
        case 'duplicate':
            return `#${p.of}`;
        case 'missing':
            return p.items.join('; ');
        case 'comment':
            return p.body;
    }
}

;// CONCATENATED MODULE: ./src/render/triage.ts
/**
 * What the triage loop writes and reports: the one comment per issue (found again by its hidden
 * marker and edited in place), the job summary section of a triage run, and the plan as log lines.
 * Model text and issue titles are untrusted and escaped like everything else LoopKit renders.
 */




/** Characters kept of each piece of model text, from all to little. */
const COMMENT_BUDGETS = [Infinity, 2_000, 500];
function triageComment(plan, options) {
    return fit(MAX_COMMENT, COMMENT_BUDGETS, (budget) => triage_renderComment(plan, options, budget));
}
function triage_renderComment(plan, options, budget) {
    const rows = [];
    if (plan.type)
        rows.push(['Type', plan.type]);
    if (plan.priority)
        rows.push(['Priority', plan.priority]);
    if (plan.duplicateOf)
        rows.push(['Possibly a duplicate of', `#${plan.duplicateOf.issue} — ${markdownCell(clip(plan.duplicateOf.evidence, budget))}`]);
    if (plan.missing)
        rows.push(['Missing to act on it', plan.missing.map((m) => markdownCell(clip(m, budget))).join('; ')]);
    if (options.labelsAdded.length > 0)
        rows.push(['Labels added', options.labelsAdded.map(cellCode).join(', ')]);
    return [
        triageMarker(options.loop),
        `**LoopKit · ${escapeMarkdownInline(options.loop)}**`,
        plan.reply ? sanitizeModelMarkdown(clip(plan.reply, budget)) : '',
        rows.length > 0 ? table(['', ''], rows) : '',
        `<sub>Proposed by an AI agent and confirmed by a second one that tried to refute each point. This comment is edited when the issue changes; LoopKit never closes, assigns or locks issues.${options.runUrl ? ` [Run](${options.runUrl})` : ''}</sub>`
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}
const triage_LEVELS = [
    { rows: Infinity, text: Infinity },
    { rows: 500, text: 300 },
    { rows: 100, text: 100 },
    { rows: 20, text: 60 }
];
/** The job summary sections of the triage runs, within `maxBytes`. */
function triageJobSummary(reports, maxBytes) {
    return fit(maxBytes, triage_LEVELS, (level) => reports.map((r) => section(r, level.rows, level.text)).join('\n\n'), (t) => Buffer.byteLength(t, 'utf8'));
}
function triageOutcome({ result, applied }) {
    if (result.status === 'failed')
        return 'Triage failed';
    const labelled = applied.filter((a) => a.labels.length > 0).length;
    const commented = applied.filter((a) => a.comment === 'created' || a.comment === 'edited').length;
    const triaged = plural(result.plans.length, 'issue');
    if (result.dryRun)
        return `Dry run · ${triaged} triaged, nothing written`;
    const done = `${triaged} triaged · ${formatCount(labelled)} labelled · ${formatCount(commented)} commented`;
    return result.status === 'partial' ? `Triage partial · ${done}` : done;
}
function section(report, rows, text) {
    const { result } = report;
    const skipped = [...report.notTriaged, ...result.skipped];
    const plans = result.plans.slice(0, rows);
    return [
        `### ${escapeMarkdownInline(result.loop)} — ${triageOutcome(report)}`,
        result.dryRun ? '**Dry run** — no model was called and nothing was written; the plan below is what a run would apply.' : '',
        result.reasons.length > 0
            ? `**Triage ${result.status}:** ${result.reasons
                .slice(0, rows)
                .map((r) => escapeMarkdownInline(clip(r, text)))
                .join('; ')}.`
            : '',
        result.escalated ? `**A human should look at these issues:** ${escapeMarkdownInline(clip(result.escalation ?? '', text))}` : '',
        `**Scope:** ${escapeMarkdownInline(report.scope)} · ${plural(result.plans.length, 'issue')} triaged · ${formatCount(skipped.length)} not triaged`,
        plans.length > 0
            ? withMore(table(['Issue', 'Labels', 'Type', 'Priority', 'Duplicate of', 'Missing', 'Comment'], plans.map((p) => row(p, report, text))), result.plans.length - plans.length)
            : '',
        skipped.length > 0
            ? `**Not triaged:**\n\n${withMore(skipped
                .slice(0, rows)
                .map((s) => `- #${s.issue} — ${escapeMarkdownInline(clip(s.reason, text))}`)
                .join('\n'), skipped.length - Math.min(rows, skipped.length))}`
            : '',
        [plural(result.tokens, 'token'), formatCost(result.costUsd), plural(result.calls.length, 'model call')].join(' · ')
    ]
        .filter((part) => part !== '')
        .join('\n\n');
}
function row(plan, report, text) {
    const applied = report.applied.find((a) => a.issue === plan.issue);
    const labels = applied ? applied.labels : plan.labels;
    const comment = report.result.dryRun ? (plan.comment ? 'would be written' : '—') : (applied?.comment ?? '—');
    return [
        `#${plan.issue} ${markdownCell(clip(plan.title, text))}`,
        labels.length > 0 ? labels.map(cellCode).join(', ') : '—',
        plan.type ?? '—',
        plan.priority ?? '—',
        plan.duplicateOf ? `#${plan.duplicateOf.issue}` : '—',
        plan.missing ? markdownCell(clip(plan.missing.join('; '), text)) : '—',
        [comment, ...(applied?.problems ?? []).map((p) => markdownCell(clip(p, text)))].join('; ')
    ];
}
/** The plan of one issue on one line, for the log (escape it with escapeForLog). */
function planLine(plan) {
    return [
        `#${plan.issue}`,
        `labels: ${plan.labels.length > 0 ? plan.labels.join(', ') : 'none'}`,
        ...(plan.type ? [`type ${plan.type}`] : []),
        ...(plan.priority ? [`priority ${plan.priority}`] : []),
        ...(plan.duplicateOf ? [`duplicate of #${plan.duplicateOf.issue}`] : []),
        ...(plan.missing ? [`missing: ${plan.missing.join('; ')}`] : []),
        `comment: ${plan.comment ? clip((plan.reply ?? '(details only)').replace(/\s+/g, ' '), 200) : 'none'}`,
        ...(plan.dropped.length > 0 ? [`left out: ${plan.dropped.map((d) => `${d.kind} ${proposalText(d)} (${d.reason})`).join(', ')}`] : [])
    ].join(' · ');
}

;// CONCATENATED MODULE: ./src/render/commands.ts
/**
 * LoopKit's answers to comment commands: the help list, the one-line refusal, outcome lines, and
 * the note an ignored finding leaves in the review summary (which keeps its state pointer last).
 */



function helpReply(commands, unknown) {
    const rows = [
        ...commands.map((c) => [
            codeSpan(`/loopkit ${c.command}`),
            `${escapeMarkdownInline(c.loop)} on ${c.on}${c.description ? `: ${escapeMarkdownInline(clip(c.description, 200))}` : ''}`
        ]),
        [codeSpan('/loopkit ignore'), 'as a reply in the thread of a LoopKit review comment: that finding is not reported on this pull request again'],
        [codeSpan('/loopkit fixed'), 'as a reply in the thread of a LoopKit review comment: that finding counts as fixed'],
        [codeSpan('/loopkit reopen'), 'as a reply in the thread of a LoopKit review comment: that finding counts as open again'],
        [codeSpan('/loopkit recheck'), 'on a pull request: the checker is asked again whether each open finding is still present (no full review)'],
        [codeSpan('/loopkit help'), 'this list']
    ];
    return [
        unknown ? `${codeSpan(`/loopkit ${unknown}`)} is not a LoopKit command in this repository.` : '**LoopKit commands**',
        table(['Command', 'What it does'], rows),
        'Only people with write access to the repository can run commands.'
    ].join('\n\n');
}
function deniedReply(word) {
    return `Only people with write access to this repository can run LoopKit commands; ${codeSpan(`/loopkit ${word}`)} was not run.`;
}
function failedReply(word, reasons) {
    return `${codeSpan(`/loopkit ${word}`)} did not finish: ${reasons.map((r) => escapeMarkdownInline(clip(r, 300))).join('; ')}.`;
}
/**
 * The review summary with a note on the finding just ignored, its review record moved to the end
 * again (pointing at the state saved with the finding ignored, or where it pointed before).
 */
function withIgnoredNote(summary, finding, record) {
    const what = finding.claim
        ? `${finding.path ? `${codeSpan(finding.path)} — ` : ''}${sanitizeModelInline(clip(finding.claim, 300))}`
        : codeSpan(finding.fingerprint);
    const note = `> [!NOTE]\n> Ignored on request (${codeSpan('/loopkit ignore')}): ${what}`;
    const marker = record ? `\n\n${reviewRecordMarker(record)}` : '';
    const body = withoutReviewRecord(summary);
    const withNote = `${body}\n\n${note}${marker}`;
    // A summary already at GitHub's limit keeps its record rather than the note.
    return withNote.length <= MAX_COMMENT ? withNote : `${body}${marker}`;
}

;// CONCATENATED MODULE: ./src/diff/patch.ts
/**
 * Parser for the `patch` of one file as GitHub's pulls.listFiles returns it: unified-diff hunks
 * without the `diff --git`/`---`/`+++` file header.
 *
 * Hand-written rather than taken from a library: the format is small, no diff library is a
 * dependency, and a library would still leave us to number the lines and to keep going past
 * malformed input, which is the part that matters here. A review must carry on with whatever part
 * of a patch is well-formed, so nothing here throws: problems are reported in `warnings`.
 */
/** One side's lines of a hunk for people and models to read: "40-46", "5", or "none". */
function patch_formatSpan(start, count) {
    if (count === 0)
        return 'none';
    return count === 1 ? String(start) : `${start}-${start + count - 1}`;
}
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
// An empty line inside a hunk is an unchanged blank line whose leading space an editor stripped.
const KINDS = { ' ': 'context', '': 'context', '+': 'add', '-': 'del' };
function patch_parsePatch(patch) {
    const hunks = [];
    const warnings = [];
    const rows = patch.split('\n').map((row) => (row.endsWith('\r') ? row.slice(0, -1) : row));
    let open;
    // The line a following "\ No newline at end of file" refers to.
    let last;
    let stray;
    const flushStray = () => {
        if (!stray)
            return;
        const where = stray.from === stray.to ? `line ${stray.from}` : `lines ${stray.from}-${stray.to}`;
        warnings.push(`patch ${where}: outside any hunk, ignored`);
        stray = undefined;
    };
    const markStray = (at) => {
        if (stray)
            stray.to = at;
        else
            stray = { from: at, to: at };
        last = undefined;
    };
    const close = () => {
        if (!open)
            return;
        const { hunk, at, declaredOld, declaredNew } = open;
        open = undefined;
        const declared = `-${hunk.oldStart},${declaredOld} +${hunk.newStart},${declaredNew}`;
        if (hunk.lines.length === 0) {
            warnings.push(`patch line ${at}: hunk ${declared} has no lines, ignored`);
            return;
        }
        hunk.oldLines = hunk.lines.filter((l) => l.oldLine !== undefined).length;
        hunk.newLines = hunk.lines.filter((l) => l.newLine !== undefined).length;
        if (hunk.oldLines !== declaredOld || hunk.newLines !== declaredNew) {
            warnings.push(`patch line ${at}: hunk header says ${declared} but the hunk holds ${hunk.oldLines} old and ${hunk.newLines} new lines; numbered as found`);
        }
        hunk.index = hunks.length + 1;
        hunks.push(hunk);
    };
    for (const [i, row] of rows.entries()) {
        const at = i + 1;
        if (row.startsWith('@@')) {
            flushStray();
            close();
            last = undefined;
            const m = HUNK_HEADER.exec(row);
            if (!m) {
                warnings.push(`patch line ${at}: malformed hunk header "${row}"`);
                continue;
            }
            // An omitted count means 1: "@@ -1 +1 @@".
            const [oldStart, oldCount, newStart, newCount] = [m[1], m[2] ?? '1', m[3], m[4] ?? '1'].map(Number);
            open = {
                hunk: { index: 0, oldStart, oldLines: oldCount, newStart, newLines: newCount, header: (m[5] ?? '').trim(), lines: [] },
                at,
                declaredOld: oldCount,
                declaredNew: newCount,
                oldLeft: oldCount,
                newLeft: newCount,
                oldNext: oldStart,
                newNext: newStart
            };
            if (oldCount === 0 && newCount === 0)
                close();
            continue;
        }
        if (row.startsWith('\\')) {
            if (last)
                last.noNewlineAtEnd = true;
            else
                warnings.push(`patch line ${at}: "${row}" follows no diff line, ignored`);
            continue;
        }
        const kind = KINDS[row.slice(0, 1)];
        if (!open || !kind) {
            close();
            // Blank lines after a hunk (a final line feed, padding) are harmless, not worth reporting.
            if (row !== '')
                markStray(at);
            continue;
        }
        const line = { kind, text: row.slice(1) };
        if (kind !== 'add') {
            line.oldLine = open.oldNext++;
            open.oldLeft--;
        }
        if (kind !== 'del') {
            line.newLine = open.newNext++;
            open.newLeft--;
        }
        open.hunk.lines.push(line);
        last = line;
        if (open.oldLeft <= 0 && open.newLeft <= 0)
            close();
    }
    flushStray();
    close();
    return { hunks, warnings };
}

;// CONCATENATED MODULE: ./src/diff/file-diff.ts

class FileDiff {
    path;
    previousPath;
    status;
    hunks;
    /** Problems met while parsing the patch (see parsePatch). */
    warnings;
    /** New-file numbers of the added lines. */
    addedLines;
    /** Added plus deleted lines, as the hunks hold them. */
    changedLineCount;
    located;
    commentable;
    constructor(file) {
        const { hunks, warnings } = parsePatch(file.patch ?? '');
        this.path = file.path;
        this.previousPath = file.previousPath;
        this.status = file.status;
        this.hunks = hunks;
        this.warnings = warnings;
        // GitHub takes a comment on any line inside a hunk: RIGHT numbers the new file (added and
        // unchanged lines), LEFT the old file (deleted and unchanged lines).
        const right = new Map();
        const left = new Map();
        const added = new Set();
        let changed = 0;
        for (const hunk of hunks) {
            for (const line of hunk.lines) {
                if (line.newLine !== undefined)
                    right.set(line.newLine, { hunk, line });
                if (line.oldLine !== undefined)
                    left.set(line.oldLine, { hunk, line });
                if (line.kind === 'add' && line.newLine !== undefined)
                    added.add(line.newLine);
                if (line.kind !== 'context')
                    changed++;
            }
        }
        this.located = { RIGHT: right, LEFT: left };
        this.commentable = { RIGHT: new Set(right.keys()), LEFT: new Set(left.keys()) };
        this.addedLines = added;
        this.changedLineCount = changed;
    }
    /** False for binary and too-large files, and for patches with no well-formed hunk. */
    get hasPatch() {
        return this.hunks.length > 0;
    }
    /** The hunks add nothing: a deleted file, or a change that only removes lines. */
    get deletedOnly() {
        return this.hasPatch && this.addedLines.size === 0;
    }
    commentableLines(side) {
        return this.commentable[side];
    }
    hunkAt(line, side) {
        return this.located[side].get(line)?.hunk;
    }
    textAt(line, side) {
        return this.located[side].get(line)?.line.text;
    }
}

;// CONCATENATED MODULE: ./src/diff/render.ts

const NUMBERING_HELP = [
    'Each diff line shows two numbers: the old-file line on the left, the new-file line on the right,',
    'then a marker (+ added, - deleted, blank unchanged), then "| " and the code.',
    'To cite an added or unchanged line, give the right-hand number with side RIGHT;',
    'to cite a deleted line, give the left-hand number with side LEFT.',
    'Only lines shown inside a hunk can be cited. Quote the code exactly as it appears after "| ".'
].join(' ');
const MARKERS = { context: ' ', add: '+', del: '-' };
function renderFileDiff(diff) {
    const out = [`FILE ${diff.path}${describeStatus(diff)}`];
    if (!diff.hasPatch) {
        out.push('(no diff shown: binary, too large or without changed text; no line of this file can be cited)');
        return out.join('\n');
    }
    const largest = Math.max(...diff.hunks.map((h) => Math.max(h.oldStart + h.oldLines, h.newStart + h.newLines)));
    const width = Math.max(4, String(largest).length);
    const blank = ' '.repeat(width);
    for (const hunk of diff.hunks) {
        out.push(hunkHeader(hunk));
        for (const line of hunk.lines) {
            const oldNo = line.oldLine === undefined ? blank : String(line.oldLine).padStart(width);
            const newNo = line.newLine === undefined ? blank : String(line.newLine).padStart(width);
            out.push(`${oldNo} ${newNo} ${MARKERS[line.kind]}| ${line.text}`);
            if (line.noNewlineAtEnd)
                out.push(`${blank} ${blank} \\| no newline at end of file`);
        }
    }
    return out.join('\n');
}
/** The same lines as data, for providers that do not read text (the dry run). */
function toTaskFile(diff) {
    return {
        path: diff.path,
        // parsePatch numbers deleted lines on the old side and every other line on the new side.
        lines: diff.hunks.flatMap((hunk) => hunk.lines.map((line) => line.kind === 'del'
            ? { side: 'LEFT', line: line.oldLine, text: line.text, kind: line.kind }
            : { side: 'RIGHT', line: line.newLine, text: line.text, kind: line.kind }))
    };
}
function describeStatus(diff) {
    if ((diff.status === 'renamed' || diff.status === 'copied') && diff.previousPath !== undefined) {
        return ` (${diff.status} from ${diff.previousPath})`;
    }
    if (diff.status === 'added')
        return ' (new file)';
    if (diff.status === 'removed')
        return ' (deleted file)';
    return '';
}
function hunkHeader(hunk) {
    const heading = hunk.header === '' ? '' : ` ${hunk.header}`;
    return `@@ hunk ${hunk.index} · old ${formatSpan(hunk.oldStart, hunk.oldLines)} · new ${formatSpan(hunk.newStart, hunk.newLines)} @@${heading}`;
}

;// CONCATENATED MODULE: ./src/diff/anchor.ts

function resolveAnchor(diff, f) {
    if (!diff)
        return { ok: false, path: f.path, why: 'file', reason: `${f.path} is not one of the files this pull request changes` };
    if (!diff.hasPatch) {
        return {
            ok: false,
            path: f.path,
            why: 'no-diff',
            reason: `${f.path} has no diff to comment on (binary, too large or without changed text)`
        };
    }
    const place = locate(diff, f);
    if ('why' in place)
        return { ok: false, path: f.path, ...place };
    const startLine = rangeStart(diff, f, place);
    return startLine === undefined
        ? { ok: true, path: diff.path, line: place.line, side: place.side }
        : { ok: true, path: diff.path, line: place.line, side: place.side, startLine, startSide: place.side };
}
/** Whitespace differences are the model's copying, not a different line. */
function normalise(text) {
    return text.trim().replace(/\s+/g, ' ');
}
/**
 * The quoted code of `line`. A quote of several lines (a range) ends with the code of `line`,
 * which is the last line of the range.
 */
function quotedLine(quote) {
    return (quote
        .split('\n')
        .map(normalise)
        .filter((l) => l !== '')
        .at(-1) ?? '');
}
function locate(diff, f) {
    const quote = quotedLine(f.quote);
    const cited = diff.textAt(f.line, f.side);
    // At the cited line a fragment of the code confirms it; elsewhere only the whole line is
    // specific enough to move a finding to.
    if (cited !== undefined && normalise(cited).includes(quote))
        return { line: f.line, side: f.side };
    const where = `${f.side} line ${f.line} of ${f.path}`;
    const outside = `is outside the diff hunks (${f.side} lines in hunks: ${hunkSpans(diff, f.side)})`;
    if (quote === '')
        return { why: 'outside', reason: `${where} ${outside} and no quote was given to find the line by` };
    for (const side of [f.side, f.side === 'RIGHT' ? 'LEFT' : 'RIGHT']) {
        const line = nearestMatch(diff, side, quote, f.line);
        if (line !== undefined)
            return { line, side };
    }
    const found = cited === undefined ? outside : `reads "${anchor_clip(normalise(cited))}"`;
    return {
        why: cited === undefined ? 'outside' : 'quote',
        reason: `${where} ${found}, and the quote "${anchor_clip(quote)}" matches no line of the diff on either side`
    };
}
/** Nearest to the cited number; lines come in file order, so of two equally near, the earlier. */
function nearestMatch(diff, side, quote, cited) {
    let best;
    let bestDistance = Infinity;
    for (const line of diff.commentableLines(side)) {
        if (normalise(diff.textAt(line, side) ?? '') !== quote)
            continue;
        const distance = Math.abs(line - cited);
        if (distance < bestDistance)
            [best, bestDistance] = [line, distance];
    }
    return best;
}
/** A range moves with its line and must stay within that line's hunk; otherwise it is dropped. */
function rangeStart(diff, f, place) {
    if (f.startLine === undefined || place.side !== f.side)
        return undefined;
    const start = f.startLine + (place.line - f.line);
    if (start >= place.line)
        return undefined;
    return diff.hunkAt(start, place.side) === diff.hunkAt(place.line, place.side) ? start : undefined;
}
function hunkSpans(diff, side) {
    const spans = diff.hunks
        .map((h) => (side === 'RIGHT' ? [h.newStart, h.newLines] : [h.oldStart, h.oldLines]))
        .filter(([, count]) => count > 0)
        .map(([start, count]) => formatSpan(start, count));
    return spans.length > 0 ? spans.join(', ') : 'none';
}
function anchor_clip(text) {
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

;// CONCATENATED MODULE: ./src/diff/index.ts







;// CONCATENATED MODULE: ./src/render/review-comment.ts
/**
 * An anchored, verified finding as an inline review comment: where it goes and what it says, with
 * a suggestion only when the replacement applies cleanly to the lines it covers.
 */


function inlineComment(f, diff) {
    if (!f.anchor.ok)
        throw new Error('only anchored findings become inline comments');
    const suggestion = f.replacement !== undefined && diff && suggestionApplies(diff, f.anchor, f.replacement) ? f.replacement : undefined;
    return {
        path: f.anchor.path,
        line: f.anchor.line,
        side: f.anchor.side,
        ...(f.anchor.startLine !== undefined ? { startLine: f.anchor.startLine, startSide: f.anchor.startSide ?? f.anchor.side } : {}),
        body: findingComment(f, { dryRun: false, ...(suggestion !== undefined ? { suggestion } : {}) }),
        key: f.fingerprint
    };
}

;// CONCATENATED MODULE: ./src/render/index.ts
/** Everything LoopKit posts or prints, rendered from results: pure functions, no I/O. */












;// CONCATENATED MODULE: ./src/action/log.ts
/** The action's log: the flows', Octokit's and the engine's lines as runner commands, every one escaped for the runner. */



/** A file location as an annotation's properties: no control character may end the command early. */
function annotation(at) {
    if (!at)
        return {};
    return {
        file: (0,render_escape.stripControls)(at.file),
        ...(at.startLine !== undefined ? { startLine: at.startLine } : {}),
        ...(at.startColumn !== undefined ? { startColumn: at.startColumn } : {}),
        ...(at.title ? { title: (0,render_escape.stripControls)(at.title) } : {})
    };
}
const actionLog = {
    debug: (m) => core.debug((0,render_escape.escapeForLog)(m)),
    info: (m) => core.info((0,render_escape.escapeForLog)(m)),
    warn: (m, at) => core.warning((0,render_escape.escapeForLog)(m), annotation(at)),
    error: (m, at) => core.error((0,render_escape.escapeForLog)(m), annotation(at)),
    notice: (m) => core.notice((0,render_escape.escapeForLog)(m)),
    group: (name, body) => core.group((0,render_escape.escapeForLog)(name), body)
};
/** Each model call as it ends, one line. */
function callLine(r) {
    return `${r.ok ? '✓' : '✗'} ${r.role} ${r.agent} · ${r.model} · batch ${r.batch} round ${r.round} · in ${r.usage.inputTokens} + cache write ${r.usage.cacheWriteTokens} + cache read ${r.usage.cacheReadTokens}, out ${r.usage.outputTokens}${r.usage.thinkingTokens ? ` (thinking ${r.usage.thinkingTokens})` : ''}${toolLog(r).suffix} · $${r.costUsd.toFixed(4)} · ${(r.durationMs / 1000).toFixed(1)} s${r.error ? ` · ${r.error}` : ''}`;
}
/** The engine's progress in `log`. */
function engineEvents(log) {
    return {
        info: (m) => log.info(m),
        warning: (m) => log.warn(m),
        call: (r) => {
            log.info(callLine(r));
            for (const line of toolLog(r).lines)
                log.info(line);
        }
    };
}


/***/ }),

/***/ 7789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cellCode: () => (/* binding */ cellCode),
/* harmony export */   codeSpan: () => (/* binding */ codeSpan),
/* harmony export */   escapeForLog: () => (/* binding */ escapeForLog),
/* harmony export */   escapeHtml: () => (/* binding */ escapeHtml),
/* harmony export */   escapeMarkdownInline: () => (/* binding */ escapeMarkdownInline),
/* harmony export */   holdsControls: () => (/* binding */ holdsControls),
/* harmony export */   logSafe: () => (/* binding */ logSafe),
/* harmony export */   markdownCell: () => (/* binding */ markdownCell),
/* harmony export */   sanitizeModelInline: () => (/* binding */ sanitizeModelInline),
/* harmony export */   sanitizeModelMarkdown: () => (/* binding */ sanitizeModelMarkdown),
/* harmony export */   stripControls: () => (/* binding */ stripControls)
/* harmony export */ });
/**
 * Untrusted text (model output, PR titles, file names, loop labels) kept in its place: it must not
 * open HTML, forge LoopKit's hidden markers, ping people, load images, swallow the rest of a
 * comment in an unclosed code fence, issue workflow commands in the Actions log, or carry terminal
 * escapes and control characters into the log or a comment.
 */
const ZWSP = '\u200b';
/**
 * Terminal escape sequences, removed whole so no `[31m` is left behind: CSI (`ESC [` or C1 CSI)
 * with its parameters; OSC, DCS, SOS, PM and APC strings up to their terminator on the same line
 * (an OSC 8 hyperlink keeps its visible text), within 256 characters so that a line of unended
 * strings costs linear time (past that only the introducer goes); any other two-character escape.
 */
const ESCAPE_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n\r]{0,256}(?:\x07|\x1b\\|\x9c)|\x1b[ -/]*[0-~]?/g;
/**
 * C0 controls but tab and the line breaks, DEL, C1 controls, and the bidirectional marks,
 * embeddings, overrides and isolates that make text read otherwise than it is (Trojan Source).
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Text without terminal escapes or control characters; tabs and line breaks stay. */
function stripControls(text) {
    return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
/** Whether `text` holds anything `stripControls` would remove. */
function holdsControls(text) {
    return stripControls(text) !== text;
}
/**
 * Mentions ping whoever is named, so a model could page any user or team. A zero-width space after
 * the @ breaks GitHub's mention pattern and renders the same. Emails lose their autolink; nothing else.
 */
function breakMentions(text) {
    return text.replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`);
}
/**
 * Inside code nothing can be escaped without showing, yet a raw `<!--` there would still put a
 * marker-looking string into the body that a careless reader could match.
 */
function breakCommentOpeners(code) {
    return code.replace(/<!--/g, `<!${ZWSP}--`);
}
/**
 * Literal text on one line, for table cells, headings and list items: nothing in it is markdown.
 * `<`, `>` and `&` become entities (a backslash would leave `<!--` in the raw body).
 */
function escapeMarkdownInline(text) {
    const flat = stripControls(text).replace(/\s+/g, ' ').trim();
    const escaped = flat
        .replace(/[\\`*_[\]|~]/g, '\\$&')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
    return breakMentions(escaped);
}
/** Literal text inside an HTML element such as `<summary>`, where markdown escapes would show. */
function escapeHtml(text) {
    const flat = stripControls(text).replace(/\s+/g, ' ').trim();
    return breakMentions(flat.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
}
/**
 * Inline code that shows `text` exactly: the fence is longer than any backtick run inside, and a
 * space pads a leading or trailing backtick (CommonMark strips one space from each side).
 */
function codeSpan(text) {
    const flat = stripControls(text).replace(/\r\n|\r|\n/g, ' ');
    const longestRun = (flat.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
    const fence = '`'.repeat(longestRun + 1);
    const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
    return `${fence}${pad}${breakCommentOpeners(flat)}${pad}${fence}`;
}
/** Inline code inside a table cell: GFM splits cells on pipes even inside code, unless escaped. */
function cellCode(text) {
    return codeSpan(text).replace(/\|/g, '\\|');
}
/** `[text](url "title")` or `![alt](url)` on one line: what a model writes to link or show an image. */
const INLINE_LINK = /(!?)\[([^\]\n]*)\]\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
/**
 * Prose outside code: no raw HTML and no entities of its own (so no tags, comments or markers, and
 * no `&#64;` mention), mentions broken, and no link or image syntax left. An image is dropped, its
 * alt text kept (a tracking pixel loads nothing); a link shows its URL next to its text, so
 * `[the docs](https://evil.example)` cannot hide where it goes. Every other bracket becomes an entity,
 * which CommonMark never reads as syntax: no reference link, reference definition or footnote either.
 */
function sanitizeProse(text) {
    const escaped = text
        .replace(/&/g, '&amp;')
        .replace(INLINE_LINK, (_whole, bang, label, url) => bang ? `(image omitted${label.trim() ? `: ${label.trim()}` : ''})` : `${label.trim() || 'link'} (${url || 'no address'})`)
        .replace(/</g, '&lt;')
        .replace(/\[/g, '&#91;')
        .replace(/\]/g, '&#93;');
    return breakMentions(escaped);
}
/**
 * One line of model markdown: code spans are kept verbatim, everything around them is prose.
 * Spans are matched on one line only and an escaped backtick opens none, so text is never taken
 * for code that GitHub would render as prose; the reverse only shows an entity inside code.
 */
function sanitizeLine(line) {
    let out = '';
    let prose = 0;
    const runs = [...line.matchAll(/`+/g)];
    for (let i = 0; i < runs.length; i++) {
        const run = runs[i];
        let start = run.index;
        let length = run[0].length;
        const backslashes = /\\*$/.exec(line.slice(prose, start))[0].length;
        if (backslashes % 2 === 1) {
            start++;
            length--;
            if (length === 0)
                continue;
        }
        const close = runs.findIndex((r, j) => j > i && r[0].length === length);
        if (close < 0)
            continue;
        const end = runs[close].index + length;
        out += sanitizeProse(line.slice(prose, start)) + breakCommentOpeners(line.slice(start, end));
        prose = end;
        i = close;
    }
    return out + sanitizeProse(line.slice(prose));
}
/** Model prose for one line (a claim in a title or a table): line breaks become spaces. */
function sanitizeModelInline(text) {
    return sanitizeLine(stripControls(text).replace(/\s+/g, ' ').trim());
}
/** Model prose inside a table cell. */
function markdownCell(text) {
    return sanitizeModelInline(text).replace(/\|/g, '\\|');
}
/**
 * Model markdown posted as its own block (place it at column 0 between blank lines). Fenced code
 * and code spans stay intact; the rest is sanitised prose.
 *
 * A fence ends, for GitHub, at its closing line or where its container (a list item) ends. Where
 * the two cannot be told apart without a full parser the fence is closed early: at the first line
 * indented less than the opening fence, and at the end of the text. Lines taken for prose are only
 * ever shown with entities inside a code block; lines taken for code are code for GitHub too.
 */
function sanitizeModelMarkdown(text) {
    const out = [];
    let fence;
    for (const line of stripControls(text).replace(/\r\n?/g, '\n').split('\n')) {
        if (fence) {
            if (closesFence(line, fence)) {
                out.push(line);
                fence = undefined;
                continue;
            }
            if (line.trim() === '' || indentOf(line) >= fence.indent) {
                out.push(breakCommentOpeners(line));
                continue;
            }
            out.push(closingLine(fence));
            fence = undefined;
        }
        // Four spaces in, a fence is indented code or, after a paragraph line, more of the paragraph.
        const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
        const marks = open?.[2];
        if (open && marks && !(marks.startsWith('`') && open[3].includes('`'))) {
            fence = { char: marks.startsWith('`') ? '`' : '~', length: marks.length, indent: open[1].length };
            out.push(open[1] + marks + sanitizeProse(open[3]));
            continue;
        }
        out.push(sanitizeLine(line));
    }
    if (fence)
        out.push(closingLine(fence));
    return out.join('\n');
}
function indentOf(line) {
    return /^ */.exec(line)[0].length;
}
function closesFence(line, fence) {
    const match = /^ *(`+|~+)[ \t]*$/.exec(line);
    return match !== null && match[1].startsWith(fence.char) && match[1].length >= fence.length;
}
function closingLine(fence) {
    return ' '.repeat(fence.indent) + fence.char.repeat(fence.length);
}
/**
 * Characters the runner's culture-sensitive `StartsWith` and `IndexOf` skip (ICU gives them no
 * weight), so a zero-width space next to `::` hides nothing from it: they are matched through, and
 * the break is a visible space instead.
 */
const IGNORABLE = '[\\p{Cc}\\p{Cf}\\p{Mn}\\p{Me}]';
/** The runner trims leading white space (.NET's, which has U+0085) before looking for `::`. */
const COMMAND_START = new RegExp(`^((?:\\s|${IGNORABLE})*):${IGNORABLE}*:`, 'u');
/** The legacy `##[command]` form is matched anywhere in a line. */
const LEGACY_COMMAND = new RegExp(`#${IGNORABLE}*#${IGNORABLE}*\\[`, 'gu');
/**
 * Text for the Actions log, without terminal escapes or control characters (the log viewer renders
 * ANSI colours and cursor moves). The runner reads each line (split at CR or LF) as a workflow
 * command when it starts with `::` after white space (`::add-mask::`, `::stop-commands::`) or holds
 * `##[` anywhere: `::error::x` is logged as `: :error::x`, `##[` as `# #[`.
 */
function escapeForLog(text) {
    return stripControls(text)
        .split(/(\r\n|\r|\n)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(COMMAND_START, '$1: :').replace(LEGACY_COMMAND, '# #[')))
        .join('');
}
/** Lines for one log write, each made safe. */
function logSafe(lines) {
    return lines.map(escapeForLog).join('\n');
}


/***/ })

};
