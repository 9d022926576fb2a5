/**
 * An agent whose skill comes with files reads them through `read_skill_file` during a review, in
 * process over real HTTP (the fake GitHub and Anthropic): the tool is offered to that agent alone,
 * even though the loop declares no tool connector; the model gets a file's text and is refused a
 * path outside the skill's folder; the prompt names the files; every call is recorded. Once with
 * the files on a checkout, once through the loop file source, and once from the base commit over the
 * API (a pull request from a fork) while the checkout holds another version of the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CallRecord } from '../../src/engine/calls.js';
import { reviewPullRequest } from '../../src/flows/review.js';
import { createOctokit, GitHubLoopSource } from '../../src/github/index.js';
import { loadProject } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import { MemoryStore } from '../../src/state/index.js';
import { firstUserText, isChecker, reviewScript, SQL } from '../action/scripts.js';
import { startFakeAnthropic, toolCall, type FakeAnthropic, type MessagesBody } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { flowAdapters, flowContext, ranOutcome } from '../helpers/flow-adapters.js';
import { REVIEW_LOOP } from '../helpers/loops.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { unfenced } from '../helpers/fences.js';
import { Redactor } from '../../src/guard/index.js';

describe('flows/review-skill-files', () => {
  /** The review loop whose Security Reviewer has a skill with a file. */
  const LOOP = REVIEW_LOOP.replace(
    '{ label: Security Reviewer, prompt: Find security bugs. }',
    '{ label: Security Reviewer, prompt: Find security bugs., skill: skills/security }'
  );

  const FILES: Record<string, string> = {
    'loops/review.yaml': LOOP,
    'skills/security/SKILL.md': '---\nname: security-review\ndescription: Finds injection bugs.\n---\nCheck each item of checklist.md.\n',
    'skills/security/checklist.md': '- SQL built from request input\n- HTML built from request input\n',
    'secret.txt': 'repository secret\n'
  };

  let gh: FakeGitHub;
  let ai: FakeAnthropic;
  let root: string | undefined;
  afterEach(async () => {
    await Promise.all([gh?.close(), ai?.close()]);
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  const security = (body: MessagesBody) => !isChecker(body) && firstUserText(body).includes('## Your role: Security Reviewer (maker)');
  const turns = (body: MessagesBody) => body.messages.filter((m) => m.role === 'assistant').length;

  async function review(where: 'checkout' | 'loop file source' | 'base commit') {
    gh = await startFakeGitHub();
    const script = reviewScript({ 'Security Reviewer': [SQL] });
    // The Security Reviewer reads its checklist and tries a file outside its skill's folder, then reports.
    ai = await startFakeAnthropic({
      ttfbMs: 1,
      latencyMs: 1,
      respond: (request) =>
        security(request.body) && turns(request.body) === 0
          ? toolCall(
              { name: 'read_skill_file', input: { skill: 'security-review', path: 'checklist.md' } },
              { name: 'read_skill_file', input: { skill: 'security-review', path: '../../secret.txt' } }
            )
          : script(request)
    });
    const { pr } = seedSample(gh, 42, { headSha: 'c'.repeat(40) });
    const memory = new MemoryLoopSource(FILES);
    // On the base commit over the API (a pull request from a fork): the checkout, the fork's head, has another checklist.
    const repository = gh.state.repo(OWNER, REPO)!;
    for (const [path, text] of Object.entries(FILES)) repository.setFile(pr.baseSha, path, text);
    const sources =
      where === 'base commit' ? new GitHubLoopSource(createOctokit({ token: gh.token, baseUrl: gh.url }), { owner: OWNER, repo: REPO }, pr.baseSha) : memory;
    const project = await loadProject(sources);
    const loaded = project.loops[0]!;
    // On the checkout, the loop file source (read after loading) lacks the file: it can only come from the checkout.
    const later =
      where === 'checkout'
        ? new MemoryLoopSource(Object.fromEntries(Object.entries(FILES).filter(([path]) => path !== 'skills/security/checklist.md')))
        : sources;
    const { adapters } = flowAdapters({ gh, ai }, { store: new MemoryStore(), loops: later, now: Date.parse('2031-05-06T07:08:09Z') });
    if (where !== 'loop file source') {
      const dir = mkdtempSync(join(tmpdir(), 'loopkit-skill-flow-'));
      root = dir;
      for (const [path, text] of Object.entries({
        ...FILES,
        ...(where === 'base commit' ? { 'skills/security/checklist.md': 'tampered by the fork\n' } : {})
      })) {
        mkdirSync(join(dir, dirname(path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      adapters.tools = { checkout: dir, env: {}, mask: () => {}, redactor: new Redactor(), clientVersion: 'test' };
    }
    const calls: CallRecord[] = [];
    adapters.events = { ...adapters.events, call: (record) => calls.push(record) };
    const ctx = flowContext({ name: 'workflow_dispatch', payload: {} }, { id: '1', attempt: '1' }, false);
    const outcome = await reviewPullRequest(ctx, adapters, { loaded, pullNumber: 42, report: scoreLoaded(loaded, project.settings) });
    return { outcome, calls };
  }

  test.each(['checkout', 'loop file source', 'base commit'] as const)(
    'the agent with the skill reads its file from the %s, and is refused one outside the folder',
    async (where) => {
      const { outcome, calls } = await review(where);
      expect(ranOutcome(outcome).ran.result.verified.map((f) => f.claim)).toEqual([SQL.claim]);

      const bodies = ai.requests.map((r) => r.body!) as MessagesBody[];
      const first = bodies.find((b) => security(b) && turns(b) === 0)!;
      const second = bodies.find((b) => security(b) && turns(b) === 1)!;
      // Offered to the agent with the skill, and named in its prompt with the skill's files.
      expect(first.tools?.map((t) => t.name)).toContain('read_skill_file');
      expect(JSON.stringify(first)).toContain('Files that come with this skill (read one with the read_skill_file tool, skill \\"security-review\\"');
      expect(JSON.stringify(first)).toContain('checklist.md.');
      for (const other of bodies.filter((b) => !security(b))) {
        expect((other.tools ?? []).map((t) => t.name)).not.toContain('read_skill_file');
        expect(JSON.stringify(other)).not.toContain('Files that come with this skill');
      }
      // The same tool list on each of its turns.
      expect(second.tools).toEqual(first.tools);

      const results = (second.messages[2]!.content as { type: string; content?: unknown; is_error?: boolean }[]).filter((b) => b.type === 'tool_result');
      expect(results.map((r) => r.is_error ?? false)).toEqual([false, true]);
      expect(unfenced(results[0]!.content)).toBe(FILES['skills/security/checklist.md']);
      expect(JSON.stringify(results[1]!.content)).toMatch(/leaves the skill's folder/);
      expect(JSON.stringify(second)).not.toContain('repository secret');

      const maker = calls.find((c) => c.agent === 'Security Reviewer')!;
      expect(maker.turns).toBe(2);
      // In the order they ended: the refusal may come first.
      expect(maker.tools.map((t) => [t.tool, t.source, t.ok]).sort()).toEqual([
        ['read_skill_file', 'skill:security-review', false],
        ['read_skill_file', 'skill:security-review', true]
      ]);
    }
  );
});
