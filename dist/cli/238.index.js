export const id = 238;
export const ids = [238];
export const modules = {

/***/ 98238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OpenAIProvider: () => (/* binding */ OpenAIProvider),
/* harmony export */   functionCalls: () => (/* binding */ functionCalls),
/* harmony export */   functionTools: () => (/* binding */ functionTools),
/* harmony export */   readResponse: () => (/* binding */ readResponse),
/* harmony export */   responseParams: () => (/* binding */ responseParams),
/* harmony export */   textFormat: () => (/* binding */ textFormat),
/* harmony export */   toolTurnParams: () => (/* binding */ toolTurnParams),
/* harmony export */   usageOf: () => (/* binding */ usageOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var openai__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73747);
/* harmony import */ var openai_helpers_zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53176);
/* harmony import */ var _answer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(39722);
/* harmony import */ var _anthropic_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(11760);
/* harmony import */ var _capabilities_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(56138);
/* harmony import */ var _cost_model_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(81337);
/* harmony import */ var _model_api_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(33282);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(42695);
/**
 * The OpenAI Responses API as a ModelProvider, on the official `openai` SDK. Each call streams
 * (the first event tells the engine the cached prefix is being read), asks for the answer as a
 * strict `text.format` json_schema, validates it, and asks once more when it breaks what the
 * JSON schema cannot say. Prompt caching is automatic on OpenAI: the shared context goes first
 * as the instructions, the format is identical on every call of a run, and `prompt_cache_key`
 * (a hash of the shared context) routes the calls of one prefix to the same cache.
 * With tools: strict function tools, identical on every turn; the model's function calls run and
 * go back as function_call_output items after its output items, reasoning included (as encrypted
 * content, since nothing is stored), until it answers.
 * Retries of 429 (with `retry-after`), 5xx and dropped connections are the SDK's.
 */









const formats = new WeakMap();
/** The strict json_schema format of a run, built once so every call sends the same bytes. */
function textFormat(format) {
    let built = formats.get(format);
    if (!built) {
        const { type, name, schema, strict } = (0,openai_helpers_zod__WEBPACK_IMPORTED_MODULE_2__/* .zodTextFormat */ .GX)((0,_answer_js__WEBPACK_IMPORTED_MODULE_3__/* .wireSchema */ .be)(format.schema), format.name);
        built = { type, name, schema, strict: strict ?? true };
        formats.set(format, built);
    }
    return built;
}
const toolLists = new WeakMap();
/** An agent's tools as strict function tools, built once so every turn sends the same bytes. */
function functionTools(tools) {
    let built = toolLists.get(tools);
    if (!built) {
        built = tools.specs.map((spec) => ({ type: 'function', name: spec.name, description: spec.description, parameters: spec.inputSchema, strict: true }));
        toolLists.set(tools, built);
    }
    return built;
}
function responseParams(request) {
    const model = (0,_capabilities_js__WEBPACK_IMPORTED_MODULE_5__/* .openaiModel */ .k5)(request.model);
    const effort = (0,_capabilities_js__WEBPACK_IMPORTED_MODULE_5__/* .nearestEffort */ .Br)(request.effort, model.efforts);
    const tools = request.tools && request.tools.specs.length > 0 ? functionTools(request.tools) : undefined;
    return {
        model: request.model,
        instructions: request.sharedContext,
        input: [{ role: 'user', content: request.prompt }],
        text: { format: textFormat(request.format) },
        ...(effort ? { reasoning: { effort } } : {}),
        // Reasoning goes back with the tool results; unstored, it can only go back encrypted.
        ...(tools ? { tools, include: ['reasoning.encrypted_content'] } : {}),
        max_output_tokens: Math.min(request.maxOutputTokens, model.maxOutputTokens),
        prompt_cache_key: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(request.sharedContext).digest('hex').slice(0, 32),
        store: false,
        stream: true
    };
}
function usageOf(usage) {
    if (!usage)
        return _types_js__WEBPACK_IMPORTED_MODULE_8__/* .ZERO_USAGE */ .fI;
    const read = usage.input_tokens_details?.cached_tokens ?? 0;
    const written = usage.input_tokens_details?.cache_write_tokens ?? 0;
    return {
        // input_tokens counts the cached and cache-written tokens too; here each is counted once.
        inputTokens: Math.max(0, usage.input_tokens - read - written),
        outputTokens: usage.output_tokens,
        cacheWriteTokens: written,
        cacheReadTokens: read,
        thinkingTokens: usage.output_tokens_details?.reasoning_tokens ?? 0
    };
}
function messageParts(response) {
    return response.output.flatMap((item) => (item.type === 'message' ? item.content : []));
}
function outputText(response) {
    return messageParts(response)
        .flatMap((p) => (p.type === 'output_text' ? [p.text] : []))
        .join('');
}
/** The function calls of a complete response. */
function functionCalls(response) {
    if (response.status !== 'completed')
        return [];
    return response.output.flatMap((item) => item.type === 'function_call' ? [{ id: item.call_id, name: item.name, input: parsedArguments(item.arguments) }] : []);
}
/** Strict tools make the arguments schema-valid JSON; anything else reaches the tool as it is, to be refused there. */
function parsedArguments(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}
/**
 * The request of the turn after a response that called functions: the input so far, the
 * response's output items (reasoning with its encrypted content, function calls, any text), an
 * output for each call (a failure says so: the API has no error flag), and on the last turn the
 * ask to answer now.
 */
