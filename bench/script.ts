/**
 * What the fake model answers in the benchmark. Like a real model, the makers read the numbered
 * diff in the prompt and cite lines from it; each maker reports one finding per batch on a
 * different file (deterministic), so every batch has a few findings and the checker runs. The
 * checker confirms all but every fourth finding (refuted), which keeps a round above the usual
 * pass threshold of 0.7 while still exercising the refuted path.
 */
import type { FakeReply, MessagesBody, RecordedRequest } from '../__tests__/fakes/anthropic-server.js';
import { findingIds, firstUserText, isChecker } from '../__tests__/action/scripts.js';

export const MAKERS = ['Security Reviewer', 'Logic Reviewer', 'Performance Reviewer', 'Reliability Reviewer'] as const;
const CATEGORY = ['security', 'bug', 'performance', 'reliability'] as const;
const SEVERITY = ['high', 'medium', 'medium', 'low'] as const;

interface DiffFile {
  path: string;
  added: { line: number; text: string }[];
}

/** Files and added lines of the numbered diff view, as a model reads them. */
export function diffFiles(system: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  for (const row of system.split('\n')) {
    const file = /^FILE (\S+)/.exec(row);
    if (file) {
      current = { path: file[1]!, added: [] };
      files.push(current);
      continue;
    }
    const added = /^ *(?:\d+)? +(\d+) \+\| (.*)$/.exec(row);
    if (added && current) current.added.push({ line: Number(added[1]), text: added[2]! });
  }
  return files;
}

function systemText(body: MessagesBody): string {
  const s = body.system;
  return typeof s === 'string' ? s : (s ?? []).map((b) => b.text).join('\n');
}

export function benchScript() {
  return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
    const body = request.body;
    if (isChecker(body)) {
      return {
        kind: 'tool',
        name: 'report_verdicts',
        input: {
          verdicts: findingIds(body).map((id) => {
            const refuted = Number(/F(\d+)$/.exec(id)![1]) % 4 === 0;
            return {
              id,
              verdict: refuted ? 'refuted' : 'confirmed',
              confidence: 0.85,
              evidence: refuted
                ? 'The caller validates the value two lines above the cited line, so the path the finding describes cannot be reached.'
                : 'The cited line is in the diff as quoted and nothing around it guards against the case the finding describes.'
            };
          })
        }
      };
    }
    const text = firstUserText(body);
    const maker = MAKERS.findIndex((label) => text.includes(`## Your role: ${label} (maker)`));
    const files = diffFiles(systemText(body)).filter((f) => f.added.length > 0);
    if (maker < 0 || files.length === 0) return { kind: 'tool', name: 'report_findings', input: { findings: [] } };
    const stride = Math.max(1, Math.floor(files.length / MAKERS.length));
    const file = files[(maker * stride) % files.length]!;
    const cited = file.added[Math.floor(file.added.length / 2)]!;
    return {
      kind: 'tool',
      name: 'report_findings',
      input: {
        summary: `Reviewed ${files.length} changed file(s) for ${CATEGORY[maker]} problems.`,
        findings: [
          {
            path: file.path,
            line: cited.line,
            side: 'RIGHT',
            quote: cited.text,
            severity: SEVERITY[maker],
            category: CATEGORY[maker],
            claim: `${MAKERS[maker]}: the value computed on this line is used without checking the ${CATEGORY[maker]} constraint it depends on.`,
            evidence: `Line ${cited.line} of ${file.path} reads \`${cited.text.trim()}\`; no check of its input precedes it in the hunk, and the result reaches the caller unchanged.`,
            fix: 'Check the input before using it and fail with a clear error.'
          }
        ]
      }
    };
  };
}
