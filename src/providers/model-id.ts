/**
 * Anthropic publishes each model under an alias (`claude-sonnet-4-5`) and, for older generations,
 * a dated snapshot (`claude-sonnet-4-5-20250929`). Tables keyed by model are keyed by the alias.
 */
const DATED_SNAPSHOT = /-\d{8}$/;

export function baseModelId(model: string): string {
  return model.trim().toLowerCase().replace(DATED_SNAPSHOT, '');
}
