import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { aUser } from '../../test/builders/user.builder.js';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import type { AuthsignalService } from '../authsignal/authsignal.service.js';
import { loadConfig } from '../config/load-config.js';
import { MfaService } from './mfa.service.js';

type Signals = Pick<AuthsignalService, 'trackSignIn' | 'acceptChallenge'>;
type FakeSignals = { [K in keyof Signals]: jest.Mock<Signals[K]> };

const CHALLENGE_URL = 'http://authsignal.test/challenge?token=t';
const circumstances = { interactionUid: 'uid-1', ipAddress: '203.0.113.7', userAgent: 'Test/1.0', deviceId: 'device-0001' };

describe(MfaService.name, () => {
  let signals: FakeSignals;

  const serviceWith = (env: Record<string, string> = {}) =>
    new MfaService(loadConfig({ NODE_ENV: 'test', ISSUER: 'https://id.example.test', ...env }), signals as unknown as AuthsignalService);

  beforeEach(() => {
    signals = {
      trackSignIn: jest.fn<Signals['trackSignIn']>(async () => ({ state: 'CHALLENGE_REQUIRED', isEnrolled: true, url: CHALLENGE_URL, idempotencyKey: 'key-1' })),
      acceptChallenge: jest.fn<Signals['acceptChallenge']>(async () => ({ userId: aUser().id, verificationMethod: 'AUTHENTICATOR_APP' })),
    };
  });

  describe('track', () => {
    it('tracks the configured action with a callback bound to this interaction and what the rules use', async () => {
      await serviceWith({ AUTHSIGNAL_SIGN_IN_ACTION: 'custom-login' }).track(aUser(), circumstances);
      expect(signals.trackSignIn).toHaveBeenCalledWith({
        userId: aUser().id,
        action: 'custom-login',
        redirectUrl: 'https://id.example.test/interaction/uid-1/mfa/callback',
        username: 'carol',
        email: 'carol@example.com',
        ipAddress: '203.0.113.7',
        userAgent: 'Test/1.0',
        deviceId: 'device-0001',
      });
    });

    it('encodes the interaction uid in the callback URL and sends no email the user does not have', async () => {
      await serviceWith().track(aUser({ email: null }), { interactionUid: 'a/b?c#d' });
      const [attempt] = signals.trackSignIn.mock.calls[0];
      expect(attempt.redirectUrl).toBe('https://id.example.test/interaction/a%2Fb%3Fc%23d/mfa/callback');
      expect(attempt.action).toBe('identity-server-login');
      expect(attempt.email).toBeUndefined();
    });

    it('returns Authsignal’s answer, the pre-built UI URL included', async () => {
      await expect(serviceWith().track(aUser(), circumstances)).resolves.toEqual({ state: 'CHALLENGE_REQUIRED', isEnrolled: true, url: CHALLENGE_URL, idempotencyKey: 'key-1' });
    });
  });

  describe('complete', () => {
    const pending = { accountId: aUser().id, idempotencyKey: 'key-1' };

    it('expects the configured action, for the pending user and sign-in only', async () => {
      await serviceWith({ AUTHSIGNAL_SIGN_IN_ACTION: 'custom-login' }).complete('the-token', pending);
      expect(signals.acceptChallenge).toHaveBeenCalledWith('the-token', { actionCode: 'custom-login', userId: aUser().id, idempotencyKey: 'key-1' });
    });

    it('reports the method the challenge was completed with', async () => {
      signals.acceptChallenge.mockResolvedValueOnce({ userId: aUser().id, verificationMethod: 'EMAIL_OTP' });
      await expect(serviceWith().complete('the-token', pending)).resolves.toEqual({ verificationMethod: 'EMAIL_OTP' });
    });

    it('lets a rejected challenge through unchanged', async () => {
      const rejection = new ChallengeRejectedError('token already used');
      signals.acceptChallenge.mockRejectedValueOnce(rejection);
      await expect(serviceWith().complete('the-token', pending)).rejects.toBe(rejection);
    });
  });
});
