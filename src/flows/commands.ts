/**
 * Comment commands (`/loopkit review`, `/loopkit triage`, `/loopkit ignore`, `/loopkit help`):
 * who may command (GitHub's answer on the commenter's permission: write access or more), the
 * reactions that acknowledge a command (eyes at once, rocket or confused when done), the one-line
 * refusal, and LoopKit's own commands. Loops a command runs are run by the event flow like any other.
 */
import {
  findStickyComment,
  canSteer,
  permissionOf,
  react,
  readReviewComment,
  rejectionReason,
  reply,
  upsertStickyComment,
  type GitHub,
  type Reaction,
  type TokenIdentity
} from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import { taskOf } from '../loop/schema.js';
import {
  deniedReply,
  failedReply,
  helpReply,
  ignoredReply,
  markedReply,
  readFindingMarker,
  refusedMarker,
  reviewRecordMarker,
  summaryMarker,
  withIgnoredNote,
  withoutReviewRecord,
  type CommandHelp
} from '../render/index.js';
import { learns, noteIgnored, persisted } from '../state/index.js';
import type { Command } from './routing.js';
import type { FlowAdapters, FlowContext, FlowLog } from './adapters.js';
import { ignoreInState, loadRecorded, markInState, recordWith, recordWithout } from './review-state.js';
import { findingThreads, setThreadResolved } from '../github/review-threads.js';
import { saveKey } from './state-key.js';

export interface CommandContext {
  octokit: GitHub;
  identity: TokenIdentity;
  owner: string;
  repo: string;
  command: Command;
  log: FlowLog;
  /** The store `/loopkit ignore` writes to, and the run that names its key. */
  stateFor: FlowAdapters['stateFor'];
  run: FlowContext['run'];
  clock: FlowAdapters['clock'];
}

/** Whether the commenter may command LoopKit; author_association alone is not enough, so GitHub is asked. */
export async function authorize({ octokit, owner, repo, command }: CommandContext): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const permission = await permissionOf(octokit, { owner, repo }, command.author);
    if (canSteer(permission)) return { ok: true };
    return { ok: false, reason: `${command.author} has ${permission} access; commands need write access or more` };
  } catch (error) {
    return { ok: false, reason: `could not check ${command.author}'s permission: ${rejectionReason(error)}` };
  }
}

/** A reaction on the command's comment; a failure is a warning, never the end of the run. */
export async function acknowledge({ octokit, owner, repo, command, log }: CommandContext, content: Reaction): Promise<void> {
  await react(octokit, { owner, repo }, command.comment, content).catch((error: unknown) => {
    log.warn(`Could not react ${content} to the command: ${rejectionReason(error)}`);
  });
}

/** Answers where the command was typed; a failure is a warning. */
async function answer({ octokit, owner, repo, command, log }: CommandContext, body: string): Promise<void> {
  await reply(octokit, { owner, repo }, command.comment, body).catch((error: unknown) => {
    log.warn(`Could not answer the command: ${rejectionReason(error)}`);
  });
}

/**
 * A command from someone without write access. The first on a pull request or issue is answered
 * with one comment in its conversation; every later one gets only a confused reaction, so typing
 * commands cannot make LoopKit write comment after comment. When the thread cannot be read, no
 * comment is written either.
 */
export async function refuse(ctx: CommandContext): Promise<void> {
  const { octokit, identity, owner, repo, command, log } = ctx;
  const thread = { owner, repo, issueNumber: command.subject.number, marker: refusedMarker() };
  try {
    const login = await identity.get();
    if (await findStickyComment(octokit, { ...thread, identity: login })) return await acknowledge(ctx, 'confused');
    await upsertStickyComment(octokit, { ...thread, identity: login, body: deniedReply(command.word), known: null });
  } catch (error) {
    log.warn(`Could not answer the command: ${rejectionReason(error)}`);
  }
}

function helpFor(loops: readonly LoadedLoop[], unknown?: string): string {
  const commands: CommandHelp[] = loops.flatMap(({ loop }) =>
    loop.trigger.command
      ? [
          {
            command: loop.trigger.command,
            loop: loop.name,
            ...(loop.description ? { description: loop.description } : {}),
            on: taskOf(loop) === 'review' ? ('pull requests' as const) : ('issues' as const)
          }
        ]
      : []
  );
  return helpReply(commands, unknown);
}

