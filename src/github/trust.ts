/**
 * Whose comments LoopKit believes. Its hidden markers carry state (the cache key of the last run,
 * the findings already posted); anyone can type a marker into a comment, so only comments by a
 * bot (LoopKit posting with the workflow token) or by people with write access to the repository
 * count. A contributor's forged marker can neither point LoopKit at other state nor hide a finding.
 */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export interface Authored {
  user?: { type?: string } | null;
  author_association?: string;
}

export function isTrustedAuthor(comment: Authored): boolean {
  return comment.user?.type === 'Bot' || TRUSTED_ASSOCIATIONS.has(comment.author_association ?? '');
}
