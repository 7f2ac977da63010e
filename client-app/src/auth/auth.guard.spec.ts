import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SignInRequiredError } from './auth.errors.js';
import { AuthGuard } from './auth.guard.js';
import type { SignedInUser } from './auth-session.js';
import { Public } from './public.decorator.js';

class PagesController {
  profile(): void {}
  @Public()
  home(): void {}
}

@Public()
class HealthController {
  health(): void {}
}

const carol: SignedInUser = { sub: 'user-1', displayName: 'Carol', claims: { sub: 'user-1' } };

const aRequest = (overrides: { method?: string; originalUrl?: string; user?: SignedInUser } = {}): Request =>
  ({ method: overrides.method ?? 'GET', originalUrl: overrides.originalUrl ?? '/profile', session: { user: overrides.user } }) as unknown as Request;

const contextFor = (controller: new () => object, handlerName: string, req: Request): ExecutionContext =>
  ({
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[handlerName],
    switchToHttp: () => ({ getRequest: () => req }),
  }) as unknown as ExecutionContext;

describe(AuthGuard.name, () => {
  const guard = new AuthGuard(new Reflector());

  it('lets a signed-in user through', () => {
    expect(guard.canActivate(contextFor(PagesController, 'profile', aRequest({ user: carol })))).toBe(true);
  });

  it('sends a signed-out browser to sign in, remembering the page it asked for', () => {
    const attempt = () => guard.canActivate(contextFor(PagesController, 'profile', aRequest({ originalUrl: '/profile?tab=claims' })));
    expect(attempt).toThrow(SignInRequiredError);
    try {
      attempt();
    } catch (error) {
      expect((error as SignInRequiredError).returnTo).toBe('/profile?tab=claims');
    }
  });

  it('does not remember a form post, which cannot be replayed after sign-in', () => {
    expect.assertions(1);
    try {
      guard.canActivate(contextFor(PagesController, 'profile', aRequest({ method: 'POST', originalUrl: '/passkeys/remove' })));
    } catch (error) {
      expect((error as SignInRequiredError).returnTo).toBeUndefined();
    }
  });

  it('lets anyone through a @Public() route', () => {
    expect(guard.canActivate(contextFor(PagesController, 'home', aRequest()))).toBe(true);
  });

  it('lets anyone through a @Public() controller', () => {
    expect(guard.canActivate(contextFor(HealthController, 'health', aRequest()))).toBe(true);
  });
});
