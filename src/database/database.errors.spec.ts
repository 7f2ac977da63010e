import { describe, expect, it } from '@jest/globals';
import { DatabaseUnavailableError, isDatabaseOutage, isTerminatedConnection, translateDatabaseError } from './database.errors.js';

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe(isDatabaseOutage.name, () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a connection timeout', new Error('Connection terminated due to connection timeout')],
    ['a read timeout', new Error('Query read timeout')],
    ['an administrator ending the connection', sqlError('57P01')],
    ['statement_timeout', sqlError('57014')],
    ['too many connections', sqlError('53300')],
    ['a connection failure', sqlError('08006')],
  ])('counts %s as an outage', (_case, error) => {
    expect(isDatabaseOutage(error)).toBe(true);
  });

  it.each([
    ['a unique violation', sqlError('23505')],
    ['a NUL in text', sqlError('22021')],
    ['a syntax error', sqlError('42601')],
  ])('leaves %s a fault of ours', (_case, error) => {
    expect(isDatabaseOutage(error)).toBe(false);
    expect(() => translateDatabaseError(error, 'query')).toThrow(error);
  });

  it('translates an outage once, keeping its cause', () => {
    const cause = sqlError('08006');
    const thrown = (() => {
      try {
        translateDatabaseError(cause, 'query');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(DatabaseUnavailableError);
    expect((thrown as Error).cause).toBe(cause);
    expect(() => translateDatabaseError(thrown, 'again')).toThrow(thrown as Error);
  });

  it('retries only connections the server ended', () => {
    expect(isTerminatedConnection(sqlError('57P01'))).toBe(true);
    expect(isTerminatedConnection(sqlError('57014'))).toBe(false);
    expect(isTerminatedConnection(new Error('Query read timeout'))).toBe(false);
  });
});
