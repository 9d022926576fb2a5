/** Builds a LoadedLoop from YAML text through the real loader. */
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { MemoryLoopSource } from './memory-files.js';

export async function loopFrom(yaml: string, extra: Record<string, string> = {}): Promise<LoadedLoop> {
  const project = await loadProject(new MemoryLoopSource({ 'loops/test.yaml': yaml, ...extra }));
  if (project.diagnostics.some((d) => d.severity === 'error')) throw new Error(JSON.stringify(project.diagnostics));
  return project.loops[0]!;
}

export const REVIEW_LOOP = `name: review
trigger: { event: pull_request }
pipeline:
  - parallel:
      - { label: Security Reviewer, prompt: Find security bugs. }
      - { label: Logic Reviewer, prompt: Find logic bugs. }
agents:
  - { label: Verifier, prompt: Try to refute each finding with evidence. }
verify:
  checker: Verifier
  maxRounds: 2
  passThreshold: 0.7
`;
