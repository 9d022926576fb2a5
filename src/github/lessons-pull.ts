/**
 * `outputs.notes`: the verified lessons proposed as ONE pull request that edits `memory.notesFile`.
 * The pull request is found again by LoopKit's marker opening its body (render/markers.ts), on a
 * pull request LoopKit itself opened (its identity): while one is open, a run adds its lessons to
 * that pull request's branch and updates its body; only when none is open is another opened, from
 * the default branch. The file is written through the git data API (a tree with the file's text,
 * a commit, the branch moved to it), so the text LoopKit sends is plain text the client redacts
 * (github/client.ts). A lesson whose source link the file already holds is not added twice. The
 * marker also records the time the run read feedback up to: where the loop's next run starts
 * (github/feedback.ts).
 */
import { lessonsPullBody, lessonsPullTitle } from '../render/lessons.js';
import { readLessonsMarker } from '../render/markers.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';
import type { RepoRef } from './pull-request.js';
import { writtenBy } from './trust.js';

export interface LessonsPull {
  number: number;
  branch: string;
  /** The time its marker says feedback was read up to. */
  readTo?: number;
}

interface ListedPull {
  body?: string | null;
  user: { login: string } | null;
  head: { repo: { full_name: string } | null };
}

/**
 * What a pull request's lessons marker says, on a pull request LoopKit itself opened (its identity)
 * from a branch of the repository; anyone else's copy of the marker, or a record in it, says nothing.
 */
function lessonsMarkerOf(pull: ListedPull, repo: RepoRef, identity: string): ReturnType<typeof readLessonsMarker> {
  return writtenBy(pull, identity) && pull.head.repo?.full_name === `${repo.owner}/${repo.repo}` ? readLessonsMarker(pull.body ?? '') : undefined;
}

/** The loop's open lessons pull request: opened by LoopKit, its body opening with the loop's lessons marker. */
export async function findLessonsPull(octokit: GitHub, repo: RepoRef, loop: string, identity: string): Promise<LessonsPull | undefined> {
  for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 })) {
    for (const pull of data) {
      const marker = lessonsMarkerOf(pull, repo, identity);
      if (marker?.loop === loop) return { number: pull.number, branch: pull.head.ref, ...(marker.readTo !== undefined ? { readTo: marker.readTo } : {}) };
    }
  }
  return undefined;
}

/**
 * The newest time up to which a run of the loop read feedback, as LoopKit's lessons pull requests
 * (open, merged or closed) record it; undefined when none updated since `notBefore` does. A body is
 * written after the feedback it records was read, so a pull request last updated before a record
 * holds no newer one (but for the clocks' difference, and an older record only makes the next run
 * read again what it skips once learned): the listing, most recently updated first, stops there.
 */
export async function lastReadTo(octokit: GitHub, repo: RepoRef, loop: string, identity: string, notBefore: number): Promise<number | undefined> {
  let newest: number | undefined;
  for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, {
    ...repo,
    state: 'all',
    sort: 'updated',
    direction: 'desc',
    per_page: 100
  })) {
    for (const pull of data) {
      if (Date.parse(pull.updated_at) < Math.max(notBefore, newest ?? notBefore)) return newest;
      const marker = lessonsMarkerOf(pull, repo, identity);
      if (marker?.loop === loop && marker.readTo !== undefined) newest = Math.max(newest ?? marker.readTo, marker.readTo);
    }
  }
  return newest;
}

/** The notes file's text at `ref` (default: the default branch); undefined when it does not exist there. */
export async function readNotesText(octokit: GitHub, repo: RepoRef, file: string, ref?: string): Promise<{ text: string } | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: file.replace(/^\.\//, ''), ...(ref ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    return { text: Buffer.from(data.content, 'base64').toString('utf8') };
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

export interface LessonsWrite {
  loop: string;
  identity: string;
  notesFile: string;
  /** `outputs.notes.branch`, else loopkit/lessons-<loop>. */
  branch?: string;
  runUrl?: string;
  /** The time this run read feedback up to, recorded in the body; absent, an open pull request keeps the record it has. */
  readTo?: number;
}

export interface LessonsApplied {
  pull: number;
  /** opened: a new pull request; updated: lessons added to the open one; unchanged: it held them all. */
  outcome: 'opened' | 'updated' | 'unchanged';
  added: number;
}

const NEW_FILE = '# LoopKit notes\n\nWhat the review loops are told on every pull request: one note per "- " line. Edit freely.\n';

export async function proposeLessons(octokit: GitHub, repo: RepoRef, lines: readonly string[], options: LessonsWrite): Promise<LessonsApplied> {
  const path = options.notesFile.replace(/^\.\//, '');
  const { data: info } = await octokit.rest.repos.get({ ...repo });
  const base = info.default_branch;
  const open = await findLessonsPull(octokit, repo, options.loop, options.identity);
  const branch = open?.branch ?? options.branch ?? `loopkit/lessons-${options.loop}`;
  if (branch === base)
    throw new Error(`the lessons branch is the default branch ${base}: lessons are proposed on a branch of their own (outputs.notes.branch)`);
  const baseHead = await headOf(octokit, repo, base);
  if (baseHead === undefined) throw new Error(`the default branch ${base} has no commit`);
  // An open pull request grows; otherwise the branch starts again from the default branch (a stale one from a closed pull request is reset).
  const branchHead = await headOf(octokit, repo, branch);
  const parent = open && branchHead ? branchHead : baseHead;
  const current = (await readNotesText(octokit, repo, path, parent))?.text;
  const fresh = lines.filter((line) => !(current ?? '').includes(sourceOf(line) ?? line));
  const baseText = (await readNotesText(octokit, repo, path, base))?.text ?? '';

  let added = 0;
  if (fresh.length > 0) {
    const start = current === undefined ? NEW_FILE : current === '' || current.endsWith('\n') ? current : `${current}\n`;
    const text = `${start}${current === undefined ? '\n' : ''}${fresh.map((line) => `- ${line}\n`).join('')}`;
    const { data: parentCommit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: parent });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: parentCommit.tree.sha,
      tree: [{ path, mode: '100644', type: 'blob', content: text }]
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: `LoopKit lessons: ${fresh.length} from closed pull requests (${options.loop})`,
      tree: tree.sha,
      parents: [parent]
    });
    if (branchHead === undefined) await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    else await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: !open });
    added = fresh.length;
  } else if (!open) {
    return { pull: 0, outcome: 'unchanged', added: 0 };
  }

  // The body lists every lesson the branch adds to the default branch's file.
  const now = (await readNotesText(octokit, repo, path, branch))?.text ?? '';
  const listed = now
    .split(/\r?\n/)
    .filter((l) => /^- .+\(source: \S+\)$/.test(l) && !baseText.includes(l))
    .map((l) => l.slice(2));
  const readTo = options.readTo ?? open?.readTo;
  const body = lessonsPullBody(options.loop, path, listed, {
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    ...(readTo !== undefined ? { readTo } : {})
  });
  if (open) {
    if (added > 0) await octokit.rest.pulls.update({ ...repo, pull_number: open.number, body });
    return { pull: open.number, outcome: added > 0 ? 'updated' : 'unchanged', added };
  }
  const { data: created } = await octokit.rest.pulls.create({ ...repo, title: lessonsPullTitle(options.loop), head: branch, base, body });
  return { pull: created.number, outcome: 'opened', added };
}

/** A lesson's source link (render/lessons.ts ends each line with it): what says it is already in the file. */
function sourceOf(line: string): string | undefined {
  return /\(source: (\S+)\)$/.exec(line)?.[1];
}

async function headOf(octokit: GitHub, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}
