/**
 * The database could not answer: unreachable, out of connections, shutting down, or too slow. Sign-in
 * fails closed with an outage page (a 503 body for APIs) instead of hanging or answering 500.
 */
export class DatabaseUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The database is unavailable (${reason})`, options);
  }
}

/**
 * Whether an error the driver raised means an outage. SQLSTATE classes that say the database, not the statement, is at fault: connection exceptions (08),
 * insufficient resources (53), operator intervention (57: shutdown, cancelled by statement_timeout).
 * Any other SQLSTATE is a fault of ours and stays an error; an error with no SQLSTATE at all is the
 * driver or the network (refused, reset, timed out, closed).
 */
export function isDatabaseOutage(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(08|53|57)/.test(code);
  return error instanceof Error;
}

/** The connection was ended by the server before our statement ran (an administrator's or a restart's doing): worth one retry. */
export function isTerminatedConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '57P01' || code === '57P02';
}

/** Outages become `DatabaseUnavailableError`; anything else is rethrown as it is. */
export function translateDatabaseError(error: unknown, operation: string): never {
  if (error instanceof DatabaseUnavailableError || !isDatabaseOutage(error)) throw error;
  throw new DatabaseUnavailableError(`${operation}: ${(error as Error).message}`, { cause: error });
}

/** Whether an error is a database outage, or another library's error wrapping one as its `cause` (the provider's 503). */
export function causedByDatabaseOutage(error: unknown): boolean {
  return error instanceof DatabaseUnavailableError || (error as { cause?: unknown } | null)?.cause instanceof DatabaseUnavailableError;
}
