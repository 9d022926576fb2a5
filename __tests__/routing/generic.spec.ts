/** Routing of generic loops: push with its branch globs, release types, commands and manual runs land on what the event is about. */
import { routeEvent } from '../../src/flows/routing.js';
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('routing/generic', () => {
  const loop = (name: string, trigger: string, extra = '') => `name: ${name}\ntrigger:\n${trigger}\npipeline:\n  - prompt: Look.\n${extra}`;

  async function loops(files: Record<string, string>): Promise<LoadedLoop[]> {
    const project = await loadProject(new MemoryLoopSource(files));
    expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return project.loops;
  }

  function route(all: LoadedLoop[], name: string, payload: Record<string, unknown>) {
    const routing = routeEvent(all, { name, payload });
    return { ...routing, ran: routing.run.map((r) => r.loaded.loop.name), why: Object.fromEntries(routing.skipped.map((s) => [s.loop, s.reason])) };
  }

  test('push: `trigger.branches` globs pick the branches; tags and deleted branches run nothing', async () => {
    const all = await loops({
      'loops/main.yaml': loop('audit', '  event: push\n  branches: [main, "release/**"]'),
      'loops/any.yaml': loop('any-push', '  event: push')
    });
    expect(route(all, 'push', { ref: 'refs/heads/main' }).ran).toEqual(['any-push', 'audit']);
    expect(route(all, 'push', { ref: 'refs/heads/release/1.2' }).ran).toEqual(['any-push', 'audit']);
    const feature = route(all, 'push', { ref: 'refs/heads/feature/x' });
    expect(feature.ran).toEqual(['any-push']);
    expect(feature.why.audit).toBe('the branch feature/x matches none of its branches (main, release/**)');
    expect(route(all, 'push', { ref: 'refs/tags/v1.0.0' }).why.audit).toBe(
      'refs/tags/v1.0.0 is not a branch, and the loop filters branches (main, release/**)'
    );
    expect(route(all, 'push', { ref: 'refs/heads/main', deleted: true }).why['any-push']).toBe('the push deleted its ref: there is nothing to read');
    expect(route(all, 'push', {}).why.audit).toBe('the push event carries no `ref`');
  });

  test('a review or triage loop that lists push is told it cannot run there', async () => {
    const all = await loops({ 'loops/t.yaml': loop('t', '  event: [push]', 'task: triage\n') });
    expect(route(all, 'push', { ref: 'refs/heads/main' }).why.t).toBe('a triage loop does not run on push (`task: triage`): push carries no issue');
  });

  test('release: published by default, other types when listed', async () => {
    const all = await loops({
      'loops/a.yaml': loop('notes', '  event: release'),
      'loops/b.yaml': loop('pre', '  event: release\n  types: [prereleased, released]')
    });
    expect(route(all, 'release', { action: 'published', release: { id: 4 } }).ran).toEqual(['notes']);
    expect(route(all, 'release', { action: 'prereleased', release: { id: 4 } }).ran).toEqual(['pre']);
    expect(route(all, 'release', { action: 'published' }).why.notes).toBe('the release event carries no release');
  });

  test('a schedule runs a generic cron loop; a command runs a generic loop on the issue or pull request it was typed on', async () => {
    const all = await loops({ 'loops/a.yaml': loop('digest', '  cron: "0 6 * * 1"\n  command: digest', 'outputs:\n  issue: { max: 1 }\n') });
    expect(route(all, 'schedule', { schedule: '0 6 * * 1' }).ran).toEqual(['digest']);
    const user = { login: 'maintainer', type: 'User' };
    const onPull = route(all, 'issue_comment', {
      action: 'created',
      issue: { number: 8, pull_request: {} },
      comment: { id: 5, body: '/loopkit digest', user }
    });
    expect(onPull.run).toEqual([expect.objectContaining({ pullNumber: 8 })]);
    const onIssue = route(all, 'issue_comment', { action: 'created', issue: { number: 9 }, comment: { id: 6, body: '/loopkit digest', user } });
    expect(onIssue.run).toEqual([expect.objectContaining({ issueNumber: 9 })]);
  });

  test('a manual run of a generic loop carries the pull request or issue it names, and refuses a number that is none', async () => {
    const all = await loops({ 'loops/a.yaml': loop('digest', '  event: workflow_dispatch', 'task: generic\n') });
    expect(route(all, 'workflow_dispatch', { inputs: { loop: 'digest' } }).run).toEqual([{ loaded: all[0] }]);
    expect(route(all, 'workflow_dispatch', { inputs: { loop: 'digest', issue: '12' } }).run).toEqual([expect.objectContaining({ issueNumber: 12 })]);
    expect(route(all, 'workflow_dispatch', { inputs: { loop: 'digest', pr: '3' } }).run).toEqual([expect.objectContaining({ pullNumber: 3 })]);
    expect(route(all, 'workflow_dispatch', { inputs: { loop: 'digest', pr: 'x' } }).why.digest).toBe('the `pr` input "x" is not a pull request number');
  });

  test('a generic loop on pull requests and issues carries their number', async () => {
    const all = await loops({ 'loops/a.yaml': loop('labeller', '  event: [pull_request, issues]', 'task: generic\n') });
    expect(route(all, 'pull_request', { action: 'opened', pull_request: { number: 2 } }).run).toEqual([expect.objectContaining({ pullNumber: 2 })]);
    expect(route(all, 'issues', { action: 'opened', issue: { number: 5 } }).run).toEqual([expect.objectContaining({ issueNumber: 5 })]);
  });
});
