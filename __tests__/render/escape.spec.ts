import {
  cellCode,
  codeSpan,
  escapeForLog,
  escapeHtml,
  escapeMarkdownInline,
  logSafe,
  markdownCell,
  sanitizeModelInline,
  sanitizeModelMarkdown
} from '../../src/render/escape.js';
import { HOSTILE } from './fixtures.js';

describe('render/escape', () => {
  const ZWSP = '\u200b';

  describe('escapeMarkdownInline', () => {
    it('keeps a table cell on one line and in its cell', () => {
      expect(escapeMarkdownInline('a | b\nc')).toBe('a \\| b c');
    });

    it('shows markdown characters literally', () => {
      expect(escapeMarkdownInline('`x` *y* _z_ [l](u) ~s~ \\')).toBe('\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\~s\\~ \\\\');
    });

    it('turns HTML into entities, so neither tags nor a comment marker survive raw', () => {
      const out = escapeMarkdownInline('<!-- loopkit:summary:x --> <b>&amp;</b>');
      expect(out).toBe('&lt;!-- loopkit:summary:x --&gt; &lt;b&gt;&amp;amp;&lt;/b&gt;');
    });

    it('breaks mentions', () => {
      expect(escapeMarkdownInline('ping @octocat and @org/team')).toBe(`ping @${ZWSP}octocat and @${ZWSP}org/team`);
    });
  });

  describe('escapeHtml', () => {
    it('escapes for an HTML element, on one line, without markdown escapes', () => {
      expect(escapeHtml('a_b "<i>" &\n@c')).toBe(`a_b &quot;&lt;i&gt;&quot; &amp; @${ZWSP}c`);
    });
  });

  describe('codeSpan', () => {
    it('uses a fence longer than any backtick run inside', () => {
      expect(codeSpan('a ``b`` c')).toBe('```a ``b`` c```');
    });

    it('pads a leading or trailing backtick or space so it survives', () => {
      expect(codeSpan('`x')).toBe('`` `x ``');
      expect(codeSpan(' x')).toBe('`  x `');
      expect(codeSpan('x')).toBe('`x`');
    });

    it('keeps to one line and leaves no marker-looking comment in the body', () => {
      expect(codeSpan('a\nb')).toBe('`a b`');
      expect(codeSpan('<!-- loopkit:finding:x -->')).not.toContain('<!--');
    });

    it('escapes pipes for table cells', () => {
      expect(cellCode('a|b')).toBe('`a\\|b`');
    });
  });

  describe('sanitizeModelMarkdown', () => {
    it('escapes raw HTML and comments, so no tag renders and no marker can be forged', () => {
      const out = sanitizeModelMarkdown('<img src=x onerror=alert(1)>\n<!-- loopkit:summary:x -->\n<details><summary>x</summary>');
      expect(out).not.toMatch(/<[a-z!/]/i);
      expect(out).toContain('&lt;img src=x onerror=alert(1)>');
      expect(out).toContain('&lt;!-- loopkit:summary:x -->');
    });

    it('escapes entities, so `&#64;` cannot spell a mention or `&lt;` a tag', () => {
      expect(sanitizeModelMarkdown('&#64;octocat &lt;b&gt;')).toBe('&amp;#64;octocat &amp;lt;b&amp;gt;');
    });

    it('breaks mentions but leaves issue references alone', () => {
      expect(sanitizeModelMarkdown('cc @octocat, see #123')).toBe(`cc @${ZWSP}octocat, see #123`);
    });

    it("drops images (their alt text kept) and shows every link's URL next to its text", () => {
      expect(sanitizeModelMarkdown('![pixel](https://t.example/p.gif) and [docs](https://docs.example)')).toBe(
        '(image omitted: pixel) and docs (https://docs.example)'
      );
      expect(sanitizeModelMarkdown('[click here](<https://evil.example/a_(b)> "Official docs") ![](https://t.example/p.gif "x")')).toBe(
        'click here (https://evil.example/a_(b)) (image omitted)'
      );
    });

    it('leaves no link syntax a URL could hide behind: reference links, definitions, footnotes, nested brackets', () => {
      const text = 'See [the fix][1] and [docs] or [^note].\n\n[1]: https://evil.example/1\n[docs]: https://evil.example/2\n[[nested]](https://evil.example/3)';
      const out = sanitizeModelMarkdown(text);
      expect(out).toBe(
        'See &#91;the fix&#93;&#91;1&#93; and &#91;docs&#93; or &#91;^note&#93;.\n\n&#91;1&#93;: https://evil.example/1\n&#91;docs&#93;: https://evil.example/2\n&#91;&#91;nested&#93;&#93;(https://evil.example/3)'
      );
      expect(out).not.toMatch(/[[\]]/);
      // Code is code: its brackets stay.
      expect(sanitizeModelMarkdown('`a[0]` and [x](y)')).toBe('`a[0]` and x (y)');
    });

    it('keeps code spans verbatim', () => {
      expect(sanitizeModelMarkdown('use `a < b && @c` or ``x ` <y>`` here <z>')).toBe('use `a < b && @c` or ``x ` <y>`` here &lt;z>');
    });

    it('breaks comment openers inside code spans', () => {
      expect(sanitizeModelMarkdown('`<!-- loopkit:finding:x -->`')).toBe(`\`<!${ZWSP}-- loopkit:finding:x -->\``);
    });

    it('opens no code span at an escaped backtick, as GitHub does not', () => {
      expect(sanitizeModelMarkdown('\\`<img src=x>`')).toBe('\\`&lt;img src=x>`');
      expect(sanitizeModelMarkdown('\\``<b>`')).toBe('\\``<b>`');
    });

    it('treats an unmatched backtick run as text', () => {
      expect(sanitizeModelMarkdown('a `` b <i>')).toBe('a `` b &lt;i>');
    });

    it('does not let a code span cross lines: each line is judged alone', () => {
      expect(sanitizeModelMarkdown('`a\n<img src=x>`')).toBe('`a\n&lt;img src=x>`');
    });

    it('keeps fenced code verbatim', () => {
      const text = 'Try:\n\n```ts\nconst a: Array<string> = [];\nif (a && b) ping(@c);\n```\n\nThen <b>.';
      expect(sanitizeModelMarkdown(text)).toBe('Try:\n\n```ts\nconst a: Array<string> = [];\nif (a && b) ping(@c);\n```\n\nThen &lt;b>.');
    });

    it('still breaks comment openers inside fenced code', () => {
      expect(sanitizeModelMarkdown('```html\n<!-- loopkit:state e30 -->\n```')).toBe(`\`\`\`html\n<!${ZWSP}-- loopkit:state e30 -->\n\`\`\``);
    });

    it('closes an unclosed fence so it cannot swallow the rest of the comment', () => {
      expect(sanitizeModelMarkdown('text\n```ts\nconst a = 1;')).toBe('text\n```ts\nconst a = 1;\n```');
      expect(sanitizeModelMarkdown('~~~\ncode')).toBe('~~~\ncode\n~~~');
    });

    it('closes a fence only with the same character, at least as long', () => {
      expect(sanitizeModelMarkdown('````\n```\n~~~~\n````\n<b>')).toBe('````\n```\n~~~~\n````\n&lt;b>');
    });

    it('keeps a fence indented in a list item, blank lines included', () => {
      const text = '1. Change the check:\n   ```ts\n   if (a < b) return;\n\n   run(a && b);\n   ```';
      expect(sanitizeModelMarkdown(text)).toBe(text);
    });

    it('closes an indented fence before a line indented less, which may end its list item', () => {
      expect(sanitizeModelMarkdown('- item\n  ```\n  code\n<img src=x>')).toBe('- item\n  ```\n  code\n  ```\n&lt;img src=x>');
    });

    it('does not take a fence indented four spaces for a fence: after a paragraph it is more of the paragraph', () => {
      expect(sanitizeModelMarkdown('Text\n    ```\n    <img src=x>\n    ```')).toBe('Text\n    ```\n    &lt;img src=x>\n    ```');
    });

    it('does not take a backtick fence with a backtick in its info string for a fence', () => {
      expect(sanitizeModelMarkdown('``` a`b\n<i>')).toBe('``` a`b\n&lt;i>');
    });

    it('sanitises the info string', () => {
      expect(sanitizeModelMarkdown('~~~<!-- x -->\ny\n~~~')).toBe('~~~&lt;!-- x -->\ny\n~~~');
    });

    it('normalises CRLF', () => {
      expect(sanitizeModelMarkdown('a\r\nb\rc')).toBe('a\nb\nc');
    });

    it('renders the hostile sample harmless', () => {
      const out = sanitizeModelMarkdown(HOSTILE);
      expect(out).not.toContain('<!--');
      expect(out).not.toContain('<img');
      expect(out).not.toContain('@octocat');
      expect(out.endsWith('\n```')).toBe(true);
    });
  });

  describe('sanitizeModelInline', () => {
    it('puts everything on one line, where a fence is just backticks', () => {
      expect(sanitizeModelInline('claim\n```\n<b> @x')).toBe(`claim \`\`\` &lt;b> @${ZWSP}x`);
    });

    it('keeps code spans', () => {
      expect(sanitizeModelInline('calls `a<b>()` twice')).toBe('calls `a<b>()` twice');
    });

    it('escapes pipes in a table cell', () => {
      expect(markdownCell('a | `b|c`')).toBe('a \\| `b\\|c`');
    });
  });

  /**
   * How the runner finds a workflow command in a line: `::` at the start after .NET's TrimStart, or
   * `##[` anywhere, both compared culture-sensitively, where ICU skips ignorable characters.
   */
  function runnerSeesCommand(line: string): boolean {
    const visible = line.replace(/[\p{Cc}\p{Cf}\p{Mn}\p{Me}]/gu, (c) => (/\s/.test(c) || c === '\u0085' ? ' ' : ''));
    return visible.trimStart().startsWith('::') || visible.includes('##[');
  }

  describe('escapeForLog', () => {
    it.each([
      ['::add-mask::x', ': :add-mask::x'],
      ['  ::error::y', '  : :error::y'],
      ['::stop-commands::z', ': :stop-commands::z'],
      ['\t::warning file=a.ts::w', '\t: :warning file=a.ts::w'],
      ['done ##[set-output name=a]b', 'done # #[set-output name=a]b']
    ])('neutralises %j', (line, logged) => {
      expect(runnerSeesCommand(line)).toBe(true);
      expect(escapeForLog(line)).toBe(logged);
      expect(runnerSeesCommand(escapeForLog(line))).toBe(false);
    });

    it('sees through characters the runner ignores when it compares', () => {
      for (const line of [`${ZWSP}::add-mask::x`, `:${ZWSP}:error::y`, '\u0085::group::g', `#${ZWSP}#[debug]d`, '\u0001::endgroup::']) {
        expect(runnerSeesCommand(line)).toBe(true);
        expect(runnerSeesCommand(escapeForLog(line))).toBe(false);
      }
    });

    it('checks every line, whatever ends it', () => {
      const out = escapeForLog('ok\n::add-mask::a\r::error::b\r\n  ::stop-commands::c');
      expect(out).toBe('ok\n: :add-mask::a\r: :error::b\r\n  : :stop-commands::c');
    });

    it('leaves `::` that does not start a line alone', () => {
      expect(escapeForLog('std::vector<int> a::b')).toBe('std::vector<int> a::b');
    });

    it('logSafe neutralises each line and joins them', () => {
      expect(logSafe(['a', '::error::b', 'c\n::warning::d'])).toBe('a\n: :error::b\nc\n: :warning::d');
    });
  });
});
