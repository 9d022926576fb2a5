export { parsePatch, type DiffLine, type Hunk, type LineKind, type ParsedPatch } from './patch.js';
export { FileDiff } from './file-diff.js';
export { renderFileDiff, toTaskFile, NUMBERING_HELP } from './render.js';
export { resolveAnchor, type AnchorRequest } from './anchor.js';
export { suggestionApplies, formatSuggestion } from './suggestion.js';
export { diffFileHeader, readDiffFileHeader, type DiffFileHeader } from './file-header.js';
