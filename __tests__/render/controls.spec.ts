/**
 * Terminal escapes, C0 and C1 controls and bidirectional overrides are stripped from everything
 * LoopKit logs or posts; tabs and line breaks stay, and a suggestion holding any is left out.
 */
import { findingComment } from '../../src/render/comment.js';
import {
  cellCode,
  codeSpan,
  escapeForLog,
  escapeHtml,
  escapeMarkdownInline,
  markdownCell,
  sanitizeModelInline,
  sanitizeModelMarkdown,
  stripControls
} from '../../src/render/escape.js';
import { readFindingMarker } from '../../src/render/markers.js';
import { SESSION } from './fixtures.js';

describe('render/controls', () => {
  /** Every kind of control a path or a model reply can carry, around the words that must survive. */
  const HOSTILE = [
    '\u001b[31mred\u001b[0m',
    '\u001b[2J\u001b[1;1Hcleared',
    '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
    '\u001b]0;title\u001b\\tab',
    '\u009b31mcsi\u009b0m',
    'bell\u0007 nul\u0000 bs\u0008 del\u007f nel\u0085',
    'trojan \u202egnp.exe\u202c \u2066iso\u2069 \u200fmark\u200e \u061c',
    'lone escape \u001b'
  ].join(' ');
  const WORDS = ['red', 'cleared', 'link', 'tab', 'csi', 'bell', 'nul', 'bs', 'del', 'nel', 'trojan', 'gnp.exe', 'iso', 'mark', 'lone escape'];
  const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  describe('stripControls', () => {
    it('removes escape sequences whole and every other control, and keeps the text', () => {
      const out = stripControls(HOSTILE);
      expect(out).not.toMatch(CONTROLS);
      expect(out).not.toMatch(/\[31m|\[0m|\]8;;|evil\.example|\]0;title/);
      for (const word of WORDS) expect(out).toContain(word);
    });

    it('keeps tabs and line breaks', () => {
      expect(stripControls('a\tb\nc\r\nd\re')).toBe('a\tb\nc\r\nd\re');
    });
  });

  describe('every escape for a comment or the log strips controls', () => {
    it.each([
      ['escapeMarkdownInline', escapeMarkdownInline],
      ['escapeHtml', escapeHtml],
      ['codeSpan', codeSpan],
      ['cellCode', cellCode],
      ['sanitizeModelInline', sanitizeModelInline],
      ['markdownCell', markdownCell],
      ['sanitizeModelMarkdown', sanitizeModelMarkdown],
      ['sanitizeModelMarkdown in a fence', (t: string) => sanitizeModelMarkdown(`\`\`\`\n${t}\n\`\`\``)],
      ['escapeForLog', escapeForLog]
    ])('%s', (_name, escape) => {
      const out = escape(HOSTILE);
      expect(out).not.toMatch(CONTROLS);
      expect(out).toContain('gnp.exe');
    });

    it('escapeForLog still finds a command that a control character split', () => {
      expect(escapeForLog(':\u001b[0m:error::x')).toBe(': :error::x');
    });
  });

  describe('a finding comment', () => {
    it('carries no control character from any model text, and leaves out a suggestion holding one', () => {
      const body = findingComment(
        {
          ...SESSION,
          path: `src/\u001b[31mevil\u202e.ts`,
          claim: HOSTILE,
          evidence: HOSTILE,
          fix: HOSTILE,
          sources: [HOSTILE],
          verdict: { ...SESSION.verdict!, evidence: HOSTILE, checker: HOSTILE }
        },
        { dryRun: false, suggestion: 'const token = header; // \u202eevil' }
      );
      expect(body).not.toMatch(CONTROLS);
      expect(body).not.toContain('```suggestion');
      expect(body).toContain('The suggested change is left out: its code holds control characters');
      expect(readFindingMarker(body)).toBe(SESSION.fingerprint);
    });
  });
});
