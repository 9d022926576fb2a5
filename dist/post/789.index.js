export const id = 789;
export const ids = [789];
export const modules = {

/***/ 7789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cellCode: () => (/* binding */ cellCode),
/* harmony export */   codeSpan: () => (/* binding */ codeSpan),
/* harmony export */   escapeForLog: () => (/* binding */ escapeForLog),
/* harmony export */   escapeHtml: () => (/* binding */ escapeHtml),
/* harmony export */   escapeMarkdownInline: () => (/* binding */ escapeMarkdownInline),
/* harmony export */   holdsControls: () => (/* binding */ holdsControls),
/* harmony export */   logSafe: () => (/* binding */ logSafe),
/* harmony export */   markdownCell: () => (/* binding */ markdownCell),
/* harmony export */   sanitizeModelInline: () => (/* binding */ sanitizeModelInline),
/* harmony export */   sanitizeModelMarkdown: () => (/* binding */ sanitizeModelMarkdown),
/* harmony export */   stripControls: () => (/* binding */ stripControls)
/* harmony export */ });
/**
 * Untrusted text (model output, PR titles, file names, loop labels) kept in its place: it must not
 * open HTML, forge LoopKit's hidden markers, ping people, load images, swallow the rest of a
 * comment in an unclosed code fence, issue workflow commands in the Actions log, or carry terminal
 * escapes and control characters into the log or a comment.
 */
const ZWSP = '\u200b';
/**
 * Terminal escape sequences, removed whole so no `[31m` is left behind: CSI (`ESC [` or C1 CSI)
 * with its parameters; OSC, DCS, SOS, PM and APC strings up to their terminator on the same line
 * (an OSC 8 hyperlink keeps its visible text), within 256 characters so that a line of unended
 * strings costs linear time (past that only the introducer goes); any other two-character escape.
 */
