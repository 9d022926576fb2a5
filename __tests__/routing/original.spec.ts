/** Routing of loops written for the original LoopKit: `trigger.type` decides the events; push, release and repository_dispatch run its generic loops, and every other loop gets its reason. */
import { routeEvent } from '../../src/flows/routing.js';
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { ORIGINAL_REPOSITORY } from '../loop/original-files.js';

describe('routing/original', () => {
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

  test('`type: webhook` + pull_request reviews; `type: cron` triages on its schedule', async () => {
    const all = await loops();
    expect(route(all, 'pull_request', { action: 'opened', pull_request: { number: 3, draft: false } }).ran).toEqual(['pr-review']);
    expect(route(all, 'schedule', { schedule: '0 9 * * 1-5' }).ran).toEqual(['daily-triage']);
  });

  test('push, release and repository_dispatch run the generic loops that listen, and say why the others do not', async () => {
    const all = await loops();
    const push = route(all, 'push', { ref: 'refs/heads/main' });
    expect(push.ran).toEqual(['on-push']);
    expect(push.why['pr-review']).toBe('its trigger does not listen to push');
    expect(route(all, 'release', { action: 'published', release: { id: 9 } }).ran).toEqual(['on-release']);
    // A release is run once it is published; a draft being created or edited runs nothing.
    expect(route(all, 'release', { action: 'created', release: { id: 9 } }).why['on-release']).toBe(
      'release.created is not one of its trigger types (published)'
    );
    expect(route(all, 'repository_dispatch', { action: 'deploy-finished' }).ran).toEqual(['after-deploy']);
    expect(route(all, 'repository_dispatch', { action: 'other' }).why['after-deploy']).toBe(
      'the dispatch\'s event_type is "other", the loop\'s is "deploy-finished"'
    );
    // Every loop gets a line: nothing is skipped in silence.
    expect([...push.ran, ...Object.keys(push.why)].sort()).toEqual(all.map((l) => l.loop.name).sort());
  });

  test('a manual run of a generic loop runs it; the loop input matches a name as written', async () => {
    const all = await loops();
    expect(route(all, 'workflow_dispatch', { inputs: { loop: 'on-push' } }).ran).toEqual(['on-push']);
    expect(route(all, 'workflow_dispatch', { inputs: { loop: 'Daily Triage' } }).ran).toEqual(['daily-triage']);
  });
});
