/**
 * Parses YAML text while keeping source positions, so every later problem (a wrong type deep in
 * the pipeline, an unknown key) can point at its line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic, KeyPath } from './diagnostic.js';

/** Large enough for any real loop file, small enough that a runaway file cannot stall the run. */
export const MAX_FILE_BYTES = 256 * 1024;
/** YAML aliases can expand exponentially ("billion laughs"); real loop files need few. */
const MAX_ALIAS_COUNT = 50;
/** A loop nests a handful of levels (pipeline → step → parallel → agent → key); far deeper is a generated or broken file. */
export const MAX_NESTING = 64;

export interface Position {
  line: number;
  column: number;
  /** The file the position is in when it is not the one being read: a key a loop takes from the shared loop it extends (extends.ts). */
  file?: string;
}

export interface ParsedYaml {
  file: string;
  text: string;
  value: unknown;
  /** Where a key path starts in the file; for a missing key, its closest existing parent. */
  locate(path: KeyPath): Position;
  /** Where the key of a path stands (a list item: its value), or undefined when the file does not write it. */
  locateExact(path: KeyPath): Position | undefined;
  /** Where the key itself (not its value) stands, for unknown-key messages. */
  locateKey(parent: KeyPath, key: string): Position;
  /** Syntax errors and warnings; `value` is undefined when there is an error. */
  diagnostics: Diagnostic[];
}

const START: Position = { line: 1, column: 1 };