/**
 * `/loopkit ignore`, typed as a reply in the thread of a LoopKit review comment: the finding that
 * comment carries (by its hidden marker, on a comment LoopKit can trust) is added to the `ignored`
 * list of each review loop's state on this pull request (a loop that learns also keeps it as a
 * note, with the reason typed after the command) and noted in its summary, and LoopKit's
 * answer in the thread carries it in a marker of its own, so the next run suppresses it even when
 * it cannot restore the state. Returns whether it worked, and why not.
 */
async function steerFinding(
  ctx: CommandContext,
  loops: readonly LoadedLoop[],
  word: 'ignore' | 'fixed' | 'reopen'
): Promise<{ ok: true } | { ok: false; message: string }> {
  const { octokit, identity, owner, repo, command, log } = ctx;
  if (command.comment.kind !== 'review' || command.inReplyTo === undefined) {
    return { ok: false, message: `/loopkit ${word} works as a reply in the thread of a LoopKit review comment` };
  }
  let fingerprint: string | undefined;
  let login: string;
  try {
    login = await identity.get();
    const parent = await readReviewComment(octokit, { owner, repo }, command.inReplyTo, login);
    // A marker in someone else's comment could name any finding: only LoopKit's own finding comment, which opens its thread, counts.
    fingerprint = parent.own && parent.inReplyTo === undefined ? readFindingMarker(parent.body) : undefined;
  } catch (error) {
    return { ok: false, message: `could not read the comment this replies to: ${rejectionReason(error)}` };
  }
  if (!fingerprint)
    return { ok: false, message: `this thread is not about a LoopKit finding, so there is nothing to ${word === 'ignore' ? 'ignore' : 'mark'}` };
  if (word !== 'ignore') return markFinding(ctx, loops, fingerprint, login, word);

  const pullNumber = command.comment.pullNumber;
  const savedIn: string[] = [];
  for (const loaded of loops.filter((l) => taskOf(l.loop) === 'review')) {
    const loop = loaded.loop;
    const marker = summaryMarker(loop.name);
    const sticky = await findStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker, identity: login }).catch(() => undefined);
    if (!sticky) continue;
    const store = ctx.stateFor(loop.memory);
    const recorded = await loadRecorded(store, loop.name, pullNumber, sticky.body, log);
    const record = recorded.record;
    let state = recorded.state;
    const posted = ignoreInState(state, fingerprint, { by: command.author, ...(command.argument ? { reason: command.argument } : {}) });
    // What the maintainer taught, with the reason typed after the command, reaches the loop's next runs (state/notes.ts).
    if (learns(loop.memory)) {
      state = noteIgnored(
        state,
        {
          fingerprint,
          ...(posted ? { path: posted.path, claim: posted.claim } : {}),
          ...(command.argument ? { reason: command.argument } : {}),
          by: command.author,
          number: pullNumber
        },
        new Date(ctx.clock.now()).toISOString()
      );
    }
    const key = saveKey(store, {
      repo: `${owner}/${repo}`,
      loop: loop.name,
      subject: state.subject,
      ...(state.lastReviewedHead ? { head: state.lastReviewedHead } : {}),
      runId: ctx.run.id,
      runAttempt: ctx.run.attempt
    });
    const saved = await store.save(key, persisted(state, loop.memory?.persistence));
    if (saved.warning) log.warn(saved.warning);
    const newRecord = record ? recordWithout(record, fingerprint, saved.saved ? key : undefined) : undefined;
    const body = withIgnoredNote(sticky.body, { fingerprint, ...(posted ? { path: posted.path, claim: posted.claim } : {}) }, newRecord);
    try {
      await upsertStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker, identity: login, known: sticky, body });
    } catch (error) {
      log.warn(`Could not note the ignored finding in the ${loop.name} summary: ${rejectionReason(error)}`);
    }
    if (saved.saved) savedIn.push(loop.name);
  }
  // The reply is the record every later run can read, whatever became of the cache.
  try {
    await reply(octokit, { owner, repo }, command.comment, ignoredReply(fingerprint));
  } catch (error) {
    return { ok: false, message: `could not answer in the thread, where the ignore is recorded: ${rejectionReason(error)}` };
  }
  log.info(`ignored finding ${fingerprint} on pull request #${pullNumber}${savedIn.length > 0 ? `; recorded in the state of ${savedIn.join(', ')}` : ''}`);
  return { ok: true };
}

/**
 * `/loopkit fixed` and `/loopkit reopen` in a finding's thread: the finding is fixed (as of the last
 * reviewed head) or open again in each review loop's state and record, so the gate counts it as
 * the command says; its thread is resolved or opened again, and LoopKit answers once.
 */
