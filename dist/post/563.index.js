export const id = 563;
export const ids = [563,958];
export const modules = {

/***/ 3563:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   completeLeftOpen: () => (/* binding */ completeLeftOpen)
/* harmony export */ });
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9958);
/**
 * The post step's flow: the check runs the main step created and left in progress (the job was
 * cancelled or timed out, or the step crashed) completed as `neutral` with the reason; one that is
 * completed by now is left as it is. A check left in progress would block a merge with no reason given.
 */

async function completeLeftOpen(runs, reason, { github, log, clock }) {
    for (const run of runs) {
        try {
            const { data } = await github.rest.checks.get({ owner: run.owner, repo: run.repo, check_run_id: run.id });
            if (data.status === 'completed')
                continue;
            await github.rest.checks.update({
                owner: run.owner,
                repo: run.repo,
                check_run_id: run.id,
                status: 'completed',
                conclusion: 'neutral',
                completed_at: new Date(clock.now()).toISOString(),
                output: {
                    title: `Not finished: ${reason}`,
                    summary: `LoopKit did not finish this check: ${reason}. It says nothing about this commit; re-run the job to get a verdict.`
                }
            });
            log.info(`${run.name}: completed as neutral (${reason})`);
        }
        catch (error) {
            log.warn(`Could not complete the ${run.name} check left in progress: ${(0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__.rejectionReason)(error)}`);
        }
    }
}


/***/ }),

/***/ 9958:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CheckRun: () => (/* reexport */ CheckRun),
  GitHubFileReader: () => (/* reexport */ GitHubFileReader),
  GitHubLoopSource: () => (/* reexport */ GitHubLoopSource),
  GitHubRepositoryReader: () => (/* reexport */ GitHubRepositoryReader),
  GitHubSharedLoops: () => (/* reexport */ GitHubSharedLoops),
  TokenIdentity: () => (/* reexport */ TokenIdentity),
  apiUrlFromEnv: () => (/* reexport */ apiUrlFromEnv),
  applyTriagePlan: () => (/* reexport */ applyTriagePlan),
  cacheEntries: () => (/* reexport */ cacheEntries),
  canSteer: () => (/* reexport */ canSteer),
  createOctokit: () => (/* reexport */ createOctokit),
  findStickyComment: () => (/* reexport */ findStickyComment),
  fingerprintsInReviews: () => (/* reexport */ fingerprintsInReviews),
  httpStatus: () => (/* reexport */ httpStatus),
  listOpenIssuesSince: () => (/* reexport */ listOpenIssuesSince),
  listRecentIssues: () => (/* reexport */ listRecentIssues),
  listRepoLabels: () => (/* reexport */ listRepoLabels),
  permissionOf: () => (/* reexport */ permissionOf),
  postReview: () => (/* reexport */ postReview),
  react: () => (/* reexport */ react),
  readIssue: () => (/* reexport */ readIssue),
  readOwnReviewComments: () => (/* reexport */ readOwnReviewComments),
  readPullRequest: () => (/* reexport */ readPullRequest),
  readReviewComment: () => (/* reexport */ readReviewComment),
  rejectionReason: () => (/* reexport */ rejectionReason),
  reply: () => (/* reexport */ reply),
  triageIssuesOf: () => (/* reexport */ triageIssuesOf),
  upsertStickyComment: () => (/* reexport */ upsertStickyComment),
  writtenBy: () => (/* reexport */ writtenBy)
});

// EXTERNAL MODULE: ./node_modules/@octokit/rest/dist-src/index.js + 20 modules
var dist_src = __webpack_require__(2264);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/guard/index.ts + 2 modules
var guard = __webpack_require__(9316);
;// CONCATENATED MODULE: ./src/github/client.ts
/**
 * The Octokit LoopKit talks to GitHub with: retries for flaky reads and idempotent writes, patience for rate limits,
 * both bounded so a run never hangs, and a log that never shows the token.
 */





const DEFAULT_API_URL = 'https://api.github.com';
/**
 * Whether sending this request twice leaves GitHub as sending it once, so a 5xx or a dropped
 * connection can be retried: a write that failed that way may still have happened. Reads are;
 * PATCH, PUT and DELETE set or remove a state; of the POSTs, adding labels ("adds labels to an
 * issue", an existing one staying as it is) and reactions (GitHub answers 200 with the one already
 * there). A check run PATCH that carries annotations or images is not: GitHub appends those to the
 * ones already there. Never a review, a comment or a check run created twice.
 */
