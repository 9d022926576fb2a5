/**
 * Lessons kept as code (`outputs.notes`): what a maintainer did with LoopKit's work on a closed pull
 * request, as one line of the notes file, and the body of the one pull request that proposes them.
 * A lesson's words are LoopKit's own sentence around four things only: LoopKit's finding claim, the
 * reason a maintainer with write access typed, a label's name, and the commit LoopKit's own reply
 * says a finding was fixed in; never a pull request's or an
 * issue's text, which their authors wrote and which may hold instructions. Each line ends with its
 * source link, so a reviewer of the pull request can check it.
 */
import { clip } from './format.js';
import { escapeMarkdownInline, stripControls } from './escape.js';
import { lessonsMarker } from './markers.js';

/** What a maintainer did with LoopKit's work, or LoopKit's own reply says was fixed, as the github-feedback connector read it. */
export type FeedbackItem =
  | {
      kind: 'dismissed' | 'fixed' | 'reopened';
      /** LoopKit's own finding claim, from its finding comment. */
      claim: string;
      path: string;
      /** The maintainer's words after `/loopkit ignore`. */
      reason?: string;
      by: string;
      /** The maintainer's reply in the finding's thread. */
      url: string;
    }
  | {
      /** Fixed as LoopKit itself saw it: its checker, asked again at `commit`, said the finding was gone. */
      kind: 'fixed';
      claim: string;
      path: string;
      /** The short commit of LoopKit's own "Fixed in" reply. */
      commit: string;
      /** LoopKit's reply in the finding's thread. */
      url: string;
    }
  | { kind: 'unlabeled'; label: string; issue: number; by: string; url: string };

/** Characters of a claim and of a reason in a lesson: a note is read as one line of at most 300 characters (state/notes.ts). */
const CLAIM_CHARS = 70;
const REASON_CHARS = 70;
/** Only GitHub's own links are written as a lesson's source. */
const SOURCE_URL = /^https?:\/\/[^\s()<>]+$/;

/**
 * Text for a notes file, which models and people read as plain text: one line, no control
 * characters, no double quotes (they delimit the claim). Not escaped for markdown here: the
 * pull request body escapes each line where it is rendered (lessonsPullBody).
 */
function words(text: string, max: number): string {
  return clip(stripControls(text).replace(/\s+/g, ' ').replace(/"/g, "'").trim(), max);
}

/** The notes-file line (without its "- ") a feedback item teaches, ending with its source link. */
export function lessonLine(item: FeedbackItem): string {
  const source = SOURCE_URL.test(item.url) ? ` (source: ${item.url})` : '';
  if ('commit' in item)
    return `The finding "${words(item.claim, CLAIM_CHARS)}" in ${words(item.path, 80)} that LoopKit raised was fixed in ${item.commit.replace(/[^0-9a-f]/g, '')}, as its checker confirmed: findings like it are real problems here; keep reporting them.${source}`;
  const by = `A maintainer (@${item.by.replace(/[^A-Za-z0-9-[\]]/g, '')})`;
  if (item.kind === 'unlabeled')
    return `${by} removed the label "${words(item.label, 50)}" that LoopKit had added to #${item.issue}: propose it only when the issue clearly calls for it.${source}`;
  const finding = `the finding "${words(item.claim, CLAIM_CHARS)}" in ${words(item.path, 80)}`;
  switch (item.kind) {
    case 'dismissed':
      return `${by} dismissed ${finding}: ${item.reason ? words(item.reason, REASON_CHARS) : 'no reason given'}. Do not report it, or the like, again.${source}`;
    case 'fixed':
      return `${by} marked ${finding} fixed: findings like it are real problems here; keep reporting them.${source}`;
    case 'reopened':
      return `${by} reopened ${finding} after it was marked fixed: check that such a problem is really gone before calling it fixed.${source}`;
  }
}

/** The lessons pull request's title. */
export function lessonsPullTitle(loop: string): string {
  return `LoopKit lessons (${loop}): what maintainers taught on closed pull requests`;
}

/**
 * The lessons pull request's body: LoopKit's marker first (the only place it is read), recording
 * `readTo`, the time feedback was read up to (github/feedback.ts), then what the pull request does
 * and the lessons it adds, each one as escaped text.
 */
export function lessonsPullBody(loop: string, file: string, lines: readonly string[], options: { runUrl?: string; readTo?: number } = {}): string {
  return [
    lessonsMarker(loop, options.readTo),
    `This pull request adds what maintainers taught LoopKit on closed pull requests to \`${file.replace(/[`\r\n]/g, '')}\`, the notes the review loops read on every pull request. Each lesson was proposed by an AI agent from a maintainer's action (a dismissal with its reason, a fix, a reopened finding, a removed label) or from a fix LoopKit's checker confirmed, verified by a second agent, and links to where it was taught.`,
    '',
    'Edit or drop lines before merging: the file is yours. While this pull request is open, LoopKit adds new lessons here instead of opening another.',
    '',
    '**Lessons in this pull request:**',
    '',
    ...lines.map((line) => `- ${escapeMarkdownInline(line)}`),
    ...(options.readTo !== undefined ? ['', `_Feedback read up to ${new Date(options.readTo).toISOString()}: the next run reads what came after._`] : []),
    ...(options.runUrl ? ['', `_[Last updated by this run](${options.runUrl})._`] : [])
  ].join('\n');
}
