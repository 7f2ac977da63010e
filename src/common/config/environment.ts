import { z } from 'zod';

/** Building blocks shared by each app's environment schema, so the same variable reads the same way everywhere. */

export type EnvironmentSource = Record<string, string | undefined>;

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

export const portNumber = z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65_535);

export const secret = z.string().min(32, { error: 'must be at least 32 characters' });

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** `FOO=` in a shell or a .env file means "not set", not "empty string". */
export function withoutEmptyValues(source: EnvironmentSource): EnvironmentSource {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
}
