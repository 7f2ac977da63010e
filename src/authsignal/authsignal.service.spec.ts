import {
  type Authsignal,
  AuthsignalError,
  type UserAuthenticator,
  UserActionState,
  type ValidateChallengeResponse,
  VerificationFailureReason,
  VerificationMethod,
  type VerifyResponse,
} from '@authsignal/node';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AcceptedChallengesRepository } from './accepted-challenges.repository.js';
import { AuthsignalUnavailableError, ChallengeRejectedError } from './authsignal.errors.js';
import { AuthsignalService } from './authsignal.service.js';
import { Registry } from 'prom-client';
import { AuthsignalCallMetrics } from '../common/metrics/authsignal-call-metrics.js';

type Client = Pick<
  Authsignal,
  'track' | 'validateChallenge' | 'getAuthenticators' | 'enrollVerifiedAuthenticator' | 'challenge' | 'verify' | 'claimChallenge' | 'getUser' | 'deleteAuthenticator'
>;
type FakeClient = { [K in keyof Client]: jest.Mock<Client[K]> };

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const expectation = { actionCode: 'identity-server-login', userId: 'user-1', idempotencyKey: 'key-1' };

/** A completed challenge as the node SDK returns it: the action code arrives as `action`. */
const validated = (overrides: Partial<ValidateChallengeResponse> = {}): ValidateChallengeResponse => ({
  isValid: true,
  state: UserActionState.CHALLENGE_SUCCEEDED,
  userId: 'user-1',
  action: 'identity-server-login',
  idempotencyKey: 'key-1',
  verificationMethod: VerificationMethod.AUTHENTICATOR_APP,
  ...overrides,
});

const anAuthenticator = (verificationMethod: VerificationMethod): UserAuthenticator => ({
  userId: 'user-1',
  userAuthenticatorId: `auth-${verificationMethod}`,
  verificationMethod,
  createdAt: '2026-01-02T03:04:05.000Z',
});

/** An error as the SDK throws it for an HTTP answer with a JSON error body. */
const answered = (status: number, code: string) => new AuthsignalError(status, code, 'described');

/** Remembers idempotency keys in memory, as the table does. */
function aFakeRepository() {
  const recorded = new Map<string, string>();
  const recordFirstUse = jest.fn(async (idempotencyKey: string, accountId: string) => {
    if (recorded.has(idempotencyKey)) return false;
    recorded.set(idempotencyKey, accountId);
    return true;
  });
  return { recorded, recordFirstUse };
}