function isIdempotent(request) {
    switch (request.method) {
        case 'GET':
        case 'HEAD':
        case 'PUT':
        case 'DELETE':
            return true;
        case 'PATCH': {
            if (!/\/check-runs\/[^/]+$/.test(request.url))
                return true;
            const output = (request.output ?? {});
            return !output.annotations?.length && !output.images?.length;
        }
        case 'POST':
            // A GraphQL query is a read, though it is POSTed; a mutation is not retried.
            if (request.url === '/graphql')
                return typeof request.query === 'string' && !/^\s*mutation\b/.test(request.query);
            return /\/issues\/[^/]+\/labels$/.test(request.url) || /\/reactions$/.test(request.url);
        default:
            return false;
    }
}
function apiUrlFromEnv(env = process.env) {
    return (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
}
const LoopKitOctokit = dist_src/* Octokit */.E.plugin(dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
const silentLog = {
    debug: () => { },
    info: () => { },
    warn: (message) => console.warn(message),
    error: (message) => console.error(message)
};
/**
 * A Bottleneck group that never waits, in the shape plugin-throttling calls (`key().schedule()`),
 * because importing Bottleneck itself would lean on a dependency we do not declare.
 */
const unspacedGroup = {
    key: () => ({
        schedule: (_job, task, ...args) => Promise.resolve().then(() => task(...args))
    })
};
function createOctokit(options) {
    if (!options.token)
        throw new Error('a GitHub token is required (GITHUB_TOKEN or a token input)');
    const redactor = options.redactor ?? new guard/* Redactor */.pO();
    redactor.add(options.token);
    const log = redacting(options.log ?? silentLog, redactor);
    const maxRetries = options.rateLimit?.maxRetries ?? 3;
    const maxWaitSeconds = options.rateLimit?.maxWaitSeconds ?? 60;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const retrying = retryCount < maxRetries && retryAfter <= maxWaitSeconds;
        const why = retryCount >= maxRetries ? `after ${maxRetries} retries` : `it asks for ${retryAfter}s, over the ${maxWaitSeconds}s limit`;
        log.warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
            (retrying ? `waiting ${retryAfter}s (retry ${retryCount + 1} of ${maxRetries})` : `giving up ${why}`));
        return retrying;
    };
    const octokit = new LoopKitOctokit({
        auth: options.token,
        baseUrl: (options.baseUrl ?? apiUrlFromEnv()).replace(/\/+$/, ''),
        userAgent: options.userAgent ?? 'loopkit',
        log,
        retry: {
            retries: options.retry?.retries ?? 3,
            retryAfterBaseValue: options.retry?.delayUnitMs ?? 1000,
            // Rate limits (403, 429) belong to the throttling plugin; other 4xx will not change on a retry.
            doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451]
        },
        throttle: {
            onRateLimit: onLimit('primary'),
            onSecondaryRateLimit: onLimit('secondary'),
            retryAfterBaseValue: options.rateLimit?.secondMs ?? 1000,
            ...(options.rateLimit?.spaceWrites === true ? {} : { write: unspacedGroup, notifications: unspacedGroup })
        }
    });
    // A write that failed with a 5xx may still have happened (a review posted twice notifies twice),
    // so only idempotent requests are retried. Replacing `request` keeps the shared defaults object untouched.
    octokit.hook.before('request', (request) => {
        if (!isIdempotent(request))
            request.request = { ...request.request, retries: 0 };
    });
    // What LoopKit writes quotes models and tools, and either may quote a secret of the run: every
    // parameter a request sends (its body, its query) is redacted here, the one way out to GitHub.
    octokit.hook.before('request', (request) => {
        const params = request;
        for (const [name, value] of Object.entries(params)) {
            if (NOT_SENT_AS_DATA.has(name))
                continue;
            params[name] = redactor.redactValue(value, `what LoopKit was about to send to GitHub (${request.method} ${request.url})`);
        }
    });
    // Registered last, so it wraps the retries: it sees only the error the caller gets. Callers
    // print GitHub's words for a rejection, and a proxy or server that echoes the token would
    // otherwise put it into a warning.
    octokit.hook.wrap('request', async (request, params) => {
        try {
            return await request(params);
        }
        catch (error) {
            throw withoutSecrets(error, redactor);
        }
    });
    return octokit;
}
/** A request's options that say how and where to send it, not what: the headers carry the token itself. */
const NOT_SENT_AS_DATA = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType']);
/** The error with every secret of the run in its message and response body replaced by `***`. */
function withoutSecrets(error, redactor) {
    if (typeof error !== 'object' || error === null)
        return error;
    const e = error;
    if (typeof e.message === 'string') {
        const clean = redactor.redact(e.message);
        // A DOMException (an aborted request's AbortError) has a message getter and no setter; its
        // message is the platform's, never a secret, and assigning to it would throw over the real error.
        if (clean !== e.message)
            e.message = clean;
    }
    if (e.response && e.response.data !== undefined)
        e.response.data = redactor.redactValue(e.response.data);
    return error;
}
/**
 * plugin-request-log reports every request, failures at error level. A failure also throws, and
 * only the caller knows whether it matters (a 404 from the file reader is an answer, not an
 * error), so these lines go to debug.
 */
