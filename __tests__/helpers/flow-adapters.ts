/** A flow's adapters for a test: the fakes over real HTTP, the store, loop files and clock the test gives, and a log that records. */
import type { FlowAdapters, FlowContext, FlowEvent, FlowLog } from '../../src/flows/adapters.js';
import type { LoopOutcome } from '../../src/flows/skeleton.js';
import { createOctokit, TokenIdentity } from '../../src/github/index.js';
import type { LoopFileSource } from '../../src/loop/index.js';
import { createProvider } from '../../src/providers/index.js';
import type { StateStore } from '../../src/state/index.js';
import type { FakeAnthropic } from '../fakes/anthropic-server.js';
import type { FakeGitHub } from '../fakes/github-server.js';
import { OWNER, REPO } from './sample.js';
import { Redactor } from '../../src/guard/index.js';

export const TEST_MODEL = 'claude-sonnet-5-5';

export function flowAdapters(
  fakes: { gh: FakeGitHub; ai: FakeAnthropic },
  given: { store: StateStore; loops: LoopFileSource; now: number }
): { adapters: FlowAdapters; lines: string[] } {
  const lines: string[] = [];
  const log: FlowLog = {
    debug: () => {},
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    group: (_n, body) => body()
  };
  const github = createOctokit({ token: fakes.gh.token, baseUrl: fakes.gh.url });
  const adapters: FlowAdapters = {
    github,
    identity: new TokenIdentity(github),
    providerFor: (loaded) =>
      createProvider({
        loaded,
        defaultModel: TEST_MODEL,
        keys: { anthropic: fakes.ai.apiKey },
        env: { ANTHROPIC_BASE_URL: fakes.ai.url },
        dryRun: false,
        redactor: new Redactor()
      }),
    stateFor: () => given.store,
    loops: given.loops,
    clock: { now: () => given.now },
    log,
    events: { info: log.info, warning: log.warn, call: () => {} }
  };
  return { adapters, lines };
}

export function flowContext(event: FlowEvent, run: FlowContext['run'], write: boolean): FlowContext {
  return { owner: OWNER, repo: REPO, run, event, refs: [], settings: { defaultModel: TEST_MODEL, failOn: 'high', minLrs: 0, write, config: 'loopkit.yaml' } };
}

/** The outcome of a loop that ran; anything else fails the test with the loop's reason. */
export function ranOutcome<P>(outcome: LoopOutcome<P>): Extract<LoopOutcome<P>, { status: 'ran' }> {
  if (outcome.status !== 'ran') throw new Error(`${outcome.loop} did not run (${outcome.status}): ${outcome.reason}`);
  return outcome;
}
