/**
 * A regular expression run over lines off the event loop. JavaScript's engine backtracks: a
 * pattern such as `^(a|aa)*$` over a long line runs for longer than any run lasts, and on the main
 * thread it would block every timer, the tool's timeout included. The matching runs in a worker
 * thread, started from inline source (the action is one bundled file: there is no worker file to
 * point at) and terminated the moment the call's signal aborts.
 */
import { Worker } from 'node:worker_threads';

/** The worker: for each batch of lines, the indices of those the pattern matches. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData, 'u');
parentPort.on('message', (lines) => {
  const hits = [];
  for (let i = 0; i < lines.length; i++) if (pattern.test(lines[i])) hits.push(i);
  parentPort.postMessage(hits);
});
`;

/** One search's worker: `match` as often as needed, then `close` (an aborted signal closes it too). */
export class RegexLines {
  readonly #worker: Worker;
  readonly #signal: AbortSignal;
  readonly #onAbort = () => void this.#worker.terminate();

  constructor(pattern: string, signal: AbortSignal) {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: pattern });
    // An idle worker must not keep the process alive after the search.
    this.#worker.unref();
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** The indices of the lines the pattern matches; rejects with the signal's reason when it aborts first. */
  match(lines: readonly string[]): Promise<number[]> {
    const signal = this.#signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<number[]>((resolve, reject) => {
      const done = () => {
        this.#worker.off('message', onMessage).off('error', onError);
        signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (hits: number[]) => {
        done();
        resolve(hits);
      };
      const onError = (error: Error) => {
        done();
        reject(error);
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      this.#worker.on('message', onMessage).on('error', onError);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#worker.postMessage(lines);
    });
  }

  close(): void {
    this.#signal.removeEventListener('abort', this.#onAbort);
    void this.#worker.terminate();
  }
}
