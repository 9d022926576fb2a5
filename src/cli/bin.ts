#!/usr/bin/env node
/** Entry of the bundled CLI (dist/cli/index.js): run, then exit with the command's code. */
import { EXIT } from './exit.js';
import { main } from './index.js';

// `loopkit validate | head` closes the pipe early: that is the reader's choice, not an error to print.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main says its own crashes (exit 3); this is the last resort if saying so failed too.
    process.stderr.write(`loopkit: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.incomplete;
  }
);
