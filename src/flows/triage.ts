/**
 * The triage kind: one triage loop, as the action and `loopkit run --repo --issue` run it through
 * the skeleton (flows/skeleton.ts). Restore: the state of earlier triages (flows/triage-state.ts),
 * a label a person removed taught to a loop that learns, and the issues to look at (one issue on
 * request, else the open issues changed since the last triage) with their comments, the
 * repository's labels and recent issues. Run: the triage preset of the rounds runner, with the
 * loop's tools at the event's commit. Publish: the confirmed proposals applied (labels added, one
 * comment per issue edited in place) and the state saved. A dry run prints the plan and writes nothing.
 */
import { runTriage, type RecentIssue, type TriageIssue, type TriageResult } from '../engine/triage.js';
import {
  applyTriagePlan,
  cacheEntries,
  listOpenIssuesSince,
  listRecentIssues,
  listRepoLabels,
  readIssue,
  rejectionReason,
  triageIssuesOf,
  type GitHub,
  type IssueSnapshot
} from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { planLine, triageComment, triageMarker, type AppliedIssue, type TriageReport } from '../render/index.js';
import { labelRemoval, learnLabelRemoval, learns, persisted, recordLabelsAdded, triageRunRecord, type StateDocument, type StateStore } from '../state/index.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
import { notRun, runKind, viaGitHub, type KindRun, type LoopKind, type LoopOutcome, type NotRun, type Published } from './skeleton.js';
import {
  advanceWatermark,
  isUnchanged,
  loadTriageState,
  mergeTriageState,
  recordTriaged,
  triageSince,
  triageStateKeys,
  type StateLocator
} from './triage-state.js';

export interface TriageArgs {
  loaded: LoadedLoop;
  report: LrsReport;
  /** One issue (an issues event, a command, a manual run); absent: every issue changed since the last triage. */
  issueNumber?: number;
}

/** What a triage that ran did. */
export interface TriageRan {
  report: TriageReport;
}

export type TriageOutcome = LoopOutcome<TriageRan>;

/** Issues listed per scheduled run at most; the rest wait for the next run (the watermark stays). */
const MAX_ISSUES = 200;
/** Recent issues shown to the makers as duplicate candidates. */
const RECENT_ISSUES = 100;

interface Started {
  startedAt: Date;
}

interface Restored {
  store: StateStore;
  locator: StateLocator;
  /** The key the state was loaded from; undefined on a fresh start. */
  loadedKey?: string;
  state: StateDocument;
  notes: StateDocument;
  scope: string;
  /** Every issue changed since the watermark was listed (none left for the next run). */
  complete: boolean;
  notTriaged: TriageReport['notTriaged'];
  issues: TriageIssue[];
  repoLabels: string[];
  recent: RecentIssue[];
}

const triageKind: LoopKind<TriageArgs, Started, Restored, TriageResult, TriageRan> = {
  reads: 'the issues',
  connect: viaGitHub,
  notRunGate: (reason) => ({ conclusion: 'neutral', title: `Triage not run: ${reason}` }),
  start: async ({ adapters }) => ({ startedAt: new Date(adapters.clock.now()) }),
  restore: restoreTriage,
  // The repository tools read the event's commit (GITHUB_SHA: the default branch's head for an issue event).
  commits: ({ ctx }) => (ctx.sha ? { head: ctx.sha } : undefined),
  run: async ({ adapters, loaded }, _started, { issues, recent, repoLabels }, input) => {
    const triage = await runTriage({ ...input, issues, recent, repoLabels });
    const { log } = adapters;
    log.info(
      `${loaded.loop.name}: ${triage.status}${triage.reasons.length ? ` (${triage.reasons.join('; ')})` : ''} · ${triage.plans.length} issue(s) triaged · ${triage.tokens} tokens · $${triage.costUsd.toFixed(4)}`
    );
    for (const plan of triage.plans) log.info(`  ${planLine(plan)}`);
    return triage;
  },
  // Without a connector the loop requires, the triage did not happen as declared: partial, and the watermark stays.
  withoutTools: (_run, result, reason) => ({ ...result, status: result.status === 'failed' ? 'failed' : 'partial', reasons: [...result.reasons, reason] }),
  publish: publishTriage,
  spent: (result) => ({ tokens: result.tokens, costUsd: result.costUsd })
};

