/** Terminal output: colour only on a TTY (and never with NO_COLOR), plain text everywhere else. */
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

export function terminalOutput(stream: NodeJS.WriteStream = process.stdout, errStream: NodeJS.WriteStream = process.stderr): Output {
  const tty = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const paint = (code: number) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    out: (line = '') => void stream.write(`${line}\n`),
    err: (line = '') => void errStream.write(`${line}\n`),
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
