/** The ProviderError a call ends with; any other outcome fails the test. */
import { ProviderError } from '../../src/providers/types.js';

export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
