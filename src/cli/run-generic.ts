/**
 * `loopkit run <generic loop>`: the loop on a local event (cli/local-events.ts), through the engine
 * the action runs (engine/generic.ts), its context built by the action's own builders
 * (github/event-context.ts). Nothing is written: every write the plan holds is printed as GitHub
 * would receive it, made by the writers' own renderers (render/generic.ts). With `--dry-run` no
 * model is called (the dry run's rules propose, as in `npm run demo`).
 */
import type { EngineEvents } from '../engine/calls.js';
import { runGeneric, type GenericResult } from '../engine/generic.js';
import type { GenericEvent } from '../github/event-context.js';
import { eventSubject } from '../github/event-context.js';
import { genericCheckName } from '../github/generic-outputs.js';
import { planLines } from '../flows/generic.js';
import type { LoadedLoop } from '../loop/index.js';
import { pricing } from '../providers/cost-model.js';
import { DEFAULT_MODEL } from '../providers/models.js';
import { genericCheckSummary, genericComment, openedIssueBody, openedIssueTitle, withReleaseSection } from '../render/generic.js';
import { EXIT, genericVerdict } from './exit.js';
import { localEvent, type LocalEventOptions } from './local-events.js';
import type { Output } from './output.js';
import type { GuardedOutput } from './guard.js';
import { cliProvider } from './provider.js';
import { conclude, printPlan } from './report.js';

export interface GenericLocalOptions extends LocalEventOptions {
  dryRun: boolean;
  json: boolean;
  env: NodeJS.ProcessEnv;
  events: EngineEvents;
}

/** One write the action would make: where it goes and its text as GitHub would receive it. */
export interface WouldPost {
  what: string;
  markdown?: string;
}

export async function runGenericLocal(root: string, loaded: LoadedLoop, options: GenericLocalOptions, io: GuardedOutput): Promise<number> {
  const { loop } = loaded;
  const found = await localEvent(root, loop, options);
  if ('problem' in found) {
    io.err(found.problem);
    return EXIT.usage;
  }
  const event = found.event;
  const provider = cliProvider(loaded, options, io);
  if (!provider) return EXIT.incomplete;
  let subject: GenericEvent;
  try {
    subject = await eventSubject(
      event.reads,
      {
        name: event.name,
        payload: event.payload,
        ...(event.pullNumber !== undefined ? { pullNumber: event.pullNumber } : {}),
        ...(event.issueNumber !== undefined ? { issueNumber: event.issueNumber } : {}),
        ...(event.sha ? { sha: event.sha } : {})
      },
      loop
    );
  } catch (error) {
    io.err(`Could not read the event (${event.source}): ${(error as Error).message.split('\n')[0]}`);
    return EXIT.usage;
  }
  // Connectors read GitHub (open issues, files at the event's commit): a local run has only the event.
  for (const c of loop.connectors ?? [])
    if (c.type === 'github-issues' || c.type === 'repo-files' || c.type === 'github-feedback')
      io.err(io.yellow(`warning: connector ${c.type} reads GitHub: not read in a local run`));
  if (!options.json) printPlan(loaded, `${event.source}: ${subject.context.title}`, io);
  // Offline, the allowed labels stand in for the repository's labels, as for a saved issue.
  const result = await runGeneric({
    loaded,
    provider,
    pricing,
    defaultModel: DEFAULT_MODEL,
    events: options.events,
    context: subject.context,
    target: subject.target,
    repoLabels: loop.outputs?.labels?.allowed ?? []
  });
  const release = event.payload.release;
  const releaseBody = typeof release === 'object' && release !== null ? (release as { body?: unknown }).body : undefined;
  const posts = wouldPost(loaded, result, subject, typeof releaseBody === 'string' ? releaseBody : '');
  if (options.json) io.out(JSON.stringify({ event: subject.context.title, source: event.source, result, wouldPost: posts }, null, 2));
  else printGeneric(result, posts, io);
  return conclude(genericVerdict(result), options.json, io);
}

/** Every write of the plan, rendered as the action's writers (github/generic-outputs.ts) render it; `releaseBody`: the release's body as the event gave it. */
export function wouldPost({ loop }: LoadedLoop, result: GenericResult, subject: GenericEvent, releaseBody: string): WouldPost[] {
  const { plan } = result;
  const on = subject.target.issue !== undefined ? `#${subject.target.issue}` : 'the event';
  const posts: WouldPost[] = [];
  for (const issue of plan.issues) {
    const title = openedIssueTitle(issue.title, loop.outputs?.issue?.titlePrefix);
    posts.push({
      what: `open issue "${title}"${issue.labels.length > 0 ? ` with labels ${issue.labels.join(', ')}` : ''}`,
      markdown: openedIssueBody(loop.name, subject.eventKey, issue.body, { event: subject.context.title })
    });
  }
  if (plan.labels.length > 0) posts.push({ what: `add labels to ${on}: ${plan.labels.join(', ')}` });
  if (result.escalated && loop.escalation?.label) posts.push({ what: `add the escalation label to ${on}: ${loop.escalation.label}` });
  if (plan.comment !== undefined) posts.push({ what: `comment on ${on} (edited on later runs)`, markdown: genericComment(loop.name, plan.comment, {}) });
  if (plan.releaseNotes !== undefined) {
    posts.push({
      what: "release notes: the body of the release, with the loop's section",
      markdown: withReleaseSection(releaseBody, loop.name, plan.releaseNotes)
    });
  }
  if (plan.check && loop.outputs?.check) {
    const name = genericCheckName(loop.name, loop.outputs.check);
    posts.push({
      what: `check "${name}"${subject.headSha ? ` on ${subject.headSha.slice(0, 7)}` : ''}: ${plan.check.conclusion} — ${plan.check.title}`,
      markdown: genericCheckSummary({
        loop: loop.name,
        conclusion: plan.check.conclusion,
        title: plan.check.title,
        findings: plan.findings,
        event: subject.context.title
      })
    });
  }
  return posts;
}

function printGeneric(result: GenericResult, posts: WouldPost[], io: Output): void {
  io.out(
    `status: ${result.status}${result.reasons.length ? ` (${result.reasons.join('; ')})` : ''} · ${result.proposals.length} proposal(s), ${result.plan.findings.length} verified finding(s) · ${result.tokens} tokens · $${result.costUsd.toFixed(4)}`
  );
  for (const s of result.summary) io.out(`summary: ${s}`);
  io.out('plan:');
  const lines = planLines(result);
  for (const line of lines.length > 0 ? lines : ['nothing to write']) io.out(`  ${line}`);
  io.out();
  io.out(io.bold(posts.length > 0 ? 'What the action would write (markdown exactly as posted):' : 'The action would write nothing.'));
  for (const post of posts) {
    io.out();
    io.out(io.bold(`── ${post.what}`));
    if (post.markdown !== undefined) io.out(post.markdown);
  }
  io.out();
  io.out(io.dim('Nothing was written: a local run of a generic loop only prints its plan (the action writes it, on its event).'));
}
