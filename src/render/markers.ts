/**
 * The hidden HTML comments that let LoopKit find its own comments again: the sticky summary of a
 * loop, the inline comment of a finding, and the state pointer of the last run.
 *
 * Readers only accept a marker where LoopKit writes it (the summary marker first, the others
 * last), so a marker-looking string elsewhere in a body is never read, on top of the escaping that
 * keeps untrusted text from writing one at all.
 */

const LOOP_NAME = /^[a-z0-9][a-z0-9-]*$/;
const FINGERPRINT = /^[A-Za-z0-9_-]+$/;

export function summaryMarker(loop: string): string {
  if (!LOOP_NAME.test(loop)) throw new Error(`render: "${loop}" is not a loop name`);
  return `<!-- loopkit:summary:${loop} -->`;
}

/** The loop whose sticky summary `body` is. */
export function readSummaryMarker(body: string): string | undefined {
  return /^\s*<!-- loopkit:summary:([a-z0-9][a-z0-9-]*) -->/.exec(body)?.[1];
}

export function findingMarker(fingerprint: string): string {
  if (!FINGERPRINT.test(fingerprint)) throw new Error(`render: "${fingerprint}" is not a finding fingerprint`);
  return `<!-- loopkit:finding:${fingerprint} -->`;
}

/** The fingerprint of the finding an inline comment was posted for. */
export function readFindingMarker(body: string): string | undefined {
  return /<!-- loopkit:finding:([A-Za-z0-9_-]+) -->\s*$/.exec(body)?.[1];
}

/** The findings a review body carries in full (those without an inline comment). */
export function postedMarker(fingerprints: readonly string[]): string {
  for (const fp of fingerprints) if (!FINGERPRINT.test(fp)) throw new Error(`render: "${fp}" is not a finding fingerprint`);
  return `<!-- loopkit:posted ${fingerprints.join(' ')} -->`;
}

export function readPostedMarker(body: string): string[] {
  return /<!-- loopkit:posted ([A-Za-z0-9_ -]*) -->\s*$/.exec(body)?.[1]?.split(' ').filter((fp) => fp !== '') ?? [];
}

/** base64url's alphabet has no `>`, so no pointer can end the comment early. */
export function stateMarker(pointer: object): string {
  return `<!-- loopkit:state ${Buffer.from(JSON.stringify(pointer), 'utf8').toString('base64url')} -->`;
}

export function readStateMarker(body: string): object | undefined {
  const encoded = /<!-- loopkit:state ([A-Za-z0-9_-]*) -->\s*$/.exec(body)?.[1];
  if (encoded === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` holds anything a reader could take for a LoopKit marker: an HTML comment opener
 * followed, before the comment closes, by `loopkit` in any case and spacing, also when written
 * with entities (`&lt;!&#45;&#45;`) or with invisible characters inside. Code that must be posted
 * as it is (a suggestion, which GitHub applies literally) cannot be escaped, so it is left out.
 */
export function holdsMarkerLikeText(text: string): boolean {
  // The named entities that spell the characters of a comment opener.
  const named: Record<string, string> = { lt: '<', excl: '!', amp: '&' };
  let decoded = text;
  // Entities inside entities (`&amp;lt;`) decode one level at a time.
  for (let pass = 0; pass < 3; pass++) {
    const next = decoded.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|excl|amp));?/gi, (entity, dec?: string, hex?: string, name?: string) => {
      if (name) return named[name.toLowerCase()]!;
      const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
    if (next === decoded) break;
    decoded = next;
  }
  const visible = decoded.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '').toLowerCase();
  return /<!--(?:(?!-->).)*?loopkit/s.test(visible);
}
