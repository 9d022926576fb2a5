/** Terminal output: colour only on a TTY (and never with NO_COLOR), plain text everywhere else. */
import { randomBytes } from 'node:crypto';
import { stripControls } from '../render/index.js';

export interface Output {
  out(line?: string): void;
  err(line?: string): void;
  readonly tty: boolean;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Lines carry text a model or a pull request wrote, which may hold terminal escapes (clear the
 * screen, set the title, hide a hyperlink) or bidi overrides. Every control is stripped from a line
 * as it is printed; colours are written as placeholders only this process knows, and become
 * escapes after the strip, so no escape reaches the terminal but ours.
 */
export function terminalOutput(stream: NodeJS.WriteStream = process.stdout, errStream: NodeJS.WriteStream = process.stderr): Output {
  const tty = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const tag = `\uE000${randomBytes(8).toString('hex')}:`;
  const colour = new RegExp(`${tag}(\\d+)m`, 'g');
  const paint = (code: number) => (text: string) => (tty ? `${tag}${code}m${text}${tag}0m` : text);
  const print = (line: string) => `${stripControls(line).replace(colour, '\u001b[$1m')}\n`;
  return {
    out: (line = '') => void stream.write(print(line)),
    err: (line = '') => void errStream.write(print(line)),
    tty,
    green: paint(32),
    yellow: paint(33),
    red: paint(31),
    dim: paint(2),
    bold: paint(1)
  };
}

/** Collects lines instead of printing them: the CLI's output adapter in tests. */
export function bufferOutput(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const same = (text: string) => text;
  return {
    lines,
    errors,
    out: (line = '') => void lines.push(line),
    err: (line = '') => void errors.push(line),
    tty: false,
    green: same,
    yellow: same,
    red: same,
    dim: same,
    bold: same
  };
}
