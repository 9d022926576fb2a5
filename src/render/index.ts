/** Everything LoopKit posts or prints, rendered from results: pure functions, no I/O. */
export {
  cellCode,
  codeSpan,
  escapeForLog,
  escapeHtml,
  escapeMarkdownInline,
  logSafe,
  markdownCell,
  sanitizeModelInline,
  sanitizeModelMarkdown,
  stripControls
} from './escape.js';
export {
  findingMarker,
  ignoredReply,
  postedMarker,
  readFindingMarker,
  readIgnoredReply,
  readPostedMarker,
  readReviewRecord,
  readSummaryMarker,
  RECORD_MAX_FILES,
  refusedMarker,
  RECORD_MAX_OPEN,
  ReviewRecord,
  reviewRecordMarker,
  summaryMarker,
  triageMarker,
  withoutReviewRecord
} from './markers.js';
export { findingComment, readFindingClaim, reviewBody, type FindingCommentOptions } from './comment.js';
export { summaryComment, type SummaryInput } from './summary.js';
export {
  lrsAnnotations,
  lrsCheckOutput,
  reviewCheckOutput,
  type CheckConclusion,
  type CheckOutput,
  type LrsAnnotation,
  type ReviewCheckOptions
} from './check.js';
export { jobSummary, type JobSummaryInput } from './job-summary.js';
export { MAX_CHECK, MAX_COMMENT, MAX_JOB_SUMMARY_BYTES } from './format.js';
export { planLine, triageComment, triageJobSummary, type AppliedIssue, type TriageCommentOptions, type TriageReport } from './triage.js';
export { deniedReply, failedReply, helpReply, withIgnoredNote, type CommandHelp } from './commands.js';
export { inlineComment, type InlineComment } from './review-comment.js';
export { closedReply, findingsCountLine, livesSection, markedReply, readFixedReply, type LifeRow } from './lifecycle.js';
