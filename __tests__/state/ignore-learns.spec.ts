/**
 * The built action: `/loopkit ignore <reason>` in a review thread, on a loop that learns, keeps the
 * finding as a note with the maintainer's reason in the loop's state, which the next runs recall.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeUser } from '../fakes/github-server.js';
import { OWNER, REPO, pushSessionChange, seedSample } from '../helpers/sample.js';
import { maintainerReplyEvent, pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, XSS, reviewScript } from '../action/scripts.js';
import { parseState } from '../../src/state/document.js';
import { recall } from '../../src/state/notes.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('state/ignore-learns', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const MAINTAINER: FakeUser = { login: 'maintainer', type: 'User', association: 'MEMBER' };

  test("an ignore with a reason becomes a note of the loop's state, and the next run's agents read it in their prompts", async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const repo = fakes.gh.state.repo(OWNER, REPO)!;
    repo.setRole('maintainer', 'write');
    const loop = readFileSync('loops/pr-review.yaml', 'utf8').replace('memory:\n  store: cache\n', 'memory:\n  store: filesystem\n  learn: true\n');
    const dir = workspace(fakes, { 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'), 'loops/pr-review.yaml': loop });

    expect((await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, runId: 1000 })).code).toBe(0);
    const pull = repo.pulls.get(42)!;
    const sql = pull.reviewComments.find((c) => c.path === SQL.path && c.line === SQL.line)!;
    const body = '/loopkit ignore the id is an integer parsed by the router,\nnever user text';
    const ignore = repo.addReviewComment(42, { path: sql.path, line: sql.line, body, in_reply_to_id: sql.id, user: MAINTAINER });
    const payload = maintainerReplyEvent(42, HEAD, sql, ignore);

    const ignored = await runAction(fakes, { event: 'pull_request_review_comment', payload, workspace: dir, runId: 1001 });
    expect(ignored.code).toBe(0);
    expect(ignore.reactions?.map((r) => r.content)).toEqual(['eyes', 'rocket']);

    const folder = join(dir, '.loopkit/state');
    const [file] = readdirSync(folder).filter((n) => n.endsWith('.json'));
    const read = parseState(JSON.parse(readFileSync(join(folder, file!), 'utf8')));
    if (!read.ok) throw new Error(read.error);
    expect(read.doc.version).toBe(2);
    expect(read.doc.notes).toEqual([
      expect.objectContaining({
        kind: 'ignored',
        path: SQL.path,
        reason: 'the id is an integer parsed by the router, never user text',
        by: 'maintainer',
        number: 42,
        count: 1
      })
    ]);
    const recalled = await recall({ store: 'filesystem', learn: true }, read.doc, new MemoryLoopSource({}));
    expect(recalled.notes).toEqual([
      expect.stringMatching(
        /^A maintainer \(@maintainer\) dismissed the finding ".*SQL.*" in src\/api\/users\.ts: the id is an integer parsed by the router, never user text\. Do not report it/
      )
    ]);

    // The next push: every agent's cached prefix carries the maintainer's reason, and the dismissed finding is not posted again.
    const NEXT = 'd'.repeat(40);
    pushSessionChange(fakes.gh, 42, HEAD, NEXT);
    fakes.ai.requests.length = 0;
    const comments = pull.reviewComments.length;
    expect((await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, NEXT), workspace: dir, runId: 1002 })).code).toBe(0);
    expect(fakes.ai.requests.length).toBeGreaterThan(0);
    for (const request of fakes.ai.requests)
      expect(JSON.stringify(request.body!.system)).toContain('the id is an integer parsed by the router, never user text');
    expect(pull.reviewComments.slice(comments).some((c) => c.path === SQL.path && c.line === SQL.line && c.user.login !== 'maintainer')).toBe(false);
  });
});