const REQUEST_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE) \S+ - \d+ with id \S+ in \d+ms$/;
/** Logs go through here so no secret reaches them, whatever a plugin decides to print. */
function redacting(log, redactor) {
    const clean = (args) => redactor.redact((0,external_node_util_.format)(...args));
    const at = (level) => (...args) => {
        const line = clean(args);
        log[REQUEST_LINE.test(line) ? 'debug' : level](line);
    };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/github/pull-request.ts

/** GitHub lists at most 3,000 files of a pull request, 100 per page. */
const FILES_PER_PAGE = 100;
const MAX_FILE_PAGES = 30;
/** Pages asked for at once: GitHub counts concurrent requests against the secondary rate limit. */
const PARALLEL_PAGES = 10;
async function readPullRequest(octokit, { owner, repo, number }) {
    const page = async (n) => (await octokit.rest.pulls.listFiles({ owner, repo, pull_number: number, per_page: FILES_PER_PAGE, page: n })).data;
    const [{ data: pr }, first] = await Promise.all([octokit.rest.pulls.get({ owner, repo, pull_number: number }), page(1)]);
    // The pull request says how many files changed, so the other pages are asked for together
    // rather than one Link header at a time (30 round trips for a 3,000-file pull request). Past
    // that count, should it be stale, pages are read one by one until a short one.
    const files = [...first];
    const counted = Math.min(MAX_FILE_PAGES, Math.ceil(pr.changed_files / FILES_PER_PAGE));
    let next = 2;
    let full = first.length === FILES_PER_PAGE;
    while (full && next <= MAX_FILE_PAGES) {
        const last = next <= counted ? Math.min(counted, next + PARALLEL_PAGES - 1) : next;
        const pages = await Promise.all(Array.from({ length: last - next + 1 }, (_, i) => page(next + i)));
        for (const listed of pages)
            files.push(...listed);
        full = pages.every((listed) => listed.length === FILES_PER_PAGE);
        next = last + 1;
    }
    return {
        number: pr.number,
        title: pr.title,
        body: pr.body ?? '',
        author: pr.user.login,
        draft: pr.draft ?? false,
        labels: pr.labels.map((label) => label.name),
        baseRef: pr.base.ref,
        baseSha: pr.base.sha,
        headRef: pr.head.ref,
        headSha: pr.head.sha,
        // A deleted fork leaves `head.repo` null: still not the base repository.
        fork: pr.head.repo?.full_name !== pr.base.repo.full_name,
        url: pr.html_url,
        files: files.map((file) => ({
            path: file.filename,
            ...(file.previous_filename === undefined ? {} : { previousPath: file.previous_filename }),
            status: file.status,
            additions: file.additions,
            deletions: file.deletions,
            ...(file.patch === undefined ? {} : { patch: file.patch })
        })),
        filesTotal: pr.changed_files,
        commentCounts: { conversation: pr.comments, review: pr.review_comments }
    };
}
/** Files asked for in one GraphQL request; each is an alias of its own. */
const FILES_PER_QUERY = 50;
const BlobAnswer = schemas/* object */.Ikc({ text: schemas/* string */.YjP().nullable().optional(), isBinary: schemas/* boolean */.zMY().nullable().optional(), isTruncated: schemas/* boolean */.zMY().optional() })
    .nullable();
const ContentsAnswer = schemas/* object */.Ikc({ repository: schemas/* record */.g1P(schemas/* string */.YjP(), BlobAnswer).nullable() });
/**
 * File text at a ref; null when the file is absent, binary, not a file or truncated by GitHub.
 * Reads asked for in the same turn of the event loop go out as one GraphQL request (each file an
 * alias of `repository.object(expression: "<ref>:<path>")`), so the checker's code around every
 * finding costs one call, not one per file. Each path and ref is fetched once; concurrent readers
 * share the request, and a failure is not remembered (the next read asks again).
 */
class GitHubFileReader {
    octokit;
    repo;
    cache = new Map();
    queue = [];
    constructor(octokit, repo) {
        this.octokit = octokit;
        this.repo = repo;
    }
    read(path, ref) {
        const key = `${ref}\u0000${path}`;
        const cached = this.cache.get(key);
        if (cached)
            return cached;
        const pending = new Promise((resolve, reject) => {
            if (this.queue.length === 0)
                setImmediate(() => this.flush());
            this.queue.push({ path, ref, resolve, reject });
        });
        this.cache.set(key, pending);
        pending.catch(() => this.cache.delete(key));
        return pending;
    }
    flush() {
        const queued = this.queue;
        this.queue = [];
        for (let i = 0; i < queued.length; i += FILES_PER_QUERY)
            void this.fetch(queued.slice(i, i + FILES_PER_QUERY));
    }
    async fetch(batch) {
        // Paths and refs travel as variables, never spliced into the query text.
        const variables = { owner: this.repo.owner, name: this.repo.repo };
        const fields = batch.map((p, i) => {
            variables[`e${i}`] = `${p.ref}:${p.path}`;
            return `f${i}: object(expression: $e${i}) { ... on Blob { text isBinary isTruncated } }`;
        });
        const query = `query(${['$owner: String!', '$name: String!', ...batch.map((_, i) => `$e${i}: String!`)].join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } }`;
        try {
            const answer = ContentsAnswer.parse(await this.octokit.graphql(query, variables));
            batch.forEach((p, i) => {
                const blob = answer.repository?.[`f${i}`];
                p.resolve(blob && typeof blob.text === 'string' && blob.isBinary !== true && blob.isTruncated !== true ? blob.text : null);
            });
        }
        catch (error) {
            for (const p of batch)
                p.reject(error);
        }
    }
}

;// CONCATENATED MODULE: ./src/github/errors.ts
/**
 * Reading Octokit's request errors without importing @octokit/request-error, which is only a
 * transitive dependency.
 */
/** The HTTP status GitHub answered with, or undefined when the error did not come from a response. */
function httpStatus(error) {
    if (typeof error !== 'object' || error === null || !('status' in error))
        return undefined;
    return typeof error.status === 'number' ? error.status : undefined;
}
/**
 * GitHub's own words for a rejection: `errors` may hold strings ("Line could not be resolved") or
 * objects ({field, code, message}); the top-level message is the fallback.
 */
function rejectionReason(error) {
    const data = error?.response?.data;
    if (typeof data === 'object' && data !== null) {
        const { message, errors } = data;
        if (Array.isArray(errors) && errors.length > 0) {
            return errors
                .map((e) => {
                if (typeof e === 'string')
                    return e;
                const { message: m, field, code } = (e ?? {});
                return typeof m === 'string' ? m : [field, code].filter((x) => typeof x === 'string').join(' ');
            })
                .join('; ');
        }
        if (typeof message === 'string')
            return message;
    }
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/github/review.ts

const UNPROCESSABLE = 422;
async function postReview(octokit, input) {
    const { owner, repo, number, commitId, body, comments } = input;
    try {
        const { data: review } = await octokit.rest.pulls.createReview({
            owner,
            repo,
            pull_number: number,
            commit_id: commitId,
            event: 'COMMENT',
            body,
            comments: comments.map((c) => ({ path: c.path, body: c.body, ...thread(c) }))
        });
        // A review is created all or nothing: every comment is in it. No read-back is needed.
        return { reviewId: Number(review.id), posted: comments.map((c) => c.key), rejected: [] };
    }
    catch (error) {
        if (httpStatus(error) !== UNPROCESSABLE || comments.length === 0)
            throw error;
        return fallBack(octokit, input);
    }
}
/** Line fields as the REST API names them; a start equal to the line is no range at all. */
function thread(c) {
    const startSide = c.startSide ?? c.side;
    if (c.startLine === undefined || (c.startLine === c.line && startSide === c.side))
        return { line: c.line, side: c.side };
    return { line: c.line, side: c.side, start_line: c.startLine, start_side: startSide };
}
/**
 * One request per comment, sequential as GitHub asks of writes, then the body as a review of its
 * own. Bounded: comments + 1 requests after the failed review, and nothing is retried on a 422.
 */
async function fallBack(octokit, input) {
    const { owner, repo, number, commitId, body, comments } = input;
    const result = { posted: [], rejected: [] };
    for (const c of comments) {
        try {
            await octokit.rest.pulls.createReviewComment({
                owner,
                repo,
                pull_number: number,
                commit_id: commitId,
                path: c.path,
                body: c.body,
                ...thread(c)
            });
            result.posted.push(c.key);
        }
        catch (error) {
            // Any HTTP answer is about this comment alone; only a bug in our code stops the others.
            if (httpStatus(error) === undefined)
                throw error;
            result.rejected.push({ key: c.key, reason: rejectionReason(error) });
        }
    }
    if (body.trim() === '')
        return result;
    try {
        const { data } = await octokit.rest.pulls.createReview({ owner, repo, pull_number: number, commit_id: commitId, event: 'COMMENT', body });
        result.reviewId = Number(data.id);
    }
    catch (error) {
        if (httpStatus(error) === undefined)
            throw error;
        result.bodyRejected = rejectionReason(error);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/github/trust.ts
function writtenBy(comment, identity) {
    // Logins are case-insensitive on GitHub.
    return (comment.user?.login ?? '').toLowerCase() === identity.toLowerCase();
}
/**
 * The login LoopKit's token writes as, asked of GitHub once per run. A check run created with the
 * token names the GitHub App it belongs to, and an App writes as `<slug>[bot]` (the workflow token
 * as `github-actions[bot]`), so a run that created a check learns it without a request; otherwise
 * GraphQL's `viewer`, which answers for App installation tokens and personal tokens alike (REST's
 * `GET /user` refuses installation tokens).
 */
class TokenIdentity {
    octokit;
    login;
    constructor(octokit) {
        this.octokit = octokit;
    }
    /** From a check run this token created: its `app.slug`. */
    learnFromApp(slug) {
        if (slug && !this.login)
            this.login = Promise.resolve(`${slug}[bot]`);
    }
    /** Rejects when GitHub cannot say; the caller then trusts no comment at all. */
    get() {
        this.login ??= this.octokit.graphql('query { viewer { login } }').then(({ viewer }) => viewer.login);
        const pending = this.login;
        // A failure is not an answer: the next caller asks again.
        pending.catch(() => {
            if (this.login === pending)
                this.login = undefined;
        });
        return pending;
    }
}

;// CONCATENATED MODULE: ./src/github/sticky-comment.ts

/** The oldest comment of LoopKit's own that opens with the marker; listing stops at the page that has it. */
async function findStickyComment(octokit, { owner, repo, issueNumber, marker, identity }) {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
    for await (const { data } of pages) {
        // The marker opens LoopKit's own summary; only LoopKit's own login keeps a forged one from being adopted.
        const hit = data.find((comment) => (comment.body ?? '').trimStart().startsWith(marker) && writtenBy(comment, identity));
        if (hit)
            return { id: Number(hit.id), body: hit.body ?? '' };
    }
    return undefined;
}
/**
 * `known` is what the caller found earlier in the same run: the comment (edited by id) or null
 * (there was none: it is created). Either saves listing the thread again. Without it the thread is
 * listed, so a comment another run created is found.
 */
async function upsertStickyComment(octokit, input) {
    const { owner, repo, issueNumber, marker } = input;
    // Without its marker the comment could not be found next time, and a second one would appear.
    const body = input.body.trimStart().startsWith(marker) ? input.body : `${marker}\n${input.body}`;
    const existing = input.known !== undefined ? input.known : await findStickyComment(octokit, input);
    if (!existing) {
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { id: Number(data.id), created: true };
    }
    // An identical edit would still cost a write.
    if (existing.body !== body) {
        await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    }
    return { id: existing.id, created: false, previousBody: existing.body };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/github/text-limit.ts
/**
 * Fitting text into GitHub's size limits. Check run `summary` and `text` are documented as 65,535
 * characters but enforced in bytes ("summary exceeds a maximum bytesize of 65535"), so bytes it is.
 */
/** Cuts `text` to at most `maxBytes` of UTF-8, ending with `note`, never inside a character. */
function truncateUtf8(text, maxBytes, note) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= maxBytes)
        return text;
    let cut = Math.max(0, maxBytes - Buffer.byteLength(note, 'utf8'));
    // Continuation bytes look like 10xxxxxx; step back to the start of the character.
    while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80)
        cut -= 1;
    return bytes.subarray(0, cut).toString('utf8') + note;
}

;// CONCATENATED MODULE: ./src/github/check-runs.ts
/**
 * A check run that shows a loop in progress, then its verdict with line annotations. GitHub takes
 * at most 50 annotations per request and appends those of each update to the ones already there,
 * so they go out in batches and the conclusion rides on the last batch: the run only reads as
 * finished once every annotation is in.
 */



const ANNOTATIONS_PER_REQUEST = 50;
const MAX_OUTPUT_BYTES = 65535;
const TRUNCATED = '\n\n… truncated to fit GitHub’s 65,535-byte limit.';
class CheckRun {
    octokit;
    owner;
    repo;
    id;
    app;
    tracker;
    constructor(octokit, owner, repo, id, 
    /** The slug of the GitHub App that owns the check: the token's own App (see TokenIdentity). */
    app, tracker) {
        this.octokit = octokit;
        this.owner = owner;
        this.repo = repo;
        this.id = id;
        this.app = app;
        this.tracker = tracker;
    }
    static async start(octokit, start, tracker) {
        const { data } = await octokit.rest.checks.create({
            owner: start.owner,
            repo: start.repo,
            name: start.name,
            head_sha: start.headSha,
            status: 'in_progress',
            started_at: new Date().toISOString(),
            ...(start.detailsUrl === undefined ? {} : { details_url: start.detailsUrl }),
            output: { title: start.title, summary: fit(start.summary) }
        });
        const id = Number(data.id);
        tracker?.started({ owner: start.owner, repo: start.repo, id, name: start.name });
        return new CheckRun(octokit, start.owner, start.repo, id, data.app?.slug, tracker);
    }
    /**
     * A check whose verdict is known before it is created (the LRS): one request when its annotations
     * fit one, so it is never seen, or left, in progress; otherwise created, then completed in batches.
     */
    static async publish(octokit, start, result, tracker) {
        if (result.annotations.length > ANNOTATIONS_PER_REQUEST) {
            const run = await CheckRun.start(octokit, { ...start, title: result.title, summary: 'LoopKit is adding the annotations.' }, tracker);
            return run.complete(result);
        }
        const now = new Date().toISOString();
        // Creating is not idempotent: a create that got no answer is looked for by this id before it is sent again.
        const externalId = `loopkit-${(0,external_node_crypto_.randomUUID)()}`;
        const create = () => octokit.rest.checks.create({
            owner: start.owner,
            repo: start.repo,
            name: start.name,
            head_sha: start.headSha,
            external_id: externalId,
            status: 'completed',
            conclusion: result.conclusion,
            started_at: now,
            completed_at: now,
            ...(start.detailsUrl === undefined ? {} : { details_url: start.detailsUrl }),
            output: { ...outputOf(result), ...(result.annotations.length > 0 ? { annotations: result.annotations.map(toApi) } : {}) }
        });
        try {
            await create();
        }
        catch (error) {
            if (!mayNotHaveHappened(error))
                throw error;
            const { data } = await octokit.rest.checks.listForRef({
                owner: start.owner,
                repo: start.repo,
                ref: start.headSha,
                check_name: start.name,
                filter: 'latest'
            });
            if (!data.check_runs.some((r) => r.external_id === externalId))
                await create();
        }
    }
    async complete(result) {
        const output = outputOf(result);
        const batches = chunk(result.annotations.map(toApi), ANNOTATIONS_PER_REQUEST);
        let added = 0;
        for (const [index, annotations] of batches.entries()) {
            const last = index === batches.length - 1;
            const update = () => this.octokit.rest.checks.update({
                owner: this.owner,
                repo: this.repo,
                check_run_id: this.id,
                output: annotations.length > 0 ? { ...output, annotations } : output,
                ...(last ? { status: 'completed', conclusion: result.conclusion, completed_at: new Date().toISOString() } : {})
            });
            try {
                await update();
            }
            catch (error) {
                // The client retries an update without annotations by itself. One with annotations is not
                // idempotent (GitHub appends them), so it is sent again only if GitHub says it did not land.
                if (annotations.length === 0 || !mayNotHaveHappened(error))
                    throw error;
                if ((await this.annotationCount()) < added + annotations.length)
                    await update();
            }
            added += annotations.length;
        }
        this.tracker?.completed(this.id);
    }
    async annotationCount() {
        const { data } = await this.octokit.rest.checks.get({ owner: this.owner, repo: this.repo, check_run_id: this.id });
        return data.output.annotations_count;
    }
}
/** A server error or no answer at all: the request may or may not have been applied. */
function mayNotHaveHappened(error) {
    const status = httpStatus(error);
    return status === undefined || status >= 500;
}
function outputOf(result) {
    return { title: result.title, summary: fit(result.summary), ...(result.text === undefined ? {} : { text: fit(result.text) }) };
}
function fit(text) {
    return truncateUtf8(text, MAX_OUTPUT_BYTES, TRUNCATED);
}
function toApi(a) {
    return {
        path: a.path,
        start_line: a.startLine,
        end_line: a.endLine,
        annotation_level: a.level,
        message: a.message,
        ...(a.title === undefined ? {} : { title: a.title })
    };
}
/** At least one batch, so a run without annotations still gets its conclusion. */
function chunk(items, size) {
    const batches = [];
    for (let i = 0; i < items.length; i += size)
        batches.push(items.slice(i, i + size));
    return batches.length > 0 ? batches : [[]];
}

// EXTERNAL MODULE: ./src/render/markers.ts
var markers = __webpack_require__(6327);
;// CONCATENATED MODULE: ./src/github/review-comments.ts
/**
 * What LoopKit's own comments on a pull request say it did, read in one listing of the review
 * comments: the findings it posted inline (a finding marker ending a top-level comment) and the
 * findings a maintainer ignored (LoopKit's exact reply to `/loopkit ignore` in a thread). With no
 * cache from an earlier run, this is what keeps a finding from being posted twice or coming back.
 */


async function readOwnReviewComments(octokit, { owner, repo, number }, identity) {
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: number, per_page: 100 });
    const out = { posted: new Set(), ignored: new Set() };
    for (const c of comments) {
        if (!writtenBy(c, identity))
            continue;
        // A finding opens a thread; an ignore answers in one. Each marker counts only where it is written.
        const fingerprint = c.in_reply_to_id === undefined ? (0,markers/* readFindingMarker */.eO)(c.body) : (0,markers/* readIgnoredReply */.RV)(c.body);
        if (fingerprint !== undefined)
            out[c.in_reply_to_id === undefined ? 'posted' : 'ignored'].add(fingerprint);
    }
    return out;
}
/** Fingerprints carried by the bodies of LoopKit's earlier reviews (findings posted without an inline comment). */
async function fingerprintsInReviews(octokit, { owner, repo, number }, identity) {
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 });
    return new Set(reviews.filter((r) => writtenBy(r, identity)).flatMap((r) => (0,markers/* readPostedMarker */.S8)(r.body ?? '')));
}

