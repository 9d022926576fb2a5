/** Tool results as the model reads them: capped in UTF-8 bytes, never cut inside a character. */
import type { ToolResult } from './types.js';

/** A refusal or failure the model reads (bad arguments, outside the repository, over a cap). */
export class ToolRefusal extends Error {}

/** `text` cut to `maxBytes` UTF-8 bytes, with a note saying so (the note fits inside the limit). */
export function cappedResult(text: string, maxBytes: number, isError = false): ToolResult {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, isError, truncated: false };
  const note = `\n[… cut: the result is ${bytes.length} bytes, over this tool's limit of ${maxBytes}; ask for less, e.g. a line range or a narrower path]`;
  const room = Math.max(0, maxBytes - Buffer.byteLength(note));
  // A cut inside a multi-byte character leaves a replacement character; drop it.
  const head = bytes
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return { text: head + note, isError, truncated: true };
}
