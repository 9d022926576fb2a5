export const id = 977;
export const ids = [977];
export const modules = {

/***/ 7977:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BudgetMeter: () => (/* binding */ BudgetMeter),
/* harmony export */   estimateTokens: () => (/* binding */ estimateTokens),
/* harmony export */   isRefusal: () => (/* binding */ isRefusal),
/* harmony export */   systemClock: () => (/* binding */ systemClock)
/* harmony export */ });
/* harmony import */ var _providers_cost_model_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1626);
/* harmony import */ var _providers_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2695);


const systemClock = { now: () => Date.now() };
class BudgetMeter {
    limits;
    pricing;
    clock;
    usage = _providers_types_js__WEBPACK_IMPORTED_MODULE_1__/* .ZERO_USAGE */ .fI;
    cost = 0;
    calls = 0;
    reservedTokens = 0;
    reservedCost = 0;
    nextId = 1;
    open = new Map();
    startedAt;
    constructor(limits, pricing, clock = systemClock) {
        this.limits = limits;
        this.pricing = pricing;
        this.clock = clock;
        this.startedAt = clock.now();
    }
    /** Milliseconds left before maxDurationMinutes; Infinity without a time cap. */
    remainingMs() {
        if (this.limits.maxDurationMinutes === undefined)
            return Infinity;
        return this.startedAt + this.limits.maxDurationMinutes * 60_000 - this.clock.now();
    }
    elapsedMs() {
        return this.clock.now() - this.startedAt;
    }
    /**
     * Reserves room for a call, shrinking its output allowance to what is left when needed, or
     * refuses with the budget that ran out.
     */
    reserve(estimate) {
        const { maxIterations, maxTokens, maxCostUsd } = this.limits;
        if (this.remainingMs() <= 0)
            return { ok: false, reason: `time budget of ${this.limits.maxDurationMinutes} min used up` };
        if (maxIterations !== undefined && this.calls + this.open.size >= maxIterations) {
            return { ok: false, reason: `iteration budget of ${maxIterations} model calls used up` };
        }
        const card = this.pricing.rates(estimate.model);
        if (card.guess && maxCostUsd !== undefined) {
            return {
                ok: false,
                reason: `${estimate.model} has no price in LoopKit's model table, so the cost budget of $${maxCostUsd} cannot be kept: pick a priced model or drop budget.maxCostUsd`
            };
        }
        // The prompt bound decides the rates: past a long-prompt threshold every token of the request costs more.
        const price = (0,_providers_cost_model_js__WEBPACK_IMPORTED_MODULE_0__/* .ratesAt */ .vP)(card, estimate.inputTokens);
        // Worst case for the prompt: all of it written to cache (1.25×) rather than read.
        const inputCost = (0,_providers_cost_model_js__WEBPACK_IMPORTED_MODULE_0__/* .reservationOf */ .cR)(price, estimate.inputTokens, 0).costUsd;
        const byTokens = maxTokens === undefined ? Infinity : maxTokens - (0,_providers_types_js__WEBPACK_IMPORTED_MODULE_1__/* .totalTokens */ .RP)(this.usage) - this.reservedTokens - estimate.inputTokens;
        const byCost = maxCostUsd === undefined ? Infinity : Math.floor(((maxCostUsd - this.cost - this.reservedCost - inputCost) * 1_000_000) / price.output);
        const maxOutput = Math.min(estimate.maxOutputTokens, byTokens, byCost);
        if (maxOutput < Math.min(estimate.minOutputTokens ?? _providers_cost_model_js__WEBPACK_IMPORTED_MODULE_0__/* .MIN_ANSWER_TOKENS */ .t_, estimate.maxOutputTokens)) {
            const which = byTokens <= byCost ? `token budget of ${maxTokens}` : `cost budget of $${maxCostUsd}`;
            return { ok: false, reason: `${which} would be exceeded by the next call` };
        }
        const reservation = { id: this.nextId++, ...(0,_providers_cost_model_js__WEBPACK_IMPORTED_MODULE_0__/* .reservationOf */ .cR)(price, estimate.inputTokens, maxOutput), maxOutputTokens: maxOutput };
        this.open.set(reservation.id, reservation);
        this.reservedTokens += reservation.tokens;
        this.reservedCost += reservation.costUsd;
        return reservation;
    }
    /** Records what a call really used (also for failed calls, which are billed too). */
    settle(reservation, model, usage) {
        if (this.open.delete(reservation.id)) {
            this.reservedTokens -= reservation.tokens;
            this.reservedCost -= reservation.costUsd;
        }
        const cost = this.pricing.cost(model, usage);
        this.usage = (0,_providers_types_js__WEBPACK_IMPORTED_MODULE_1__/* .addUsage */ .vk)(this.usage, usage);
        this.cost += cost;
        this.calls += 1;
        return cost;
    }
    spent() {
        return { usage: this.usage, costUsd: this.cost, calls: this.calls, tokens: (0,_providers_types_js__WEBPACK_IMPORTED_MODULE_1__/* .totalTokens */ .RP)(this.usage) };
    }
}
function isRefusal(value) {
    return 'ok' in value && value.ok === false;
}
/** Token estimate for text: about four characters a token for English and code (for sizing batches, not for caps). */
function estimateTokens(text) {
    return Math.ceil(text.length / 4);
}


