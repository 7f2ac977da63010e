import type { NewUser } from './user.js';

/** Development-only accounts, documented in the README; `loadConfig` refuses them in production. */
export const DEMO_PASSWORD = 'Passw0rd!demo';

export const DEMO_USERS: readonly NewUser[] = [
  { username: 'alice', displayName: 'Alice Example', email: 'alice@example.com', emailVerified: true, password: DEMO_PASSWORD },
  { username: 'bob', displayName: 'Bob Example', email: 'bob@example.com', emailVerified: true, password: DEMO_PASSWORD },
];