;// CONCATENATED MODULE: ./src/github/loop-source.ts

class GitHubLoopSource {
    octokit;
    repo;
    ref;
    constructor(octokit, repo, ref) {
        this.octokit = octokit;
        this.repo = repo;
        this.ref = ref;
    }
    async read(path) {
        const data = await this.get(path);
        if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data))
            return null;
        return Buffer.from(data.content, 'base64');
    }
    async list(dir) {
        const data = await this.get(dir);
        return Array.isArray(data) ? data.filter((entry) => entry.type === 'file').map((entry) => entry.name) : [];
    }
    async get(path) {
        try {
            return (await this.octokit.rest.repos.getContent({ ...this.repo, path, ref: this.ref })).data;
        }
        catch (error) {
            if (httpStatus(error) === 404)
                return null;
            throw error;
        }
    }
}
/**
 * Shared loops (`extends: github:owner/repo/path@ref`) read through the contents API at their ref:
 * any repository the token can read, never the checkout.
 */
class GitHubSharedLoops {
    octokit;
    constructor(octokit) {
        this.octokit = octokit;
    }
    read(repository, path, ref) {
        return new GitHubLoopSource(this.octokit, repository, ref).read(path);
    }
}

// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./src/github/issues.ts
/**
 * Issues as the triage loop reads and writes them: the open issues updated since a time (GitHub's
 * issue list also holds pull requests, marked by a `pull_request` key: they are left out), one
 * issue, its comments, the repository's labels, the recent issues, and adding labels.
 */

