/**
 * `${{ secrets.X }}` in an MCP connector's `env` or `headers`, resolved from the environment the
 * workflow gives the LoopKit step (`env: X: ${{ secrets.X }}`): a loop file is committed, so a
 * secret never is, and GitHub does not expand expressions inside files.
 */
import { SECRET_REFERENCE, type Loop } from '../loop/schema.js';

/**
 * The values with every reference replaced by the secret; each secret goes to `mask` first, so the
 * runner hides it in every log line after. A secret missing from the environment is an error
 * that says how to pass it.
 */
export function resolveSecrets(
  values: Record<string, string> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  mask: (secret: string) => void
): Record<string, string> {
  const missing = new Set<string>();
  const resolved = Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => [
      key,
      value.replace(SECRET_REFERENCE, (_whole, name: string) => {
        const secret = env[name];
        if (secret === undefined || secret === '') {
          missing.add(name);
          return '';
        }
        mask(secret);
        return secret;
      })
    ])
  );
  if (missing.size > 0) {
    const names = [...missing];
    throw new Error(
      `the secret${names.length > 1 ? 's' : ''} ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not in the LoopKit step's environment: add \`env:\` with ${names.map((n) => `\`${n}: \${{ secrets.${n} }}\``).join(', ')} to the step in the workflow`
    );
  }
  return resolved;
}

/** The variables a loop's MCP connectors take `${{ secrets.X }}` from: secrets of any run of the loop. */
export function declaredSecrets(loop: Loop): string[] {
  const values = (loop.connectors ?? []).flatMap((c) => (c.type === 'mcp' ? [...Object.values(c.env ?? {}), ...Object.values(c.headers ?? {})] : []));
  return [...new Set(values.flatMap((value) => [...value.matchAll(SECRET_REFERENCE)].map((m) => m[1]!)))];
}
