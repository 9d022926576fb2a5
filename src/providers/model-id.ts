/**
 * Both vendors publish each model under an alias and dated snapshots: Anthropic's
 * `claude-sonnet-4-5-20250929`, OpenAI's `gpt-6.1-sol-2026-09-29` (what a response names when the
 * request gave the alias). Tables keyed by model are keyed by the alias, so a response's model is
 * priced as the request's was.
 */
const DATED_SNAPSHOT = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

export function baseModelId(model: string): string {
  return model.trim().toLowerCase().replace(DATED_SNAPSHOT, '');
}
