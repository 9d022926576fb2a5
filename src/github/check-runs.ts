/**
 * A check run that shows a loop in progress, then its verdict with line annotations. GitHub takes
 * at most 50 annotations per request and appends those of each update to the ones already there,
 * so they go out in batches and the conclusion rides on the last batch: the run only reads as
 * finished once every annotation is in.
 */
import { randomUUID } from 'node:crypto';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';
import { truncateUtf8 } from './text-limit.js';

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunStart {
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  title: string;
  summary: string;
  detailsUrl?: string;
}

export interface CheckRunResult {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

/** A check run this process created, as the post step needs it to complete it. */
export interface OpenCheckRun {
  owner: string;
  repo: string;
  id: number;
  name: string;
}

/**
 * Told when a check run is created and when it is completed, so that one the run leaves in
 * progress (a cancelled or timed-out job, a crash, GitHub failing the completion) can still be
 * completed by someone else: the action's post step.
 */
export interface CheckRunTracker {
  started(run: OpenCheckRun): void;
  completed(id: number): void;
}

const ANNOTATIONS_PER_REQUEST = 50;
const MAX_OUTPUT_BYTES = 65535;
const TRUNCATED = '\n\n… truncated to fit GitHub’s 65,535-byte limit.';

export class CheckRun {
  private constructor(
    private readonly octokit: GitHub,
    private readonly owner: string,
    private readonly repo: string,
    readonly id: number,
    /** The slug of the GitHub App that owns the check: the token's own App (see TokenIdentity). */
    readonly app: string | undefined,
    private readonly tracker: CheckRunTracker | undefined
  ) {}

  static async start(octokit: GitHub, start: CheckRunStart, tracker?: CheckRunTracker): Promise<CheckRun> {
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
  static async publish(octokit: GitHub, start: Omit<CheckRunStart, 'title' | 'summary'>, result: CheckRunResult, tracker?: CheckRunTracker): Promise<void> {
    if (result.annotations.length > ANNOTATIONS_PER_REQUEST) {
      const run = await CheckRun.start(octokit, { ...start, title: result.title, summary: 'LoopKit is adding the annotations.' }, tracker);
      return run.complete(result);
    }
    const now = new Date().toISOString();
    // Creating is not idempotent: a create that got no answer is looked for by this id before it is sent again.
    const externalId = `loopkit-${randomUUID()}`;
    const create = () =>
      octokit.rest.checks.create({
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
    } catch (error) {
      if (!mayNotHaveHappened(error)) throw error;
      const { data } = await octokit.rest.checks.listForRef({
        owner: start.owner,
        repo: start.repo,
        ref: start.headSha,
        check_name: start.name,
        filter: 'latest'
      });
      if (!data.check_runs.some((r) => r.external_id === externalId)) await create();
    }
  }

  async complete(result: CheckRunResult): Promise<void> {
    const output = outputOf(result);
    const batches = chunk(result.annotations.map(toApi), ANNOTATIONS_PER_REQUEST);
    let added = 0;
    for (const [index, annotations] of batches.entries()) {
      const last = index === batches.length - 1;
      const update = () =>
        this.octokit.rest.checks.update({
          owner: this.owner,
          repo: this.repo,
          check_run_id: this.id,
          output: annotations.length > 0 ? { ...output, annotations } : output,
          ...(last ? { status: 'completed', conclusion: result.conclusion, completed_at: new Date().toISOString() } : {})
        });
      try {
        await update();
      } catch (error) {
        // The client retries an update without annotations by itself. One with annotations is not
        // idempotent (GitHub appends them), so it is sent again only if GitHub says it did not land.
        if (annotations.length === 0 || !mayNotHaveHappened(error)) throw error;
        if ((await this.annotationCount()) < added + annotations.length) await update();
      }
      added += annotations.length;
    }
    this.tracker?.completed(this.id);
  }

  private async annotationCount(): Promise<number> {
    const { data } = await this.octokit.rest.checks.get({ owner: this.owner, repo: this.repo, check_run_id: this.id });
    return data.output.annotations_count;
  }
}

/** A server error or no answer at all: the request may or may not have been applied. */
function mayNotHaveHappened(error: unknown): boolean {
  const status = httpStatus(error);
  return status === undefined || status >= 500;
}

function outputOf(result: CheckRunResult): { title: string; summary: string; text?: string } {
  return { title: result.title, summary: fit(result.summary), ...(result.text === undefined ? {} : { text: fit(result.text) }) };
}

function fit(text: string): string {
  return truncateUtf8(text, MAX_OUTPUT_BYTES, TRUNCATED);
}

function toApi(a: CheckAnnotation): {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: CheckAnnotation['level'];
  message: string;
  title?: string;
} {
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
function chunk<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches.length > 0 ? batches : [[]];
}
