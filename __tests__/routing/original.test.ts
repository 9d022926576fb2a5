/** Routing of loops written for the original LoopKit: `trigger.type` decides the events, and generic loops are reported as not runnable yet, never skipped in silence. */
import { routeEvent } from '../../src/action/routing.js';
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { ORIGINAL_REPOSITORY } from '../loop/original-files.js';

const GENERIC = {
  'loops/on-push.yaml': 'name: on-push\ntrigger:\n  type: webhook\n  event: push\npipeline:\n  - prompt: Summarise the push.\n',
  'loops/on-release.yaml': 'name: on-release\ntrigger:\n  type: webhook\n  event: release\npipeline:\n  - prompt: Write the release notes.\n',
  'loops/after-deploy.yaml': 'name: after-deploy\ntrigger:\n  type: event\n  event: deploy-finished\npipeline:\n  - prompt: Check the deploy.\n'
};

async function loops(): Promise<LoadedLoop[]> {
  const project = await loadProject(new MemoryLoopSource({ ...ORIGINAL_REPOSITORY, ...GENERIC }));
  expect(project.diagnostics).toEqual([]);
  return project.loops;
}

function route(all: LoadedLoop[], name: string, payload: Record<string, unknown>, only?: string) {
  const routing = routeEvent(all, { name, payload, ...(only ? { only } : {}) });
  return { ran: routing.run.map((r) => r.loaded.loop.name), why: Object.fromEntries(routing.skipped.map((s) => [s.loop, s.reason])) };
}

const NOT_RUNNABLE = /is not runnable yet: LoopKit runs review and triage loops/;

test('`type: webhook` + pull_request reviews; `type: cron` triages on its schedule', async () => {
  const all = await loops();
  expect(route(all, 'pull_request', { action: 'opened', pull_request: { number: 3, draft: false } }).ran).toEqual(['pr-review']);
  expect(route(all, 'schedule', { schedule: '0 9 * * 1-5' }).ran).toEqual(['daily-triage']);
});

test('push, release and repository_dispatch loops are reported as not runnable yet, each with the reason', async () => {
  const all = await loops();
  const push = route(all, 'push', { ref: 'refs/heads/main' });
  expect(push.ran).toEqual([]);
  expect(push.why['on-push']).toMatch(NOT_RUNNABLE);
  expect(push.why['pr-review']).toBe('its trigger does not listen to push');
  expect(route(all, 'release', { action: 'published' }).why['on-release']).toMatch(NOT_RUNNABLE);
  const dispatch = route(all, 'repository_dispatch', { action: 'deploy-finished' });
  expect(dispatch.why['after-deploy']).toMatch(NOT_RUNNABLE);
  expect(route(all, 'repository_dispatch', { action: 'other' }).why['after-deploy']).toBe('the dispatch\'s event_type is "other", the loop\'s is "deploy-finished"');
  // Every loop gets a line: nothing is skipped in silence.
  expect(Object.keys(push.why).sort()).toEqual(all.map((l) => l.loop.name).sort());
});

test('a manual run of a generic loop says why it cannot run; the loop input matches a name as written', async () => {
  const all = await loops();
  expect(route(all, 'workflow_dispatch', { inputs: { loop: 'on-push' } }).why['on-push']).toMatch(NOT_RUNNABLE);
  expect(route(all, 'workflow_dispatch', { inputs: { loop: 'Daily Triage' } }).ran).toEqual(['daily-triage']);
});