/***/ }),

/***/ 1626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t_: () => (/* binding */ MIN_ANSWER_TOKENS),
  vP: () => (/* binding */ ratesAt),
  cR: () => (/* binding */ reservationOf)
});

// UNUSED EXPORTS: COUNT_PLACEHOLDER, DEFAULT_EFFORT, OWN_PROMPT_TOKENS, TYPICAL_SHARE, affordableBatches, batchSpend, conservativePrice, costAt, costUsd, countedPrompt, minimalCall, outputAllowance, pricing, promptBound, promptEstimate, typicalCall, utf8Bytes

;// CONCATENATED MODULE: ./src/providers/model-id.ts
/**
 * Both vendors publish each model under an alias and dated snapshots: Anthropic's
 * `claude-sonnet-4-5-20250929`, OpenAI's `gpt-6.1-sol-2026-09-29` (what a response names when the
 * request gave the alias). Tables keyed by model are keyed by the alias, so a response's model is
 * priced as the request's was.
 */
const DATED_SNAPSHOT = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;
function baseModelId(model) {
    return model.trim().toLowerCase().replace(DATED_SNAPSHOT, '');
}

;// CONCATENATED MODULE: ./src/providers/models.ts

const models_EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];
/** The current Sonnet: the sensible speed/quality/cost balance for reviewing a diff. */
const DEFAULT_MODEL = 'claude-sonnet-5-5';
/** What an OpenAI loop runs on when it names no model. */
const models_DEFAULT_OPENAI_MODEL = 'gpt-6.2-sol';
const UP_TO_MAX = ['low', 'medium', 'high', 'max'];
const claude = (price, rest = {}) => ({
    vendor: 'anthropic',
    efforts: models_EFFORTS,
    thinking: 'adaptive',
    maxOutputTokens: 128_000,
    price,
    ...rest
});
const FABLE_5 = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 };
const FABLE_5_1 = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 };
const FABLE_5_2 = { input: 8, output: 40, cacheWrite: 10, cacheRead: 0.2 };
const OPUS_4_5_TO_5 = { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 };
const SONNET_4 = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
/** OpenAI's long-context rule: past 272K input tokens, input and cache rates double and output costs 1.5×, for the whole request. */
function openaiPrice(rates) {
    return {
        ...rates,
        longPrompt: {
            thresholdTokens: 272_000,
            input: rates.input * 2,
            output: rates.output * 1.5,
            cacheWrite: rates.cacheWrite * 2,
            cacheRead: rates.cacheRead * 2
        }
    };
}
const MODELS = {
    // Mythos models are the invitation-only siblings of Fable and share its price card.
    'claude-fable-5-2': claude(FABLE_5_2),
    'claude-mythos-5-2': claude(FABLE_5_2),
    'claude-fable-5-1': claude(FABLE_5_1),
    'claude-mythos-5-1': claude(FABLE_5_1),
    'claude-fable-5': claude(FABLE_5),
    'claude-mythos-5': claude(FABLE_5),
    'claude-opus-5-5': claude({ input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 }),
    'claude-opus-5': claude(OPUS_4_5_TO_5),
    // Sonnet 5.5 cache reads dropped from $0.20 to $0.10 on 2026-10-07.
    'claude-sonnet-5-5': claude({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 }, { maxOutputTokens: 64_000 }),
    'claude-sonnet-5': claude({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }, { maxOutputTokens: 64_000 }),
    'claude-haiku-5-5': claude({
        input: 0.1,
        output: 0.5,
        cacheWrite: 0.125,
        cacheRead: 0.01,
        longPrompt: { thresholdTokens: 100_000, input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 }
    }, { maxOutputTokens: 64_000 }),
    'claude-opus-4-8': claude(OPUS_4_5_TO_5),
    'claude-opus-4-7': claude(OPUS_4_5_TO_5),
    'claude-opus-4-6': claude(OPUS_4_5_TO_5, { efforts: UP_TO_MAX }),
    'claude-sonnet-4-6': claude(SONNET_4, { efforts: UP_TO_MAX, maxOutputTokens: 64_000 }),
    'claude-opus-4-5': claude(OPUS_4_5_TO_5, { efforts: ['low', 'medium', 'high'], thinking: 'budget', maxOutputTokens: 64_000 }),
    'claude-sonnet-4-5': claude(SONNET_4, { efforts: [], thinking: 'budget', maxOutputTokens: 64_000 }),
    'claude-haiku-4-5': claude({ input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }, { efforts: [], thinking: 'budget', maxOutputTokens: 64_000 }),
    'gpt-6.2-sol': {
        vendor: 'openai',
        efforts: models_EFFORTS,
        maxOutputTokens: 128_000,
        price: openaiPrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 })
    },
    'gpt-6.1-sol': {
        vendor: 'openai',
        efforts: models_EFFORTS,
        maxOutputTokens: 128_000,
        price: openaiPrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 })
    },
    'gpt-6-sol': { vendor: 'openai', efforts: models_EFFORTS, maxOutputTokens: 128_000, price: openaiPrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }) },
    'gpt-5.5': {
        vendor: 'openai',
        efforts: ['low', 'medium', 'high', 'xhigh'],
        maxOutputTokens: 128_000,
        price: openaiPrice({ input: 5, output: 30, cacheWrite: 5, cacheRead: 0.5 })
    }
};
/** The table's row for a model (dated Anthropic snapshots read their alias's row), or undefined. */
function models_modelInfo(model) {
    return MODELS[baseModelId(model)];
}
/** A model's price, or undefined when LoopKit has none (never a guess: see `conservativePrice` for what budgets do then). */
function models_priceOf(model) {
    return models_modelInfo(model)?.price;
}