function toolTurnParams(previous, turn) {
    const replayed = turn.reply.output.flatMap((item) => {
        if (item.type === 'reasoning')
            return [{ type: 'reasoning', id: item.id, summary: item.summary, ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}) }];
        if (item.type === 'function_call')
            return [{ type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments }];
        if (item.type === 'message')
            return outputText(turn.reply) ? [{ role: 'assistant', content: outputText(turn.reply) }] : [];
        return [];
    });
    const outputs = turn.answers.map(({ use, result }) => ({
        type: 'function_call_output',
        call_id: use.id,
        output: result.isError ? `Error: ${result.text}` : result.text
    }));
    return {
        ...previous,
        input: [
            ...previous.input,
            ...replayed,
            ...outputs,
            ...(turn.last ? [{ role: 'user', content: _answer_js__WEBPACK_IMPORTED_MODULE_3__/* .LAST_TURN_TEXT */ .hI }] : [])
        ],
        max_output_tokens: Math.min(turn.maxOutputTokens, (0,_capabilities_js__WEBPACK_IMPORTED_MODULE_5__/* .openaiModel */ .k5)(previous.model).maxOutputTokens)
    };
}
function readResponse(response, answer, agent) {
    const parts = messageParts(response);
    const refusal = parts.find((p) => p.type === 'refusal');
    if (refusal || response.incomplete_details?.reason === 'content_filter') {
        throw new _types_js__WEBPACK_IMPORTED_MODULE_8__/* .ProviderError */ .mZ('refused', `${agent}: the model declined to answer${refusal ? ` (${refusal.refusal})` : ' (content filter)'}`);
    }
    if (response.status === 'incomplete') {
        throw new _types_js__WEBPACK_IMPORTED_MODULE_8__/* .ProviderError */ .mZ('truncated', `${agent}: the reply stopped at ${response.incomplete_details?.reason ?? 'incomplete'} before the answer was complete`, _types_js__WEBPACK_IMPORTED_MODULE_8__/* .ZERO_USAGE */ .fI, 1, outputText(response));
    }
    return (0,_answer_js__WEBPACK_IMPORTED_MODULE_3__/* .readAnswer */ .JN)(outputText(response), answer);
}
class OpenAIProvider extends _model_api_js__WEBPACK_IMPORTED_MODULE_7__/* .ModelApi */ .yl {
    name = 'openai';
    #client;
    constructor(options) {
        super('OpenAI', options);
        const retryBackoffMs = options.retryBackoffMs;
        this.#client = new openai__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .Ay({
            apiKey: options.apiKey,
            // The SDK reads OPENAI_BASE_URL itself when none is given; null would turn that off.
            ...(options.baseURL ? { baseURL: options.baseURL } : {}),
            ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
            ...(retryBackoffMs !== undefined
                ? { fetch: async (input, init) => (0,_model_api_js__WEBPACK_IMPORTED_MODULE_7__/* .withRetryHint */ .mA)(await fetch(input, init), retryBackoffMs) }
                : {})
        });
    }
    call(request) {
        // The conversation so far: each turn is sent after the ones before it.
        let current = responseParams(request);
        return (0,_answer_js__WEBPACK_IMPORTED_MODULE_3__/* .answerWithRepair */ .wM)(request, {
            send: async (turn, started) => {
                if (turn.tools)
                    current = toolTurnParams(current, turn.tools);
                const params = turn.repair
                    ? {
                        ...current,
                        // The room the budget reserved for the repair.
                        max_output_tokens: Math.min(turn.repair.maxOutputTokens, (0,_capabilities_js__WEBPACK_IMPORTED_MODULE_5__/* .openaiModel */ .k5)(request.model).maxOutputTokens),
                        input: [
                            ...current.input,
                            { role: 'assistant', content: outputText(turn.repair.reply) },
                            { role: 'user', content: (0,_answer_js__WEBPACK_IMPORTED_MODULE_3__/* .repairText */ .DI)(turn.repair.problem) }
                        ]
                    }
                    : current;
                const reply = await this.#send(params, request, started);
                return { reply, usage: usageOf(reply.usage) };
            },
            toolUses: functionCalls,
            read: (reply) => readResponse(reply, request.answer, request.agent),
            modelOf: (reply) => reply.model,
            toError: (err) => toProviderError(err, request.agent, undefined, this.apiKey),
            logger: this.logger
        });
    }
    /**
     * POST /v1/responses/input_tokens with the call's model, instructions and format and a
     * one-character input. Effort is left out, as for Anthropic: makers and checker share one count.
     */
    prefixCount(request) {
        const { model, instructions, text } = responseParams({ ...request, prompt: _cost_model_js__WEBPACK_IMPORTED_MODULE_6__/* .COUNT_PLACEHOLDER */ .Od, maxOutputTokens: request.thinkingTokens });
        const params = {
            model,
            instructions,
            ...(text ? { text } : {}),
            input: [{ role: 'user', content: _cost_model_js__WEBPACK_IMPORTED_MODULE_6__/* .COUNT_PLACEHOLDER */ .Od }]
        };
        return { key: JSON.stringify(params), count: async () => (await this.#client.responses.inputTokens.count(params, _model_api_js__WEBPACK_IMPORTED_MODULE_7__/* .COUNT_REQUEST */ .uf)).input_tokens };
    }
    /** One API call, streamed, bounded by the deadline and the caller's signal. */
    async #send(params, request, started) {
        const deadline = this.deadline(request);
        let partial;
        try {
            const stream = this.#client.responses.stream(params, { signal: deadline.signal });
            stream.on('event', (event) => {
                if (event.type === 'response.created')
                    started();
                if ('response' in event)
                    partial = event.response;
            });
            return await stream.finalResponse();
        }
        catch (err) {
            const failure = toProviderError(err, request.agent, deadline.endedBy(), this.apiKey);
            // Usage arrives with the last event; a stream cut before it bills what the server counted, which we cannot see.
            throw new _types_js__WEBPACK_IMPORTED_MODULE_8__/* .ProviderError */ .mZ(failure.kind, failure.message, usageOf(partial?.usage));
        }
        finally {
            deadline.clear();
        }
    }
}
function toProviderError(err, agent, endedBy, secret) {
    let kind = 'api';
    let detail;
    if (endedBy === 'caller' || (!endedBy && err instanceof openai__WEBPACK_IMPORTED_MODULE_1__/* .APIUserAbortError */ .cH)) {
        kind = 'aborted';
        detail = 'the call was aborted';
    }
    else if (endedBy === 'deadline' || err instanceof openai__WEBPACK_IMPORTED_MODULE_1__/* .APIConnectionTimeoutError */ .qA) {
        kind = 'timeout';
        detail = 'no complete answer from the OpenAI API in time';
    }
    else if (err instanceof openai__WEBPACK_IMPORTED_MODULE_1__/* .APIError */ .LG) {
        kind = (err.status !== undefined ? _anthropic_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KIND_BY_STATUS */ .gr[err.status] : undefined) ?? 'api';
        const request = err.requestID ? ` (request ${err.requestID})` : '';
        detail = `OpenAI API error ${[err.status, err.code, err.message].filter((p) => p !== undefined && p !== null).join(' ')}${request}`;
    }
    else {
        detail = err instanceof Error ? err.message : String(err);
    }
    return new _types_js__WEBPACK_IMPORTED_MODULE_8__/* .ProviderError */ .mZ(kind, (0,_anthropic_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .redacted */ .pc)(`${agent}: ${detail}`, secret));
}


/***/ })

};
