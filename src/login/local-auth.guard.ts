import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { InvalidCredentialsError } from './login.errors.js';

/** Runs the password step; a missing field is just another invalid-credentials case, never a JSON 401. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new InvalidCredentialsError('');
    return user;
  }
}