function snapshot(data) {
    return {
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        author: data.user?.login ?? 'ghost',
        labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
        state: data.state === 'closed' ? 'closed' : 'open',
        updatedAt: data.updated_at,
        pullRequest: data.pull_request !== undefined && data.pull_request !== null
    };
}
/**
 * Open issues (not pull requests) updated at or after `since`, oldest change first, at most `max`:
 * `truncated` says more were left for the next run.
 */
async function listOpenIssuesSince(octokit, repo, since, max) {
    const issues = [];
    const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, { ...repo, state: 'open', since, sort: 'updated', direction: 'asc', per_page: 100 });
    for await (const { data } of pages) {
        for (const item of data) {
            const issue = snapshot(item);
            if (issue.pullRequest)
                continue;
            if (issues.length === max)
                return { issues, truncated: true };
            issues.push(issue);
        }
    }
    return { issues, truncated: false };
}
async function readIssue(octokit, { owner, repo, issueNumber }) {
    const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: issueNumber });
    return snapshot(data);
}
/** The newest issues, open or closed, pull requests left out: what a duplicate may point at. */
async function listRecentIssues(octokit, repo, max) {
    const { data } = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', sort: 'created', direction: 'desc', per_page: Math.min(100, max) });
    return data
        .map(snapshot)
        .filter((i) => !i.pullRequest)
        .map((i) => ({ number: i.number, title: i.title, state: i.state, excerpt: i.body.slice(0, RECENT_EXCERPT_CHARS) }));
}
/** Text of a recent issue kept for the checker, when a duplicate of it is proposed. */
const RECENT_EXCERPT_CHARS = 1_000;
async function listIssueComments(octokit, { owner, repo, issueNumber }) {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
    return comments.map((c) => ({ author: c.user?.login ?? 'ghost', body: c.body ?? '' }));
}
async function listRepoLabels(octokit, repo) {
    const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
    return labels.map((l) => l.name);
}
/** Adds labels (GitHub creates a label that does not exist yet: callers decide whether that is allowed). */
async function addIssueLabels(octokit, { owner, repo, issueNumber }, labels) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels });
}
/**
 * Issues as the triage engine reads them, with their comments when asked. LoopKit's own comments
 * (any that opens with a LoopKit marker) are left out: the last triage must not talk the next one
 * into agreeing with it.
 */
