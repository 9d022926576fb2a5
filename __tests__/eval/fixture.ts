/**
 * The project's own small benchmark (golden files in ./bench/golden_comments): three pull requests
 * in three repositories, each with bugs planted on purpose and golden comments written by hand,
 * put into the fake GitHub; two loops (alpha, beta) whose makers, checker and judge are scripted
 * through the fake Anthropic server.
 *
 * What the script makes happen, and so what the report must say:
 *
 * alpha (maker reports; checker confirms everything):
 *   payments#7  C1 refund limit (G1) · C2 fee rounding (no golden)   judge: C1 match G1, C2 no_match
 *   web#12      C1 off-by-one page (G1)                              judge: uncertain
 *   cli#3       C1 command injection (G1)                            judge: C1 match G1
 * beta:
 *   payments#7  C1 refund limit (G1) · C2 currency (G2)               judge leaves C1 out, C2 match G2
 *   web#12      no finding: no judge call
 *   cli#3       injection (confirmed) · "no test" (refuted: not a candidate)   judge: C1 match G1
 */
import type { FakeReply, MessagesBody } from '../fakes/anthropic-server.js';
import type { FakeGitHub } from '../fakes/github-server.js';

export const BENCH_DIR = new URL('./bench', import.meta.url).pathname;
export const MODEL = 'claude-sonnet-4-6';

interface PlantedPr {
  owner: string;
  repo: string;
  number: number;
  title: string;
  path: string;
  text: string;
}

export const PAYMENTS: PlantedPr = {
  owner: 'acme',
  repo: 'payments',
  number: 7,
  title: 'Add partial refunds',
  path: 'src/refund.ts',
  text: [
    "import type { Order, Refund } from './types.js';",
    '',
    'export function refund(order: Order, amount: number): Refund {',
    "  if (amount > order.total) throw new Error('refund exceeds the order');",
    '  const fee = Math.round(amount * 0.029 * 100) / 100;',
    "  return { orderId: order.id, amount: amount - fee, currency: 'usd' };",
    '}'
  ].join('\n')
};

export const WEB: PlantedPr = {
  owner: 'acme',
  repo: 'web',
  number: 12,
  title: 'Paginate the user list',
  path: 'src/users.ts',
  text: [
    "import { db } from './db.js';",
    '',
    '/** Pages are numbered from 1. */',
    'export async function listUsers(page: number, size: number) {',
    '  const offset = page * size;',
    "  return db.query('SELECT * FROM users ORDER BY id LIMIT $1 OFFSET $2', [size, offset]);",
    '}'
  ].join('\n')
};

export const CLI: PlantedPr = {
  owner: 'tools',
  repo: 'cli',
  number: 3,
  title: 'Read settings from git config',
  path: 'src/config.ts',
  text: [
    "import { execSync } from 'node:child_process';",
    '',
    'export function setting(key: string): string {',
    '  return execSync(`git config --get ${key}`).toString().trim();',
    '}'
  ].join('\n')
};

export const PRS = [PAYMENTS, WEB, CLI];
export const urlOf = (p: PlantedPr) => `https://github.com/${p.owner}/${p.repo}/pull/${p.number}`;