/** Decodes bytes as UTF-8, refusing invalid sequences rather than silently replacing them. */
export function decodeUtf8(file: string, bytes: Uint8Array): { text?: string; diagnostic?: Diagnostic } {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      diagnostic: {
        severity: 'error',
        file,
        ...START,
        path: '',
        message: `file is ${bytes.byteLength} bytes; loop files are limited to ${MAX_FILE_BYTES} bytes`,
        fix: 'split it into several loop files, or move long prompts into skill files (`skill:`)'
      }
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const badAt = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, badAt));
    const lines = before.split('\n');
    return {
      diagnostic: {
        severity: 'error',
        file,
        line: lines.length,
        column: (lines.at(-1)?.length ?? 0) + 1,
        path: '',
        message: `file is not valid UTF-8 (byte offset ${badAt})`,
        fix: 'save the file as UTF-8'
      }
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.byteLength;
  // Binary search for the shortest prefix that fails to decode (a cut multi-byte tail also fails,
  // so stream mode lets a prefix end mid-character without counting as invalid).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1), { stream: true });
      decoder.decode();
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

export function parseYaml(file: string, text: string): ParsedYaml {
  // Deep enough nesting exhausts the parser's stack; refuse it before parsing, at the line it passes the limit.
  const flow = flowNesting(text);
  if (flow.depth > MAX_NESTING) return unparsed(file, text, tooDeep(file, flow.depth, flow.line));
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true });
  const diagnostics: Diagnostic[] = [];
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  // One mis-indented line makes the parser report two to six errors around it, some of them
  // suggesting fixes that do not apply: when a line's indentation matches no level open above it,
  // that line is the one error for all the indentation errors.
  const stray = doc.errors.some((e) => INDENTATION_ERRORS.has(e.code)) ? misindentedLine(text) : undefined;
  if (stray) diagnostics.push({ severity: 'error', file, ...stray.at, path: '', message: stray.message, fix: stray.fix });
  const reported = new Set<number>();
  for (const error of doc.errors) {
    if (stray && INDENTATION_ERRORS.has(error.code)) continue;
    // Several errors on one line are one mistake seen from several sides: the first says it best.
    const errorLine = pos(error.pos[0]).line;
    if (reported.has(errorLine)) continue;
    reported.add(errorLine);
    // Block indentation can nest as deep as flow brackets; the parser then runs out of stack.
    if (/Maximum call stack/.test(error.message)) {
      diagnostics.push(tooDeep(file, undefined, pos(error.pos[0]).line));
      continue;
    }
    const quote = /closing (["'])quote/.exec(error.message)?.[1];
    if (quote) {
      // The parser notices a missing closing quote only where the file ends; point where it opens.
      const line = openingQuoteLine(text, quote) ?? pos(error.pos[0]).line;
      diagnostics.push({
        severity: 'error',
        file,
        line,
        column: (text.split('\n')[line - 1]?.indexOf(quote) ?? 0) + 1,
        path: '',
        message: `YAML syntax: the ${quote === '"' ? 'double' : 'single'} quote opened on line ${line} is never closed`,
        fix: `close the quote on line ${line}, or write long text as a block: \`key: |\` and the text indented below`
      });
      continue;
    }
    diagnostics.push({
      severity: 'error',
      file,
      ...pos(error.pos[0]),
      path: '',
      message: `YAML syntax: ${firstLine(error.message)}`,
      fix: yamlFix(error.code)
    });
  }
  for (const warning of doc.warnings) {
    diagnostics.push({ severity: 'warning', file, ...pos(warning.pos[0]), path: '', message: firstLine(warning.message) });
  }

  let value: unknown = undefined;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      const depth = nestingOf(value);
      if (depth > MAX_NESTING) {
        value = undefined;
        diagnostics.push(tooDeep(file, depth, 1));
      }
    } catch (error) {
      diagnostics.push({
        severity: 'error',
        file,
        ...START,
        path: '',
        message: `YAML aliases expand too far: ${firstLine((error as Error).message)}`,
        fix: 'write the repeated values out instead of nesting aliases'
      });
    }
  }

  const nodeAt = (path: KeyPath): Node | undefined => {
    let current: unknown = doc.contents;
    for (const part of path) {
      if (isMap(current)) current = current.get(part, true);
      else if (isSeq(current) && typeof part === 'number') current = current.get(part, true);
      else return undefined;
      if (current === undefined) return undefined;
    }
    return current as Node;
  };

  const locateExact = (path: KeyPath): Position | undefined => {
    // A mapping entry is reported at its key (where people look), a list item at its value.
    const last = path.at(-1);
    const parent = path.length > 0 ? nodeAt(path.slice(0, -1)) : undefined;
    if (typeof last === 'string' && isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
      return pair && isScalar(pair.key) && pair.key.range ? pos(pair.key.range[0]) : undefined;
    }
    const node = nodeAt(path);
    return node?.range ? pos(node.range[0]) : undefined;
  };

  // Problems with a value point at the value; the closest written parent stands in for a missing one.
  const locate = (path: KeyPath): Position => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = nodeAt(path.slice(0, depth));
      if (node?.range) return pos(node.range[0]);
    }
    return START;
  };

  const locateKey = (parent: KeyPath, key: string): Position => locateExact([...parent, key]) ?? locate(parent);

  return { file, text, value, locate, locateExact, locateKey, diagnostics };
}

function tooDeep(file: string, depth: number | undefined, line: number): Diagnostic {
  return {
    severity: 'error',
    file,
    line,
    column: 1,
    path: '',
    message: `the YAML is nested ${depth === undefined ? 'deeper than the parser can follow' : `${depth} levels deep`}; a loop file needs at most ${MAX_NESTING}`,
    fix: 'flatten it: a loop nests a few levels (pipeline → step → agent → key)'
  };
}

function unparsed(file: string, text: string, diagnostic: Diagnostic): ParsedYaml {
  return { file, text, value: undefined, locate: () => START, locateExact: () => undefined, locateKey: () => START, diagnostics: [diagnostic] };
}

/** How deep `[` and `{` nest outside quotes and comments, and the line where the depth first passes the limit. */
function flowNesting(text: string): { depth: number; line: number } {
  let depth = 0;
  let max = 0;
  let line = 1;
  let at = 1;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        if (max === MAX_NESTING + 1) at = line;
      }
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return { depth: max, line: at };
}

/** Levels of lists and mappings in a parsed value, counted without recursion so no depth can overflow the stack. */
function nestingOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    max = Math.max(max, depth + 1);
    if (max > MAX_NESTING) return max;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}

