/**
 * Well-known risky patterns the dry run looks for in added lines. Deliberately small and line-
 * based: it gives a run without a model something real to report, verify and post, not a linter.
 */
import type { Category } from '../answers/review.js';
import type { Severity } from '../loop/schema.js';

export interface Rule {
  id: string;
  category: Category;
  severity: Severity;
  /** File extensions the rule applies to; absent for every file. */
  languages?: readonly string[];
  pattern: RegExp;
  claim: string;
  /** Why it matters; the evidence text adds where it was seen. */
  why: string;
  fix?: string;
}

const JS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'];
const TS = ['ts', 'tsx', 'mts', 'cts'];
const SCRIPTING = [...JS, 'py', 'rb', 'php'];

/** Any character of a string opened by the quote captured as group `n` but that quote, or an escaped one. */
const inString = (n: number) => `(?:\\\\.|(?!\\${n})[^\\\\])`;

/**
 * An SQL statement inside a string whose quote is group `n`: keywords in capitals, or in small
 * letters with the shape of a statement (so "select a file from the list" in prose is not one).
 */
const statement = (n: number) =>
  `(?:SELECT\\s${inString(n)}*?\\sFROM\\s|INSERT\\s+INTO\\s|UPDATE\\s+\\w+\\s+SET\\s|DELETE\\s+FROM\\s|` +
  `select\\s${inString(n)}*?\\sfrom\\s+\\w+\\s+where\\s|insert\\s+into\\s+\\w+|update\\s+\\w+\\s+set\\s+\\w+\\s*=|delete\\s+from\\s+\\w+)`;

/**
 * An SQL statement built from the string it is written in: closed and then joined to a value
 * (`+` in JavaScript, Python, Java and Go; `.` in PHP; `%` and `.format(` in Python), or with the
 * value inside (a template literal's `${`, a Python f-string's `{`, Go's `fmt.Sprintf` with `%s`/`%v`/`%d`).
 * The string's own quote closes it, so quotes of the other kind inside (`WHERE name = '" + name`) do not.
 */
const SQL_BUILT = new RegExp(
  [
    `(["'\`])${inString(1)}*?${statement(1)}${inString(1)}*?\\1\\s*(?:\\+|\\.\\s*(?:\\$|format\\s*\\()|%\\s*[\\w(])`,
    `(\`)${inString(2)}*?${statement(2)}${inString(2)}*?\\$\\{`,
    `\\bf(["'])${inString(3)}*?${statement(3)}${inString(3)}*?\\{\\w`,
    `\\bSprintf\\s*\\(\\s*(["\`])${inString(4)}*?${statement(4)}${inString(4)}*?%[svdq]`
  ].join('|')
);

