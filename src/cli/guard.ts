/**
 * The CLI's secrets, taken out the way the action takes out its own (one Redactor from
 * redactorFromEnv): every line it prints, what it saves, what `--post` sends to GitHub and what
 * its agents send to a model. A model or a tool may quote a token or key it read anywhere.
 */
import { redactorFromEnv, type Redactor } from '../guard/index.js';
import type { Output } from './output.js';

/** An Output whose lines hold no secret of the run, with the Redactor that takes them out for the rest. */
export interface GuardedOutput extends Output {
  readonly redactor: Redactor;
}

export function guardCli(io: Output, env: Readonly<Record<string, string | undefined>>): GuardedOutput {
  const redactor = redactorFromEnv(env, { warn: (message) => io.err(io.yellow(`warning: ${message}`)) });
  return {
    ...io,
    out: (line) => io.out(line === undefined ? line : redactor.redact(line, 'what LoopKit printed')),
    err: (line) => io.err(line === undefined ? line : redactor.redact(line, 'what LoopKit printed')),
    redactor
  };
}
