export const id = 911;
export const ids = [911];
export const modules = {

/***/ 6911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EXPORT_BOUND_MS: () => (/* binding */ EXPORT_BOUND_MS),
/* harmony export */   EXPORT_TIMEOUT_MS: () => (/* binding */ EXPORT_TIMEOUT_MS),
/* harmony export */   exportTrace: () => (/* binding */ exportTrace)
/* harmony export */ });
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(63914);
/* harmony import */ var _opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(75647);
/* harmony import */ var _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16410);
/* harmony import */ var _package_json__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8330);
/**
 * The run as OpenTelemetry traces, through the official SDK and OTLP exporters: one trace per loop
 * run, built from the run record (flows/run-record.ts), so the trace and the record say the same
 * thing from one source. Loaded (with the SDK) only when the step's environment names an OTLP
 * endpoint (otlp-settings.ts).
 *
 *   loopkit <loop>                       root: loop, task, event, repository, pull request or issue,
 *   │                                     outcome, tokens, cost, findings by verdict
 *   └── round <n>                        one per batch and round of the rounds runner
 *       └── invoke_agent <agent>         one per model call, GenAI semantic conventions
 *           └── execute_tool <tool>      one per tool call of that model call
 *
 * Attributes hold names, numbers and LoopKit's own enumerations only: no prompt, answer, tool
 * argument or result, no error text (a model or an API may quote anything in one), and the record
 * they come from has had the run's secrets redacted. Every span is built with the times the record
 * kept, then all are sent in one export, bounded in time: a collector that is down or silent costs
 * at most EXPORT_BOUND_MS and fails nothing.
 */