export const RULES: readonly Rule[] = [
  {
    id: 'eval',
    category: 'security',
    severity: 'high',
    languages: SCRIPTING,
    pattern: /\beval\s*\(/,
    claim: 'eval() runs arbitrary code built at runtime.',
    why: 'Any attacker-influenced part of the string becomes code executed with the full privileges of the process.',
    fix: 'Parse the data instead (JSON.parse, a lookup table) or call the intended function directly.'
  },
  {
    id: 'inner-html',
    category: 'security',
    severity: 'high',
    languages: [...JS, 'html', 'vue', 'svelte'],
    pattern: /\.(?:inner|outer)HTML\s*(?:\+)?=(?!=)/,
    claim: 'Assigning to innerHTML/outerHTML can inject script (XSS).',
    why: 'The assigned string is parsed as HTML, so markup from untrusted input runs in the page.',
    fix: 'Use textContent, or build nodes with createElement, or sanitize with a vetted library.'
  },
  {
    id: 'hard-coded-secret',
    category: 'security',
    severity: 'critical',
    pattern: /\b(?:password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token)\b["']?\s*[:=]\s*["'][^"'\s]{4,}["']/i,
    claim: 'A credential is hard-coded in source.',
    why: 'Anyone with read access to the repository, its history or its build artefacts gets the credential.',
    fix: 'Read it from the environment or a secret store, and rotate the exposed value.'
  },
  {
    id: 'console-log',
    category: 'maintainability',
    severity: 'low',
    languages: JS,
    pattern: /\bconsole\.(?:log|debug)\s*\(/,
    claim: 'A console.log/console.debug call is left in the code.',
    why: 'Debug output leaks into production logs and can expose data.',
    fix: 'Remove it or use the project logger at the right level.'
  },
  {
    id: 'empty-catch',
    category: 'reliability',
    severity: 'medium',
    languages: [...JS, 'java', 'cs', 'kt', 'swift', 'php'],
    pattern: /\bcatch\s*(?:\([^)]*\))?\s*\{\s*\}/,
    claim: 'An empty catch block silently swallows errors.',
    why: 'Failures disappear without a trace, so the code carries on in a broken state.',
    fix: 'Handle the error, log it, or let it propagate.'
  },
  {
    id: 'todo',
    category: 'maintainability',
    severity: 'info',
    pattern: /\b(?:TODO|FIXME|XXX)\b/,
    claim: 'A TODO/FIXME marker is added.',
    why: 'Unfinished work is merged with no tracking beyond the comment.',
    fix: 'Finish it in this change or link an issue.'
  },
  {
    id: 'loose-equality',
    category: 'bug',
    severity: 'medium',
    languages: JS,
    // `== null` is the idiom for null-or-undefined and is left alone.
    pattern: /(?<![=!<>])(?:==|!=)(?!=)(?!\s*null\b)/,
    claim: 'Loose equality (== or !=) coerces types before comparing.',
    why: "Coercion makes comparisons such as '0' == 0 or '' == false true, which hides bugs.",
    fix: 'Use === or !==.'
  },
  {
    id: 'sql-concatenation',
    category: 'security',
    severity: 'high',
    pattern: SQL_BUILT,
    claim: 'An SQL statement is built by string concatenation (SQL injection).',
    why: 'Values spliced into the query text can change the query itself.',
    fix: 'Use parameterised queries or the query builder’s placeholders.'
  },
  {
    id: 'plain-http',
    category: 'security',
    severity: 'low',
    pattern: /\bhttp:\/\/(?!localhost\b|127\.0\.0\.1\b|0\.0\.0\.0\b|\[::1\])/,
    claim: 'A plain http:// URL is used.',
    why: 'Traffic over plain HTTP can be read and changed in transit.',
    fix: 'Use https://.'
  },
  {
    id: 'insecure-random',
    category: 'security',
    severity: 'medium',
    languages: JS,
    pattern:
      /\b(?:token|secret|nonce|salt|session\w*|password|otp)\b.*Math\.random\(\)|Math\.random\(\).*\b(?:token|secret|nonce|salt|session\w*|password|otp)\b/i,
    claim: 'Math.random() is used to make a security token.',
    why: 'Math.random() is predictable; tokens derived from it can be guessed.',
    fix: 'Use crypto.randomBytes or crypto.randomUUID.'
  },
  {
    id: 'any-type',
    category: 'maintainability',
    severity: 'low',
    languages: TS,
    pattern: /:\s*any\b|\bas\s+any\b|<any>/,
    claim: 'An `any` type turns off type checking.',
    why: 'Values typed any flow anywhere unchecked, so type errors surface at runtime instead.',
    fix: 'Use unknown and narrow it, or the precise type.'
  },
  {
    id: 'string-timer',
    category: 'security',
    severity: 'medium',
    languages: JS,
    pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/,
    claim: 'setTimeout/setInterval is given a string, which is evaluated like eval().',
    why: 'The string is compiled as code at runtime.',
    fix: 'Pass a function.'
  },
  {
    id: 'shell-template',
    category: 'security',
    severity: 'critical',
    languages: JS,
    pattern: /\b(?:exec|execSync)\s*\(\s*`[^`]*\$\{/,
    claim: 'A shell command is built from a template string (command injection).',
    why: 'child_process.exec runs the string through a shell, so interpolated values can add commands.',
    fix: 'Use execFile/spawn with an argument array.'
  }
];

/**
 * Lines longer than this (minified or generated code) are not matched: the patterns are for code a
 * person wrote, and the string rules backtrack in proportion to the square of a line's length.
 */
const MAX_LINE = 2000;

/** Whether the rule finds its pattern on this line. */
export function matches(rule: Rule, line: string): boolean {
  return line.length <= MAX_LINE && rule.pattern.test(line);
}

export function appliesTo(rule: Rule, path: string): boolean {
  if (!rule.languages) return true;
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return path.includes('.') && rule.languages.includes(ext);
}