export function triageIssues(ctx: FlowContext, adapters: FlowAdapters, args: TriageArgs): Promise<TriageOutcome> {
  return runKind(triageKind, ctx, adapters, { loaded: args.loaded, report: args.report, args });
}

/** The state, a lesson from a removed label (which ends the run), then the issues to triage and what they are triaged against. */
async function restoreTriage(run: KindRun<TriageArgs>, { startedAt }: Started): Promise<Restored | NotRun> {
  const { ctx, github, adapters, loaded } = run;
  const { log } = adapters;
  const { loop } = loaded;
  const store = adapters.stateFor(loop.memory);
  const keys = triageStateKeys({ repo: `${ctx.owner}/${ctx.repo}`, loop: loop.name, runId: ctx.run.id, runAttempt: ctx.run.attempt });
  const locator = locatorFor(store, keys, github, { owner: ctx.owner, repo: ctx.repo }, ctx.refs);
  const located = await loadTriageState(store, locator, loop.name);
  for (const w of located.warnings) log.warn(w);
  let state = located.state;

  // A person removing a label LoopKit added teaches a loop that learns; the issue is not triaged again for it.
  if (learns(loop.memory) && ctx.event.name === 'issues' && ctx.event.payload.action === 'unlabeled') {
    const removal = labelRemoval(ctx.event.payload, state);
    if (removal.learn) {
      if (!ctx.settings.write) return notRun(`dry run: the removal of "${removal.label}" from #${removal.issue} is not learned`);
      state = learnLabelRemoval(state, removal, startedAt.toISOString());
      const saved = await store.save(locator.saveKey, persisted(state, loop.memory?.persistence));
      if (saved.warning) log.warn(saved.warning);
      return notRun(
        saved.saved
          ? `learned that "${removal.label}" did not belong on #${removal.issue} (${removal.lesson.by} removed it)`
          : `the removal of "${removal.label}" from #${removal.issue} could not be learned: the state was not saved`
      );
    }
    log.info(`${loop.name}: nothing learned from the label removal: ${removal.why}`);
  }
  const read = await readIssues(run, state, startedAt);
  if ('notRun' in read) return read;
  return { store, locator, ...(located.key ? { loadedKey: located.key } : {}), state, notes: state, ...read };
}

type IssuesRead = Pick<Restored, 'scope' | 'complete' | 'notTriaged' | 'issues' | 'repoLabels' | 'recent'>;

/** What to look at: the one issue, or the open issues changed since the watermark, with their comments, the labels and recent issues. */
async function readIssues({ ctx, github, adapters, loaded, args }: KindRun<TriageArgs>, state: StateDocument, startedAt: Date): Promise<IssuesRead | NotRun> {
  const { log } = adapters;
  const { loop } = loaded;
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const connector = loop.connectors?.find((c) => c.type === 'github-issues');
  const lookbackDays = connector && 'lookbackDays' in connector ? connector.lookbackDays : 7;
  const includeComments = connector && 'includeComments' in connector ? connector.includeComments : true;
  let candidates: IssueSnapshot[];
  let scope: string;
  let complete = false;
  const notTriaged: TriageReport['notTriaged'] = [];
  let repoLabels: string[];
  let recent: RecentIssue[];
  try {
    if (args.issueNumber !== undefined) {
      const issue = await readIssue(github, { ...repoRef, issueNumber: args.issueNumber });
      if (issue.pullRequest) return notRun(`#${issue.number} is a pull request: triage loops run on issues`);
      if (issue.state === 'closed') return notRun(`issue #${issue.number} is closed`);
      candidates = [issue];
      scope = `issue #${issue.number}`;
    } else {
      const { since, first } = triageSince(state, startedAt, lookbackDays);
      const listed = await listOpenIssuesSince(github, repoRef, since, MAX_ISSUES);
      scope = `open issues updated since ${since}${first ? ` (first triage: the last ${lookbackDays} day(s))` : ''}`;
      candidates = [];
      for (const issue of listed.issues) {
        if (isUnchanged(state, issue)) notTriaged.push({ issue: issue.number, reason: 'unchanged since the last triage' });
        else candidates.push(issue);
      }
      if (listed.truncated) log.info(`more than ${MAX_ISSUES} issues changed: the rest are triaged on the next run`);
      complete = !listed.truncated;
    }
    [repoLabels, recent] = await Promise.all([listRepoLabels(github, repoRef), listRecentIssues(github, repoRef, RECENT_ISSUES)]);
  } catch (error) {
    return notRun(`could not read the issues: ${rejectionReason(error)}`);
  }
  log.info(`${loop.name}: ${scope}: ${candidates.length} to triage, ${notTriaged.length} unchanged`);
  try {
    const issues = await triageIssuesOf(github, repoRef, candidates, includeComments);
    return { scope, complete, notTriaged, issues, repoLabels, recent };
  } catch (error) {
    return notRun(`could not read the issues' comments: ${rejectionReason(error)}`);
  }
}

