/** Thrown by `withTimeout` when the work did not settle in time. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Settles with `work`, or rejects with `TimeoutError` after `timeoutMs`. The work itself is not
 * cancelled; a late rejection is absorbed so it never becomes an unhandled rejection.
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, message = `no answer within ${timeoutMs} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
