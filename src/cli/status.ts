/** `loopkit status`: whether the configuration is valid, each loop's LRS, and what local runs stored. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, type LoadedLoop } from '../loop/index.js';
import { sharedLoopOptions } from './shared.js';
import { scoreLoaded } from '../lrs/project.js';
import type { LastRun } from '../state/document.js';
import { DEFAULT_STATE_DIR, FileSystemStore, noteLine, type RunRecord } from '../state/index.js';
import { EXIT } from './exit.js';
import type { Output } from './output.js';
import { lrsTable } from './validate.js';

/** Where a loop's local runs are recorded: its filesystem `memory.path`, else the default folder. */
export function stateDirOf(loaded: LoadedLoop): string {
  return loaded.loop.memory?.store === 'filesystem' && loaded.loop.memory.path ? loaded.loop.memory.path : DEFAULT_STATE_DIR;
}

/** Runs of a `persistence: full` history shown per document, newest first. */
const RUNS_SHOWN = 5;
/** Learned notes shown per document, most taught first (the document keeps them in that order). */
const NOTES_SHOWN = 10;

/** One run of the history: when, what, how it ended and what it cost, then its confirmed findings. */
function runLines(run: RunRecord, io: Output): string[] {
  const what = run.head ? `head ${run.head.slice(0, 12)}` : `issue(s) ${run.issues?.map((n) => `#${n}`).join(', ') || 'none'}`;
  const verdicts = ['confirmed', 'refuted', 'uncertain', 'unverified'].flatMap((kind) => {
    const n = run.findings.filter((f) => f.verdict === kind).length;
    return n > 0 ? [`${n} ${kind}`] : [];
  });
  const findings = run.head ? ` · ${run.findings.length} finding(s)${verdicts.length ? ` (${verdicts.join(', ')})` : ''}` : '';
  return [
    `${run.at} ${what}: ${run.status}${findings} · ${run.tokens.toLocaleString('en-US')} tokens, $${run.costUsd.toFixed(4)}`,
    ...run.findings.filter((f) => f.verdict === 'confirmed').map((f) => io.dim(`  ${f.severity} ${f.path}${f.line ? `:${f.line}` : ''} ${f.claim}`))
  ];
}

/** How the last run ended: only a completed one without escalation reads as complete. */
function lastRunText(run: LastRun, io: Output): string {
  const how =
    run.status === 'complete' && !run.escalated
      ? io.green('complete')
      : run.status === 'complete'
        ? io.yellow('complete, escalated to a person')
        : run.status === 'partial'
          ? io.yellow('partial')
          : io.red('failed');
  return `last run${run.head ? ` on ${run.head.slice(0, 12)}` : ''} at ${run.at}: ${how}${run.reasons.length > 0 ? ` (${run.reasons.join('; ')})` : ''}`;
}

export async function status(root: string, config: string, io: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const project = await loadProject(new FileSystemLoopSource(root), config, sharedLoopOptions(env));
  const errors = project.diagnostics.filter((d) => d.severity === 'error');
  const where = project.hasConfig ? config : `no ${config} (LoopKit's defaults)`;
  if (errors.length === 0) io.out(`configuration: ${io.green('valid')} · ${where} · ${project.loops.length} loop(s)`);
  else {
    io.out(
      `configuration: ${io.red(`${errors.length} error(s)`)} · ${where} · ${project.loops.length} loop(s) load (\`loopkit validate\` shows every problem)`
    );
    for (const d of errors.slice(0, 3)) io.out(io.dim(`  ${formatDiagnostic(d).split('\n')[0]}`));
  }
  if (project.loops.length > 0) {
    io.out();
    io.out(
      lrsTable(
        project.loops.map((l) => scoreLoaded(l, project.settings)),
        io
      )
    );
  }

  io.out();
  const dirs = [...new Set([DEFAULT_STATE_DIR, ...project.loops.map(stateDirOf)])];
  let shown = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(join(root, dir))).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    const store = new FileSystemStore(join(root, dir));
    for (const name of names) {
      const { doc, warning } = await store.load(name.slice(0, -'.json'.length));
      if (!doc) {
        io.err(io.yellow(warning ?? `${dir}/${name}: unreadable`));
        continue;
      }
      if (shown === 0) io.out('recent runs:');
      shown++;
      const open = doc.posted.filter((p) => p.status === 'open').length;
      const last = doc.rounds.at(-1);
      io.out(
        `  ${io.bold(doc.loop)} ${doc.subject.kind}${doc.subject.number ? ` #${doc.subject.number}` : ''}: last reviewed ${doc.lastReviewedHead?.slice(0, 12) ?? 'never'}${doc.reviewedAt ? ` at ${doc.reviewedAt}` : ''}${doc.lastRun ? `; ${lastRunText(doc.lastRun, io)}` : ''}${last ? ` (round ${last.round}, score ${last.score.toFixed(2)}, ${last.passed ? 'passed' : 'not passed'})` : ''}; ${doc.posted.length} finding(s) recorded (${open} open), ${doc.ignored.length} ignored; ${doc.spend.runs} run(s), ${doc.spend.tokens.toLocaleString('en-US')} tokens, $${doc.spend.costUsd.toFixed(4)} ${io.dim(`(${dir})`)}`
      );
      const history = doc.runs ?? [];
      if (history.length > 0) io.out(io.dim(`    last ${Math.min(history.length, RUNS_SHOWN)} of ${history.length} run(s) kept (memory.persistence: full):`));
      for (const run of history.slice(-RUNS_SHOWN).reverse()) for (const line of runLines(run, io)) io.out(`    ${line}`);
      if (doc.notes.length > 0)
        io.out(
          io.dim(`    ${Math.min(doc.notes.length, NOTES_SHOWN)} of ${doc.notes.length} note(s) learned from maintainers (memory.learn), most taught first:`)
        );
      for (const note of doc.notes.slice(0, NOTES_SHOWN)) io.out(`    - ${noteLine(note)}`);
    }
  }
  if (shown === 0) io.out(`No runs recorded yet in ${dirs.join(', ')}: \`loopkit run <loop>\` (without --dry-run) records each run there.`);
  return hasErrors(project.diagnostics) ? EXIT.usage : EXIT.ok;
}
