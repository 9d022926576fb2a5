/**
 * The "tools" scenario: what tool turns cost. The same review (the benchmark's loop, one fixture)
 * runs twice in-process through the engine, the Anthropic provider and the fake Messages API with
 * the benchmark's latency: once as today, once with the checker given a `read_file` tool over the
 * head commit, which it calls twice in parallel before each verdict (one tool turn, then the
 * answer); and a third time with the same tool offered to the makers too (they do not call it).
 * Reported side by side: model requests, tool calls, tokens, billed input, cost, wall. The third
 * run shows what the tool list does to the prompt cache: tools come first in the cached prefix, so
 * a checker whose tools differ from the makers' cannot read the prefix (the diff) they wrote.
 *
 * Until the engine gives each agent its loop's tools, the scenario hands the calls the tool itself
 * (WithTools), so the provider's turns are measured but the engine's per-turn reservations are
 * not (they are tested in __tests__/providers/agent-loop-budget.spec.ts).
 */
import { runReview, type ReviewResult } from '../src/engine/review.js';
import type { PullRequestSnapshot } from '../src/engine/context.js';
import { AnthropicProvider, pricing } from '../src/providers/index.js';
import type { ModelProvider, ModelRequest, ModelResponse, PromptRequest } from '../src/providers/types.js';
import type { AgentTools, ToolResult } from '../src/tools/types.js';
import type { Effort } from '../src/loop/schema.js';
import { isChecker } from '../__tests__/action/scripts.js';
import { startFakeAnthropic, toolCall, type FakeReply, type MessagesBody, type RecordedRequest } from '../__tests__/fakes/anthropic-server.js';
import { loopFrom } from '../__tests__/helpers/loops.js';
import type { Fixture } from './fixtures.js';
import { benchScript, diffFiles } from './script.js';

/** Files the checker reads before each verdict, at once. */
export const READS_PER_CHECK = 2;
/** What one read returns at most, as a repository tool caps it. */
const MAX_READ_BYTES = 16_000;
const MODEL = 'claude-sonnet-5-5';

export interface ToolsTiming {
  modelMs: number;
  ttfbMs: number;
  minCacheable: number;
  concurrency: number;
}

export interface ToolsRun {
  label: string;
  requests: number;
  checkerRequests: number;
  toolCalls: number;
  toolBytes: number;
  tokens: number;
  /** Input at its billed weight: ×1, cache writes ×1.25, reads ×0.1 (token-equivalents). */
  billed: number;
  outputTokens: number;
  costUsd: number;
  wallMs: number;
  verified: number;
  status: string;
}

/** `read_file` over the fixture's head commit, capped, counting what it returns. */
function repositoryTools(fixture: Fixture): AgentTools & { calls: number; bytes: number } {
  const heads = new Map(fixture.files.flatMap((f) => (typeof f.head === 'string' ? [[f.filename, f.head] as const] : [])));
  const tools = {
    calls: 0,
    bytes: 0,
    maxTurns: 3,
    specs: [
      {
        name: 'read_file',
        description: 'Read a file of the repository at the head commit (at most 16 KB).',
        inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
        source: 'repository'
      }
    ],
    async call(_name: string, input: unknown): Promise<ToolResult> {
      tools.calls += 1;
      const text = heads.get(String((input as { path?: unknown }).path));
      if (text === undefined) return { text: 'no such file at the head commit', isError: true, truncated: false };
      const shown = text.slice(0, MAX_READ_BYTES);
      tools.bytes += Buffer.byteLength(shown);
      return { text: shown, isError: false, truncated: shown.length < text.length };
    }
  };
  return tools;
}

/** Which agents are offered the tool. */
type Offered = 'none' | 'checker' | 'all';

/** The provider, with the tools added to the calls of the agents offered them (see the header). */
class WithTools implements ModelProvider {
  readonly name: string;
  readonly dryRun: boolean;
  constructor(
    private readonly inner: ModelProvider,
    private readonly tools: AgentTools,
    private readonly offered: Exclude<Offered, 'none'>
  ) {
    this.name = inner.name;
    this.dryRun = inner.dryRun;
  }
  thinkingTokens(model: string, effort: Effort): number {
    return this.inner.thinkingTokens(model, effort);
  }
  promptTokens(request: PromptRequest) {
    return this.inner.promptTokens(request);
  }
  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    return this.inner.call(this.offered === 'all' || request.task.kind === 'verify' ? { ...request, tools: this.tools } : request);
  }
}

/** The benchmark's script, and for a checker with tools: first read two files of its batch, then answer. */
function script(): (request: RecordedRequest & { body: MessagesBody }) => FakeReply {
  const answer = benchScript();
  return (request) => {
    const body = request.body;
    const firstTurn = !body.messages.some((m) => m.role === 'assistant');
    if (!body.tools || !isChecker(body) || !firstTurn) return answer(request);
    const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((b) => b.text).join('\n');
    const paths = diffFiles(system)
      .map((f) => f.path)
      .slice(0, READS_PER_CHECK);
    return toolCall(...paths.map((path) => ({ name: 'read_file', input: { path } })));
  };
}

