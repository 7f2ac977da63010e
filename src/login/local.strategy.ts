import { Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { InvalidCredentialsError } from './login.errors.js';
import { LoginThrottle } from './login-throttle.service.js';

/** Longer values cannot be valid, so they are refused before any hashing work. */
const MAX_USERNAME_LENGTH = 64;
const MAX_PASSWORD_LENGTH = 512;

/** The password step. Every attempt is logged, without the password. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  private readonly logger = new Logger(LocalStrategy.name);

  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
  ) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, username: string, password: string): Promise<User> {
    const ip = req.ip ?? 'unknown';
    const user =
      username.length <= MAX_USERNAME_LENGTH && password.length <= MAX_PASSWORD_LENGTH
        ? await this.users.verifyCredentials(username, password)
        : null;
    const interaction = req.params.uid;
    if (!user) {
      await this.throttle.recordFailure(username, ip);
      this.logger.warn({ event: 'sign_in.password', outcome: 'failure', username: username.slice(0, MAX_USERNAME_LENGTH), ip, interaction });
      throw new InvalidCredentialsError(username);
    }
    await this.throttle.recordSuccess(username, ip);
    this.logger.log({ event: 'sign_in.password', outcome: 'success', sub: user.id, ip, interaction });
    return user;
  }
}