describe(AuthsignalService.name, () => {
  let client: FakeClient;
  let repository: ReturnType<typeof aFakeRepository>;
  let service: AuthsignalService;

  beforeEach(() => {
    client = {
      track: jest.fn<Client['track']>(async () => ({
        state: UserActionState.CHALLENGE_REQUIRED,
        isEnrolled: true,
        url: 'http://authsignal.test/challenge?token=t',
        idempotencyKey: 'key-1',
        token: 'track-token',
      })),
      validateChallenge: jest.fn<Client['validateChallenge']>(async () => validated()),
      getAuthenticators: jest.fn<Client['getAuthenticators']>(async () => []),
      enrollVerifiedAuthenticator: jest.fn<Client['enrollVerifiedAuthenticator']>(async () => ({
        authenticator: anAuthenticator(VerificationMethod.AUTHENTICATOR_APP),
      })),
      challenge: jest.fn<Client['challenge']>(async () => ({ challengeId: 'challenge-1', idempotencyKey: 'key-7', expiresAt: 1_900_000_000 })),
      verify: jest.fn<Client['verify']>(async () => ({ isVerified: true, email: 'carol@example.com', verificationMethod: 'EMAIL_OTP' })),
      claimChallenge: jest.fn<Client['claimChallenge']>(async () => ({ token: TOKEN, verificationMethod: VerificationMethod.EMAIL_OTP })),
      getUser: jest.fn<Client['getUser']>(async () => ({ isEnrolled: false, emailVerified: false, phoneNumberVerified: false })),
      deleteAuthenticator: jest.fn<Client['deleteAuthenticator']>(async () => undefined),
    };
    repository = aFakeRepository();
    service = new AuthsignalService(client as unknown as Authsignal, repository as unknown as AcceptedChallengesRepository, new AuthsignalCallMetrics(new Registry()));
  });

  describe('trackSignIn', () => {
    it('tracks the action for the user with what the rules and the pre-built UI use, and maps the answer', async () => {
      const tracked = await service.trackSignIn({
        userId: 'user-1',
        action: 'identity-server-login',
        redirectUrl: 'http://localhost:5001/interaction/uid-1/mfa/callback',
        username: 'carol',
        email: 'carol@example.com',
        ipAddress: '203.0.113.7',
        userAgent: 'Test/1.0',
        deviceId: 'device-0001',
      });
      expect(client.track).toHaveBeenCalledWith({
        userId: 'user-1',
        action: 'identity-server-login',
        attributes: {
          redirectUrl: 'http://localhost:5001/interaction/uid-1/mfa/callback',
          username: 'carol',
          email: 'carol@example.com',
          ipAddress: '203.0.113.7',
          userAgent: 'Test/1.0',
          deviceId: 'device-0001',
        },
      });
      // The tracked action's own token is not ours to keep.
      expect(tracked).toEqual({ state: 'CHALLENGE_REQUIRED', isEnrolled: true, url: 'http://authsignal.test/challenge?token=t', idempotencyKey: 'key-1' });
    });

    it.each(['javascript:alert(1)', 'not a url', ''])('refuses to send the browser to a pre-built UI URL of %p', async (url) => {
      client.track.mockResolvedValueOnce({ state: UserActionState.CHALLENGE_REQUIRED, isEnrolled: true, url, idempotencyKey: 'key-1', token: 't' });
      const attempt = { userId: 'user-1', action: 'identity-server-login', redirectUrl: 'http://x/cb', username: 'carol' };
      await expect(service.trackSignIn(attempt)).rejects.toBeInstanceOf(AuthsignalUnavailableError);
    });

    it('reports a failing track as Authsignal being unavailable', async () => {
      const cause = answered(503, 'unavailable');
      client.track.mockRejectedValueOnce(cause);
      const attempt = { userId: 'user-1', action: 'identity-server-login', redirectUrl: 'http://x/cb', username: 'carol' };
      const thrown = await service.trackSignIn(attempt).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(AuthsignalUnavailableError);
      expect(thrown).toMatchObject({ message: 'Authsignal is unavailable (track)', cause });
    });
  });

  describe('acceptChallenge', () => {
    it('accepts a completed challenge for exactly what was expected and records its first use', async () => {
      await expect(service.acceptChallenge(TOKEN, expectation)).resolves.toEqual({ userId: 'user-1', verificationMethod: 'AUTHENTICATOR_APP' });
      expect(client.validateChallenge).toHaveBeenCalledWith({ token: TOKEN, action: 'identity-server-login', userId: 'user-1' });
      expect(repository.recorded).toEqual(new Map([['key-1', 'user-1']]));
    });

    it('accepts a passkey sign-in for whichever user the token names', async () => {
      client.validateChallenge.mockResolvedValueOnce(
        validated({ action: 'passkey-sign-in', userId: 'user-9', idempotencyKey: 'key-9', verificationMethod: VerificationMethod.PASSKEY }),
      );
      await expect(service.acceptChallenge(TOKEN, { actionCode: 'passkey-sign-in' })).resolves.toEqual({ userId: 'user-9', verificationMethod: 'PASSKEY' });
      expect(client.validateChallenge).toHaveBeenCalledWith({ token: TOKEN, action: 'passkey-sign-in', userId: undefined });
    });

    it.each([
      ['no token', undefined],
      ['an empty token', ''],
      ['a token with spaces', 'has spaces'],
      ['a repeated form field', ['a', 'b']],
      ['an oversized token', 'a'.repeat(4097)],
    ])('refuses %s without asking Authsignal', async (_case, token) => {
      await expect(service.acceptChallenge(token, expectation)).rejects.toThrow(ChallengeRejectedError);
      expect(client.validateChallenge).not.toHaveBeenCalled();
      expect(repository.recordFirstUse).not.toHaveBeenCalled();
    });

    it.each([
      ['an invalid result', { isValid: false, state: UserActionState.CHALLENGE_FAILED }, /not completed/],
      ['a challenge still required', { isValid: false, state: UserActionState.CHALLENGE_REQUIRED }, /not completed/],
      ['another action', { action: 'add-passkey' }, /action add-passkey/],
      ['a result naming no action', { action: undefined }, /action none/],
      ["another user's challenge", { userId: 'user-2' }, /another user/],
      ['another sign-in of the same user', { idempotencyKey: 'key-2' }, /another sign-in/],
      ['a result naming no action instance', { idempotencyKey: undefined }, /no action instance/],
    ])('refuses %s and records nothing', async (_case, overrides, reason) => {
      client.validateChallenge.mockResolvedValueOnce(validated(overrides));
      const thrown = await service.acceptChallenge(TOKEN, expectation).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(ChallengeRejectedError);
      expect((thrown as ChallengeRejectedError).reason).toMatch(reason);
      expect(repository.recordFirstUse).not.toHaveBeenCalled();
    });

    it('refuses a second acceptance of the same action instance', async () => {
      await service.acceptChallenge(TOKEN, expectation);
      await expect(service.acceptChallenge(TOKEN, expectation)).rejects.toThrow(new ChallengeRejectedError('token already used'));
      expect(repository.recordFirstUse).toHaveBeenCalledTimes(2);
    });

    it.each([400, 404])('treats a token Authsignal refuses with %i as rejected, not as an outage', async (status) => {
      client.validateChallenge.mockRejectedValueOnce(answered(status, 'invalid_request'));
      const thrown = await service.acceptChallenge(TOKEN, expectation).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(ChallengeRejectedError);
      expect((thrown as ChallengeRejectedError).reason).toMatch(/refused by Authsignal \(invalid_request\)/);
      expect(repository.recordFirstUse).not.toHaveBeenCalled();
    });

    it.each([
      ['refused credentials (401)', answered(401, 'unauthorized')],
      ['a server error (500)', answered(500, 'internal_error')],
      ['a network error, as the SDK maps it', new AuthsignalError(500, 'unexpected_error', 'connect ECONNREFUSED 127.0.0.1:5003')],
      ['an error the SDK did not map', new TypeError('fetch failed')],
    ])('fails closed on %s, keeping the cause', async (_case, cause) => {
      client.validateChallenge.mockRejectedValueOnce(cause);
      const thrown = await service.acceptChallenge(TOKEN, expectation).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(AuthsignalUnavailableError);
      expect(thrown).toMatchObject({ message: 'Authsignal is unavailable (validate)', cause });
      expect(repository.recordFirstUse).not.toHaveBeenCalled();
    });

    describe('with a hung Authsignal', () => {
      beforeEach(() => {
        jest.useFakeTimers();
      });
      afterEach(() => {
        jest.useRealTimers();
      });

      it('stops waiting after the timeout and fails closed', async () => {
        client.validateChallenge.mockReturnValueOnce(new Promise(() => undefined));
        const outcome = service.acceptChallenge(TOKEN, expectation).catch((error: unknown) => error);
        await jest.advanceTimersByTimeAsync(9_999);
        expect(jest.getTimerCount()).toBe(1);
        await jest.advanceTimersByTimeAsync(1);
        const thrown = await outcome;
        expect(thrown).toBeInstanceOf(AuthsignalUnavailableError);
        expect((thrown as Error).cause).toEqual(new Error('no answer within 10000 ms'));
        expect(repository.recordFirstUse).not.toHaveBeenCalled();
      });

      it('leaves no timer behind once Authsignal answers', async () => {
        await service.acceptChallenge(TOKEN, expectation);
        expect(jest.getTimerCount()).toBe(0);
      });
    });
  });

  describe('hasAuthenticatorApp', () => {
    it("is true only when the user's authenticators include an authenticator app", async () => {
      client.getAuthenticators.mockResolvedValueOnce([anAuthenticator(VerificationMethod.PASSKEY)]);
      await expect(service.hasAuthenticatorApp('user-1')).resolves.toBe(false);
      client.getAuthenticators.mockResolvedValueOnce([anAuthenticator(VerificationMethod.PASSKEY), anAuthenticator(VerificationMethod.AUTHENTICATOR_APP)]);
      await expect(service.hasAuthenticatorApp('user-1')).resolves.toBe(true);
      expect(client.getAuthenticators).toHaveBeenCalledWith({ userId: 'user-1' });
    });

    it('reports a failure as Authsignal being unavailable', async () => {
      client.getAuthenticators.mockRejectedValueOnce(answered(500, 'internal_error'));
      await expect(service.hasAuthenticatorApp('user-1')).rejects.toThrow(AuthsignalUnavailableError);
    });
  });

  describe('enrolAuthenticatorApp', () => {
    it('enrols a verified authenticator app with the given otpauth URI (an emulator extension the SDK types lack)', async () => {
      await service.enrolAuthenticatorApp('user-1', 'otpauth://totp/x:alice?secret=ABC');
      expect(client.enrollVerifiedAuthenticator.mock.calls).toEqual([
        [{ userId: 'user-1', attributes: { verificationMethod: VerificationMethod.AUTHENTICATOR_APP, otpUri: 'otpauth://totp/x:alice?secret=ABC' } }],
      ]);
    });

    it('reports a failure as Authsignal being unavailable', async () => {
      client.enrollVerifiedAuthenticator.mockRejectedValueOnce(answered(401, 'unauthorized'));
      await expect(service.enrolAuthenticatorApp('user-1', 'otpauth://totp/x')).rejects.toThrow(AuthsignalUnavailableError);
    });
  });

  describe('sendEmailCode', () => {
    it('starts Authsignal’s server-side email challenge for the address, with the circumstances it was given', async () => {
      const sending = await service.sendEmailCode({ email: 'carol@example.com', action: 'email-code-sign-in', ipAddress: '203.0.113.9', userAgent: undefined });
      expect(client.challenge).toHaveBeenCalledWith({ verificationMethod: 'EMAIL_OTP', action: 'email-code-sign-in', email: 'carol@example.com', ipAddress: '203.0.113.9' });
      expect(sending).toEqual({ sent: true, challengeId: 'challenge-1' });
    });

    it.each([
      [429, 'too_many_requests'],
      [400, 'invalid_request'],
    ])('reports a refusal (%i %s) as not sent, not as an outage', async (status, code) => {
      client.challenge.mockRejectedValueOnce(answered(status, code));
      await expect(service.sendEmailCode({ email: 'a@example.com', action: 'a' })).resolves.toEqual({ sent: false, reason: code });
    });

    it.each([
      ['a refused secret', answered(401, 'unauthorized')],
      ['a server error', answered(500, 'unexpected_error')],
      ['no answer', new Error('connect ECONNREFUSED')],
    ])('fails closed on %s', async (_case, error) => {
      client.challenge.mockRejectedValueOnce(error);
      await expect(service.sendEmailCode({ email: 'a@example.com', action: 'a' })).rejects.toThrow(AuthsignalUnavailableError);
    });

    it('fails closed on an answer without a challenge id', async () => {
      client.challenge.mockResolvedValueOnce({ challengeId: '', idempotencyKey: 'k', expiresAt: 1 });
      await expect(service.sendEmailCode({ email: 'a@example.com', action: 'a' })).rejects.toThrow(AuthsignalUnavailableError);
    });
  });

  describe('verifyEmailCode', () => {
    it('passes the code on and reports a verified one with its address', async () => {
      await expect(service.verifyEmailCode('challenge-1', '123456')).resolves.toEqual({ verified: true, email: 'carol@example.com' });
      expect(client.verify).toHaveBeenCalledWith({ challengeId: 'challenge-1', verificationCode: '123456' });
    });

    it.each([
      [{ isVerified: false, failureReason: VerificationFailureReason.CODE_INVALID_OR_EXPIRED }, 'wrong-or-expired'],
      [{ isVerified: false, failureReason: VerificationFailureReason.MAX_ATTEMPTS_EXCEEDED }, 'too-many-tries'],
      [{ isVerified: false }, 'wrong-or-expired'],
    ])('maps %j to %s', async (answer: VerifyResponse, reason) => {
      client.verify.mockResolvedValueOnce(answer);
      await expect(service.verifyEmailCode('challenge-1', '123456')).resolves.toEqual({ verified: false, reason });
    });

    it('takes a challenge Authsignal no longer knows as a wrong code, and a server error as an outage', async () => {
      client.verify.mockRejectedValueOnce(answered(404, 'not_found'));
      await expect(service.verifyEmailCode('gone', '123456')).resolves.toEqual({ verified: false, reason: 'wrong-or-expired' });
      client.verify.mockRejectedValueOnce(answered(503, 'unavailable'));
      await expect(service.verifyEmailCode('challenge-1', '123456')).rejects.toThrow(AuthsignalUnavailableError);
    });
  });

  describe('claimEmailCode', () => {
    it('claims the challenge for the user and returns the token', async () => {
      await expect(service.claimEmailCode('challenge-1', 'user-1')).resolves.toBe(TOKEN);
      expect(client.claimChallenge).toHaveBeenCalledWith({ challengeId: 'challenge-1', userId: 'user-1' });
    });

    it('rejects a claim Authsignal refuses (claimed already, say), and fails closed when it cannot answer', async () => {
      client.claimChallenge.mockRejectedValueOnce(answered(400, 'invalid_request'));
      await expect(service.claimEmailCode('challenge-1', 'user-1')).rejects.toThrow(ChallengeRejectedError);
      client.claimChallenge.mockRejectedValueOnce(new Error('socket hang up'));
      await expect(service.claimEmailCode('challenge-1', 'user-1')).rejects.toThrow(AuthsignalUnavailableError);
    });
  });

  describe('roundTrip', () => {
    it('asks about a user id nobody has, and takes any answer, a refusal included, as Authsignal being there', async () => {
      await service.roundTrip();
      expect(client.getUser.mock.calls[0][0].userId).toMatch(/^nobody-[0-9a-f-]{36}$/);
      client.getUser.mockRejectedValueOnce(answered(404, 'not_found'));
      await expect(service.roundTrip()).resolves.toBeUndefined();
    });

    it('fails as a real call would when Authsignal is down', async () => {
      client.getUser.mockRejectedValueOnce(answered(401, 'unauthorized'));
      await expect(service.roundTrip()).rejects.toThrow(AuthsignalUnavailableError);
    });
  });

  describe('listAuthenticators and removeAuthenticator', () => {
    it('lists every authenticator in our words', async () => {
      client.getAuthenticators.mockResolvedValueOnce([
        { ...anAuthenticator(VerificationMethod.EMAIL_OTP), email: 'carol@example.com' },
        { ...anAuthenticator(VerificationMethod.PASSKEY), webauthnCredential: { credentialId: 'c', deviceId: 'd', name: 'Chrome on Linux' } },
      ]);
      await expect(service.listAuthenticators('user-1')).resolves.toEqual([
        { id: 'auth-EMAIL_OTP', method: 'EMAIL_OTP', createdAt: '2026-01-02T03:04:05.000Z', label: 'carol@example.com' },
        { id: 'auth-PASSKEY', method: 'PASSKEY', createdAt: '2026-01-02T03:04:05.000Z', label: 'Chrome on Linux' },
      ]);
    });

    it('removes one, takes one already gone as removed, and fails closed otherwise', async () => {
      await service.removeAuthenticator('user-1', 'auth-1');
      expect(client.deleteAuthenticator).toHaveBeenCalledWith({ userId: 'user-1', userAuthenticatorId: 'auth-1' });
      client.deleteAuthenticator.mockRejectedValueOnce(answered(404, 'not_found'));
      await expect(service.removeAuthenticator('user-1', 'gone')).resolves.toBeUndefined();
      client.deleteAuthenticator.mockRejectedValueOnce(answered(500, 'unexpected_error'));
      await expect(service.removeAuthenticator('user-1', 'auth-1')).rejects.toThrow(AuthsignalUnavailableError);
    });
  });
});
