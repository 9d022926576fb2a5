/**
 * `loopkit run … --repo` against a GitHub that never answers (a server that accepts the request
 * and says nothing, as a dead network or a wrong GITHUB_API_URL behind a proxy does): the run says
 * which request it is on, gives up after --timeout with what did not answer and how to fix it, and
 * exits 3 (it did not run). No wall-clock bound: the outcome and the message are asserted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/exit.js';
import { startFakeAnthropic } from '../fakes/anthropic-server.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/remote-timeout', () => {
  const tempRepo = tempFolders('loopkit-timeout-');

  let server: Server;
  const heard: IncomingMessage[] = [];
  const unanswered: ServerResponse[] = [];
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      heard.push(req);
      unanswered.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // The run gave up at its deadline, but its requests are still open (and would be retried for
    // seconds after this file ends if their connections were cut): a 404, which no client retries, ends them.
    for (const res of unanswered) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a GitHub that never answers: progress on stderr, a message naming the request and the fix, exit 3', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    const run = await cli(['run', 'pr-review', '--dry-run', '--repo', 'octo/shop', '--pr', '1', '--timeout', '0.5', '--cwd', dir], {
      GITHUB_TOKEN: 'ghs_test',
      GITHUB_API_URL: url
    });
    expect(heard.length).toBeGreaterThan(0);
    expect(run.err).toContain(`loopkit: octo/shop pull request #1 on ${url} (a request unanswered for 0.5 s ends the run)`);
    expect(run.err).toMatch(/^… GitHub GET \/\S+$/m);
    const said = `${run.out}\n${run.err}`;
    expect(said).toMatch(
      new RegExp(
        `GitHub did not answer GET /\\S+ at ${url.replace(/[.]/g, '\\.')} within 0\\.5 s: check the network connection, and GITHUB_API_URL .* --timeout SECONDS`
      )
    );
    expect(run.code).toBe(EXIT.incomplete);
    expect(said.split('\n').filter((l) => l.startsWith('verdict:'))).toEqual([expect.stringMatching(/^verdict: INCOMPLETE — .*\(exit 3\)$/)]);
    // Given up means ended: every request the run left was aborted by the client (its connection
    // closed, so nothing keeps the process alive) and none was sent again.
    await Promise.all(unanswered.map((res) => (res.closed ? undefined : new Promise((resolve) => res.once('close', resolve)))));
    expect(new Set(heard.map((r) => `${r.method} ${r.url}`)).size).toBe(heard.length);
  });

  test('--timeout takes a positive number of seconds', async () => {
    const run = await cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', '1', '--timeout', 'soon']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toContain('--timeout takes a number of seconds above 0, got "soon"');
  });

  test('--timeout bounds each model call too: a model that never answers ends the run INCOMPLETE, exit 3', async () => {
    const ai = await startFakeAnthropic({ respond: () => ({ kind: 'hang' }) });
    try {
      const dir = tempRepo();
      await cli(['init', '--cwd', dir]);
      const run = await cli(['run', 'pr-review', '--pr-file', join(process.cwd(), 'samples/sample-pr.json'), '--timeout', '0.5', '--cwd', dir], {
        ANTHROPIC_API_KEY: ai.apiKey,
        ANTHROPIC_BASE_URL: ai.url
      });
      expect(ai.requests.length).toBeGreaterThan(0);
      expect(run.code).toBe(EXIT.incomplete);
      expect(run.out.split('\n').at(-1)).toMatch(/^verdict: INCOMPLETE — .*\(exit 3\)$/);
    } finally {
      await ai.close();
    }
  });
});
