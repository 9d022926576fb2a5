/** `loopkit validate`: every loop's problems and Loop Readiness Score, as a table or JSON. */
import { stringify } from 'yaml';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, type Diagnostic, type LoadedLoop } from '../loop/index.js';
import { scoreLoaded } from '../lrs/project.js';
import type { LrsReport } from '../lrs/index.js';
import { EXIT } from './exit.js';
import type { Output } from './output.js';
import { unknownModels } from './models.js';
import { sharedLoopOptions } from './shared.js';
import { neverFires, readWorkflows } from './workflows.js';

export interface ValidateOptions {
  config: string;
  minLrs?: number;
  json: boolean;
  /** Print each loop as resolved: the shared loops it extends merged in. */
  resolved?: boolean;
  env: NodeJS.ProcessEnv;
}

export async function validate(root: string, options: ValidateOptions, io: Output): Promise<number> {
  const project = await loadProject(new FileSystemLoopSource(root), options.config, sharedLoopOptions(options.env));
  const reports = project.loops.map((l) => ({ file: l.file, report: scoreLoaded(l, project.settings) }));
  // Warnings, not errors: the workflow may live elsewhere (another repository, a reusable workflow).
  const { workflows, problems } = await readWorkflows(root);
  const warnings = [...problems, ...project.loops.flatMap((l) => [...unknownModels(l), ...neverFires(l.loop, workflows)])];
  const errors = hasErrors(project.diagnostics);
  // A blocker fails validation whatever the bar: the loop must not run unattended as written.
  const blocked = reports.filter((r) => r.report.blockers.length > 0);
  const below = options.minLrs === undefined ? [] : reports.filter((r) => r.report.score < options.minLrs!);
  // A file that does not load, or no loop at all, is the loop files' error (2); a blocker or a score under the bar fails the gate (1).
  const code = errors || project.loops.length === 0 ? EXIT.usage : blocked.length > 0 || below.length > 0 ? EXIT.gateFailed : EXIT.ok;

  if (options.json) {
    io.out(
      JSON.stringify(
        {
          ok: code === 0,
          diagnostics: project.diagnostics,
          loops: reports.map((r, i) => ({
            ...r,
            notes: project.loops[i]!.notes,
            ...(options.resolved ? { resolved: project.loops[i]!.written, chain: project.loops[i]!.chain } : {})
          })),
          warnings
        },
        null,
        2
      )
    );
    return code;
  }
  for (const d of project.diagnostics) io.err(d.severity === 'error' ? io.red(formatDiagnostic(d)) : io.yellow(formatDiagnostic(d)));
  if (project.loops.length === 0) {
    if (!errors) io.err(`No loops found: add loops/*.yaml or \`loops:\` in ${options.config} (\`loopkit init\` writes an example).`);
    io.out(totals(project.diagnostics, 0, 0, 0, warnings.length, io, true));
    return code;
  }
  if (options.resolved) for (const loaded of project.loops) io.out(resolvedYaml(loaded));
  io.out(
    lrsTable(
      reports.map((r) => r.report),
      io
    )
  );
  for (const { file, report } of reports) {
    io.out();
    io.out(`${io.bold(report.loop)} ${io.dim(`(${file})`)}`);
    for (const b of report.blockers) io.out(`  ${io.red('[x]')} blocker: ${b.message}`);
    for (const note of project.loops.find((l) => l.file === file && l.loop.name === report.loop)?.notes ?? []) io.out(`  ${io.dim('[i]')}  ${note}`);
    for (const d of report.dimensions) {
      const mark = d.status === 'ok' ? io.green('[ok]') : io.yellow('[!] ');
      io.out(`  ${mark} ${d.name}: ${d.reason}`);
      if (d.fix) io.out(`       fix: ${d.fix}${d.location ? io.dim(` (${d.location.file ?? file}:${d.location.line}:${d.location.column})`) : ''}`);
    }
  }
  // Blockers as problems of the file, in the form editors link to, like every other error.
  for (const { file, report } of blocked) {
    for (const b of report.blockers) {
      io.err(
        io.red(
          formatDiagnostic({
            severity: 'error',
            file: b.location?.file ?? file,
            line: b.location?.line ?? 1,
            column: b.location?.column ?? 1,
            path: '',
            message: `LRS blocker: ${b.message}`,
            fix: b.fix
          })
        )
      );
    }
  }
  if (warnings.length > 0) io.err();
  for (const w of warnings) io.err(io.yellow(`warning: ${w}`));
  if (below.length > 0) {
    io.err();
    io.err(io.red(`${below.map((r) => r.report.loop).join(', ')}: below the bar of ${options.minLrs}.`));
  }
  io.out();
  io.out(totals(project.diagnostics, reports.length, blocked.length, below.length, warnings.length, io));
  return code;
}

/** The loop as it runs, a loop file of its own: where it comes from (each shared file with its digest) in comments, then its keys. */
function resolvedYaml(loaded: LoadedLoop): string {
  const from = loaded.chain.map((link, i) => `#${i === 0 ? '' : ' extends'} ${link.source}${link.sha256 ? ` (sha256 ${link.sha256})` : ''}`);
  return [`# ---- ${loaded.loop.name}, resolved`, ...from, stringify(loaded.written, { lineWidth: 0 }).trimEnd(), ''].join('\n');
}

/** The last line: what was checked and what is wrong, counted. */
function totals(diagnostics: readonly Diagnostic[], loops: number, blocked: number, below: number, warnings: number, io: Output, none = false): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length + blocked;
  const allWarnings = diagnostics.filter((d) => d.severity === 'warning').length + warnings;
  const files = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size;
  const parts = [
    `${loops} loop(s) valid`,
    errors === 0 ? '0 errors' : io.red(`${errors} error(s)${files > 0 ? ` in ${files} file(s)` : ''}`),
    allWarnings === 0 ? '0 warnings' : io.yellow(`${allWarnings} warning(s)`),
    ...(below > 0 ? [io.red(`${below} below the bar`)] : [])
  ];
  // No loop to run is not ok, whatever else is right: the exit code says so too.
  return `${errors === 0 && below === 0 && !none ? io.green('ok') : io.red('not ok')}: ${none ? 'no loops, ' : ''}${parts.join(', ')}`;
}

export function lrsTable(reports: LrsReport[], io: Output): string {
  const width = Math.max(4, ...reports.map((r) => r.loop.length));
  const rows = [`${'Loop'.padEnd(width)}  LRS  Grade`];
  for (const r of reports) {
    const grade = r.grade === 'A' || r.grade === 'B' ? io.green(r.grade) : r.grade === 'C' ? io.yellow(r.grade) : io.red(r.grade);
    rows.push(`${r.loop.padEnd(width)}  ${String(r.score).padStart(3)}  ${grade}${r.gradeCappedBy ? io.dim(` (capped: ${r.gradeCappedBy})`) : ''}`);
  }
  return rows.join('\n');
}
