/**
 * An account as sign-in and claims see it. `id` is the OIDC subject (`sub`): an opaque string of any
 * shape, stable for the account's lifetime (`emp-000123`, a UUID, a directory GUID).
 */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  emailVerified: boolean;
  /** A disabled account cannot sign in by any method, and its tokens stop at the next `findById`. */
  enabled: boolean;
}

/** Injection token of the `UserStore` port. */
export const USER_STORE = Symbol('USER_STORE');

/**
 * Where accounts live: the **user store port**. The default, `DatabaseUserStore`, is the server's own
 * `users` table (argon2id hashes, the `npm run users` CLI). A team with an existing table or directory
 * provides its own class in `IdentityServerModule.forRoot({ userStore })`; nothing else in the server
 * reads the `users` table, and no other table references it.
 *
 * Rules every implementation keeps:
 * - any string may be passed as an id (Authsignal's tokens name ids we may not know): unknown is `null`;
 * - `verifyPassword` answers `null` for an unknown user, a wrong password and a disabled account alike,
 *   and should take about as long for each (hash a dummy for unknown users), so nobody can tell them apart;
 * - errors of the store's own database or directory are thrown; the server shows its outage page.
 */
export interface UserStore {
  findById(id: string): Promise<Account | null>;
  /** The account a username as typed at sign-in names; the store decides how names match (case, aliases). */
  findByUsername(username: string): Promise<Account | null>;
  verifyPassword(username: string, password: string): Promise<Account | null>;
  /**
   * The one account with this email address (compared as the store sees fit), or null when none or
   * several have it. Optional: without it, email-code sign-in takes usernames only.
   */
  findByEmail?(email: string): Promise<Account | null>;
}