function snapshot(fixture: Fixture): PullRequestSnapshot {
  const files = fixture.files.map((f) => ({
    path: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previous_filename !== undefined ? { previousPath: f.previous_filename } : {})
  }));
  return {
    number: 7,
    title: fixture.title,
    body: fixture.body,
    author: 'octocat',
    draft: false,
    labels: [],
    baseRef: 'main',
    baseSha: '1'.repeat(40),
    headRef: 'feature',
    headSha: '2'.repeat(40),
    fork: false,
    url: 'https://github.com/octo/shop/pull/7',
    files,
    filesTotal: files.length
  };
}

async function once(label: string, fixture: Fixture, loopYaml: string, timing: ToolsTiming, offered: Offered): Promise<ToolsRun> {
  const ai = await startFakeAnthropic({
    respond: script(),
    ttfbMs: timing.ttfbMs,
    latencyMs: Math.max(0, timing.modelMs - timing.ttfbMs),
    minCacheableTokens: timing.minCacheable
  });
  try {
    const tools = repositoryTools(fixture);
    const anthropic = new AnthropicProvider({ apiKey: ai.apiKey, baseURL: ai.url });
    const provider = offered === 'none' ? anthropic : new WithTools(anthropic, tools, offered);
    const loaded = await loopFrom(loopYaml);
    const started = performance.now();
    const result: ReviewResult = await runReview({ loaded, pr: snapshot(fixture), provider, pricing, defaultModel: MODEL, concurrency: timing.concurrency });
    const wallMs = performance.now() - started;
    const u = result.usage;
    return {
      label,
      requests: ai.requests.length,
      checkerRequests: ai.requests.filter((r) => r.body && isChecker(r.body)).length,
      toolCalls: tools.calls,
      toolBytes: tools.bytes,
      tokens: result.tokens,
      billed: u.inputTokens + 1.25 * u.cacheWriteTokens + 0.1 * u.cacheReadTokens,
      outputTokens: u.outputTokens,
      costUsd: result.costUsd,
      wallMs,
      verified: result.verified.length,
      status: result.status
    };
  } finally {
    await ai.close();
  }
}

/** The review without tools, with them for the checker, and with them offered to every agent. */
export async function toolsScenario(fixture: Fixture, loopYaml: string, timing: ToolsTiming): Promise<ToolsRun[]> {
  return [
    await once('no tools', fixture, loopYaml, timing, 'none'),
    await once(`checker reads ${READS_PER_CHECK} files per verdict`, fixture, loopYaml, timing, 'checker'),
    await once('the same, tool offered to the makers too', fixture, loopYaml, timing, 'all')
  ];
}

const HEADERS = ['run', 'model requests (checker)', 'tool calls · bytes read', 'tokens', 'billed input (token-eq.)', 'output tokens', 'cost', 'wall', 'review'];

function cells(r: ToolsRun): string[] {
  return [
    r.label,
    `${r.requests} (${r.checkerRequests})`,
    `${r.toolCalls} · ${r.toolBytes.toLocaleString('en-US')} B`,
    r.tokens.toLocaleString('en-US'),
    Math.round(r.billed).toLocaleString('en-US'),
    r.outputTokens.toLocaleString('en-US'),
    `$${r.costUsd.toFixed(4)}`,
    `${(r.wallMs / 1000).toFixed(1)} s`,
    `${r.status}, ${r.verified} verified`
  ];
}

/** The scenario's table and what it means, as markdown lines. */
export function toolsReport(fixture: Fixture, runs: ToolsRun[], timing: ToolsTiming): string[] {
  const line = (c: string[]) => `| ${c.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
  const [without, checker, all] = runs;
  const delta = (a: number, b: number) => `${b >= a ? '+' : ''}${Math.round(((b - a) / a) * 100)}%`;
  const against = (r: ToolsRun) =>
    `tokens ${delta(without!.tokens, r.tokens)}, billed input ${delta(without!.billed, r.billed)}, cost ${delta(without!.costUsd, r.costUsd)}, wall time ${delta(without!.wallMs, r.wallMs)}`;
  return [
    `Tool turns (${fixture.name} pull request, ${fixture.files.length} files; model ${timing.modelMs.toLocaleString('en-US')} ms per request, first byte after ${timing.ttfbMs} ms; in-process through the engine, the Anthropic provider and the fake API):`,
    '',
    line(HEADERS),
    line(HEADERS.map(() => '---')),
    ...runs.map((r) => line(cells(r))),
    '',
    ...(without && checker && all
      ? [
          `- Checker with tools: ${against(checker)}. Each checker call takes one more request (its tool turn), which reads the turn before it from the prompt cache; but tools come first in the cached prefix, so the checker no longer reads the diff the makers cached and writes it again.`,
          `- Tool offered to every agent: ${against(all)}. One tool list for every agent of a run keeps one shared prefix.`
        ]
      : [])
  ];
}
