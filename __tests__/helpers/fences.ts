/** Tool results reach the model fenced (providers/answer.ts): what a test compares is the text inside. */

const WHOLE_FENCE = /^<untrusted-data source="result of the tool [^"\n]*" id="([0-9a-f]{12})">\n([\s\S]*)\n<\/untrusted-data id="\1">$/;

/** The text inside a tool result's fence; throws when `text` is not exactly one fence. */
export function unfenced(text: unknown): string {
  const m = typeof text === 'string' ? WHOLE_FENCE.exec(text) : null;
  if (!m) throw new Error(`not one fenced tool result: ${JSON.stringify(text).slice(0, 200)}`);
  return m[2]!;
}
