import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import type { User } from './user.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  email_verified: boolean;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  password_hash: string;
}

export interface UserWithHash {
  user: User;
  passwordHash: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  emailVerified: row.email_verified,
  enabled: row.enabled,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/** SQL for the `users` table; usernames match case-insensitively through the `lower(username)` index. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(user: Omit<User, 'createdAt' | 'updatedAt' | 'enabled'>, passwordHash: string): Promise<User | null> {
    const rows = await this.db.query<UserRow>(
      `INSERT INTO users (id, username, display_name, email, email_verified, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ((lower(username))) DO NOTHING
       RETURNING *`,
      [user.id, user.username, user.displayName, user.email, user.emailVerified, passwordHash],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(id: string): Promise<User | null> {
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findWithHashByUsername(username: string): Promise<UserWithHash | null> {
    const rows = await this.db.query<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1)', [username]);
    return rows[0] ? { user: toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
  }

  /** At most two users with this address: enough to tell one from several. */
  async findByEmail(email: string): Promise<User[]> {
    return (await this.db.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1) LIMIT 2', [email])).map(toUser);
  }

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>('SELECT * FROM users ORDER BY lower(username)')).map(toUser);
  }

  async updatePasswordHash(username: string, passwordHash: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE users SET password_hash = $2, updated_at = now() WHERE lower(username) = lower($1) RETURNING 1',
      [username, passwordHash],
    );
    return rows.length === 1;
  }

  async updateEnabled(username: string, enabled: boolean): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE users SET enabled = $2, updated_at = now() WHERE lower(username) = lower($1) RETURNING 1',
      [username, enabled],
    );
    return rows.length === 1;
  }
}
