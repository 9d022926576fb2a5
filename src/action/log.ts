/** The action's log: Octokit's logger and the engine's progress, every line escaped for the runner. */
import * as core from '@actions/core';
import { toolLog, type EngineEvents } from '../engine/calls.js';
import { escapeForLog } from '../render/index.js';

export const actionLog = {
  debug: (m: string) => core.debug(escapeForLog(m)),
  info: (m: string) => core.info(escapeForLog(m)),
  warn: (m: string) => core.warning(escapeForLog(m)),
  error: (m: string) => core.error(escapeForLog(m))
};

export const logEvents: EngineEvents = {
  info: (m) => core.info(escapeForLog(m)),
  warning: (m) => core.warning(escapeForLog(m)),
  call: (r) => {
    const tools = toolLog(r);
    core.info(
      escapeForLog(
        `${r.ok ? '✓' : '✗'} ${r.role} ${r.agent} · ${r.model} · batch ${r.batch} round ${r.round} · in ${r.usage.inputTokens} + cache write ${r.usage.cacheWriteTokens} + cache read ${r.usage.cacheReadTokens}, out ${r.usage.outputTokens}${r.usage.thinkingTokens ? ` (thinking ${r.usage.thinkingTokens})` : ''}${tools.suffix} · $${r.costUsd.toFixed(4)} · ${(r.durationMs / 1000).toFixed(1)} s${r.error ? ` · ${r.error}` : ''}`
      )
    );
    tools.lines.forEach((line) => core.info(escapeForLog(line)));
  }
};

