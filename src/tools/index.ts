export type { AgentTools, ToolCallRecord, ToolResult, ToolSpec } from './types.js';
export type { RepoNode, RepositoryReader } from './commit-view.js';
export { Toolbox, DEFAULT_MAX_TURNS, type ConnectorFailure, type ToolboxLog, type ToolboxOptions } from './toolbox.js';
export type { RepositoryAccess } from './repository.js';
export { CheckoutSkillFiles, skillFilesNote, skillToolGroups, sourceSkillFiles, type SkillFileReader } from './skill.js';
export { LocalCommit } from './local-commit.js';
export { declaredSecrets } from './secrets.js';