async function markFinding(
  ctx: CommandContext,
  loops: readonly LoadedLoop[],
  fingerprint: string,
  login: string,
  word: 'fixed' | 'reopen'
): Promise<{ ok: true } | { ok: false; message: string }> {
  const { octokit, owner, repo, command, log } = ctx;
  const pullNumber = command.subject.number;
  let marked = 0;
  for (const loaded of loops.filter((l) => taskOf(l.loop) === 'review')) {
    const loop = loaded.loop;
    const marker = summaryMarker(loop.name);
    const sticky = await findStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker, identity: login }).catch(() => undefined);
    if (!sticky) continue;
    const store = ctx.stateFor(loop.memory);
    const { record, state } = await loadRecorded(store, loop.name, pullNumber, sticky.body, log);
    // A dismissal stands for the whole pull request (its reply in the thread says so to every later run).
    if (word === 'reopen' && state.posted.some((p) => p.fingerprint === fingerprint && p.status === 'dismissed'))
      return { ok: false, message: 'this finding was dismissed (`/loopkit ignore`), and stays dismissed on this pull request' };
    const posted = markInState(state, fingerprint, word, record?.head);
    if (!posted) continue;
    const key = saveKey(store, {
      repo: `${owner}/${repo}`,
      loop: loop.name,
      subject: state.subject,
      ...(state.lastReviewedHead ? { head: state.lastReviewedHead } : {}),
      runId: ctx.run.id,
      runAttempt: ctx.run.attempt
    });
    const saved = await store.save(key, persisted(state, loop.memory?.persistence));
    if (saved.warning) log.warn(saved.warning);
    if (record) {
      const savedKey = saved.saved ? key : undefined;
      const newRecord = word === 'fixed' ? recordWithout(record, fingerprint, savedKey) : recordWith(record, posted, savedKey);
      const body = `${withoutReviewRecord(sticky.body)}\n\n${reviewRecordMarker(newRecord)}`;
      await upsertStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker, identity: login, known: sticky, body }).catch((error: unknown) =>
        log.warn(`Could not update the ${loop.name} summary: ${rejectionReason(error)}`)
      );
    }
    marked++;
  }
  if (marked === 0) return { ok: false, message: 'no review loop on this pull request knows this finding' };
  try {
    const thread = (await findingThreads(octokit, { owner, repo, number: pullNumber }, login)).get(fingerprint);
    if (thread) await setThreadResolved(octokit, thread, word === 'fixed');
  } catch (error) {
    log.warn(`Could not ${word === 'fixed' ? 'resolve' : 'reopen'} the review thread: ${rejectionReason(error)}`);
  }
  await answer(ctx, markedReply(word, command.author));
  log.info(`${word === 'fixed' ? 'marked fixed' : 'reopened'}: finding ${fingerprint} on pull request #${pullNumber}`);
  return { ok: true };
}

/** How a loop a command ran ended. */
export interface CommandResult {
  loop: string;
  ok: boolean;
  reason?: string;
}

/**
 * Everything after the loops ran: LoopKit's own commands, a reply when something did not work,
 * and the second reaction (rocket when done, confused when not).
 */
export async function finishCommand(ctx: CommandContext, loops: readonly LoadedLoop[], results: readonly CommandResult[]): Promise<void> {
  const { command } = ctx;
  let ok: boolean;
  switch (command.kind) {
    case 'help':
      await answer(ctx, helpFor(loops));
      ok = true;
      break;
    case 'unknown':
      await answer(ctx, helpFor(loops, command.word));
      ok = false;
      break;
    case 'ignore':
    case 'fixed':
    case 'reopen': {
      const done = await steerFinding(ctx, loops, command.kind);
      if (!done.ok) await answer(ctx, failedReply(command.kind, [done.message]));
      ok = done.ok;
      break;
    }
    case 'loops': {
      const failed = results.filter((r) => !r.ok);
      if (results.length === 0)
        await answer(ctx, failedReply(command.word, [`no loop runs it on ${command.subject.kind === 'issue' ? 'an issue' : 'a pull request'}`]));
      else if (failed.length > 0)
        await answer(
          ctx,
          failedReply(
            command.word,
            failed.map((f) => `${f.loop}: ${f.reason ?? 'failed'}`)
          )
        );
      ok = results.length > 0 && failed.length === 0;
      break;
    }
  }
  await acknowledge(ctx, ok ? 'rocket' : 'confused');
}
