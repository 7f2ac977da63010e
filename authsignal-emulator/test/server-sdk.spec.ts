import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Authsignal, AuthsignalError, UserActionState, VerificationMethod } from '@authsignal/node';
import { type RunningEmulator, startEmulator } from '../src/emulator.js';

/** `@authsignal/node` 2.21.0, unmodified, against a real emulator over HTTP: every server call the identity server uses. */

const UNAUTHORIZED = 'The request is unauthorized. Check that your API key and region base URL are correctly configured.';

/** A tenant whose email codes live one second, for the expiry paths. */
const SHORT_CODES = { tenantId: 'short-codes', apiSecretKey: 'short-codes-secret', emailOtpLifetimeSeconds: 1 };

let emulator: RunningEmulator;
let authsignal: Authsignal;
let counter = 0;
const newUserId = () => `user-${++counter}-${Date.now()}`;

async function rejection(promise: Promise<unknown>): Promise<AuthsignalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthsignalError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function enrolledUser(email = `${newUserId()}@example.com`): Promise<string> {
  const userId = newUserId();
  await authsignal.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email } });
  return userId;
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    logLevel: 'silent',
    tenants: [{ actionOutcomes: { 'wire-transfer': 'BLOCK', 'low-risk': 'ALLOW' } }, SHORT_CODES],
  });
  authsignal = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
});

afterAll(async () => {
  await emulator.close();
});

