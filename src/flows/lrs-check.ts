/**
 * The `LoopKit LRS` check run on the pull request's head: every loop's score and dimensions, with
 * annotations on the loop-file lines that cost points. It fails below `min-lrs` or on a blocker,
 * so branch protection can require ready loops.
 */
import { CheckRun, rejectionReason, type GitHub } from '../github/index.js';
import type { LoadedProject } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { lrsAnnotations, lrsCheckOutput } from '../render/index.js';
import type { FlowAdapters, FlowContext, FlowEvent } from './adapters.js';

export async function publishLrsCheck(
  ctx: FlowContext,
  adapters: FlowAdapters & { github: GitHub },
  reports: LrsReport[],
  project: LoadedProject
): Promise<void> {
  const { owner, repo, event, settings } = ctx;
  const headSha = headOf(event);
  if (!headSha || !settings.write) return;

  const failing = reports.filter((r) => r.score < settings.minLrs || r.blockers.length > 0);
  const errors = project.diagnostics.filter((d) => d.severity === 'error');
  const conclusion = failing.length > 0 || errors.length > 0 ? 'failure' : 'success';
  const output = lrsCheckOutput(reports, { minLrs: settings.minLrs });
  const annotations = [
    ...errors.map((d) => ({
      path: d.file,
      startLine: d.line,
      endLine: d.line,
      level: 'failure' as const,
      title: d.path || 'loop file',
      message: `${d.message}${d.fix ? ` — fix: ${d.fix}` : ''}`
    })),
    ...reports.flatMap((r) => {
      const file = project.loops.find((l) => l.loop.name === r.loop)?.file ?? '';
      return lrsAnnotations(r, file).map((a) => ({
        path: a.path,
        startLine: a.start_line,
        endLine: a.end_line,
        level: a.annotation_level,
        title: a.title,
        message: a.message
      }));
    })
  ];
  const title = errors.length > 0 ? `${errors.length} problem(s) in the loop files · ${output.title}` : output.title;
  try {
    // The score is known before the check exists: one request creates it completed.
    await CheckRun.publish(
      adapters.github,
      { owner, repo, name: 'LoopKit LRS', headSha, ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}) },
      { conclusion, title, summary: output.summary, ...(output.text ? { text: output.text } : {}), annotations },
      adapters.checks
    );
  } catch (error) {
    adapters.log.warn(`Could not publish the LoopKit LRS check (it needs \`checks: write\`): ${rejectionReason(error)}`);
  }
}

function headOf(event: FlowEvent): string | undefined {
  const pr = event.payload.pull_request as { head?: { sha?: string } } | undefined;
  return pr?.head?.sha;
}