/** One export request may take this long (the exporter's own timeout, retries included). */
const EXPORT_TIMEOUT_MS = 1_500;
/** The whole export, however the collector behaves: the step's end waits no longer (under the 3 s the issue allows). */
const EXPORT_BOUND_MS = 2_000;
/** Exports the record's loop runs, one trace each; never throws (a failed export is a warning). */
async function exportTrace(record, settings, log) {
    const ended = [];
    // The spans are only collected here; they leave in one export below, whose outcome and time LoopKit controls.
    const collect = {
        onStart: () => { },
        onEnd: (span) => void ended.push(span),
        forceFlush: async () => { },
        shutdown: async () => { }
    };
    const provider = new _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_1__/* .TracerProvider */ .dq({
        resource: (0,_opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__.resourceFromAttributes)({ 'service.name': 'loopkit', 'service.version': _package_json__WEBPACK_IMPORTED_MODULE_0__/* .version */ .rE }),
        spanProcessors: [collect]
    });
    const tracer = provider.getTracer('loopkit', _package_json__WEBPACK_IMPORTED_MODULE_0__/* .version */ .rE);
    for (const loop of record.loops) {
        const root = tracer.startSpan(`loopkit ${loop.loop}`, { kind: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanKind.INTERNAL, startTime: new Date(loop.startedAt), attributes: loopAttributes(record, loop) }, _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.ROOT_CONTEXT);
        if (loop.outcome === 'failed' || loop.outcome === 'crashed')
            root.setStatus({ code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanStatusCode.ERROR });
        const inRoot = _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.trace.setSpan(_opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.ROOT_CONTEXT, root);
        for (const calls of rounds(loop.calls)) {
            const first = calls[0];
            const start = Math.min(...calls.map((c) => Date.parse(c.startedAt)));
            const end = Math.max(...calls.map((c) => Date.parse(c.startedAt) + c.durationMs));
            const round = tracer.startSpan(`round ${first.round}`, { kind: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanKind.INTERNAL, startTime: new Date(start), attributes: { 'loopkit.batch': first.batch, 'loopkit.round': first.round } }, inRoot);
            for (const call of calls)
                callSpan(tracer, call, _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.trace.setSpan(inRoot, round));
            round.end(new Date(end));
        }
        root.end(new Date(Date.parse(loop.startedAt) + loop.durationMs));
    }
    const exporter = await createExporter(settings);
    const ok = await sendWithin(exporter, ended, log, endpointName(settings.url));
    // The exporter's sockets are let go: an export still hanging after the bound must not hold the step.
    void exporter.shutdown().catch(() => { });
    return { spans: ended.length, ok };
}
function loopAttributes(record, loop) {
    const { event } = record;
    return {
        'loopkit.loop.name': loop.loop,
        'loopkit.loop.task': loop.task,
        'loopkit.event.name': event.name,
        ...(event.action ? { 'loopkit.event.action': event.action } : {}),
        'loopkit.repository': record.repository,
        ...(event.pullRequest !== undefined ? { 'loopkit.pull_request.number': event.pullRequest } : {}),
        ...(event.issue !== undefined ? { 'loopkit.issue.number': event.issue } : {}),
        'loopkit.run.id': record.run.id,
        'loopkit.run.attempt': record.run.attempt,
        'loopkit.outcome': loop.outcome,
        'loopkit.tokens': loop.tokens,
        'loopkit.cost_usd': loop.costUsd,
        'loopkit.findings': loop.findings,
        'loopkit.findings.verified': loop.verified,
        'loopkit.findings.confirmed': loop.verdicts.confirmed,
        'loopkit.findings.refuted': loop.verdicts.refuted,
        'loopkit.findings.uncertain': loop.verdicts.uncertain,
        'loopkit.calls': loop.calls.length
    };
}
/** The calls of each batch and round, in the order the rounds ran. */
function rounds(calls) {
    const groups = new Map();
    for (const call of [...calls].sort((a, b) => a.batch - b.batch || a.round - b.round || a.startedAt.localeCompare(b.startedAt))) {
        const key = `${call.batch}/${call.round}`;
        groups.set(key, [...(groups.get(key) ?? []), call]);
    }
    return [...groups.values()];
}
/** A model call as a GenAI `invoke_agent` span: the agent, provider and model, the tokens (cached ones included in the input), LoopKit's cost. */
function callSpan(tracer, call, parent) {
    const u = call.usage;
    const span = tracer.startSpan(`invoke_agent ${call.agent}`, {
        kind: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanKind.CLIENT,
        startTime: new Date(call.startedAt),
        attributes: {
            'gen_ai.operation.name': 'invoke_agent',
            'gen_ai.provider.name': call.provider,
            'gen_ai.agent.name': call.agent,
            'gen_ai.request.model': call.model,
            'gen_ai.response.model': call.model,
            'gen_ai.usage.input_tokens': u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens,
            'gen_ai.usage.output_tokens': u.outputTokens,
            'gen_ai.usage.cache_read.input_tokens': u.cacheReadTokens,
            'gen_ai.usage.cache_creation.input_tokens': u.cacheWriteTokens,
            'loopkit.usage.thinking_tokens': u.thinkingTokens,
            'loopkit.cost_usd': call.costUsd,
            'loopkit.role': call.role,
            'loopkit.batch': call.batch,
            'loopkit.round': call.round,
            'loopkit.turns': call.turns,
            ...(call.ok ? {} : { 'error.type': 'model_call_failed' })
        }
    }, parent);
    if (!call.ok)
        span.setStatus({ code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanStatusCode.ERROR });
    const inCall = _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.trace.setSpan(parent, span);
    for (const tool of call.tools) {
        const t = tracer.startSpan(`execute_tool ${tool.tool}`, {
            kind: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanKind.INTERNAL,
            startTime: new Date(tool.startedAt),
            attributes: {
                'gen_ai.operation.name': 'execute_tool',
                'gen_ai.tool.name': tool.tool,
                'gen_ai.tool.type': 'function',
                'loopkit.tool.source': tool.source,
                'loopkit.tool.result_bytes': tool.bytes,
                ...(tool.ok ? {} : { 'error.type': 'tool_call_failed' })
            }
        }, inCall);
        if (!tool.ok)
            t.setStatus({ code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanStatusCode.ERROR });
        t.end(new Date(Date.parse(tool.startedAt) + tool.durationMs));
    }
    span.end(new Date(Date.parse(call.startedAt) + call.durationMs));
}
/** The endpoint as the log names it: its origin and path, never credentials in its userinfo or query. */
function endpointName(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.origin}${parsed.pathname}`;
    }
    catch {
        return 'the OTLP endpoint';
    }
}
async function createExporter(settings) {
    const config = { url: settings.url, headers: settings.headers, timeoutMillis: EXPORT_TIMEOUT_MS };
    if (settings.protocol === 'http/json') {
        const { OTLPTraceExporter } = await Promise.all(/* import() */[__webpack_require__.e(488), __webpack_require__.e(4)]).then(__webpack_require__.bind(__webpack_require__, 86004));
        return new OTLPTraceExporter(config);
    }
    const { OTLPTraceExporter } = await Promise.all(/* import() */[__webpack_require__.e(488), __webpack_require__.e(358)]).then(__webpack_require__.bind(__webpack_require__, 57358));
    return new OTLPTraceExporter(config);
}
/** One export of every span, raced against EXPORT_BOUND_MS; a failure or the bound is a warning naming the endpoint. */
async function sendWithin(exporter, spans, log, url) {
    if (spans.length === 0)
        return true;
    let timer;
    const outcome = await Promise.race([
        new Promise((done) => 
        // ExportResultCode.SUCCESS is 0.
        exporter.export(spans, (result) => done(result.code === 0 ? { ok: true } : { ok: false, why: result.error?.message ?? 'the export failed' }))),
        new Promise((done) => {
            timer = setTimeout(() => done({ ok: false, why: `no answer within ${EXPORT_BOUND_MS / 1000} s` }), EXPORT_BOUND_MS);
            timer.unref();
        })
    ]);
    clearTimeout(timer);
    if (outcome.ok)
        log.info(`OpenTelemetry: ${spans.length} span(s) exported to ${url}`);
    else
        log.warn(`OpenTelemetry: the trace was not exported to ${url} (${outcome.why}); the run is not affected`);
    return outcome.ok;
}


/***/ })

};
