import type { User } from '../../src/users/user.js';

/** A valid user; override what the test is about. */
export const aUser = (overrides: Partial<User> = {}): User => ({
  id: '6f1c2a4e-8a57-4d5c-9a51-3c8f2f0c1b11',
  username: 'carol',
  displayName: 'Carol Example',
  email: 'carol@example.com',
  emailVerified: true,
  enabled: true,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});