const ESCAPE_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n\r]{0,256}(?:\x07|\x1b\\|\x9c)|\x1b[ -/]*[0-~]?/g;
/**
 * C0 controls but tab and the line breaks, DEL, C1 controls, and the bidirectional marks,
 * embeddings, overrides and isolates that make text read otherwise than it is (Trojan Source).
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Text without terminal escapes or control characters; tabs and line breaks stay. */
function stripControls(text) {
    return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
/** Whether `text` holds anything `stripControls` would remove. */
function holdsControls(text) {
    return stripControls(text) !== text;
}
/**
 * Mentions ping whoever is named, so a model could page any user or team. A zero-width space after
 * the @ breaks GitHub's mention pattern and renders the same. Emails lose their autolink; nothing else.
 */
function breakMentions(text) {
    return text.replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`);
}
/**
 * Inside code nothing can be escaped without showing, yet a raw `<!--` there would still put a
 * marker-looking string into the body that a careless reader could match.
 */
function breakCommentOpeners(code) {
    return code.replace(/<!--/g, `<!${ZWSP}--`);
}
/**
 * Literal text on one line, for table cells, headings and list items: nothing in it is markdown.
 * `<`, `>` and `&` become entities (a backslash would leave `<!--` in the raw body).
 */
function escapeMarkdownInline(text) {
    const flat = stripControls(text).replace(/\s+/g, ' ').trim();
    const escaped = flat
        .replace(/[\\`*_[\]|~]/g, '\\$&')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
    return breakMentions(escaped);
}
/** Literal text inside an HTML element such as `<summary>`, where markdown escapes would show. */
function escapeHtml(text) {
    const flat = stripControls(text).replace(/\s+/g, ' ').trim();
    return breakMentions(flat.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
}
/**
 * Inline code that shows `text` exactly: the fence is longer than any backtick run inside, and a
 * space pads a leading or trailing backtick (CommonMark strips one space from each side).
 */
function codeSpan(text) {
    const flat = stripControls(text).replace(/\r\n|\r|\n/g, ' ');
    const longestRun = (flat.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
    const fence = '`'.repeat(longestRun + 1);
    const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
    return `${fence}${pad}${breakCommentOpeners(flat)}${pad}${fence}`;
}
/** Inline code inside a table cell: GFM splits cells on pipes even inside code, unless escaped. */
function cellCode(text) {
    return codeSpan(text).replace(/\|/g, '\\|');
}
/** `[text](url "title")` or `![alt](url)` on one line: what a model writes to link or show an image. */
const INLINE_LINK = /(!?)\[([^\]\n]*)\]\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
/**
 * Prose outside code: no raw HTML and no entities of its own (so no tags, comments or markers, and
 * no `&#64;` mention), mentions broken, and no link or image syntax left. An image is dropped, its
 * alt text kept (a tracking pixel loads nothing); a link shows its URL next to its text, so
 * `[the docs](https://evil.example)` cannot hide where it goes. Every other bracket becomes an entity,
 * which CommonMark never reads as syntax: no reference link, reference definition or footnote either.
 */
function sanitizeProse(text) {
    const escaped = text
        .replace(/&/g, '&amp;')
        .replace(INLINE_LINK, (_whole, bang, label, url) => bang ? `(image omitted${label.trim() ? `: ${label.trim()}` : ''})` : `${label.trim() || 'link'} (${url || 'no address'})`)
        .replace(/</g, '&lt;')
        .replace(/\[/g, '&#91;')
        .replace(/\]/g, '&#93;');
    return breakMentions(escaped);
}
/**
 * One line of model markdown: code spans are kept verbatim, everything around them is prose.
 * Spans are matched on one line only and an escaped backtick opens none, so text is never taken
 * for code that GitHub would render as prose; the reverse only shows an entity inside code.
 */
function sanitizeLine(line) {
    let out = '';
    let prose = 0;
    const runs = [...line.matchAll(/`+/g)];
    for (let i = 0; i < runs.length; i++) {
        const run = runs[i];
        let start = run.index;
        let length = run[0].length;
        const backslashes = /\\*$/.exec(line.slice(prose, start))[0].length;
        if (backslashes % 2 === 1) {
            start++;
            length--;
            if (length === 0)
                continue;
        }
        const close = runs.findIndex((r, j) => j > i && r[0].length === length);
        if (close < 0)
            continue;
        const end = runs[close].index + length;
        out += sanitizeProse(line.slice(prose, start)) + breakCommentOpeners(line.slice(start, end));
        prose = end;
        i = close;
    }
    return out + sanitizeProse(line.slice(prose));
}
/** Model prose for one line (a claim in a title or a table): line breaks become spaces. */
function sanitizeModelInline(text) {
    return sanitizeLine(stripControls(text).replace(/\s+/g, ' ').trim());
}
/** Model prose inside a table cell. */
function markdownCell(text) {
    return sanitizeModelInline(text).replace(/\|/g, '\\|');
}
/**
 * Model markdown posted as its own block (place it at column 0 between blank lines). Fenced code
 * and code spans stay intact; the rest is sanitised prose.
 *
 * A fence ends, for GitHub, at its closing line or where its container (a list item) ends. Where
 * the two cannot be told apart without a full parser the fence is closed early: at the first line
 * indented less than the opening fence, and at the end of the text. Lines taken for prose are only
 * ever shown with entities inside a code block; lines taken for code are code for GitHub too.
 */
function sanitizeModelMarkdown(text) {
    const out = [];
    let fence;
    for (const line of stripControls(text).replace(/\r\n?/g, '\n').split('\n')) {
        if (fence) {
            if (closesFence(line, fence)) {
                out.push(line);
                fence = undefined;
                continue;
            }
            if (line.trim() === '' || indentOf(line) >= fence.indent) {
                out.push(breakCommentOpeners(line));
                continue;
            }
            out.push(closingLine(fence));
            fence = undefined;
        }
        // Four spaces in, a fence is indented code or, after a paragraph line, more of the paragraph.
        const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
        const marks = open?.[2];
        if (open && marks && !(marks.startsWith('`') && open[3].includes('`'))) {
            fence = { char: marks.startsWith('`') ? '`' : '~', length: marks.length, indent: open[1].length };
            out.push(open[1] + marks + sanitizeProse(open[3]));
            continue;
        }
        out.push(sanitizeLine(line));
    }
    if (fence)
        out.push(closingLine(fence));
    return out.join('\n');
}
function indentOf(line) {
    return /^ */.exec(line)[0].length;
}
function closesFence(line, fence) {
    const match = /^ *(`+|~+)[ \t]*$/.exec(line);
    return match !== null && match[1].startsWith(fence.char) && match[1].length >= fence.length;
}
function closingLine(fence) {
    return ' '.repeat(fence.indent) + fence.char.repeat(fence.length);
}
/**
 * Characters the runner's culture-sensitive `StartsWith` and `IndexOf` skip (ICU gives them no
 * weight), so a zero-width space next to `::` hides nothing from it: they are matched through, and
 * the break is a visible space instead.
 */
const IGNORABLE = '[\\p{Cc}\\p{Cf}\\p{Mn}\\p{Me}]';
/** The runner trims leading white space (.NET's, which has U+0085) before looking for `::`. */
const COMMAND_START = new RegExp(`^((?:\\s|${IGNORABLE})*):${IGNORABLE}*:`, 'u');
/** The legacy `##[command]` form is matched anywhere in a line. */
const LEGACY_COMMAND = new RegExp(`#${IGNORABLE}*#${IGNORABLE}*\\[`, 'gu');
/**
 * Text for the Actions log, without terminal escapes or control characters (the log viewer renders
 * ANSI colours and cursor moves). The runner reads each line (split at CR or LF) as a workflow
 * command when it starts with `::` after white space (`::add-mask::`, `::stop-commands::`) or holds
 * `##[` anywhere: `::error::x` is logged as `: :error::x`, `##[` as `# #[`.
 */
function escapeForLog(text) {
    return stripControls(text)
        .split(/(\r\n|\r|\n)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(COMMAND_START, '$1: :').replace(LEGACY_COMMAND, '# #[')))
        .join('');
}
/** Lines for one log write, each made safe. */
function logSafe(lines) {
    return lines.map(escapeForLog).join('\n');
}


/***/ })

};
