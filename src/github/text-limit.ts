/**
 * Fitting text into GitHub's size limits. Check run `summary` and `text` are documented as 65,535
 * characters but enforced in bytes ("summary exceeds a maximum bytesize of 65535"), so bytes it is.
 */

/** Cuts `text` to at most `maxBytes` of UTF-8, ending with `note`, never inside a character. */
export function truncateUtf8(text: string, maxBytes: number, note: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let cut = Math.max(0, maxBytes - Buffer.byteLength(note, 'utf8'));
  // Continuation bytes look like 10xxxxxx; step back to the start of the character.
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return bytes.subarray(0, cut).toString('utf8') + note;
}