;// CONCATENATED MODULE: ./src/providers/capabilities.ts

/** What an Anthropic model not in the table is taken to take: the newest generation's rules. */
const NEWEST_CLAUDE = { vendor: 'anthropic', efforts: models_EFFORTS, thinking: 'adaptive', maxOutputTokens: 128_000 };
const NEWEST_GPT = { vendor: 'openai', efforts: models_EFFORTS, maxOutputTokens: 128_000 };
function anthropicModel(model) {
    const known = modelInfo(model);
    return known?.vendor === 'anthropic' ? known : NEWEST_CLAUDE;
}
function openaiModel(model) {
    const known = modelInfo(model);
    return known?.vendor === 'openai' ? known : NEWEST_GPT;
}
/** The supported level nearest to the one asked for, rounding up first (more effort, never less, when both are as near). */
function nearestEffort(effort, accepted) {
    if (accepted.length === 0)
        return undefined;
    const want = EFFORTS.indexOf(effort);
    return [...accepted].sort((a, b) => Math.abs(EFFORTS.indexOf(a) - want) - Math.abs(EFFORTS.indexOf(b) - want) || EFFORTS.indexOf(b) - EFFORTS.indexOf(a))[0];
}
/**
 * Output tokens set aside for thinking at each effort, on top of the answer: `max_tokens` is
 * thinking plus answer, so a budget that trims the allowance never leaves thinking without room
 * to answer. Adaptive thinking uses less at low effort; these are the reservations, not targets.
 */
