/**
 * `loopkit logs` and `loopkit audit`: the run records the action writes (flows/run-record.ts), read
 * back. `logs` lists every loop run of a folder of records (or of the repository's record
 * artifacts, through the REST API with GITHUB_TOKEN) as a table or JSON: loop, event, outcome,
 * verified findings, cost, duration and cost per verified finding. `audit` shows one record call
 * by call. A file that is not a record is named with why, and skipped.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { RunRecord, type LoopRun } from '../flows/run-record.js';
import { apiUrlFromEnv, createOctokit } from '../github/index.js';
import { EXIT, type ExitCode } from './exit.js';
import type { Output } from './output.js';
import { terminalLog } from './remote.js';
import { unzipJsonFiles } from './unzip.js';

const LOGS_HELP = `loopkit logs — the runs recorded by the action's run records

Usage:
  loopkit logs --dir DIR [--json]          every record (*.json) in DIR and its subfolders
  loopkit logs --repo OWNER/NAME [--json]  the record artifacts (named loopkit-run*) of the
                                           repository, through the API with GITHUB_TOKEN

One row per loop run, newest first: when, loop, event, outcome, verified findings, cost,
duration, cost per verified finding. --json prints the rows as a JSON array.
Exit codes: 0 listed, 2 usage error, 3 no record could be read.`;

const AUDIT_HELP = `loopkit audit — one run record, call by call

Usage:
  loopkit audit RECORD [--json]   RECORD: a run record file (the action's run-record output)

Exit codes: 0 shown, 2 usage error, 3 the file could not be read or is not a run record.`;

/** One row of `loopkit logs`: a loop run and the step it ran in. */
export const LogRow = z.strictObject({
  startedAt: z.string(),
  repository: z.string(),
  run: z.string(),
  loop: z.string(),
  event: z.string(),
  outcome: z.string(),
  verified: z.number(),
  findings: z.number(),
  costUsd: z.number(),
  durationMs: z.number(),
  /** Null when the run verified nothing. */
  costPerVerifiedUsd: z.number().nullable(),
  calls: z.number(),
  source: z.string()
});
export type LogRow = z.infer<typeof LogRow>;

interface Found {
  source: string;
  record: RunRecord;
}

