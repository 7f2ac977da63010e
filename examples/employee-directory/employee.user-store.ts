import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../src/database/database.constants.js';
import type { Database } from '../../src/database/database.js';
import type { Account, UserStore } from '../../src/users/user-store.js';
import { hashEmployeePassword, verifyEmployeePassword } from './employee-password.hash.js';
import type { EmployeeRow } from './employees.schema.js';

const COLUMNS = 'id, login_name, full_name, email, password_hash, active';

/**
 * The user store over the team's `employees` table, in the server's own database (`DATABASE`): the
 * employees' ids become the OIDC subjects, their own scrypt hashes are checked as they are, and the
 * `active` flag decides who may sign in. The server's `users` table is not read at all.
 */
@Injectable()
export class EmployeeUserStore implements UserStore {
  /**
   * Verified when the login name is unknown, so an unknown name costs one hash verification, like a
   * wrong password, and response times do not reveal who works here. Same cost as the real hashes.
   */
  private readonly dummyHash = hashEmployeePassword(randomUUID());

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Ids are text here, so whatever Authsignal's tokens name can be looked up as is: unknown is `null`. */
  async findById(id: string): Promise<Account | null> {
    const [row] = await this.db.query<EmployeeRow>(`SELECT ${COLUMNS} FROM employees WHERE id = $1`, [id]);
    return row ? toAccount(row) : null;
  }

  async findByUsername(loginName: string): Promise<Account | null> {
    const row = await this.findRow(loginName);
    return row ? toAccount(row) : null;
  }

  /** Unknown, wrong password and inactive alike: one hash verification each, and `null`. */
  async verifyPassword(loginName: string, password: string): Promise<Account | null> {
    const row = await this.findRow(loginName);
    const matches = await verifyEmployeePassword(row?.password_hash ?? (await this.dummyHash), password);
    return row && matches && row.active ? toAccount(row) : null;
  }

  /** People type their login name in any case (`JDoe`, `jdoe`); the table's unique index on `lower(login_name)` makes this one row at most. */
  private async findRow(loginName: string): Promise<EmployeeRow | undefined> {
    const [row] = await this.db.query<EmployeeRow>(`SELECT ${COLUMNS} FROM employees WHERE lower(login_name) = lower($1)`, [loginName]);
    return row;
  }
}

function toAccount(row: EmployeeRow): Account {
  return {
    id: row.id,
    username: row.login_name,
    displayName: row.full_name,
    email: row.email,
    // The directory's addresses are the company's own mailboxes, issued by IT: nobody typed them in.
    emailVerified: row.email !== null,
    // An inactive employee is refused by every way of signing in, passkeys included, and their tokens stop at the next look-up.
    enabled: row.active,
  };
}