const capabilities_THINKING_TOKENS = { low: 2_048, medium: 4_096, high: 8_192, xhigh: 16_384, max: 32_000 };
/** Which provider serves a model, by its name. */
function providerOf(model) {
    return /^(gpt-|o\d|chatgpt-|codex-)/i.test(model.trim()) ? 'openai' : 'anthropic';
}
/** The model and the API an agent runs on: its own, else the loop's, else the default (OpenAI's when the loop says `provider: openai`). */
function modelOf(agent, loop, defaultModel) {
    const provider = agent?.provider ?? (agent?.model ? providerOf(agent.model) : undefined) ?? loop.provider;
    const model = agent?.model ?? loop.model ?? (provider === 'openai' && providerOf(defaultModel) !== 'openai' ? DEFAULT_OPENAI_MODEL : defaultModel);
    return { model, provider: provider ?? providerOf(model) };
}
/** What a loop should know about a model and the effort it asks of it: unknown to the table, or an effort it does not take. */
function modelNotes(model, provider, effort) {
    const known = modelInfo(model);
    if (!known || known.vendor !== provider) {
        return [
            `${model} is not in LoopKit's model table: it gets the newest models' rules and has no price (its cost is reported at the dearest rates listed, and a loop with \`budget.maxCostUsd\` is refused)`
        ];
    }
    if (!effort)
        return [];
    const sent = nearestEffort(effort, known.efforts);
    if (sent === undefined)
        return [`${model} takes no effort setting: \`effort: ${effort}\` is not sent`];
    return sent === effort ? [] : [`${model} does not take \`effort: ${effort}\`: it is sent as ${sent}`];
}

;// CONCATENATED MODULE: ./src/providers/cost-model.ts
/**
 * The one cost model: what a request costs (at the rates the model table gives it), what it
 * reserves, what a batch of calls on one shared prefix typically spends, and so how many batches
 * a budget pays for. The engine's budget meter and batch planning and the LRS's budget-fit rule
 * all read it, so a cap the LRS calls sufficient is one the engine can run under. Thinking is
 * output: it is reserved and billed at the output rate.
 */



/**
 * Effort when neither the agent nor the loop sets one, by loop kind and role. Review makers at
 * medium: several look in parallel and breadth comes from their number; the review checker at
 * high: one call per batch weighs evidence, where depth pays (on OpenAI a different effort misses
 * the prompt cache for that one call, a price the verdicts are worth). Triage makers at low:
 * reading an issue and choosing labels is shallow work; its checker, which refuses a wrong label
 * or duplicate, at medium. Thinking at these efforts is reserved as THINKING_TOKENS says.
 */
const DEFAULT_EFFORT = {
    review: { maker: 'medium', checker: 'high' },
    triage: { maker: 'low', checker: 'medium' }
};
/** Share of an output allowance (answer and thinking) a call typically writes; reservations take all of it. */
const TYPICAL_SHARE = 0.25;
/** Prompt tokens of an agent's own instructions after the shared prefix, with the API's own additions. */
const OWN_PROMPT_TOKENS = 3_000;
/** The smallest answer worth asking for. */
const MIN_ANSWER_TOKENS = 512;
/**
 * The rates a request is billed at: the long-prompt rates, for every token of it, once its
 * prompt (input, cache writes and reads) passes the model's threshold. Given a bound of the
 * prompt that is never low, the highest rates the request can be billed at.
 */