export async function logsCommand(argv: string[], io: Output, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        repo: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }));
  } catch (error) {
    io.err(`loopkit logs: ${(error as Error).message.split('. ')[0]} (\`loopkit logs --help\`)`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(LOGS_HELP);
    return EXIT.ok;
  }
  if ((values.dir === undefined) === (values.repo === undefined)) {
    io.err('loopkit logs: give one of --dir DIR or --repo OWNER/NAME (`loopkit logs --help`)');
    return EXIT.usage;
  }
  let found: Found[];
  if (values.dir !== undefined) {
    const files = await jsonFiles(values.dir);
    if (files === undefined) {
      io.err(`loopkit logs: --dir ${values.dir}: no such folder`);
      return EXIT.usage;
    }
    found = await readRecords(
      await Promise.all(files.map(async (path) => ({ source: relative(values.dir!, path) || path, text: await readFile(path, 'utf8') }))),
      io
    );
  } else {
    const [owner, repo, ...more] = values.repo!.split('/');
    if (!owner || !repo || more.length > 0) {
      io.err(`loopkit logs: --repo takes OWNER/NAME, got "${values.repo}"`);
      return EXIT.usage;
    }
    if (!env.GITHUB_TOKEN) {
      io.err('loopkit logs: --repo reads the artifacts through the API: set GITHUB_TOKEN (a token that can read the repository’s Actions)');
      return EXIT.incomplete;
    }
    try {
      found = await readRecords(await artifactFiles(owner, repo, env, io), io);
    } catch (error) {
      io.err(`loopkit logs: could not read the artifacts of ${owner}/${repo}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.incomplete;
    }
  }
  if (found.length === 0) {
    io.err(`loopkit logs: no run record found in ${values.dir ?? `the artifacts of ${values.repo}`}`);
    return EXIT.incomplete;
  }
  const rows = logRows(found);
  if (values.json) io.out(JSON.stringify(rows, null, 2));
  else for (const line of logTable(rows)) io.out(line);
  return EXIT.ok;
}

export async function auditCommand(argv: string[], io: Output): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }
    });
  } catch (error) {
    io.err(`loopkit audit: ${(error as Error).message.split('. ')[0]} (\`loopkit audit --help\`)`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(AUDIT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    io.err('loopkit audit: give one run record file, e.g. `loopkit audit run-1234-1-loopkit.json`');
    return EXIT.usage;
  }
  const path = positionals[0]!;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    io.err(`loopkit audit: ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    return EXIT.incomplete;
  }
  const [found] = await readRecords([{ source: path, text }], io);
  if (!found) return EXIT.incomplete;
  if (values.json) io.out(JSON.stringify(found.record, null, 2));
  else for (const line of auditLines(found.record)) io.out(line);
  return EXIT.ok;
}

/** Every *.json file under `dir`; undefined when there is no such folder. */
async function jsonFiles(dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(e.parentPath, e.name));
  } catch {
    return undefined;
  }
}

/** The texts that are run records; each one that is not is named on stderr with why. */
async function readRecords(files: readonly { source: string; text: string }[], io: Output): Promise<Found[]> {
  const found: Found[] = [];
  for (const { source, text } of files) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      io.err(`loopkit: ${source}: skipped, not JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = RunRecord.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      io.err(`loopkit: ${source}: skipped, not a LoopKit run record (${issue.path.join('.') || 'the file'}: ${issue.message})`);
      continue;
    }
    found.push({ source, record: parsed.data });
  }
  return found;
}

/** The repository's artifacts named loopkit-run*, not expired, each downloaded (a zip) and its JSON files read. */
async function artifactFiles(owner: string, repo: string, env: NodeJS.ProcessEnv, io: Output): Promise<{ source: string; text: string }[]> {
  const octokit = createOctokit({ token: env.GITHUB_TOKEN!, baseUrl: apiUrlFromEnv(env), log: terminalLog(io) });
  const artifacts = await octokit.paginate(octokit.rest.actions.listArtifactsForRepo, { owner, repo, per_page: 100 });
  const records = artifacts.filter((a) => a.name.startsWith('loopkit-run') && !a.expired);
  const files: { source: string; text: string }[] = [];
  for (const artifact of records) {
    const zip = await octokit.rest.actions.downloadArtifact({ owner, repo, artifact_id: artifact.id, archive_format: 'zip' });
    for (const file of unzipJsonFiles(new Uint8Array(zip.data as ArrayBuffer))) files.push({ source: `${artifact.name}/${file.name}`, text: file.text });
  }
  return files;
}

/** One row per loop run, newest first. */
export function logRows(found: readonly Found[]): LogRow[] {
  const rows = found.flatMap(({ source, record }) =>
    record.loops.map((loop) => ({
      startedAt: loop.startedAt,
      repository: record.repository,
      run: `${record.run.id}/${record.run.attempt}`,
      loop: loop.loop,
      event: eventText(record.event),
      outcome: loop.outcome,
      verified: loop.verified,
      findings: loop.findings,
      costUsd: loop.costUsd,
      durationMs: loop.durationMs,
      costPerVerifiedUsd: loop.verified > 0 ? loop.costUsd / loop.verified : null,
      calls: loop.calls.length,
      source
    }))
  );
  return rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

function eventText(event: RunRecord['event']): string {
  const on = event.pullRequest !== undefined ? ` #${event.pullRequest}` : event.issue !== undefined ? ` #${event.issue}` : '';
  return `${event.name}${on}`;
}

const dollars = (usd: number) => `$${usd.toFixed(4)}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Columns padded to their widest cell; numbers right-aligned. */
function table(head: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

export function logTable(rows: readonly LogRow[]): string[] {
  const body = rows.map((r) => [
    r.startedAt.replace('T', ' ').slice(0, 19),
    r.loop,
    r.event,
    r.outcome,
    String(r.verified),
    dollars(r.costUsd),
    seconds(r.durationMs),
    r.costPerVerifiedUsd === null ? '—' : dollars(r.costPerVerifiedUsd)
  ]);
  const total = rows.reduce((n, r) => n + r.costUsd, 0);
  const verified = rows.reduce((n, r) => n + r.verified, 0);
  return [
    ...table(['started (UTC)', 'loop', 'event', 'outcome', 'verified', 'cost', 'duration', 'cost/verified'], body, new Set([4, 5, 6, 7])),
    '',
    `${rows.length} loop run(s) · ${verified} verified finding(s) · ${dollars(total)}${verified > 0 ? ` · ${dollars(total / verified)} per verified finding` : ''}`
  ];
}

/** One record, loop by loop and call by call, with each call's tool calls under it. */
export function auditLines(record: RunRecord): string[] {
  const lines = [
    `${record.repository} · run ${record.run.id} attempt ${record.run.attempt} · ${eventText(record.event)}${record.sha ? ` at ${record.sha.slice(0, 12)}` : ''}`,
    `started ${record.startedAt} · ${seconds(record.durationMs)}${record.run.url ? ` · ${record.run.url}` : ''}`
  ];
  for (const loop of record.loops) lines.push('', ...loopLines(loop));
  if (record.loops.length === 0) lines.push('', 'no loop ran');
  return lines;
}

function loopLines(loop: LoopRun): string[] {
  const v = loop.verdicts;
  const head = [
    `${loop.loop} (${loop.task}) · ${loop.outcome} · ${loop.verified} verified of ${loop.findings} finding(s) · verdicts: ${v.confirmed} confirmed, ${v.refuted} refuted, ${v.uncertain} uncertain · ${loop.tokens} tokens · ${dollars(loop.costUsd)} · ${seconds(loop.durationMs)}`,
    ...loop.reasons.map((r) => `  why: ${r}`),
    `  written: ${loop.written.length > 0 ? loop.written.join('; ') : 'nothing'}`
  ];
  const calls = [...loop.calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const rows = calls.map((c) => [
    c.startedAt.slice(11, 23),
    `${c.batch}/${c.round}`,
    c.role,
    c.agent,
    c.model,
    String(c.turns),
    String(c.usage.inputTokens),
    String(c.usage.cacheWriteTokens),
    String(c.usage.cacheReadTokens),
    String(c.usage.outputTokens),
    dollars(c.costUsd),
    seconds(c.durationMs),
    c.ok ? 'ok' : `failed: ${c.error ?? ''}`
  ]);
  if (calls.length === 0) return [...head, '  no model call'];
  const printed = table(
    ['at', 'batch/round', 'role', 'agent', 'model', 'turns', 'in', 'cache write', 'cache read', 'out', 'cost', 'time', 'result'],
    rows,
    new Set([5, 6, 7, 8, 9, 10, 11])
  );
  const out = [...head, `  ${printed[0]}`];
  calls.forEach((call, i) => {
    out.push(`  ${printed[i + 1]}`);
    for (const t of call.tools)
      out.push(`      ↳ ${t.tool} (${t.source}) · args ${t.argsDigest} · ${t.bytes} B · ${t.durationMs} ms · ${t.ok ? 'ok' : `failed: ${t.error ?? ''}`}`);
  });
  return out;
}