/** Applies what was confirmed, one issue at a time, then saves the state; a dry run writes nothing. */
async function publishTriage(
  { ctx, github, identity, adapters, loaded, args }: KindRun<TriageArgs>,
  { startedAt }: Started,
  restored: Restored,
  triage: TriageResult,
  notesSummary: string | undefined
): Promise<Published<TriageRan>> {
  const { log } = adapters;
  const { loop } = loaded;
  const { scope, notTriaged, store, locator } = restored;
  const notes = notesSummary ? { notesSummary } : {};
  if (!ctx.settings.write) {
    log.info('dry run: nothing is written to the issues');
    return { ran: { report: { result: triage, scope, notTriaged, applied: [] } }, ...notes };
  }
  // An issue is recorded only when every write reached GitHub.
  const applied: AppliedIssue[] = [];
  const recorded: { issue: number; updatedAt: string }[] = [];
  const marker = triageMarker(loop.name);
  for (const plan of triage.plans) {
    const done = await applyTriagePlan(github, { owner: ctx.owner, repo: ctx.repo }, plan, {
      marker,
      identity,
      comment: (labelsAdded) => triageComment(plan, { loop: loop.name, labelsAdded, ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}) }),
      ...(loop.escalation?.label ? { escalationLabel: loop.escalation.label } : {})
    });
    for (const p of done.problems) log.warn(`#${plan.issue}: ${p}`);
    applied.push({ issue: done.issue, labels: done.labels, problems: done.problems, ...(done.comment ? { comment: done.comment } : {}) });
    if (done.updatedAt) recorded.push({ issue: plan.issue, updatedAt: done.updatedAt });
  }

  // Before saving, what another run saved since this one loaded counts too.
  let state = restored.state;
  const latest = await locator.candidates().catch(() => []);
  if (latest[0] && latest[0] !== restored.loadedKey) {
    const theirs = await store.load(latest[0]);
    if (theirs.doc && theirs.doc.loop === loop.name && theirs.doc.subject.kind === 'issues') state = mergeTriageState(state, theirs.doc);
  }
  recordTriaged(state, recorded);
  // The labels LoopKit added, so a person removing one later teaches the loop.
  if (learns(loop.memory)) for (const a of applied) if (a.labels.length > 0) state = recordLabelsAdded(state, a.issue, a.labels, startedAt.toISOString());
  const everything = restored.complete && triage.status === 'complete' && triage.skipped.length === 0 && recorded.length === triage.plans.length;
  if (args.issueNumber === undefined && everything) advanceWatermark(state, startedAt);
  state.spend = { tokens: state.spend.tokens + triage.tokens, costUsd: state.spend.costUsd + triage.costUsd, runs: state.spend.runs + 1 };
  const saved = await store.save(locator.saveKey, persisted(state, loop.memory?.persistence, triageRunRecord(triage)));
  if (saved.warning) log.warn(saved.warning);
  return { ran: { report: { result: triage, scope, notTriaged, applied } }, ...notes };
}

/** Where the latest state is: GitHub's list of cache entries for the Actions cache, a fixed key elsewhere. */
function locatorFor(
  store: StateStore,
  keys: ReturnType<typeof triageStateKeys>,
  octokit: GitHub,
  repo: { owner: string; repo: string },
  refs: string[]
): StateLocator {
  if (store.kind !== 'cache') return { saveKey: keys.fixed, candidates: async () => [keys.fixed] };
  return {
    saveKey: keys.key,
    candidates: async () => {
      try {
        return (await cacheEntries(octokit, repo, keys.prefix, refs)).map((e) => e.key);
      } catch (error) {
        throw new Error(`GitHub's list of cache entries answered: ${rejectionReason(error)}; the workflow needs \`actions: read\``);
      }
    }
  };
}
