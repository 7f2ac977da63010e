import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-policy.js';
import { type NewUser, type User, USERNAME_PATTERN } from './user.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from './users.errors.js';
import { UsersRepository } from './users.repository.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: NewUser): Promise<User> {
    if (!USERNAME_PATTERN.test(input.username)) {
      throw new InvalidUserInputError('Usernames are 1 to 64 letters, digits or . _ @ + -');
    }
    if (input.email !== undefined && !EMAIL_PATTERN.test(input.email)) throw new InvalidUserInputError('That email address is not valid');
    assertAcceptablePassword(input.password);
    const user = await this.users.insert(
      {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName?.trim() || input.username,
        email: input.email ?? null,
        emailVerified: input.emailVerified ?? false,
      },
      await this.hasher.hash(input.password),
    );
    if (!user) throw new UsernameTakenError(input.username);
    return user;
  }

  /** Ids come from outside too (Authsignal tokens name a user id): anything but a UUID is simply nobody. */
  async findById(id: string): Promise<User | null> {
    return UUID_PATTERN.test(id) ? this.users.findById(id) : null;
  }

  async findByUsername(username: string): Promise<User | null> {
    return (await this.users.findWithHashByUsername(username))?.user ?? null;
  }

  /** The one user with this address (case-insensitive); null when nobody, or more than one user, has it. */
  async findByEmail(email: string): Promise<User | null> {
    if (!EMAIL_PATTERN.test(email)) return null;
    const users = await this.users.findByEmail(email);
    return users.length === 1 ? users[0] : null;
  }

  /**
   * The enabled user with this username and password, or null. Unknown users, wrong passwords and
   * disabled accounts all take one hash verification and give the same answer.
   */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const found = await this.users.findWithHashByUsername(username);
    if (!found) return this.hasher.verifyAgainstDummy(password).then(() => null);
    const matches = await this.hasher.verify(found.passwordHash, password);
    return matches && found.user.enabled ? found.user : null;
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  async setPassword(username: string, password: string): Promise<void> {
    assertAcceptablePassword(password);
    if (!(await this.users.updatePasswordHash(username, await this.hasher.hash(password)))) throw new UserNotFoundError(username);
  }

  async setEnabled(username: string, enabled: boolean): Promise<void> {
    if (!(await this.users.updateEnabled(username, enabled))) throw new UserNotFoundError(username);
  }
}
