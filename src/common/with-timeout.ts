/**
 * Settles as `work` does, or rejects with `timeoutError()` after `ms` — for SDKs without a timeout of
 * their own, so a hung service fails a request instead of hanging it. The timer never outlives the race.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