function ratesAt(price, promptTokens) {
    return price.longPrompt && promptTokens > price.longPrompt.thresholdTokens ? price.longPrompt : price;
}
/** Cost of one request's usage at a given price. */
function costAt(price, usage) {
    const rates = ratesAt(price, usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens);
    const micro = usage.inputTokens * rates.input + usage.outputTokens * rates.output + usage.cacheWriteTokens * rates.cacheWrite + usage.cacheReadTokens * rates.cacheRead;
    return micro / 1_000_000;
}
/** USD for one request's usage, or undefined when the model has no price. */
function costUsd(model, usage) {
    const price = priceOf(model);
    return price && costAt(price, usage);
}
const dearest = (rates) => ({
    input: Math.max(...rates.map((r) => r.input)),
    output: Math.max(...rates.map((r) => r.output)),
    cacheWrite: Math.max(...rates.map((r) => r.cacheWrite)),
    cacheRead: Math.max(...rates.map((r) => r.cacheRead))
});
/**
 * For a model the table does not list: each rate the highest any listed model charges at any
 * prompt length, so an unpriced model is over-estimated, never counted as free. Marked a guess: a
 * run without a cost cap reports its cost at these rates, one with `maxCostUsd` is refused.
 */
const conservativePrice = Object.freeze({
    ...dearest(Object.values(MODELS).flatMap(({ price }) => (price.longPrompt ? [price, price.longPrompt] : [price]))),
    guess: true
});
/** Prices as the engine's budget meter reads them: a model's card, or for a model without one the conservative guess. */
const pricing = {
    rates: (model) => models_priceOf(model) ?? conservativePrice,
    cost: (model, usage) => costAt(models_priceOf(model) ?? conservativePrice, usage)
};
/** What the budget meter reserves for a call: the prompt as if all of it were written to cache, and the whole output allowance. */
function reservationOf(rates, promptTokens, outputTokens) {
    return { tokens: promptTokens + outputTokens, costUsd: (promptTokens * Math.max(rates.input, rates.cacheWrite) + outputTokens * rates.output) / 1_000_000 };
}
/** A call's output allowance: its answer plus thinking at its effort. */
function outputAllowance(answerTokens, effort) {
    return answerTokens + THINKING_TOKENS[effort];
}
/** What a batch typically spends: the prefix written once and read by the others, each call's own prompt, a typical share of each allowance. */
function batchSpend(rates, shape) {
    const calls = shape.outputs.length;
    const output = shape.outputs.reduce((n, o) => n + o * TYPICAL_SHARE, 0);
    const tokens = calls * (shape.sharedTokens + OWN_PROMPT_TOKENS) + output;
    const costUsd = (shape.sharedTokens * rates.cacheWrite +
        (calls - 1) * shape.sharedTokens * rates.cacheRead +
        calls * OWN_PROMPT_TOKENS * rates.input +
        output * rates.output) /
        1_000_000;
    return { tokens, costUsd };
}
/** How many batches of this shape the caps pay for (at least one: a run always tries). */
function affordableBatches(budget, rates, shape) {
    const spend = batchSpend(rates, shape);
    let max = Number.MAX_SAFE_INTEGER;
    if (budget.maxIterations !== undefined)
        max = Math.min(max, Math.floor(budget.maxIterations / shape.outputs.length));
    if (budget.maxTokens !== undefined)
        max = Math.min(max, Math.floor(budget.maxTokens / spend.tokens));
    if (budget.maxCostUsd !== undefined)
        max = Math.min(max, Math.floor(budget.maxCostUsd / spend.costUsd));
    return Math.max(1, max);
}
/** The smallest call the meter will make: a short prompt, room to think at this effort and a short answer. */
function minimalCall(rates, effort) {
    return reservationOf(rates, 2_000, outputAllowance(MIN_ANSWER_TOKENS, effort));
}
/** A typical review call's reservation: a batch of diff and a full answer, with thinking at this effort. */
function typicalCall(rates, effort) {
    return reservationOf(rates, 20_000, outputAllowance(8_000, effort));
}
/** Prompt tokens the API adds around ours: the structured-output instructions, turn markers, thinking setup. */
const REQUEST_OVERHEAD_TOKENS = 600;
/**
 * Share added to a counted prefix: the count endpoints are documented as estimates that "may
 * differ by a small amount" from what the call bills (Anthropic's token counting guide).
 */
const COUNT_MARGIN = 0.01;
/**
 * The UTF-8 length of a text: an upper bound on its tokens when every token covers at least one
 * byte. True of byte-level BPE (OpenAI's published tokenizers); Claude's tokenizer is not
 * published, so for Claude it is an assumption, which the count endpoint replaces wherever it answers.
 */
