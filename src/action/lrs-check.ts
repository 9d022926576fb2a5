/**
 * The `LoopKit LRS` check run on the pull request's head: every loop's score and dimensions, with
 * annotations on the loop-file lines that cost points. It fails below `min-lrs` or on a blocker,
 * so branch protection can require ready loops.
 */
import * as core from '@actions/core';
import { CheckRun, rejectionReason, type GitHub } from '../github/index.js';
import type { LoadedProject } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { escapeForLog, lrsAnnotations, lrsCheckOutput } from '../render/index.js';
import type { ActionInputs } from './inputs.js';
import { openCheckRuns } from './open-checks.js';
import type { EventInfo } from './routing.js';

export interface LrsCheckArgs {
  octokit: GitHub;
  inputs: ActionInputs;
  owner: string;
  repo: string;
  event: EventInfo;
  runUrl?: string;
  reports: LrsReport[];
  project: LoadedProject;
}

export async function publishLrsCheck(args: LrsCheckArgs): Promise<void> {
  const { octokit, inputs, owner, repo, event, reports, project } = args;
  const headSha = headOf(event);
  if (!headSha || inputs.dryRun) return;

  const failing = reports.filter((r) => r.score < inputs.minLrs || r.blockers.length > 0);
  const errors = project.diagnostics.filter((d) => d.severity === 'error');
  const conclusion = failing.length > 0 || errors.length > 0 ? 'failure' : 'success';
  const output = lrsCheckOutput(reports, { minLrs: inputs.minLrs });
  const annotations = [
    ...errors.map((d) => ({ path: d.file, startLine: d.line, endLine: d.line, level: 'failure' as const, title: d.path || 'loop file', message: `${d.message}${d.fix ? ` — fix: ${d.fix}` : ''}` })),
    ...reports.flatMap((r) => {
      const file = project.loops.find((l) => l.loop.name === r.loop)?.file ?? '';
      return lrsAnnotations(r, file).map((a) => ({ path: a.path, startLine: a.start_line, endLine: a.end_line, level: a.annotation_level, title: a.title, message: a.message }));
    })
  ];
  const title = errors.length > 0 ? `${errors.length} problem(s) in the loop files · ${output.title}` : output.title;
  try {
    // The score is known before the check exists: one request creates it completed.
    await CheckRun.publish(octokit, { owner, repo, name: 'LoopKit LRS', headSha, ...(args.runUrl ? { detailsUrl: args.runUrl } : {}) }, { conclusion, title, summary: output.summary, ...(output.text ? { text: output.text } : {}), annotations }, openCheckRuns);
  } catch (error) {
    core.warning(escapeForLog(`Could not publish the LoopKit LRS check (it needs \`checks: write\`): ${rejectionReason(error)}`));
  }
}

function headOf(event: EventInfo): string | undefined {
  const pr = event.payload.pull_request as { head?: { sha?: string } } | undefined;
  return pr?.head?.sha;
}