describe('server API through @authsignal/node', () => {
  it('answers a wrong secret with the exact 401 body', async () => {
    const wrong = new Authsignal({ apiSecretKey: 'not-the-secret', apiUrl: emulator.apiUrl });
    const error = await rejection(wrong.getUser({ userId: 'anyone' }));
    expect(error.statusCode).toBe(401);
    expect(error.errorCode).toBe('unauthorized');
    expect(error.errorDescription).toBe(UNAUTHORIZED);

    const response = await fetch(`${emulator.apiUrl}/users/anyone`, { headers: { Authorization: `Basic ${Buffer.from('nope:').toString('base64')}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized', errorCode: 'unauthorized', errorDescription: UNAUTHORIZED });
  });

  it('checks the secret before the path: an empty idempotency key with a bad secret is still a 401', async () => {
    const wrong = new Authsignal({ apiSecretKey: 'not-the-secret', apiUrl: emulator.apiUrl });
    const error = await rejection(wrong.getAction({ userId: 'u', action: 'signIn', idempotencyKey: '' }));
    expect(error.statusCode).toBe(401);
  });

  it('reports an unknown user as not enrolled rather than an error', async () => {
    const user = await authsignal.getUser({ userId: newUserId() });
    expect(user.isEnrolled).toBe(false);
    expect(user.email).toBeUndefined();
    expect(user.allowedVerificationMethods).toEqual(['PASSKEY', 'AUTHENTICATOR_APP', 'EMAIL_OTP']);
  });

  it('lets an un-enrolled user through with ALLOW, a token and a pre-built UI URL with a query string', async () => {
    const userId = newUserId();
    const tracked = await authsignal.track({ userId, action: 'signIn', attributes: { redirectUrl: 'http://localhost:5001/callback' } });
    expect(tracked.state).toBe(UserActionState.ALLOW);
    expect(tracked.isEnrolled).toBe(false);
    expect(tracked.token.split('.')).toHaveLength(3);
    expect(tracked.url).toBe(`${emulator.url}/prebuilt/?token=${tracked.token}`);
    expect(tracked.allowedVerificationMethods?.length).toBeGreaterThan(0);
  });

  it('enrolling a verified authenticator makes the user enrolled and the next track CHALLENGE_REQUIRED', async () => {
    const userId = newUserId();
    const enrolled = await authsignal.enrollVerifiedAuthenticator({
      userId,
      attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: 'jane@example.com' },
    });
    expect(enrolled.authenticator.verificationMethod).toBe('EMAIL_OTP');
    expect(enrolled.authenticator.email).toBe('jane@example.com');

    const user = await authsignal.getUser({ userId });
    expect(user.isEnrolled).toBe(true);
    expect(user.email).toBe('jane@example.com');
    expect(user.emailVerified).toBe(true);
    expect(user.enrolledVerificationMethods).toEqual(['EMAIL_OTP']);

    const tracked = await authsignal.track({ userId, action: 'signIn' });
    expect(tracked.state).toBe(UserActionState.CHALLENGE_REQUIRED);
    expect(tracked.isEnrolled).toBe(true);
    expect(tracked.enrolledVerificationMethods).toEqual(['EMAIL_OTP']);
    expect(tracked.defaultVerificationMethod).toBe('EMAIL_OTP');
  });

  it('validates a fresh token as not valid, CHALLENGE_REQUIRED, naming user, action and idempotency key', async () => {
    const userId = await enrolledUser();
    const tracked = await authsignal.track({ userId, action: 'signIn' });
    const result = await authsignal.validateChallenge({ token: tracked.token });
    expect(result).toMatchObject({
      isValid: false,
      state: UserActionState.CHALLENGE_REQUIRED,
      userId,
      action: 'signIn',
      idempotencyKey: tracked.idempotencyKey,
    });
    expect(typeof result.stateUpdatedAt).toBe('string');
  });

  it('refuses to validate a token for another user or action, and a forged token, without saying its state', async () => {
    const userId = await enrolledUser();
    const tracked = await authsignal.track({ userId, action: 'signIn' });
    expect(await authsignal.validateChallenge({ token: tracked.token, userId: 'someone-else' })).toEqual({
      action: undefined,
      isValid: false,
      error: 'User is invalid.',
    });
    expect(await authsignal.validateChallenge({ token: tracked.token, action: 'other' })).toMatchObject({ isValid: false, error: 'Action is invalid.' });
    const [header, payload] = tracked.token.split('.');
    const forged = await authsignal.validateChallenge({ token: `${header}.${payload}.${'A'.repeat(43)}` });
    expect(forged).toMatchObject({ isValid: false, error: 'The token is invalid.' });
    expect(forged.state).toBeUndefined();
  });

  it('applies the per-action outcome of the tenant to enrolled users', async () => {
    const userId = await enrolledUser();
    expect((await authsignal.track({ userId, action: 'wire-transfer' })).state).toBe(UserActionState.BLOCK);
    expect((await authsignal.track({ userId, action: 'low-risk' })).state).toBe(UserActionState.ALLOW);
  });

  it('returns the same action when tracked again with the same idempotency key', async () => {
    const userId = newUserId();
    const first = await authsignal.track({ userId, action: 'signIn', attributes: { idempotencyKey: 'fixed-key-1' } });
    const again = await authsignal.track({ userId, action: 'signIn', attributes: { idempotencyKey: 'fixed-key-1' } });
    expect(again.idempotencyKey).toBe('fixed-key-1');
    expect(first.idempotencyKey).toBe('fixed-key-1');
    expect(await authsignal.queryUserActions({ userId })).toHaveLength(1);
  });

  it('refuses a malformed action code or redirect URL with invalid_request', async () => {
    const badCode = await rejection(authsignal.track({ userId: newUserId(), action: 'sign in!' }));
    expect(badCode.statusCode).toBe(400);
    expect(badCode.errorCode).toBe('invalid_request');
    const badUrl = await rejection(authsignal.track({ userId: newUserId(), action: 'signIn', attributes: { redirectUrl: 'javascript:alert(1)' } }));
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.errorCode).toBe('invalid_request');
  });

  it('updates a user (creating it), reads the attributes back and finds it with queryUsers', async () => {
    const userId = newUserId();
    const email = `${userId}@example.com`;
    const updated = await authsignal.updateUser({
      userId,
      attributes: { email, emailVerified: true, phoneNumber: '+64270000000', username: userId, displayName: 'Jane Doe', custom: { foo: 'bar' } },
    });
    expect(updated).toMatchObject({ email, emailVerified: true, phoneNumber: '+64270000000', phoneNumberVerified: false, username: userId, displayName: 'Jane Doe', custom: { foo: 'bar' } });
    expect(await authsignal.getUser({ userId })).toMatchObject({ isEnrolled: false, email, displayName: 'Jane Doe' });

    const byEmail = await authsignal.queryUsers({ email });
    expect(byEmail.users.map((user) => user.userId)).toEqual([userId]);
    expect((await authsignal.queryUsers({ username: userId })).users).toHaveLength(1);
    expect((await authsignal.queryUsers({ phoneNumber: '+64270000000' })).users.map((user) => user.userId)).toContain(userId);
  });

  it('pages queryUsers with limit and lastEvaluatedUserId', async () => {
    const prefix = `page-${Date.now()}`;
    for (const suffix of ['a', 'b', 'c']) await authsignal.updateUser({ userId: `${prefix}-${suffix}`, attributes: { displayName: prefix } });
    const all = await authsignal.queryUsers({ limit: 1000 });
    const ours = all.users.filter((user) => user.userId.startsWith(prefix));
    expect(ours).toHaveLength(3);
    const first = await authsignal.queryUsers({ limit: 2 });
    expect(first.users).toHaveLength(2);
    expect(first.lastEvaluatedUserId).toBe(first.users[1].userId);
    const next = await authsignal.queryUsers({ limit: 2, lastEvaluatedUserId: first.lastEvaluatedUserId });
    expect(next.users[0].userId > first.users[1].userId).toBe(true);
  });

  it('filters queryUsers by token and returns the token payload', async () => {
    const userId = newUserId();
    const { token } = await authsignal.track({ userId, action: 'signIn' });
    const result = await authsignal.queryUsers({ token });
    expect(result.users.map((user) => user.userId)).toEqual([userId]);
    expect(result.tokenPayload).toMatchObject({ sub: userId, other: { actionCode: 'signIn' } });
  });

  it('lists and deletes authenticators', async () => {
    const userId = await enrolledUser();
    const totp = await authsignal.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.AUTHENTICATOR_APP } });
    const authenticators = await authsignal.getAuthenticators({ userId });
    expect(authenticators.map((authenticator) => authenticator.verificationMethod).sort()).toEqual(['AUTHENTICATOR_APP', 'EMAIL_OTP']);
    for (const authenticator of authenticators) expect(authenticator).not.toHaveProperty('totp');

    await authsignal.deleteAuthenticator({ userId, userAuthenticatorId: totp.authenticator.userAuthenticatorId });
    expect((await authsignal.getAuthenticators({ userId })).map((authenticator) => authenticator.verificationMethod)).toEqual(['EMAIL_OTP']);
    const missing = await rejection(authsignal.deleteAuthenticator({ userId, userAuthenticatorId: totp.authenticator.userAuthenticatorId }));
    expect(missing.statusCode).toBe(404);

    await authsignal.deleteAuthenticator({ userId, userAuthenticatorId: authenticators.find((a) => a.verificationMethod === 'EMAIL_OTP')!.userAuthenticatorId });
    expect((await authsignal.getUser({ userId })).isEnrolled).toBe(false);
    expect(await authsignal.getAuthenticators({ userId })).toEqual([]);
  });

  it('deletes a user with its authenticators and actions; its tokens stop validating', async () => {
    const userId = await enrolledUser();
    const { token } = await authsignal.track({ userId, action: 'signIn' });
    await authsignal.deleteUser({ userId });
    const user = await authsignal.getUser({ userId });
    expect(user.isEnrolled).toBe(false);
    expect(user.email).toBeUndefined();
    expect(await authsignal.getAuthenticators({ userId })).toEqual([]);
    expect(await authsignal.queryUserActions({ userId })).toEqual([]);
    expect(await authsignal.validateChallenge({ token })).toMatchObject({ isValid: false });
  });

  it('enrols a passkey made elsewhere with its AAGUID, and reports the AAGUID with the authenticator', async () => {
    const userId = newUserId();
    const attributes = {
      verificationMethod: VerificationMethod.PASSKEY,
      // The server API takes a passkey made elsewhere; the SDK's type only knows the email/SMS fields.
      ...({ credentialId: `cred-${userId}`, publicKey: 'pQECAyYgASFYIA', name: 'Chrome on Android', aaguid: 'EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4' } as object),
    } as { verificationMethod: VerificationMethod };
    await authsignal.enrollVerifiedAuthenticator({ userId, attributes });
    const [passkey] = await authsignal.getAuthenticators({ userId });
    expect(passkey.webauthnCredential).toMatchObject({ name: 'Chrome on Android', aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4' });

    const badAaguid = { ...attributes, ...({ credentialId: `other-${userId}`, aaguid: 'google' } as object) } as { verificationMethod: VerificationMethod };
    expect((await rejection(authsignal.enrollVerifiedAuthenticator({ userId, attributes: badAaguid }))).errorCode).toBe('invalid_request');
  });

  it('gets, updates and lists actions', async () => {
    const userId = await enrolledUser();
    const tracked = await authsignal.track({ userId, action: 'signIn' });
    await authsignal.track({ userId, action: 'addPasskey' });
    const ref = { userId, action: 'signIn', idempotencyKey: tracked.idempotencyKey };

    const action = await authsignal.getAction(ref);
    expect(action).toMatchObject({ state: 'CHALLENGE_REQUIRED', output: {} });
    expect(typeof action.createdAt).toBe('string');

    expect(await authsignal.updateAction({ ...ref, attributes: { state: UserActionState.REVIEW_REQUIRED } })).toMatchObject({ state: 'REVIEW_REQUIRED' });
    expect((await authsignal.getAction(ref)).state).toBe('REVIEW_REQUIRED');
    await authsignal.updateAction({ ...ref, attributes: { state: UserActionState.BLOCK } });
    expect((await authsignal.validateChallenge({ token: tracked.token })).state).toBe('BLOCK');

    const listed = await authsignal.queryUserActions({ userId, actionCodes: ['signIn'] });
    expect(listed).toEqual([expect.objectContaining({ actionCode: 'signIn', idempotencyKey: tracked.idempotencyKey, state: 'BLOCK' })]);
    expect(await authsignal.queryUserActions({ userId })).toHaveLength(2);
    expect(await authsignal.queryUserActions({ userId, state: UserActionState.BLOCK })).toHaveLength(1);

    const unknown = await rejection(authsignal.getAction({ ...ref, idempotencyKey: 'no-such-key' }));
    expect(unknown.statusCode).toBe(404);
    const badState = await rejection(authsignal.updateAction({ ...ref, attributes: { state: 'NOPE' as UserActionState } }));
    expect(badState.errorCode).toBe('invalid_request');
  });

  it('runs a server email OTP: challenge → code from the outbox → verify → claim → validate', async () => {
    const email = `otp-${Date.now()}@example.com`;
    const challenge = await authsignal.challenge({ verificationMethod: 'EMAIL_OTP', action: 'signInWithEmail', email });
    expect(challenge.challengeId).toBeTruthy();
    expect(challenge.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(challenge.expiresAt).toBeLessThan(Date.now() / 1000 + 11 * 60);

    const fromJson = (await (await fetch(`${emulator.url}/outbox.json?email=${encodeURIComponent(email)}`)).json()) as { code: string; email: string };
    const code = emulator.outbox.latestCode(email);
    expect(fromJson).toMatchObject({ email, code });
    expect(code).toMatch(/^\d{6}$/);

    expect(await authsignal.getChallenge({ challengeId: challenge.challengeId })).toMatchObject({ email, verificationMethod: 'EMAIL_OTP', action: 'signInWithEmail' });

    const wrongCode = code === '000000' ? '111111' : '000000';
    expect(await authsignal.verify({ challengeId: challenge.challengeId, verificationCode: wrongCode })).toEqual({
      isVerified: false,
      failureReason: 'CODE_INVALID_OR_EXPIRED',
    });
    expect(await authsignal.verify({ challengeId: challenge.challengeId, verificationCode: code! })).toEqual({
      isVerified: true,
      email,
      verificationMethod: 'EMAIL_OTP',
    });

    const userId = newUserId();
    const claimed = await authsignal.claimChallenge({ challengeId: challenge.challengeId, userId });
    expect(claimed.verificationMethod).toBe('EMAIL_OTP');
    const validated = await authsignal.validateChallenge({ token: claimed.token });
    expect(validated).toMatchObject({
      isValid: true,
      state: UserActionState.CHALLENGE_SUCCEEDED,
      userId,
      action: 'signInWithEmail',
      idempotencyKey: challenge.idempotencyKey,
      verificationMethod: 'EMAIL_OTP',
    });
    expect((await authsignal.getUser({ userId })).email).toBe(email);

    const twice = await rejection(authsignal.claimChallenge({ challengeId: challenge.challengeId, userId }));
    expect(twice.errorCode).toBe('invalid_request');
  });

  it('locks a server email OTP challenge after too many wrong codes', async () => {
    const email = `lock-${Date.now()}@example.com`;
    const { challengeId } = await authsignal.challenge({ verificationMethod: 'EMAIL_OTP', action: 'signInWithEmail', email });
    const code = emulator.outbox.latestCode(email)!;
    const wrongCode = code === '000000' ? '111111' : '000000';
    const reasons: (string | undefined)[] = [];
    for (let attempt = 0; attempt < emulator.tenant.maxOtpAttempts; attempt += 1) {
      reasons.push((await authsignal.verify({ challengeId, verificationCode: wrongCode })).failureReason);
    }
    expect(reasons.slice(0, -1).every((reason) => reason === 'CODE_INVALID_OR_EXPIRED')).toBe(true);
    expect(reasons.at(-1)).toBe('MAX_ATTEMPTS_EXCEEDED');
    expect(await authsignal.verify({ challengeId, verificationCode: code })).toEqual({ isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
    const claim = await rejection(authsignal.claimChallenge({ challengeId, userId: newUserId() }));
    expect(claim.errorCode).toBe('invalid_request');
  });

  it('expires a server email OTP code after the tenant’s emailOtpLifetimeSeconds, and never verifies one twice', async () => {
    const shortCodes = new Authsignal({ apiSecretKey: SHORT_CODES.apiSecretKey, apiUrl: emulator.apiUrl });
    const email = `expiry-${Date.now()}@example.com`;
    const challenge = await shortCodes.challenge({ verificationMethod: 'EMAIL_OTP', action: 'signInWithEmail', email });
    expect(challenge.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 1);
    const code = emulator.outbox.latestCode(email)!;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await shortCodes.verify({ challengeId: challenge.challengeId, verificationCode: code })).toEqual({ isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });
    expect((await rejection(shortCodes.claimChallenge({ challengeId: challenge.challengeId, userId: newUserId() }))).statusCode).toBe(404);

    const fresh = await authsignal.challenge({ verificationMethod: 'EMAIL_OTP', action: 'signInWithEmail', email });
    const freshCode = emulator.outbox.latestCode(email)!;
    expect((await authsignal.verify({ challengeId: fresh.challengeId, verificationCode: freshCode })).isVerified).toBe(true);
    expect(await authsignal.verify({ challengeId: fresh.challengeId, verificationCode: freshCode })).toEqual({ isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });
  });

  it('refuses SMS challenges, which the emulator cannot deliver', async () => {
    const error = await rejection(authsignal.challenge({ verificationMethod: 'SMS', action: 'signIn', phoneNumber: '+64270000000' }));
    expect(error.statusCode).toBe(400);
    expect(error.errorCode).toBe('invalid_request');
  });
});
