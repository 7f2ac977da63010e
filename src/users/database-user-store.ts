import { Injectable } from '@nestjs/common';
import type { User } from './user.js';
import type { Account, UserStore } from './user-store.js';
import { UsersService } from './users.service.js';

/** The default user store: our `users` table, through `UsersService`. */
@Injectable()
export class DatabaseUserStore implements UserStore {
  constructor(private readonly users: UsersService) {}

  async findById(id: string): Promise<Account | null> {
    return toAccount(await this.users.findById(id));
  }

  async findByUsername(username: string): Promise<Account | null> {
    return toAccount(await this.users.findByUsername(username));
  }

  async findByEmail(email: string): Promise<Account | null> {
    return toAccount(await this.users.findByEmail(email));
  }

  async verifyPassword(username: string, password: string): Promise<Account | null> {
    return toAccount(await this.users.verifyCredentials(username, password));
  }
}

function toAccount(user: User | null): Account | null {
  if (!user) return null;
  const { id, username, displayName, email, emailVerified, enabled } = user;
  return { id, username, displayName, email, emailVerified, enabled };
}