async function triageIssuesOf(octokit, repo, issues, includeComments) {
    const limit = (0,p_limit/* default */.A)(4);
    return Promise.all(issues.map((issue) => limit(async () => {
        const comments = includeComments
            ? (await listIssueComments(octokit, { ...repo, issueNumber: issue.number })).filter((c) => !c.body.trimStart().startsWith('<!-- loopkit:'))
            : [];
        return { number: issue.number, title: issue.title, body: issue.body, author: issue.author, labels: issue.labels, updatedAt: issue.updatedAt, comments };
    })));
}

;// CONCATENATED MODULE: ./src/github/interaction.ts

async function permissionOf(octokit, repo, username) {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return data.permission === 'admin' || data.permission === 'write' || data.permission === 'read' ? data.permission : 'none';
}
/** Who may steer LoopKit (commands, and the feedback the learning loop believes): write access or more. */
function canSteer(permission) {
    return permission === 'admin' || permission === 'write';
}
async function react(octokit, repo, comment, content) {
    if (comment.kind === 'issue')
        await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.commentId, content });
    else
        await octokit.rest.reactions.createForPullRequestReviewComment({ ...repo, comment_id: comment.commentId, content });
}
/** Answers where the command was typed: a comment in the conversation, or a reply in the review thread. */
async function reply(octokit, repo, comment, body) {
    if (comment.kind === 'issue')
        await octokit.rest.issues.createComment({ ...repo, issue_number: comment.issueNumber, body });
    else
        await octokit.rest.pulls.createReplyForReviewComment({ ...repo, pull_number: comment.pullNumber, comment_id: comment.threadId, body });
}
async function readReviewComment(octokit, repo, commentId, identity) {
    const { data } = await octokit.rest.pulls.getReviewComment({ ...repo, comment_id: commentId });
    return {
        id: Number(data.id),
        body: data.body,
        own: writtenBy(data, identity),
        ...(data.in_reply_to_id === undefined ? {} : { inReplyTo: data.in_reply_to_id })
    };
}

