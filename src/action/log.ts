/** The action's log: the flows', Octokit's and the engine's lines as runner commands, every one escaped for the runner. */
import * as core from '@actions/core';
import { toolLog, type EngineEvents } from '../engine/calls.js';
import type { FlowLocation, FlowLog } from '../flows/adapters.js';
import { escapeForLog, stripControls } from '../render/index.js';

/** A file location as an annotation's properties: no control character may end the command early. */
function annotation(at: FlowLocation | undefined): core.AnnotationProperties {
  if (!at) return {};
  return {
    file: stripControls(at.file),
    ...(at.startLine !== undefined ? { startLine: at.startLine } : {}),
    ...(at.startColumn !== undefined ? { startColumn: at.startColumn } : {}),
    ...(at.title ? { title: stripControls(at.title) } : {})
  };
}

export const actionLog: FlowLog = {
  debug: (m) => core.debug(escapeForLog(m)),
  info: (m) => core.info(escapeForLog(m)),
  warn: (m, at) => core.warning(escapeForLog(m), annotation(at)),
  error: (m, at) => core.error(escapeForLog(m), annotation(at)),
  notice: (m) => core.notice(escapeForLog(m)),
  group: (name, body) => core.group(escapeForLog(name), body)
};

/** Each model call as it ends, one line. */
export function callLine(r: Parameters<EngineEvents['call']>[0]): string {
  return `${r.ok ? '✓' : '✗'} ${r.role} ${r.agent} · ${r.model} · batch ${r.batch} round ${r.round} · in ${r.usage.inputTokens} + cache write ${r.usage.cacheWriteTokens} + cache read ${r.usage.cacheReadTokens}, out ${r.usage.outputTokens}${r.usage.thinkingTokens ? ` (thinking ${r.usage.thinkingTokens})` : ''}${toolLog(r).suffix} · $${r.costUsd.toFixed(4)} · ${(r.durationMs / 1000).toFixed(1)} s${r.error ? ` · ${r.error}` : ''}`;
}

/** The engine's progress in `log`. */
export function engineEvents(log: FlowLog): EngineEvents {
  return {
    info: (m) => log.info(m),
    warning: (m) => log.warn(m),
    call: (r) => {
      log.info(callLine(r));
      for (const line of toolLog(r).lines) log.info(line);
    }
  };
}
