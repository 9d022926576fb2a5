/**
 * One triage loop as the action and `loopkit run --repo --issue` run it: the state of earlier triages, the issues to look at (one
 * issue on request, else the open issues changed since the last triage), their comments, the
 * repository's labels and recent issues, the engine, then the confirmed proposals applied (labels
 * added, one comment per issue edited in place) and the state saved. A dry run prints the plan
 * and writes nothing.
 */
import { runTriage, type RecentIssue, type TriageIssue } from '../engine/triage.js';
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
import { pricing } from '../providers/index.js';
import { planLine, triageComment, triageMarker, type AppliedIssue, type TriageReport } from '../render/index.js';
import { labelRemoval, learnLabelRemoval, learns, persisted, recall, recordLabelsAdded, triageRunRecord, type StateStore } from '../state/index.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
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

export interface TriageOutcome {
  loop: string;
  report?: TriageReport;
  /** Why no triage ran. */
  reason?: string;
  /** The job summary's section of learned notes the loop's notes file does not hold yet. */
  notesSummary?: string;
}

/** Issues listed per scheduled run at most; the rest wait for the next run (the watermark stays). */
const MAX_ISSUES = 200;
/** Recent issues shown to the makers as duplicate candidates. */
const RECENT_ISSUES = 100;

export async function triageIssues(ctx: FlowContext, adapters: FlowAdapters, args: TriageArgs): Promise<TriageOutcome> {
  const { loaded } = args;
  const { owner, repo, settings } = ctx;
  const { log } = adapters;
  const loop = loaded.loop;
  const outcome = (o: Omit<TriageOutcome, 'loop'>): TriageOutcome => ({ loop: loop.name, ...o });
  const notRun = (reason: string): TriageOutcome => {
    log.notice(`${loop.name}: triage not run: ${reason}`);
    return outcome({ reason });
  };
  const { github: octokit, identity } = adapters;
  if (!octokit || !identity) return notRun('no github-token: LoopKit cannot read the issues');
  if (args.report.blockers.length > 0) return notRun(`the loop has blockers (${args.report.blockers.map((b) => b.message).join('; ')})`);
  const made = adapters.providerFor(loaded);
  if (!made.ok) return notRun(made.reason);
  const provider = made.provider;

  const startedAt = new Date(adapters.clock.now());
  const connector = loop.connectors?.find((c) => c.type === 'github-issues');
  const lookbackDays = connector && 'lookbackDays' in connector ? connector.lookbackDays : 7;
  const includeComments = connector && 'includeComments' in connector ? connector.includeComments : true;
  const repoRef = { owner, repo };

  const store = adapters.stateFor(loop.memory);
  const keys = triageStateKeys({ repo: `${owner}/${repo}`, loop: loop.name, runId: ctx.run.id, runAttempt: ctx.run.attempt });
  const locator = locatorFor(store, keys, octokit, repoRef, ctx.refs);
  const located = await loadTriageState(store, locator, loop.name);
  for (const w of located.warnings) log.warn(w);
  let state = located.state;

  // A person removing a label LoopKit added teaches a loop that learns; the issue is not triaged again for it.
  if (learns(loop.memory) && ctx.event.name === 'issues' && ctx.event.payload.action === 'unlabeled') {
    const removal = labelRemoval(ctx.event.payload, state);
    if (removal.learn) {
      if (!settings.write) return notRun(`dry run: the removal of "${removal.label}" from #${removal.issue} is not learned`);
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
  // What maintainers taught the loop (and the notes file people keep), for its agents.
  const recalled = await recall(loop.memory, state, adapters.loops);
  if (recalled.warning) log.warn(recalled.warning);
  const notesSummary = recalled.summary ? { notesSummary: recalled.summary } : {};

  // What to look at.
  let candidates: IssueSnapshot[];
  let scope: string;
  let complete = false;
  const notTriaged: TriageReport['notTriaged'] = [];
  let repoLabels: string[];
  let recent: RecentIssue[];
  try {
    if (args.issueNumber !== undefined) {
      const issue = await readIssue(octokit, { ...repoRef, issueNumber: args.issueNumber });
      if (issue.pullRequest) return notRun(`#${issue.number} is a pull request: triage loops run on issues`);
      if (issue.state === 'closed') return notRun(`issue #${issue.number} is closed`);
      candidates = [issue];
      scope = `issue #${issue.number}`;
    } else {
      const { since, first } = triageSince(state, startedAt, lookbackDays);
      const listed = await listOpenIssuesSince(octokit, repoRef, since, MAX_ISSUES);
      scope = `open issues updated since ${since}${first ? ` (first triage: the last ${lookbackDays} day(s))` : ''}`;
      candidates = [];
      for (const issue of listed.issues) {
        if (isUnchanged(state, issue)) notTriaged.push({ issue: issue.number, reason: 'unchanged since the last triage' });
        else candidates.push(issue);
      }
      if (listed.truncated) log.info(`more than ${MAX_ISSUES} issues changed: the rest are triaged on the next run`);
      complete = !listed.truncated;
    }
    [repoLabels, recent] = await Promise.all([listRepoLabels(octokit, repoRef), listRecentIssues(octokit, repoRef, RECENT_ISSUES)]);
  } catch (error) {
    return notRun(`could not read the issues: ${rejectionReason(error)}`);
  }
  log.info(`${loop.name}: ${scope}: ${candidates.length} to triage, ${notTriaged.length} unchanged`);

  const marker = triageMarker(loop.name);
  let issues: TriageIssue[];
  try {
    issues = await triageIssuesOf(octokit, repoRef, candidates, includeComments);
  } catch (error) {
    return notRun(`could not read the issues' comments: ${rejectionReason(error)}`);
  }

  const triage = await runTriage({
    loaded,
    issues,
    recent,
    repoLabels,
    provider,
    pricing,
    defaultModel: settings.defaultModel,
    events: adapters.events,
    clock: adapters.clock,
    ...(recalled.notes.length > 0 ? { memoryNotes: recalled.notes } : {})
  });
  log.info(
    `${loop.name}: ${triage.status}${triage.reasons.length ? ` (${triage.reasons.join('; ')})` : ''} · ${triage.plans.length} issue(s) triaged · ${triage.tokens} tokens · $${triage.costUsd.toFixed(4)}`
  );
  for (const plan of triage.plans) log.info(`  ${planLine(plan)}`);
  if (!settings.write) {
    log.info('dry run: nothing is written to the issues');
    return outcome({ report: { result: triage, scope, notTriaged, applied: [] }, ...notesSummary });
  }

  // Apply what was confirmed, one issue at a time; an issue is recorded only when every write reached GitHub.
  const applied: AppliedIssue[] = [];
  const recorded: { issue: number; updatedAt: string }[] = [];
  for (const plan of triage.plans) {
    const done = await applyTriagePlan(octokit, repoRef, plan, {
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
  const latest = await locator.candidates().catch(() => []);
  if (latest[0] && latest[0] !== located.key) {
    const theirs = await store.load(latest[0]);
    if (theirs.doc && theirs.doc.loop === loop.name && theirs.doc.subject.kind === 'issues') state = mergeTriageState(state, theirs.doc);
  }
  recordTriaged(state, recorded);
  // The labels LoopKit added, so a person removing one later teaches the loop (above).
  if (learns(loop.memory)) for (const a of applied) if (a.labels.length > 0) state = recordLabelsAdded(state, a.issue, a.labels, startedAt.toISOString());
  const everything = complete && triage.status === 'complete' && triage.skipped.length === 0 && recorded.length === triage.plans.length;
  if (args.issueNumber === undefined && everything) advanceWatermark(state, startedAt);
  state.spend = { tokens: state.spend.tokens + triage.tokens, costUsd: state.spend.costUsd + triage.costUsd, runs: state.spend.runs + 1 };
  const saved = await store.save(locator.saveKey, persisted(state, loop.memory?.persistence, triageRunRecord(triage)));
  if (saved.warning) log.warn(saved.warning);
  return outcome({ report: { result: triage, scope, notTriaged, applied }, ...notesSummary });
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
