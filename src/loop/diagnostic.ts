/**
 * A problem in a loop or project file, with everything a person needs to fix it:
 * where (file, line, column, key path), what was expected, and how to fix it.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based; 1 when the problem is the file as a whole. */
  line: number;
  column: number;
  /** The key path in the document, e.g. `pipeline[0].parallel[1].label`; empty for the whole file. */
  path: string;
  message: string;
  fix?: string;
}

export type KeyPath = readonly (string | number)[];

export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** `file:line:column: error: message (at path) — fix`: the form editors and terminals link. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path ? ` (at ${d.path})` : '';
  const fix = d.fix ? `\n    fix: ${d.fix}` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${where}${fix}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
