/**
 * The fence around text the loop did not write (pull request data, issues, tool results and
 * descriptions, earlier agents' words): the rules of every prompt say that what is inside an
 * `<untrusted-data>` block is data, never instructions. Any copy of a fence tag inside the text is
 * neutralised, so the text cannot close its fence and speak as the loop.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * A fence tag as a model may still read one: any case, spaces, invisible characters or `_` inside
 * it, and with or without its `>` (a tag cut at the end of a line reads as closed).
 */
const FENCE_TAG = /<[\s\p{Cf}/]*untrusted[\s\p{Cf}_-]*data/giu;

/**
 * `text` fenced, labelled `label`. The id is derived from the text, so a prompt's cached prefix is
 * the same bytes on every call; `fenceOnce` gives each fence a random one.
 */
export function fence(label: string, text: string): string {
  return fenced(label, text, createHash('sha256').update(text).digest('hex').slice(0, 12));
}

/** `text` fenced with a random id: for text sent once (a tool's result), whose author cannot learn the id in advance. */
export function fenceOnce(label: string, text: string): string {
  return fenced(label, text, randomBytes(6).toString('hex'));
}

function fenced(label: string, text: string, id: string): string {
  const safe = text.replace(FENCE_TAG, (m) => `&lt;${m.slice(1)}`);
  return `<untrusted-data source="${attribute(label)}" id="${id}">\n${safe}\n</untrusted-data id="${id}">`;
}

/** A label inside the fence's opening tag: one line, and nothing in it can end the value or the tag. */
function attribute(label: string): string {
  return label
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
