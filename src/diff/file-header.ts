/**
 * The line that opens one file of a diff in a generic loop's event context: `--- old → new
 * (status, +a -d)`, then the file's patch as GitHub gives it (hunks only, no `+++` line). One
 * format, written by the event context (github/event-context.ts) and read back by the dry run's
 * rules (providers/dry-run-generic.ts), so the two cannot drift apart.
 */
export interface DiffFileHeader {
  path: string;
  previousPath?: string;
  status: string;
  additions: number;
  deletions: number;
}

export function diffFileHeader(f: DiffFileHeader): string {
  return `--- ${f.previousPath ? `${f.previousPath} → ` : ''}${f.path} (${f.status}, +${f.additions} -${f.deletions})`;
}

// Strict to the end: a removed line of a patch that begins with "-- " (an SQL comment) is never a header.
const HEADER = /^--- (?:(.+?) → )?(.+) \(([a-z]+), \+(\d+) -(\d+)\)$/;

/** The header a line is, or undefined for any other line (a removed line included). */
export function readDiffFileHeader(line: string): DiffFileHeader | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  return { path: m[2]!, ...(m[1] ? { previousPath: m[1] } : {}), status: m[3]!, additions: Number(m[4]), deletions: Number(m[5]) };
}