/** The first line whose quotes do not pair up: where an unclosed quoted string begins. */
function openingQuoteLine(text: string, quote: string): number | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => {
    const unescaped = quote === '"' ? line.replace(/\\./g, '') : line.replace(/''/g, '');
    return (unescaped.split(quote).length - 1) % 2 === 1;
  });
  return at === -1 ? undefined : at + 1;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** The parser's error codes that a line indented wrongly gives. */
const INDENTATION_ERRORS = new Set(['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN']);

/**
 * The first line whose indentation matches no block open above it: deeper than a key that already
 * has its value, or between two levels. Loop files are plain block YAML; a file with a flow
 * collection over several lines is not judged (undefined), and neither is one with no such line.
 */
export function misindentedLine(text: string): { at: Position; message: string; fix: string } | undefined {
  const lines = text.split('\n');
  /** Open levels, innermost last: their indentation and the line that opened them (1-based). */
  const levels: { indent: number; line: number }[] = [{ indent: 0, line: 0 }];
  let opens = false;
  let block: { keyIndent: number; indent?: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const body = raw.trimStart();
    const indent = raw.length - body.length;
    if (block) {
      if (body === '' || indent > block.keyIndent) {
        block.indent ??= body === '' ? undefined : indent;
        if (body === '' || indent >= block.indent!) continue;
        return stray(
          i + 1,
          indent,
          `the text block it is in (\`|\` or \`>\`) is indented by ${block.indent}`,
          [block.indent!],
          'indent it like the rest of the block'
        );
      }
      block = undefined;
    }
    if (body === '' || body.startsWith('#') || raw.startsWith('---') || raw.startsWith('...')) continue;
    if (/^[[{]/.test(body.replace(/^-\s+/, '').replace(/^[^:#]+:\s+/, '')) && !/[\]}]\s*(#.*)?$/.test(body)) return undefined;
    const top = levels.at(-1)!;
    if (indent > top.indent && !opens) {
      // Text continuing a plain value on a deeper line is valid YAML; a key or a list item there is not.
      if (!/^-(\s|$)/.test(body) && !/^[^\s#'"][^:#]*:(\s|$)/.test(body)) continue;
      const above = lines[top.line - 1]?.trim() ?? '';
      return stray(
        i + 1,
        indent,
        `the key above it (line ${top.line}: \`${above.slice(0, 40)}\`) is indented by ${top.indent} and already has its value`,
        [top.indent],
        'indent it like that key, or give that key no value on its own line'
      );
    }
    if (indent < top.indent) {
      let inner = top.indent;
      while (levels.length > 1 && levels.at(-1)!.indent > indent) inner = levels.pop()!.indent;
      const outer = levels.at(-1)!.indent;
      if (outer !== indent) return stray(i + 1, indent, 'no key above it is indented by that much', [outer, inner], 'indent it like the key it belongs beside');
    } else if (indent > top.indent) levels.push({ indent, line: i + 1 });
    else levels[levels.length - 1] = { indent, line: i + 1 };
    // A list item's own keys stand after its "- ".
    const item = /^(-\s+)(?=[^\s#])/.exec(body);
    if (item && /^[^\s#][^:#]*:(\s|$)/.test(body.slice(item[1]!.length))) levels.push({ indent: indent + item[1]!.length, line: i + 1 });
    const value = body.slice(item ? item[1]!.length : 0);
    opens = /^-\s*(#.*)?$/.test(body) || /:\s*(#.*)?$/.test(value) || /:\s*[|>][-+0-9]*\s*(#.*)?$/.test(value);
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(value)) {
      block = { keyIndent: levels.at(-1)!.indent };
      opens = false;
    }
  }
  return undefined;
}

function stray(line: number, indent: number, why: string, expected: number[], fix: string): { at: Position; message: string; fix: string } {
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  return {
    at: { line, column: indent + 1 },
    message: `YAML indentation: line ${line} is indented by ${spaces(indent)}, but ${why}`,
    fix: `${fix}: ${[...new Set(expected)].map(spaces).join(' or ')}`
  };
}

function yamlFix(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove one of the two keys';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'check the indentation: nested keys are indented by the same number of spaces';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key and its value must be on one line; quote strings that contain ": "';
    default:
      return 'check the YAML syntax near this line (quote strings that contain ":" or "#")';
  }
}