;// CONCATENATED MODULE: ./src/github/cache-entries.ts
/**
 * Entries whose key starts with `prefix`, saved on one of `refs` (a run can restore only entries
 * of its own ref and of the default branch; no refs: any), newest first.
 */
async function cacheEntries(octokit, repo, prefix, refs) {
    const { data } = await octokit.rest.actions.getActionsCacheList({ ...repo, key: prefix, sort: 'created_at', direction: 'desc', per_page: 100 });
    return data.actions_caches
        .filter((c) => typeof c.key === 'string' && c.key.startsWith(prefix) && typeof c.ref === 'string' && (refs.length === 0 || refs.includes(c.ref)))
        .map((c) => ({ key: c.key, ref: c.ref, createdAt: c.created_at ?? '' }))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

;// CONCATENATED MODULE: ./src/github/triage-apply.ts



async function applyTriagePlan(octokit, repo, plan, options) {
    const ref = { ...repo, issueNumber: plan.issue };
    const applied = { issue: plan.issue, labels: [], problems: [] };
    const labels = [...plan.labels, ...(plan.escalated && options.escalationLabel ? [options.escalationLabel] : [])];
    if (labels.length > 0) {
        try {
            await addIssueLabels(octokit, ref, labels);
            applied.labels = labels;
        }
        catch (error) {
            applied.problems.push(`labels not added: ${rejectionReason(error)}`);
        }
    }
    if (plan.comment) {
        try {
            const body = options.comment(applied.labels);
            const upsert = await upsertStickyComment(octokit, {
                ...repo,
                issueNumber: plan.issue,
                marker: options.marker,
                identity: await options.identity.get(),
                body
            });
            applied.comment = upsert.created ? 'created' : upsert.previousBody === body ? 'unchanged' : 'edited';
        }
        catch (error) {
            applied.problems.push(`comment not written: ${rejectionReason(error)}`);
        }
    }
    if (applied.problems.length > 0)
        return applied;
    if (labels.length === 0 && applied.comment === undefined)
        return { ...applied, updatedAt: plan.updatedAt };
    // LoopKit's own writes move the issue's updated_at; recording the time after them keeps the next
    // run from taking its own labels and comment for a change and triaging the issue again.
    try {
        return { ...applied, updatedAt: (await readIssue(octokit, ref)).updatedAt };
    }
    catch (error) {
        return { ...applied, problems: [`could not read the issue after triage (${rejectionReason(error)}); it is triaged again next run`] };
    }
}

;// CONCATENATED MODULE: ./src/github/repository-reader.ts

const KINDS = { file: 'file', dir: 'dir', symlink: 'symlink', submodule: 'submodule' };
class GitHubRepositoryReader {
    octokit;
    repo;
    /**
     * Reads of this run by commit and path: a commit never changes, so agents that read the same file
     * (makers and the checker often do) cost one request. A failed read is not kept.
     */
    reads = new Map();
    constructor(octokit, repo) {
        this.octokit = octokit;
        this.repo = repo;
    }
    read(path, sha) {
        const key = `${sha}:${path}`;
        const known = this.reads.get(key);
        if (known)
            return known;
        const reading = this.fetch(path, sha);
        this.reads.set(key, reading);
        reading.catch(() => this.reads.delete(key));
        return reading;
    }
    async fetch(path, sha) {
        let data;
        try {
            data = (await this.octokit.rest.repos.getContent({ ...this.repo, path, ref: sha })).data;
        }
        catch (error) {
            if (httpStatus(error) === 404)
                return null;
            throw error;
        }
        if (Array.isArray(data))
            return { kind: 'dir', entries: data.map((e) => ({ name: e.name, kind: KINDS[e.type] ?? 'file' })) };
        if (data.type === 'symlink' && 'target' in data)
            return { kind: 'symlink', target: data.target };
        if (data.type === 'submodule')
            return { kind: 'submodule' };
        if (data.type !== 'file' || !('content' in data))
            return null;
        if (data.encoding === 'none' || (data.content === '' && data.size > 0))
            return { kind: 'large-file', size: data.size };
        return { kind: 'file', bytes: Buffer.from(data.content, 'base64') };
    }
}

;// CONCATENATED MODULE: ./src/github/index.ts
















/***/ })

};
