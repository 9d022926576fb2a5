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