/** Each planted pull request as GitHub serves it: one added file, its text at the head commit. */
export function seedPlanted(gh: FakeGitHub): void {
  PRS.forEach((p, i) => {
    const repo = gh.state.repo(p.owner, p.repo) ?? gh.state.addRepo({ owner: p.owner, repo: p.repo });
    const headSha = String(i + 1).repeat(40);
    const lines = p.text.split('\n');
    repo.addPull({
      number: p.number,
      title: p.title,
      body: 'Planted bugs for the evaluation tests.',
      head: { sha: headSha },
      files: [{ filename: p.path, status: 'added', patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}` }]
    });
    repo.setFile(headSha, p.path, p.text);
  });
}

export const loopYaml = (name: string, maker: string) => `name: ${name}
trigger: { event: pull_request }
model: ${MODEL}
pipeline:
  - { label: ${maker}, prompt: Find the bugs. }
agents:
  - { label: Verifier, prompt: Refute each finding unless the code proves it. }
verify:
  checker: Verifier
  maxRounds: 1
`;

/** A finding on a line of a planted file, quoted as it reads. */
function finding(pr: PlantedPr, line: number, severity: string, category: string, claim: string) {
  return { path: pr.path, line, side: 'RIGHT', quote: pr.text.split('\n')[line - 1]!, severity, category, claim, evidence: `Line ${line}: ${claim}` };
}

export const CLAIMS = {
  refundLimit: 'The refund limit ignores what was already refunded, so an order can be refunded several times over.',
  feeRounding: 'The fee is rounded per refund, so many small refunds lose cents.',
  currency: "The currency is always 'usd', whatever the order's currency.",
  offByOne: 'Pages start at 1 but the offset is page * size, so the first page is never shown.',
  injection: 'The key is put into a shell command unquoted: a key with `;` runs any command.',
  noTest: 'There is no test for setting().'
};

const MAKERS: Record<string, Record<string, ReturnType<typeof finding>[]>> = {
  'Alpha Reviewer': {
    [PAYMENTS.title]: [finding(PAYMENTS, 4, 'high', 'bug', CLAIMS.refundLimit), finding(PAYMENTS, 5, 'low', 'bug', CLAIMS.feeRounding)],
    [WEB.title]: [finding(WEB, 5, 'medium', 'bug', CLAIMS.offByOne)],
    [CLI.title]: [finding(CLI, 4, 'critical', 'security', CLAIMS.injection)]
  },
  'Beta Reviewer': {
    [PAYMENTS.title]: [finding(PAYMENTS, 4, 'high', 'bug', CLAIMS.refundLimit), finding(PAYMENTS, 6, 'medium', 'bug', CLAIMS.currency)],
    [WEB.title]: [],
    [CLI.title]: [finding(CLI, 4, 'critical', 'security', CLAIMS.injection), finding(CLI, 3, 'low', 'testing', CLAIMS.noTest)]
  }
};

const textOf = (content: MessagesBody['system'] | MessagesBody['messages'][number]['content']): string =>
  content === undefined ? '' : typeof content === 'string' ? content : content.map((b) => ('text' in b ? b.text : '')).join('\n');
const systemText = (body: MessagesBody) => textOf(body.system);
const promptText = (body: MessagesBody) => textOf(body.messages.at(-1)!.content);

export const isJudge = (body: MessagesBody) => isJudgeText(systemText(body));
const isJudgeText = (system: string) => system.includes('You grade an automated code review');
const prIn = (system: string) => PRS.find((p) => system.includes(p.title))!;

/** The candidate id of a judge prompt whose text holds `claim`. */
function candidateWith(prompt: string, claim: string): string | undefined {
  const part = prompt.split(/^### /m).find((p) => p.includes(claim));
  return part ? /^(C\d+)/.exec(part)?.[1] : undefined;
}

/** The judge's answer, as the header of this file says: it leaves a candidate out once and is uncertain once. */
export function judgeAnswer(system: string, prompt: string): { judgments: { candidate: string; verdict: string; golden: string[]; reason: string }[] } {
  const pr = prIn(system);
  const alpha = !prompt.includes(CLAIMS.currency) && prompt.includes(CLAIMS.refundLimit);
  const judgments: { candidate: string; verdict: string; golden: string[]; reason: string }[] = [];
  const say = (claim: string, verdict: string, golden: string[]) => {
    const id = candidateWith(prompt, claim);
    if (id) judgments.push({ candidate: id, verdict, golden, reason: 'Compared the two texts.' });
  };
  if (pr === PAYMENTS && alpha) {
    say(CLAIMS.refundLimit, 'match', ['G1']);
    say(CLAIMS.feeRounding, 'no_match', []);
  } else if (pr === PAYMENTS) say(CLAIMS.currency, 'match', ['G2']);
  else if (pr === WEB) say(CLAIMS.offByOne, 'uncertain', []);
  else say(CLAIMS.injection, 'match', ['G1']);
  return { judgments };
}

/** Makers report MAKERS; the checker confirms every finding but the one about a missing test; the judge as above. */
export function respond(body: MessagesBody): FakeReply {
  if (isJudge(body)) return { kind: 'tool', input: judgeAnswer(systemText(body), promptText(body)) };
  const prompt = promptText(body);
  if (prompt.includes('(checker)')) {
    const parts = prompt.split(/^### /m).slice(1);
    const verdicts = parts.flatMap((part) => {
      const id = /^(B\d+R\d+F\d+)/.exec(part)?.[1];
      if (!id) return [];
      const refuted = part.includes(CLAIMS.noTest);
      return [{ id, verdict: refuted ? 'refuted' : 'confirmed', confidence: 0.9, evidence: refuted ? 'Tests are not in scope.' : 'The code shows it.' }];
    });
    return { kind: 'tool', input: { verdicts } };
  }
  const maker = Object.keys(MAKERS).find((label) => prompt.includes(`${label} (maker)`))!;
  return { kind: 'tool', input: { findings: MAKERS[maker]![prIn(systemText(body)).title] } };
}