function utf8Bytes(text) {
    let bytes = 0;
    for (const char of text) {
        const code = char.codePointAt(0);
        bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }
    return bytes;
}
const formatTexts = new WeakMap();
function formatText(format) {
    let text = formatTexts.get(format);
    if (text === undefined) {
        text = JSON.stringify(z.toJSONSchema(format.schema));
        formatTexts.set(format, text);
    }
    return text;
}
/**
 * A prompt's tokens for a provider that cannot count them (the dry run, test doubles): ASCII at
 * three characters a token, other text at its UTF-8 bytes. A guess, not a bound: model APIs
 * reserve with `countedPrompt`, or with `promptBound` when their count endpoint fails.
 */
function promptEstimate(request) {
    return tokenEstimate(request.sharedContext) + tokenEstimate(request.prompt) + tokenEstimate(formatText(request.format)) + REQUEST_OVERHEAD_TOKENS;
}
function tokenEstimate(text) {
    let ascii = 0;
    for (const char of text)
        if (char.codePointAt(0) < 0x80)
            ascii++;
    return Math.ceil(ascii / 3) + utf8Bytes(text) - ascii;
}
/**
 * A prompt's tokens that are never low, without asking the API: the UTF-8 bytes of everything we
 * send (see `utf8Bytes`) and an allowance for the API's own additions around it (not published:
 * 600 tokens is a margin, not a measurement). Two to four times the real count on English and code.
 */
function promptBound(request) {
    return utf8Bytes(request.sharedContext) + utf8Bytes(request.prompt) + utf8Bytes(formatText(request.format)) + REQUEST_OVERHEAD_TOKENS;
}
/**
 * A prompt's tokens from the API's count of its shared prefix (counted with a one-character
 * prompt): the count with its margin, plus the byte bound of the agent's own prompt, which the
 * API tokenizes as a message of its own after the prefix.
 */
function countedPrompt(prefixTokens, prompt) {
    return Math.ceil(prefixTokens * (1 + COUNT_MARGIN)) + utf8Bytes(prompt);
}
/** The one-character prompt a shared prefix is counted with. */
const COUNT_PLACEHOLDER = '.';


/***/ }),

/***/ 2695:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RP: () => (/* binding */ totalTokens),
/* harmony export */   fI: () => (/* binding */ ZERO_USAGE),
/* harmony export */   vk: () => (/* binding */ addUsage)
/* harmony export */ });
/* unused harmony exports usageBeyond, ProviderError */
const ZERO_USAGE = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 });
function addUsage(a, b) {
    return {
        inputTokens: a.inputTokens + b.inputTokens,
        outputTokens: a.outputTokens + b.outputTokens,
        cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
        cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
        thinkingTokens: a.thinkingTokens + b.thinkingTokens
    };
}
/** What `a` used beyond `b` (the turns of a call not yet settled, from the call's total). */
function usageBeyond(a, b) {
    return {
        inputTokens: Math.max(0, a.inputTokens - b.inputTokens),
        outputTokens: Math.max(0, a.outputTokens - b.outputTokens),
        cacheWriteTokens: Math.max(0, a.cacheWriteTokens - b.cacheWriteTokens),
        cacheReadTokens: Math.max(0, a.cacheReadTokens - b.cacheReadTokens),
        thinkingTokens: Math.max(0, a.thinkingTokens - b.thinkingTokens)
    };
}
function totalTokens(u) {
    return u.inputTokens + u.outputTokens + u.cacheWriteTokens + u.cacheReadTokens;
}
class ProviderError extends Error {
    kind;
    usage;
    attempts;
    partial;
    name = 'ProviderError';
    constructor(kind, message, 
    /** Tokens already spent on the failed call(s): they still count against the budget. */
    usage = ZERO_USAGE, attempts = 1, 
    /** For `truncated`: the answer's text as far as it came, so complete parts of it can be kept. */
    partial) {
        super(message);
        this.kind = kind;
        this.usage = usage;
        this.attempts = attempts;
        this.partial = partial;
    }
}


/***/ })

};
