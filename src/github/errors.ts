/**
 * Reading Octokit's request errors without importing @octokit/request-error, which is only a
 * transitive dependency.
 */

/** The HTTP status GitHub answered with, or undefined when the error did not come from a response. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/**
 * GitHub's own words for a rejection: `errors` may hold strings ("Line could not be resolved") or
 * objects ({field, code, message}); the top-level message is the fallback.
 */
export function rejectionReason(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
  if (typeof data === 'object' && data !== null) {
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    if (Array.isArray(errors) && errors.length > 0) {
      return errors
        .map((e: unknown) => {
          if (typeof e === 'string') return e;
          const { message: m, field, code } = (e ?? {}) as { message?: unknown; field?: unknown; code?: unknown };
          return typeof m === 'string' ? m : [field, code].filter((x) => typeof x === 'string').join(' ');
        })
        .join('; ');
    }
    if (typeof message === 'string') return message;
  }
  return error instanceof Error ? error.message : String(error);
}
