/**
 * Literal secrets in a loop file. Loop files are committed, so a key written in one is leaked;
 * each is reported by line with the value redacted, never echoed.
 */
import type { Blocker, LoopSource } from './types.js';

interface Hit {
  index: number;
  kind: string;
  redacted: string;
}

const KNOWN: readonly { kind: string; pattern: RegExp; prefix: number }[] = [
  { kind: 'Anthropic API key', pattern: /sk-ant-[A-Za-z0-9_-]{20,}/g, prefix: 'sk-ant-'.length },
  { kind: 'GitHub token', pattern: /\b(?:ghp|gho|ghs)_[A-Za-z0-9]{20,}/g, prefix: 'ghp_'.length },
  { kind: 'GitHub token', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, prefix: 'github_pat_'.length },
  { kind: 'AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/g, prefix: 'AKIA'.length }
];

/** A key ending in api_key/token/secret/password whose value is a 16+ character literal. */
const ASSIGNED = /^[ \t]*(?:-[ \t]+)?(["']?)([\w.-]*?(?:api[_-]?key|token|secret|password))\1[ \t]*:[ \t]*["']?([^\s"'#]{16,})/gim;

const FIX = 'Delete it from the file, revoke it (it stays in the git history), and pass it to the workflow as `${{ secrets.NAME }}`';

export function secretBlockers(source: LoopSource): Blocker[] {
  const hits: Hit[] = [];
  for (const { kind, pattern, prefix } of KNOWN) {
    for (const m of source.text.matchAll(pattern)) hits.push({ index: m.index, kind, redacted: `${m[0].slice(0, prefix)}****` });
  }
  for (const m of source.text.matchAll(ASSIGNED)) {
    const [, , key = '', value = ''] = m;
    // `${{ secrets.X }}` and `$ENV` are references to a secret, not the secret.
    if (value.startsWith('$')) continue;
    // The value ends the match.
    hits.push({ index: m.index + m[0].length - value.length, kind: `value for "${key}"`, redacted: `${key}: ****` });
  }

  const seenLines = new Set<number>();
  return hits
    .sort((a, b) => a.index - b.index)
    .flatMap((hit) => {
      const location = positionAt(source.text, hit.index);
      if (seenLines.has(location.line)) return [];
      seenLines.add(location.line);
      return [{ id: 'secret', message: `Line ${location.line} holds a literal ${hit.kind} (${hit.redacted})`, fix: FIX, location }];
    });
}

function positionAt(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}
